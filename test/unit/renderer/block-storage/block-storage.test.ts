/**
 * The block storage through RxDB: answers like RxDB's memory storage, keeps every acknowledged write
 * across a reopen or a crash (a new storage on the same IndexedDB, nothing closed), compacts its log
 * without changing what loads, and persists purges and removal.
 */
import * as fakeIndexedDb from 'fake-indexeddb';
import { createRxDatabase, type MangoQuery, type RxCollection, type RxJsonSchema, type RxStorage } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { BlockLog, blockDatabaseName, type IdbFactory, type IdbKeyRangeFactory } from '../../../../src/renderer/data/block-storage/block-log';
import { getRxStorageBlocks, type BlockStorageSettings } from '../../../../src/renderer/data/block-storage/block-storage';

interface Item {
  id: string;
  status: string;
  rank: number;
  owner?: string;
}

const schema: RxJsonSchema<Item> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 40 },
    status: { type: 'string', maxLength: 20 },
    rank: { type: 'number', minimum: 0, maximum: 1_000_000, multipleOf: 1 },
    owner: { type: 'string' },
  },
  required: ['id', 'status', 'rank'],
  indexes: ['rank', ['status', 'rank']],
};

const QUERIES: MangoQuery<Item>[] = [
  { selector: {}, sort: [{ id: 'asc' }] },
  { selector: { status: 'open' }, sort: [{ rank: 'asc' }] },
  { selector: { status: { $in: ['open', 'closed'] } }, sort: [{ rank: 'desc' }], limit: 7 },
  { selector: { rank: { $gt: 100, $lte: 600 } }, sort: [{ rank: 'asc' }], skip: 3, limit: 10 },
  { selector: { owner: 'ana' }, sort: [{ id: 'desc' }] },
];

// fake-indexeddb's typings need the DOM lib, which the Node test program does not load.
const { IDBFactory, IDBKeyRange } = fakeIndexedDb as unknown as { IDBFactory: new () => IdbFactory; IDBKeyRange: IdbKeyRangeFactory };

type Items = RxCollection<Item>;
const opened: { close(): Promise<unknown>; readonly closed: boolean }[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) if (!db.closed) await db.close();
});

let names = 0;
async function open(storage: RxStorage<unknown, unknown>, name: string): Promise<Items> {
  const db = await createRxDatabase<{ items: Items }>({ name, storage, multiInstance: false, closeDuplicates: true });
  opened.push(db);
  await db.addCollections({ items: { schema } });
  return db.items;
}

function blockSettings(factory = new IDBFactory(), extra: Partial<BlockStorageSettings> = {}): BlockStorageSettings {
  return { indexedDB: factory, IDBKeyRange, ...extra };
}

/** A deterministic mix of inserts, updates that move and keep index keys, deletions and re-inserts. */
async function workload(items: Items): Promise<void> {
  const statuses = ['new', 'open', 'closed'];
  for (let page = 0; page < 6; page++) {
    await items.bulkInsert(
      Array.from({ length: 50 }, (_, i) => {
        const n = page * 50 + i;
        return { id: `i${String(n).padStart(4, '0')}`, status: statuses[n % 3] ?? 'new', rank: (n * 37) % 1000, ...(n % 5 === 0 ? { owner: 'ana' } : {}) };
      }),
    );
  }
  const docs = await items.find({ selector: { rank: { $lt: 300 } } }).exec();
  for (const [i, doc] of docs.entries()) {
    if (i % 3 === 0) await doc.incrementalPatch({ rank: doc.rank + 500 });
    else if (i % 3 === 1) await doc.incrementalPatch({ owner: 'ana' });
    else await doc.remove();
  }
  await items.bulkUpsert([{ id: 'i0002', status: 'open', rank: 1 }, { id: 'x-new', status: 'open', rank: 2 }]);
}

async function answers(items: Items): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const query of QUERIES) results.push((await items.find(query).exec()).map((doc) => doc.toJSON()));
  results.push(await items.count({ selector: { status: 'open' } }).exec());
  return results;
}

async function logRows(factory: IdbFactory, databaseName: string): Promise<number> {
  const log = await BlockLog.open(factory, IDBKeyRange, blockDatabaseName(databaseName));
  const loaded = await log.load('items--0');
  log.close();
  return loaded.rows.length;
}

describe('block storage', () => {
  it('answers queries like RxDB memory storage after the same writes', async () => {
    const reference = await open(getRxStorageMemory(), `reference${names++}`);
    const blocks = await open(getRxStorageBlocks(blockSettings()), `blocks${names++}`);
    await workload(reference);
    await workload(blocks);
    expect(await answers(blocks)).toEqual(await answers(reference));
  });

  it('loads everything back when the database is reopened', async () => {
    const factory = new IDBFactory();
    const name = `reopen${names++}`;
    const first = await open(getRxStorageBlocks(blockSettings(factory)), name);
    await workload(first);
    const before = await answers(first);
    await first.database.close();
    const again = await open(getRxStorageBlocks(blockSettings(factory)), name);
    expect(await answers(again)).toEqual(before);
  });

  it('keeps every acknowledged write when the process dies without closing', async () => {
    const factory = new IDBFactory();
    const name = `crash${names++}`;
    const first = await open(getRxStorageBlocks(blockSettings(factory)), name);
    await workload(first);
    const acknowledged = await answers(first);
    // A second storage on the same IndexedDB, the first never closed: what a restart after a crash reads.
    const afterCrash = await open(getRxStorageBlocks(blockSettings(factory)), name);
    expect(await answers(afterCrash)).toEqual(acknowledged);
  });

  it('compacts a long log into a snapshot that loads the same documents', async () => {
    const factory = new IDBFactory();
    const name = `compact${names++}`;
    const items = await open(getRxStorageBlocks(blockSettings(factory, { compactAfterRows: 8, snapshotPartSize: 64 })), name);
    await workload(items);
    const expected = await answers(items);
    await items.database.close();
    // About 110 writes, compacted every 8: at most 7 blocks and the snapshot's parts (≤ 301 docs / 64).
    expect(await logRows(factory, name)).toBeLessThanOrEqual(7 + 5);
    const again = await open(getRxStorageBlocks(blockSettings(factory)), name);
    expect(await answers(again)).toEqual(expected);
  });

  it('loads a log with blocks written after a snapshot, later blocks winning', async () => {
    const factory = new IDBFactory();
    const log = await BlockLog.open(factory, IDBKeyRange, 'raw');
    await log.append('c', 0, { docs: [{ id: 'a', v: 1 }, { id: 'b', v: 1 }] });
    await log.append('c', 1, { docs: [{ id: 'a', v: 2 }] });
    await log.compact('c', 1, [{ id: 'a', v: 2 }, { id: 'b', v: 1 }], 1);
    await log.append('c', 2, { docs: [{ id: 'b', v: 3 }] });
    await log.append('c', 3, { docs: [], purged: ['a'] });
    await log.append('other', 0, { docs: [{ id: 'z', v: 9 }] });
    const loaded = await log.load<{ id: string; v: number }>('c');
    const state = new Map<string, number>();
    for (const row of loaded.rows) {
      for (const doc of row.docs) state.set(doc.id, doc.v);
      for (const id of row.purged ?? []) state.delete(id);
    }
    expect(Object.fromEntries(state)).toEqual({ b: 3 });
    expect(loaded.lastSeq).toBe(3);
    log.close();
  });

  it('persists the purge of old deletions', async () => {
    const factory = new IDBFactory();
    const name = `purge${names++}`;
    const items = await open(getRxStorageBlocks(blockSettings(factory)), name);
    await items.bulkInsert([{ id: 'a', status: 'open', rank: 1 }, { id: 'b', status: 'open', rank: 2 }]);
    await items.findOne('a').remove();
    await items.storageInstance.cleanup(0);
    await items.database.close();
    const again = await open(getRxStorageBlocks(blockSettings(factory)), name);
    const stored = await again.storageInstance.findDocumentsById(['a', 'b'], true);
    expect(stored.map((doc) => doc.id)).toEqual(['b']);
  });

  it('leaves nothing of a removed database', async () => {
    const factory = new IDBFactory();
    const name = `remove${names++}`;
    const items = await open(getRxStorageBlocks(blockSettings(factory)), name);
    await workload(items);
    await items.database.remove();
    expect(await logRows(factory, name)).toBe(0);
    const again = await open(getRxStorageBlocks(blockSettings(factory)), name);
    expect(await again.count().exec()).toBe(0);
  });

  it('rejects a write with a stale revision and stores nothing of it', async () => {
    const factory = new IDBFactory();
    const name = `conflict${names++}`;
    const items = await open(getRxStorageBlocks(blockSettings(factory)), name);
    await items.insert({ id: 'a', status: 'open', rank: 1 });
    const [stale] = await items.storageInstance.findDocumentsById(['a'], false);
    if (stale === undefined) throw new Error('inserted document missing');
    await items.findOne('a').incrementalPatch({ rank: 2 });
    const result = await items.storageInstance.bulkWrite([{ previous: stale, document: { ...stale, rank: 3, _rev: '2-stale' } }], 'test');
    expect(result.error.map((error) => error.status)).toEqual([409]);
    await items.database.close();
    const again = await open(getRxStorageBlocks(blockSettings(factory)), name);
    expect((await again.findOne('a').exec())?.rank).toBe(2);
  });

  it('refuses to share a database between JavaScript contexts', async () => {
    await expect(
      createRxDatabase({ name: `shared${names++}`, storage: getRxStorageBlocks(blockSettings()), multiInstance: true }),
    ).rejects.toThrow(/multiInstance: false/);
  });
});
