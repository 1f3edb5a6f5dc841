/**
 * Injected into bench pages (Playwright addInitScript, bundled by bench/sync/browser.ts): counts the
 * documents each RxDB collection holds in IndexedDB, straight from the Dexie storage's `docs` object
 * stores (what RxDB queries read), without going through the app. Databases are named
 * `rxdb-dexie-<database>--<schema version>--<collection>`.
 */
import { IDB_COUNTS_GLOBAL, type IdbCounter } from '../page-api';

function countDocs(name: string): Promise<number> {
  return new Promise((resolve) => {
    const request = indexedDB.open(name);
    request.onerror = () => {
      resolve(0);
    };
    request.onsuccess = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains('docs')) {
        db.close();
        resolve(0);
        return;
      }
      const countRequest = db.transaction('docs', 'readonly').objectStore('docs').count();
      countRequest.onsuccess = () => {
        db.close();
        resolve(countRequest.result);
      };
      countRequest.onerror = () => {
        db.close();
        resolve(0);
      };
    };
  });
}

const idbCounts: IdbCounter = async (collections) => {
  const names = (await indexedDB.databases()).map((info) => info.name ?? '');
  const counts: Record<string, number> = {};
  for (const collection of collections) counts[collection] = 0;
  await Promise.all(
    names.map(async (name) => {
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
