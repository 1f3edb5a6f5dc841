/**
 * Blind bulk inserts (src/renderer/data/bulk-insert.ts) must store and report exactly what RxDB's own
 * Dexie bulkWrite stores and reports: the same rows in IndexedDB (booleans in indexes as '1'/'0',
 * `_deleted` included), the same change events, the same query results, and ids that already exist
 * still answered as 409 conflicts with the stored document. Checked on one storage instance beside the
 * other for random batches, and through the real replication (a first sync, then local writes).
 */
import fc from 'fast-check';
import * as fakeIndexedDb from 'fake-indexeddb';
import {
  fillWithDefaultSettings,
  normalizeMangoQuery,
  prepareQuery,
  type BulkWriteRow,
  type DexieStorageInternals,
  type EventBulk,
  type RxDocumentData,
  type RxJsonSchema,
  type RxStorage,
  type RxStorageChangeEvent,
  type RxStorageInstance,
} from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { isConstraintError, withBulkInserts } from '../../../src/renderer/data/bulk-insert';
import { openUserDatabase, type AtendeDatabase } from '../../../src/renderer/data/database';
import { startDatabaseReplication } from '../../../src/renderer/data/replication';
import { PendingTracker } from '../../../src/renderer/data/sync-status';
import { omitKeys } from '../../../src/shared/util/deep-equal';
import { FakeSyncServer, ticket } from './helpers/fake-sync-server';

type Doc = RxDocumentData<Record<string, unknown>>;
type Instance = RxStorageInstance<Record<string, unknown>, DexieStorageInternals, unknown>;
type Bulk = EventBulk<RxStorageChangeEvent<Doc>, unknown>;

// fake-indexeddb's typings need the DOM lib, which the Node test program does not load.
const dexieSettings = fakeIndexedDb as unknown as Parameters<typeof getRxStorageDexie>[0];
const SERVER_URL = 'http://sync.test:8787';

/** A boolean in an index (stored as '1'/'0'), a nested object and an array, as the entities have. */
const itemSchema: RxJsonSchema<Record<string, unknown>> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 20 },
    flag: { type: 'boolean' },
    rank: { type: 'number', minimum: 0, maximum: 1000, multipleOf: 1 },
    tags: { type: 'array', items: { type: 'string' } },
    nested: { type: 'object', properties: { note: { type: 'string' } } },
  },
  required: ['id', 'flag', 'rank'],
  indexes: [['flag', 'rank'], 'rank'],
};
const schema: RxJsonSchema<Doc> = fillWithDefaultSettings(itemSchema);

let counter = 0;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Side {
  readonly instance: Instance;
  readonly bulks: Bulk[];
  /** How often the write path read ids from the docs table before writing. */
  reads: number;
}

async function side(storage: RxStorage<unknown, unknown>, name: string): Promise<Side> {
  const instance = (await storage.createStorageInstance({
    databaseInstanceToken: `token-${name}`,
    databaseName: name,
    collectionName: 'items',
    schema,
    options: {},
    multiInstance: false,
    devMode: false,
  })) as unknown as Instance;
  const result: Side = { instance, bulks: [], reads: 0 };
  const subscription = instance.changeStream().subscribe((bulk) => result.bulks.push(bulk as Bulk));
  const table = (await instance.internals).dexieTable;
  const bulkGet = table.bulkGet.bind(table);
  table.bulkGet = (keys: never) => {
    result.reads += 1;
    return bulkGet(keys);
  };
  cleanups.push(async () => {
    subscription.unsubscribe();
    await instance.remove();
  });
  return result;
}

async function pair(): Promise<{ plain: Side; blind: Side }> {
  const id = ++counter;
  return {
    plain: await side(getRxStorageDexie(dexieSettings), `plain_${String(id)}`),
    blind: await side(withBulkInserts(getRxStorageDexie(dexieSettings)), `blind_${String(id)}`),
  };
}

function doc(id: string, flag: boolean, rank: number, deleted = false, lwt = 1000 + rank): Doc {
  return {
    id,
    flag,
    rank,
    tags: [`t${String(rank % 3)}`],
    nested: { note: `note ${id}` },
    _deleted: deleted,
    _rev: `1-${id}`,
    _meta: { lwt },
    _attachments: {},
  };
}

const inserts = (docs: readonly Doc[]): BulkWriteRow<Record<string, unknown>>[] => docs.map((document) => ({ document: structuredClone(document) }));

async function storedRows(instance: Instance): Promise<unknown[]> {
  return (await instance.internals).dexieTable.toArray();
}

async function query(instance: Instance, selector: Record<string, unknown>): Promise<Doc[]> {
  const prepared = prepareQuery(schema, normalizeMangoQuery(schema, { selector, sort: [{ rank: 'desc' }] }));
  return (await instance.query(prepared)).documents;
}

/** Event bulks without their random ids. */
const eventsOf = (bulks: readonly Bulk[]) => bulks.map(({ events, checkpoint, context }) => ({ events, checkpoint, context }));

async function expectSame(plain: Side, blind: Side): Promise<void> {
  expect(await storedRows(blind.instance)).toEqual(await storedRows(plain.instance));
  expect(eventsOf(blind.bulks)).toEqual(eventsOf(plain.bulks));
  for (const selector of [{}, { flag: true }, { flag: false, rank: { $gt: 10 } }, { _deleted: true }]) {
    expect(await query(blind.instance, selector)).toEqual(await query(plain.instance, selector));
  }
}

describe('blind bulk inserts beside RxDB’s Dexie bulkWrite', () => {
  it('stores new documents without reading them first, with the same rows, events and query results', async () => {
    const { plain, blind } = await pair();
    const docs = [doc('a', true, 5), doc('b', false, 12), doc('c', true, 30), doc('gone', false, 7, true)];
    expect(await plain.instance.bulkWrite(inserts(docs), 'replication-down')).toEqual({ error: [] });
    expect(await blind.instance.bulkWrite(inserts(docs), 'replication-down')).toEqual({ error: [] });
    expect(blind.reads).toBe(0);
    expect(plain.reads).toBe(1);
    await expectSame(plain, blind);
    // The boolean index and `_deleted` are stored as IndexedDB can index them.
    expect(await storedRows(blind.instance)).toContainEqual(expect.objectContaining({ id: 'gone', flag: '0', _deleted: '1' }));
    // A deleted document is stored but not announced, as RxDB does.
    expect(blind.bulks.flatMap((bulk) => bulk.events.map((event) => event.documentId))).toEqual(['a', 'b', 'c']);
  });

  it('answers ids that are already stored as 409 conflicts with the stored document, and stores the others', async () => {
    const { plain, blind } = await pair();
    const first = [doc('a', true, 5), doc('b', false, 12)];
    for (const { instance } of [plain, blind]) await instance.bulkWrite(inserts(first), 'first');
    const second = [doc('b', true, 99, false, 5000), doc('c', false, 3)];
    const plainResult = await plain.instance.bulkWrite(inserts(second), 'second');
    const blindResult = await blind.instance.bulkWrite(inserts(second), 'second');
    expect(blindResult).toEqual(plainResult);
    expect(blindResult.error).toEqual([expect.objectContaining({ status: 409, documentId: 'b', documentInDb: first[1] })]);
    await expectSame(plain, blind);
  });

  it('leaves updates to RxDB', async () => {
    const { plain, blind } = await pair();
    const original = doc('a', true, 5);
    for (const { instance } of [plain, blind]) await instance.bulkWrite(inserts([original]), 'insert');
    const changed = { ...doc('a', false, 6, false, 2000), _rev: '2-a' };
    const stale = { ...original, _rev: '0-stale' };
    for (const { instance } of [plain, blind]) {
      await instance.bulkWrite([{ previous: original, document: changed }], 'update');
      const conflict = await instance.bulkWrite([{ previous: stale, document: { ...changed, rank: 8, _rev: '3-a' } }], 'stale update');
      expect(conflict.error).toEqual([expect.objectContaining({ status: 409, documentId: 'a', documentInDb: changed })]);
    }
    await expectSame(plain, blind);
  });

  it('matches RxDB for any batch of inserts over any stored documents', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    const docArbitrary = fc
      .record({ id: fc.constantFrom(...ids), flag: fc.boolean(), rank: fc.integer({ min: 0, max: 50 }), deleted: fc.boolean() })
      .map(({ id, flag, rank, deleted }) => doc(id, flag, rank, deleted));
    await fc.assert(
      fc.asyncProperty(fc.array(docArbitrary, { maxLength: 4 }), fc.array(fc.array(docArbitrary, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 3 }), async (stored, batches) => {
        const { plain, blind } = await pair();
        const seed = [...new Map(stored.map((item) => [item.id, item])).values()];
        for (const { instance } of [plain, blind]) if (seed.length > 0) await instance.bulkWrite(inserts(seed), 'seed');
        for (const batch of batches) {
          const plainResult = await plain.instance.bulkWrite(inserts(batch), 'batch');
          const blindResult = await blind.instance.bulkWrite(inserts(batch), 'batch');
          expect(blindResult).toEqual(plainResult);
        }
        await expectSame(plain, blind);
        for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
      }),
      { numRuns: 25 },
    );
  });

  it('tells a refused duplicate id from other failures', () => {
    expect(isConstraintError({ name: 'ConstraintError' })).toBe(true);
    expect(isConstraintError({ name: 'BulkError', failures: [{ name: 'ConstraintError' }, { name: 'ConstraintError' }] })).toBe(true);
    expect(isConstraintError({ name: 'BulkError', failures: [{ name: 'ConstraintError' }, { name: 'QuotaExceededError' }] })).toBe(false);
    expect(isConstraintError({ name: 'QuotaExceededError' })).toBe(false);
    expect(isConstraintError(new Error('boom'))).toBe(false);
  });
});

describe('a replica on blind bulk inserts', () => {
  async function replica(storage: RxStorage<unknown, unknown>, server: FakeSyncServer) {
    const db: AtendeDatabase = await openUserDatabase({
      serverUrl: SERVER_URL,
      userId: `bulk-${String(++counter)}`,
      collections: ['tickets', 'customers'],
      storage,
      multiInstance: false,
    });
    const events: string[] = [];
    const subscription = db.tickets.$.subscribe((event) => events.push(`${event.operation} ${event.documentId}`));
    const replication = startDatabaseReplication(db, {
      serverUrl: SERVER_URL,
      getToken: () => 'tok',
      fetch: server.fetch,
      tracker: new PendingTracker(),
      streamFor: server.streamFor,
      retryTimeMs: 30,
      pullBatchSize: 7,
    });
    cleanups.push(async () => {
      subscription.unsubscribe();
      await replication.stop();
      await db.remove();
    });
    await replication.awaitInSync();
    return { db, events, replication };
  }

  /** The document without RxDB's per-replica `_meta` and `_rev`. */
  const entity = (document: { toJSON(): Record<string, unknown> }) => omitKeys(document.toJSON(), ['_meta', '_rev']);

  it('ends a first sync with the same tickets, events and queries as RxDB’s own storage, and still refuses a duplicate insert', async () => {
    const server = new FakeSyncServer();
    for (let index = 0; index < 30; index += 1) {
      server.put('tickets', ticket(`t${String(index).padStart(2, '0')}`, { status: index % 3 === 0 ? 'pending' : 'open', priority: index % 2 === 0 ? 'high' : 'normal' }));
    }
    server.put('tickets', ticket('t99', { _deleted: true }));
    const plain = await replica(getRxStorageDexie(dexieSettings), server);
    const blind = await replica(withBulkInserts(getRxStorageDexie(dexieSettings)), server);

    const all = async (db: AtendeDatabase) => (await db.tickets.find({ sort: [{ id: 'asc' }] }).exec()).map(entity);
    expect(await all(blind.db)).toHaveLength(30);
    expect(await all(blind.db)).toEqual(await all(plain.db));
    const pending = async (db: AtendeDatabase) => (await db.tickets.find({ selector: { status: 'pending' }, sort: [{ updatedAt: 'desc' }] }).exec()).map((doc) => doc.id);
    expect(await pending(blind.db)).toEqual(await pending(plain.db));
    expect(await blind.db.tickets.count({ selector: { status: 'open' } }).exec()).toBe(await plain.db.tickets.count({ selector: { status: 'open' } }).exec());
    expect(blind.events).toEqual(plain.events);

    // A local insert of an id the replica holds is a conflict, as with RxDB's own storage.
    for (const { db } of [plain, blind]) {
      await expect(db.tickets.insert(ticket('t01', { subject: 'Duplicate' }) as never)).rejects.toMatchObject({ code: 'CONFLICT' });
      expect((await db.tickets.findOne('t01').exec())?.get('subject')).toBe('Ticket t01');
    }

    // Later server changes (updates) and new tickets arrive the same way on both.
    server.put('tickets', ticket('t03', { subject: 'Changed on the server' }));
    server.put('tickets', ticket('t40'));
    for (const { replication } of [plain, blind]) {
      replication.reSync();
      await replication.awaitInSync();
    }
    expect(await all(blind.db)).toEqual(await all(plain.db));
    expect((await blind.db.tickets.findOne('t03').exec())?.get('subject')).toBe('Changed on the server');
    expect(blind.events).toEqual(plain.events);
  });
});
