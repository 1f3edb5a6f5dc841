/* global indexedDB, window */
/**
 * Injected into bench pages (Playwright addInitScript): counts the documents each RxDB collection holds
 * in IndexedDB, straight from the Dexie storage's `docs` object stores (what RxDB queries read), without
 * going through the app. Databases are named `rxdb-dexie-<database>--<schema version>--<collection>`.
 */
window.__benchIdbCounts = async (collections) => {
  const names = (await indexedDB.databases()).map((info) => info.name ?? '');
  const counts = {};
  for (const collection of collections) counts[collection] = 0;
  await Promise.all(
    names.map(async (name) => {
      const match = /^rxdb-dexie-atende_.*--\d+--([A-Za-z]+)$/.exec(name);
      if (match === null || !(match[1] in counts)) return;
      const count = await new Promise((resolve) => {
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
      counts[match[1]] += count;
    }),
  );
  return counts;
};
