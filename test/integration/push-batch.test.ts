/**
 * A push of many rows, on PGlite and Postgres. The server applies a push's rows together in a few
 * change transactions (push-service.ts), yet each row must stay on its own: a row answered with a
 * conflict (stale, refused by the write policy, or refused by a derived write after the row was already
 * stored) leaves nothing behind, and the rows around it apply with all their derived writes; a retried
 * push applies nothing twice. The rows span more than one transaction (PUSH_ROWS_PER_TRANSACTION).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUSH_ROWS_PER_TRANSACTION } from '../../src/server/sync/push-service';
import type { Ticket } from '../../src/shared/domain/ticket';
import type { TimelineEntry } from '../../src/shared/domain/timeline';
import type { SyncCollectionName } from '../../src/shared/sync/collections';
import type { PullResponse, PushRow, WireDocument } from '../../src/shared/sync/protocol';
import { openTestDatabase, TARGETS, type TestDatabase } from './helpers/databases';
import { insertRow, ticket, updateRow } from './helpers/fixtures';
import { startTestServer, type TestServer } from './helpers/server';

const ROWS = 2 * PUSH_ROWS_PER_TRANSACTION + 20;

describe.each(TARGETS)('many-row push on %s', (target) => {
  let testDb: TestDatabase;
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    testDb = await openTestDatabase(target);
    server = await startTestServer(testDb.database);
    token = (await server.login()).token;
  });

  afterAll(async () => {
    await server.close();
    await testDb.dispose();
  });

  const pushOk = async (rows: readonly PushRow<object>[]): Promise<WireDocument[]> => {
    const response = await server.request(token, 'POST', '/api/v1/sync/tickets/push', rows);
    expect({ status: response.statusCode, body: response.statusCode === 200 ? 'ok' : response.body }).toEqual({ status: 200, body: 'ok' });
    return response.json<WireDocument[]>();
  };
  /** Every change after `afterSeq`, following checkpoints; the last state of each document wins. */
  const pullAfter = async <T,>(collection: SyncCollectionName, afterSeq = 0): Promise<{ changes: WireDocument<T>[]; seq: number }> => {
    const changes: WireDocument<T>[] = [];
    let checkpoint = { seq: afterSeq };
    for (;;) {
      const response = await server.request(token, 'GET', `/api/v1/sync/${collection}/pull?limit=1000&checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}`);
      const body = response.json<PullResponse>();
      if (body.documents.length === 0) return { changes, seq: checkpoint.seq };
      changes.push(...(body.documents as WireDocument<T>[]));
      checkpoint = body.checkpoint ?? checkpoint;
    }
  };
  const masters = async (): Promise<Map<string, WireDocument<Ticket>>> =>
    new Map((await pullAfter<Ticket>('tickets')).changes.map((document) => [document.id, document] as const));
  const statusEvents = async (): Promise<TimelineEntry[]> =>
    (await pullAfter<TimelineEntry>('timeline')).changes.filter((entry) => entry.kind === 'status_change' || entry.kind === 'merge');

  it('applies the good rows around conflicting and refused ones, and leaves nothing of those', async () => {
    const ids = Array.from({ length: ROWS }, (_, index) => `bat-${String(index)}`);
    await pushOk([...ids, 'bat-loop-a', 'bat-loop-b'].map((id) => insertRow(ticket(id, { status: 'open' }))));
    // a is merged into b: merging b into a later would close a loop, which the merge writer refuses
    // after the row was stored (writers/ticket-merge.ts).
    const loopA = (await masters()).get('bat-loop-a');
    if (loopA === undefined) throw new Error('bat-loop-a missing');
    expect(await pushOk([updateRow(loopA, { status: 'closed', mergedIntoId: 'bat-loop-b' })])).toEqual([]);

    const before = await masters();
    const master = (id: string): WireDocument<Ticket> => {
      const found = before.get(id);
      if (found === undefined) throw new Error(`${id} missing`);
      return found;
    };
    const eventsBefore = await statusEvents();
    const ticketsSeq = (await pullAfter('tickets')).seq;

    const last = ROWS - 1;
    const bad: Record<number, { id: string; row: PushRow<Ticket> }> = {
      // a stale assumed master: the client never saw the current subject
      1: { id: 'bat-1', row: { assumedMasterState: { ...master('bat-1'), subject: 'stale' }, newDocumentState: { ...master('bat-1'), status: 'pending' } } },
      // refused by a derived write after the ticket and its status event were written, at the end of a transaction
      [PUSH_ROWS_PER_TRANSACTION - 1]: { id: 'bat-loop-b', row: updateRow(master('bat-loop-b'), { status: 'closed', mergedIntoId: 'bat-loop-a' }) },
      // refused by the write policy (agents may not delete tickets), at the start of the next one
      [PUSH_ROWS_PER_TRANSACTION]: { id: `bat-${String(PUSH_ROWS_PER_TRANSACTION)}`, row: updateRow(master(`bat-${String(PUSH_ROWS_PER_TRANSACTION)}`), {}, true) },
      [last]: { id: `bat-${String(last)}`, row: { assumedMasterState: { ...master(`bat-${String(last)}`), priority: 'low' }, newDocumentState: { ...master(`bat-${String(last)}`), status: 'pending' } } },
    };
    const rows = ids.map((id, index) => bad[index]?.row ?? updateRow(master(id), { status: 'pending' }));
    const goodIds = ids.filter((_, index) => bad[index] === undefined);

    const answer = await pushOk(rows);
    expect(answer).toEqual(Object.values(bad).map(({ id }) => master(id)));

    const after = await masters();
    for (const id of goodIds) expect(after.get(id)?.status, id).toBe('pending');
    for (const { id } of Object.values(bad)) expect(after.get(id), id).toEqual(master(id));
    expect(after.get('bat-loop-a')).toEqual(master('bat-loop-a'));
    // Each accepted row changed once; nothing else changed.
    const changed = (await pullAfter<Ticket>('tickets', ticketsSeq)).changes.map((document) => document.id);
    expect(changed.sort()).toEqual([...goodIds].sort());
    // Each accepted row has its status event, the refused ones none (nor a merge event).
    const newEvents = (await statusEvents()).filter((entry) => !eventsBefore.some((old) => old.id === entry.id));
    expect(newEvents.map((entry) => [entry.subjectId, entry.kind, entry.fromValue, entry.toValue]).sort()).toEqual(
      goodIds.map((id) => [id, 'status_change', 'open', 'pending']).sort(),
    );
  });

  it('applies nothing twice when a many-row push is retried after a lost response', async () => {
    await pushOk(Array.from({ length: ROWS }, (_, index) => insertRow(ticket(`rty-${String(index)}`, { status: 'open' }))));
    const stored = await masters();
    const rows: PushRow<Ticket>[] = [
      ...Array.from({ length: ROWS }, (_, index) => {
        const current = stored.get(`rty-${String(index)}`);
        if (current === undefined) throw new Error(`rty-${String(index)} missing`);
        return updateRow(current, { status: 'pending' });
      }),
      ...Array.from({ length: 20 }, (_, index) => insertRow(ticket(`rty-new-${String(index)}`, { status: 'open' }))),
    ];
    expect(await pushOk(rows)).toEqual([]);
    const applied = await masters();
    const ticketsSeq = (await pullAfter('tickets')).seq;
    const timelineSeq = (await pullAfter('timeline')).seq;

    // The answer was lost; the client sends the same rows again. Nothing is written; every row comes
    // back with its master (the client's copies lack the server's stamps).
    const retried = await pushOk(rows);
    expect(retried).toEqual(rows.map((row) => applied.get(row.newDocumentState.id)));
    expect((await pullAfter('tickets', ticketsSeq)).changes).toEqual([]);
    expect((await pullAfter('timeline', timelineSeq)).changes).toEqual([]);
  });
});
