/**
 * The PouchDB side's server, run as its own process (`node --import tsx bench/sync/pouch-server.ts`):
 * express-pouchdb (the CouchDB-compatible HTTP layer of pouchdb-server) over in-memory PouchDB, loaded
 * with the same generated documents as the Atende server. It also serves the PouchDB bench page at
 * `/__bench/` so the page and the databases share an origin. Prints `READY <port>` when listening.
 *
 * Configuration comes as JSON in argv[2]: { port, pageDir, datasets: [{ prefix, tickets, customers, articles }] }.
 */
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import expressPouchdb from 'express-pouchdb';
import { DATA_COLLECTIONS, generatedBatches, toPouchDoc, type DatasetSize } from './dataset';
import { MemoryPouch } from './pouch-node';

interface PouchServerConfig {
  readonly port: number;
  readonly pageDir: string;
  readonly datasets: readonly (DatasetSize & { readonly prefix: string })[];
}

const config = JSON.parse(process.argv[2] ?? '{}') as PouchServerConfig;
// Hundreds of live replications listen on the same databases: not a leak.
EventEmitter.defaultMaxListeners = 0;
// Before any database exists: express-pouchdb only knows the databases created after it is set up.
const pouchApp = expressPouchdb(MemoryPouch, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: '/dev/null' });

for (const dataset of config.datasets) {
  for (const collection of DATA_COLLECTIONS) {
    const db = new MemoryPouch(`${dataset.prefix}${collection}`);
    for (const batch of generatedBatches(collection, dataset)) {
      const results = await db.bulkDocs(batch.map(toPouchDoc));
      const failed = results.find((result) => result.error !== undefined);
      if (failed !== undefined) throw new Error(`loading ${collection}: ${failed.id} ${String(failed.error)}`);
    }
  }
}

const TYPES: Readonly<Record<string, string>> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

const server = createServer((request, response) => {
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  if (path.startsWith('/__bench/')) {
    const file = normalize(join(config.pageDir, path.slice('/__bench/'.length) || 'index.html'));
    if (!file.startsWith(config.pageDir)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
      },
      () => {
        response.writeHead(404).end();
      },
    );
    return;
  }
  pouchApp(request, response);
});
server.keepAliveTimeout = 60_000;
server.listen(config.port, '127.0.0.1', () => {
  console.log(`READY ${String(config.port)}`);
});
