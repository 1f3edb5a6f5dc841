/**
 * The guarantee pulls rest on: a client following checkpoints never skips a change, even when
 * concurrent transactions draw sequences in one order and commit in another (db/change-lock.ts).
 * Needs real concurrency, so it runs on Postgres with many pool connections. Remove the
 * advisory lock from acquireChangeLock and the tests fail.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inChangeTransaction, upsertDocument } from '../../src/server/documents/document-store';
import { PUSH_ROWS_PER_TRANSACTION } from '../../src/server/sync/push-service';
import type { PullResponse } from '../../src/shared/sync/protocol';
import { openTestDatabase, TARGETS, type TestDatabase } from './helpers/databases';
import { asRecord, insertRow, ticket } from './helpers/fixtures';
import { startTestServer, type TestServer } from './helpers/server';

const POOL_SIZE = 24;

describe.skipIf(!TARGETS.includes('postgres'))('sequence visibility under concurrent writers (Postgres)', () => {
  let testDb: TestDatabase;
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', { poolSize: POOL_SIZE });
    server = await startTestServer(testDb.database);
    token = (await server.login()).token;
  });

  afterAll(async () => {
    await server.close();
    await testDb.dispose();
  });

  /** Follows checkpoints like a client would until `done()` and one final empty pull. Returns every id seen. */
  async function pollUntil(done: () => boolean): Promise<string[]> {
    const seen: string[] = [];
    let checkpoint: { seq: number } | null = null;
    for (;;) {
      const finished = done(); // read before pulling: the final pull then sees every commit
      const query = checkpoint === null ? '?limit=1000' : `?limit=1000&checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}`;
      const response = await server.request(token, 'GET', `/api/v1/sync/tickets/pull${query}`);
      const body = response.json<PullResponse>();
      seen.push(...body.documents.map((document) => String(document.id)));
      checkpoint = body.checkpoint;
      if (finished && body.documents.length === 0) return seen;
    }
  }

  /** Every id stored, read after the writers finished. */
  async function allIds(): Promise<string[]> {
    return pollUntil(() => true);
  }

  it('a poller following checkpoints sees every one of many parallel pushes', async () => {
    const writers = POOL_SIZE - 4;
    const pushesPerWriter = 20;
    let running = writers;
    const writing = Array.from({ length: writers }, async (_, writer) => {
      for (let n = 0; n < pushesPerWriter; n += 1) {
        const response = await server.request(token, 'POST', '/api/v1/sync/tickets/push', [insertRow(ticket(`push-${String(writer)}-${String(n)}`))]);
        expect(response.statusCode).toBe(200);
      }
      running -= 1;
    });
    const [seen] = await Promise.all([pollUntil(() => running === 0), ...writing]);
    const expected = (await allIds()).filter((id) => id.startsWith('push-'));
    expect(expected).toHaveLength(writers * pushesPerWriter);
    expect(new Set(seen.filter((id) => id.startsWith('push-')))).toEqual(new Set(expected));
  });

  it('a poller following checkpoints sees every row of parallel many-row pushes', async () => {
    // A push applies its rows in transactions of many rows: each draws many sequences before it
    // commits, the widest window for a later sequence of another push to become visible first.
    const writers = 8;
    const pushesPerWriter = 3;
    const rowsPerPush = PUSH_ROWS_PER_TRANSACTION + 25;
    let running = writers;
    const writing = Array.from({ length: writers }, async (_, writer) => {
      for (let n = 0; n < pushesPerWriter; n += 1) {
        const rows = Array.from({ length: rowsPerPush }, (_, row) => insertRow(ticket(`batch-${String(writer)}-${String(n)}-${String(row)}`)));
        const response = await server.request(token, 'POST', '/api/v1/sync/tickets/push', rows);
        expect(response.statusCode).toBe(200);
      }
      running -= 1;
    });
    const [seen] = await Promise.all([pollUntil(() => running === 0), ...writing]);
    const expected = (await allIds()).filter((id) => id.startsWith('batch-'));
    expect(expected).toHaveLength(writers * pushesPerWriter * rowsPerPush);
    expect(new Set(seen.filter((id) => id.startsWith('batch-')))).toEqual(new Set(expected));
  });

  it('holds when transactions commit slowly after drawing their sequence', async () => {
    // Widens the window between drawing a sequence and committing (as a bulk write does), which
    // without the lock lets a later sequence become visible first.
    const writers = POOL_SIZE - 4;
    const writesPerWriter = 12;
    let running = writers;
    const writing = Array.from({ length: writers }, async (_, writer) => {
      for (let n = 0; n < writesPerWriter; n += 1) {
        await inChangeTransaction(testDb.database.db, async (trx) => {
          const id = `slow-${String(writer)}-${String(n)}`;
          await upsertDocument(trx, 'tickets', { id, data: asRecord(ticket(id)), deleted: false, updatedAt: new Date() });
          await sleep(Math.floor(Math.random() * 4));
        });
      }
      running -= 1;
    });
    const [seen] = await Promise.all([pollUntil(() => running === 0), ...writing]);
    const expected = (await allIds()).filter((id) => id.startsWith('slow-'));
    expect(expected).toHaveLength(writers * writesPerWriter);
    expect(new Set(seen.filter((id) => id.startsWith('slow-')))).toEqual(new Set(expected));
  });
});
