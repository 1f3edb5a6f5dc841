/**
 * The renderer's replication against a small in-memory implementation of sync protocol v1 (pull by
 * checkpoint, push with assumed master state, server-stamped fields), on RxDB over fake-indexeddb, on
 * the block storage and on Dexie.
 * The cross-layer test against the real server belongs to the integration suite.
 */
import * as fakeIndexedDb from 'fake-indexeddb';
import type { RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { Subject } from 'rxjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SyncCollectionName } from '../../../src/shared/sync/collections';
import { jsonEqual } from '../../../src/shared/util/deep-equal';
import type { IdbFactory, IdbKeyRangeFactory } from '../../../src/renderer/data/block-storage/block-log';
import { getRxStorageBlocks } from '../../../src/renderer/data/block-storage/block-storage';
import { openUserDatabase, type AtendeDatabase } from '../../../src/renderer/data/database';
import { startDatabaseReplication, type DatabaseReplication } from '../../../src/renderer/data/replication';
import { PendingTracker } from '../../../src/renderer/data/sync-status';
import type { StreamItem } from '../../../src/renderer/data/sync-stream';

type Doc = Record<string, unknown> & { id: string; _deleted: boolean };

/** Sync protocol v1 in memory, with switches to simulate an outage and a revoked token. */
class FakeServer {
  seq = 0;
  readonly docs = new Map<SyncCollectionName, Map<string, { doc: Doc; seq: number }>>([
    ['tickets', new Map()],
    ['customers', new Map()],
  ]);
  down = false;
  rejectTokens = false;
  nextNumber = 100;
  readonly requests: string[] = [];

  put(collection: SyncCollectionName, doc: Doc): Doc {
    const seq = ++this.seq;
    const stamped: Doc = { ...doc, updatedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString() };
    if (collection === 'tickets' && stamped.number === undefined) stamped.number = this.nextNumber++;
    this.docs.get(collection)?.set(doc.id, { doc: stamped, seq });
    return stamped;
  }

  get(collection: SyncCollectionName, id: string): Doc | undefined {
    return this.docs.get(collection)?.get(id)?.doc;
  }

  fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    await Promise.resolve();
    if (this.down) throw new TypeError('fetch failed');
    const url = new URL(input);
    this.requests.push(`${init?.method ?? 'GET'} ${url.pathname}${url.search}`);
    const auth = new Headers(init?.headers).get('authorization');
    if (this.rejectTokens || auth !== 'Bearer tok') {
      return Response.json({ error: { code: 'unauthorized', message: 'Bad token' } }, { status: 401 });
    }
    const match = /^\/api\/v1\/sync\/(tickets|customers)\/(pull|push)$/.exec(url.pathname);
    if (!match) return Response.json({ error: { code: 'not_found', message: 'nope' } }, { status: 404 });
    const collection = match[1] as SyncCollectionName;
    const store = this.docs.get(collection);
    if (store === undefined) throw new Error(`unknown collection ${collection}`);
    if (match[2] === 'pull') {
      const raw = url.searchParams.get('checkpoint');
      const since = raw === null ? 0 : (JSON.parse(raw) as { seq: number }).seq;
      const limit = Number(url.searchParams.get('limit'));
      const page = [...store.values()].filter((entry) => entry.seq > since).sort((a, b) => a.seq - b.seq).slice(0, limit);
      const last = page.at(-1);
      return Response.json({ documents: page.map((entry) => entry.doc), checkpoint: last ? { seq: last.seq } : null });
    }
    const rows = JSON.parse(typeof init?.body === 'string' ? init.body : '[]') as { assumedMasterState?: Doc; newDocumentState: Doc }[];
    const conflicts: Doc[] = [];
    for (const row of rows) {
      const current = store.get(row.newDocumentState.id)?.doc;
      if (current !== undefined && (row.assumedMasterState === undefined || !jsonEqual(current, row.assumedMasterState))) {
        conflicts.push(current);
        continue;
      }
      this.put(collection, { ...row.newDocumentState, ...(current?.number === undefined ? {} : { number: current.number }) });
    }
    return Response.json(conflicts);
  };
}

function ticket(id: string, patch: Partial<Doc> = {}): Doc {
  return {
    id,
    subject: `Ticket ${id}`,
    status: 'open',
    priority: 'normal',
    channel: 'phone',
    tier: 'L1',
    customerId: 'c1',
    tags: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    _deleted: false,
    ...patch,
  };
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// fake-indexeddb's typings need the DOM lib, which the Node test program does not load.
const fakeDexieSettings = fakeIndexedDb as unknown as Parameters<typeof getRxStorageDexie>[0];
const { IDBFactory, IDBKeyRange } = fakeIndexedDb as unknown as { IDBFactory: new () => IdbFactory; IDBKeyRange: IdbKeyRangeFactory };
/** The replica's storages: the block storage the app runs on, and RxDB's Dexie storage. */
const STORAGES = [
  { name: 'block', make: () => getRxStorageBlocks({ indexedDB: new IDBFactory(), IDBKeyRange }) as RxStorage<unknown, unknown> },
  { name: 'Dexie', make: () => getRxStorageDexie(fakeDexieSettings) as RxStorage<unknown, unknown> },
];
let storage: RxStorage<unknown, unknown>;

let counter = 0;
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(server: FakeServer) {
  const db: AtendeDatabase = await openUserDatabase({
    serverUrl: 'http://sync.test:8787',
    userId: `user-${++counter}`,
    collections: ['tickets', 'customers'],
    storage,
    multiInstance: false,
  });
  const tracker = new PendingTracker();
  const streams = { tickets: new Subject<StreamItem>(), customers: new Subject<StreamItem>() };
  const streamOf = (collection: SyncCollectionName) => {
    if (collection !== 'tickets' && collection !== 'customers') throw new Error(`no stream for ${collection}`);
    return streams[collection].asObservable();
  };
  const events = { unauthorized: 0, failures: [] as unknown[], successes: 0 };
  const replication: DatabaseReplication = startDatabaseReplication(db, {
    serverUrl: 'http://sync.test:8787',
    getToken: () => 'tok',
    fetch: server.fetch,
    tracker,
    streamFor: streamOf,
    retryTimeMs: 30,
    reporter: {
      requestSucceeded: () => {
        events.successes += 1;
      },
      requestFailed: (error) => events.failures.push(error),
      setActive: () => undefined,
    },
    onUnauthorized: () => {
      events.unauthorized += 1;
    },
  });
  cleanups.push(async () => {
    await replication.stop();
    await db.remove();
  });
  const inSync = () => Promise.all([...replication.states.values()].map((state) => state.awaitInSync()));
  return { db, tracker, streams, events, replication, inSync };
}

describe.each(STORAGES)('on the $name storage', ({ make }) => {
  beforeAll(() => {
    storage = make();
  });

  describe('replication with the sync server', () => {
    it('pulls the server state with the bearer token in pages of 200', async () => {
      const server = new FakeServer();
      server.put('customers', { id: 'c1', name: 'Maria', language: 'pt-BR', tags: [], createdAt: 'x', updatedAt: 'x', _deleted: false });
      for (let i = 0; i < 250; i++) server.put('tickets', ticket(`t${i}`));
      const { db, inSync } = await start(server);
      await inSync();
      expect(await db.tickets.count().exec()).toBe(250);
      expect((await db.customers.findOne('c1').exec())?.name).toBe('Maria');
      expect(server.requests).toContain('GET /api/v1/sync/tickets/pull?limit=200');
      // The second page starts from the checkpoint of the first (seq 201: customer c1 took seq 1).
      expect(server.requests).toContain(
        `GET /api/v1/sync/tickets/pull?limit=200&checkpoint=${encodeURIComponent(JSON.stringify({ seq: 201 }))}`,
      );
    });

    it('pushes a local edit, counts it pending until the server acknowledged it, then takes the stamped copy', async () => {
      const server = new FakeServer();
      server.put('tickets', ticket('t1'));
      const { db, tracker, streams, inSync } = await start(server);
      await inSync();
      const doc = await db.tickets.findOne('t1').exec();
      await doc?.incrementalPatch({ subject: 'Edited locally' });
      expect(tracker.count).toBe(1);
      await waitFor(() => tracker.count === 0);
      expect(server.get('tickets', 't1')?.subject).toBe('Edited locally');

      // The server's change event (stamped updatedAt) arrives on the stream and replaces the local copy.
      streams.tickets.next('RESYNC');
      await waitFor(async () => (await db.tickets.findOne('t1').exec())?.updatedAt === server.get('tickets', 't1')?.updatedAt);
      expect(tracker.count).toBe(0);
    });

    it('keeps offline edits pending while the server is unreachable and sends them when it is back', async () => {
      const server = new FakeServer();
      server.put('tickets', ticket('t1'));
      server.put('tickets', ticket('t2'));
      const { db, tracker, events, inSync } = await start(server);
      await inSync();

      server.down = true;
      await (await db.tickets.findOne('t1').exec())?.incrementalPatch({ subject: 'Offline one' });
      await (await db.tickets.findOne('t2').exec())?.incrementalPatch({ subject: 'Offline two' });
      await waitFor(() => events.failures.length >= 2);
      expect(tracker.count).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(tracker.count).toBe(2);
      expect(server.get('tickets', 't1')?.subject).toBe('Ticket t1');

      server.down = false;
      await waitFor(() => tracker.count === 0);
      expect(server.get('tickets', 't1')?.subject).toBe('Offline one');
      expect(server.get('tickets', 't2')?.subject).toBe('Offline two');
    });

    it('pulls from its own checkpoint when a change notice arrives on the stream', async () => {
      const server = new FakeServer();
      server.put('tickets', ticket('t1'));
      const { db, streams, inSync } = await start(server);
      await inSync();
      const pullsBefore = server.requests.filter((r) => r.includes('/tickets/pull')).length;
      const changed = server.put('tickets', { ...ticket('t1'), subject: 'Changed by Bruno' });
      streams.tickets.next({ documents: [changed], checkpoint: { seq: server.seq } });
      await waitFor(async () => (await db.tickets.findOne('t1').exec())?.subject === 'Changed by Bruno');
      const pulls = server.requests.filter((r) => r.includes('/tickets/pull'));
      expect(pulls.length).toBe(pullsBefore + 1);
      expect(pulls.at(-1)).toContain(encodeURIComponent(JSON.stringify({ seq: 1 })));
    });

    it('merges a conflicting edit: my subject and their priority both survive', async () => {
      const server = new FakeServer();
      server.put('tickets', ticket('t1'));
      const { db, tracker, inSync } = await start(server);
      await inSync();
      // Bruno raises the priority; we have not pulled it yet when we edit the subject.
      server.put('tickets', { ...(server.get('tickets', 't1') as Doc), priority: 'urgent' });
      await (await db.tickets.findOne('t1').exec())?.incrementalPatch({ subject: 'Mine' });
      await waitFor(() => tracker.count === 0 && server.get('tickets', 't1')?.subject === 'Mine');
      expect(server.get('tickets', 't1')?.priority).toBe('urgent');
      await inSync();
      await waitFor(async () => (await db.tickets.findOne('t1').exec())?.priority === 'urgent');
    });

    it('reports a rejected token and keeps the change pending', async () => {
      const server = new FakeServer();
      server.put('tickets', ticket('t1'));
      const { db, tracker, events, inSync } = await start(server);
      await inSync();
      server.rejectTokens = true;
      await (await db.tickets.findOne('t1').exec())?.incrementalPatch({ subject: 'After expiry' });
      await waitFor(() => events.unauthorized > 0);
      expect(tracker.count).toBe(1);
      server.rejectTokens = false;
      await waitFor(() => tracker.count === 0);
      expect(server.get('tickets', 't1')?.subject).toBe('After expiry');
    });
  });
});
