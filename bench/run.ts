/**
 * `npm run bench`: runs the benchmark suites and appends the results to docs/benchmarks.md. The sync
 * engine comparison (`npm run bench:sync`, minutes at full size) runs too only with `--sync` or
 * BENCH_SYNC=1; its flags go in BENCH_SYNC_ARGS (e.g. "--quick").
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { appendReport } from './lib/report';
import { runSyncApiBench } from './sync-api.bench';

const syncApi = await runSyncApiBench();
await appendReport('Sync API v1 on PGlite (loopback)', syncApi.rows, syncApi.notes);
for (const row of syncApi.rows) console.log(`${row.metric}: ${row.value}`);
console.log('Results appended to docs/benchmarks.md');

if (process.argv.includes('--sync') || process.env.BENCH_SYNC === '1') {
  const args = (process.env.BENCH_SYNC_ARGS ?? '').split(' ').filter((arg) => arg !== '');
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'bench/sync/main.ts', ...args], { stdio: 'inherit', cwd: resolve(import.meta.dirname, '..') });
  if (result.status !== 0) process.exitCode = result.status ?? 1;
}
