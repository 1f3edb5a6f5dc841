/**
 * Injected into bench pages (Playwright addInitScript, bundled by bench/sync/browser.ts): counts the
 * documents each RxDB collection holds in IndexedDB, without going through the app:
 * - the block storage (the app's): `<database>--blocks`, whose row keys end with the number of
 *   documents in the row (src/renderer/data/block-storage/block-log.ts). The keys alone are read, and
 *   the counts summed: exact for a first sync, which only inserts (a document written twice counts twice);
 * - RxDB's Dexie storage: the `docs` object stores of `rxdb-dexie-<database>--<schema version>--<collection>`.
 */
import { IDB_COUNTS_GLOBAL, type IdbCounter } from '../page-api';

function openDatabase(name: string): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    const request = indexedDB.open(name);
    request.onerror = () => {
      resolve(null);
    };
    request.onsuccess = () => {
      resolve(request.result);
    };
  });
}

async function countDocs(name: string): Promise<number> {
  const db = await openDatabase(name);
  if (db === null) return 0;
  if (!db.objectStoreNames.contains('docs')) {
    db.close();
    return 0;
  }
  return new Promise((resolve) => {
    const countRequest = db.transaction('docs', 'readonly').objectStore('docs').count();
    countRequest.onsuccess = () => {
      db.close();
      resolve(countRequest.result);
    };
    countRequest.onerror = () => {
      db.close();
      resolve(0);
    };
  });
}

/** Documents written per collection, from the block log's keys `[<collection>--<version>, seq, part, documents]`. */
async function countBlocks(name: string, counts: Record<string, number>): Promise<void> {
  const db = await openDatabase(name);
  if (db === null) return;
  if (!db.objectStoreNames.contains('blocks')) {
    db.close();
    return;
  }
  const keys = await new Promise<IDBValidKey[]>((resolve) => {
    const request = db.transaction('blocks', 'readonly').objectStore('blocks').getAllKeys();
    request.onsuccess = () => {
      resolve(request.result);
    };
    request.onerror = () => {
      resolve([]);
    };
  });
  db.close();
  for (const key of keys) {
    if (!Array.isArray(key)) continue;
    const [logKey, , , documents] = key as [unknown, unknown, unknown, unknown];
    const collection = typeof logKey === 'string' ? logKey.split('--')[0] : undefined;
    if (collection === undefined || !(collection in counts) || typeof documents !== 'number') continue;
    counts[collection] = (counts[collection] ?? 0) + documents;
  }
}

const idbCounts: IdbCounter = async (collections) => {
  const names = (await indexedDB.databases()).map((info) => info.name ?? '');
  const counts: Record<string, number> = {};
  for (const collection of collections) counts[collection] = 0;
  await Promise.all(
    names.map(async (name) => {
      if (/^atende_.*--blocks$/.test(name)) {
        await countBlocks(name, counts);
        return;
      }
      const match = /^rxdb-dexie-atende_.*--\d+--([A-Za-z]+)$/.exec(name);
      const collection = match?.[1];
      if (collection === undefined || !(collection in counts)) return;
      const count = await countDocs(name);
      counts[collection] = (counts[collection] ?? 0) + count;
    }),
  );
  return counts;
};

Object.assign(globalThis, { [IDB_COUNTS_GLOBAL]: idbCounts });
