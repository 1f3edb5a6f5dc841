/** `npm run bench`: runs every benchmark suite and appends the results to docs/benchmarks.md. */
import { appendReport } from './lib/report';
import { runSyncApiBench } from './sync-api.bench';

const syncApi = await runSyncApiBench();
await appendReport('Sync API v1 on PGlite (loopback)', syncApi.rows, syncApi.notes);
for (const row of syncApi.rows) console.log(`${row.metric}: ${row.value}`);
console.log('Results appended to docs/benchmarks.md');
