/**
 * `npm run bench:local`: the benchmarks of what runs on the agent's machine. Runs the knowledge-base
 * search suite and, when present, the local queue suite, appending each to docs/benchmarks.md.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { appendReport, type BenchRow } from '../lib/report';
import { runKbBench } from './kb';

interface SuiteResult {
  readonly rows: BenchRow[];
  readonly notes: string[];
}

async function runQueueSuite(): Promise<SuiteResult | null> {
  const path = resolve(import.meta.dirname, 'queue.ts');
  if (!existsSync(path)) return null;
  const module = (await import(pathToFileURL(path).href)) as { runQueueBench?: () => Promise<SuiteResult> };
  if (module.runQueueBench === undefined) throw new Error('bench/local/queue.ts does not export runQueueBench');
  return module.runQueueBench();
}

const kb = await runKbBench();
await appendReport('Local: knowledge-base search', kb.rows, kb.notes);
console.table(kb.rows);

const queue = await runQueueSuite();
if (queue !== null) {
  await appendReport('Local: ticket queue', queue.rows, queue.notes);
  console.table(queue.rows);
}
