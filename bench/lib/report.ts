import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem, type } from 'node:os';
import { dirname, resolve } from 'node:path';

const REPORT_PATH = resolve(import.meta.dirname, '../../docs/benchmarks.md');
const HEADER = `# Benchmarks

Written by \`npm run bench\` (and the \`bench:*\` scripts). Each run appends a section; numbers are from
the machine named in the section, so compare runs on like machines only. Targets come from the issues;
a miss is reported as a miss.
`;

export interface BenchRow {
  readonly metric: string;
  readonly value: string;
  readonly target?: string;
  readonly met?: boolean;
}

export function machineInfo(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const memoryGiB = Math.round(totalmem() / 2 ** 30);
  return `${type()} · ${cpus().length} × ${cpu} · ${memoryGiB} GiB · Node ${process.version}`;
}

/** Appends one titled table to docs/benchmarks.md (creating it with a header the first time). */
export async function appendReport(title: string, rows: readonly BenchRow[], notes: readonly string[] = []): Promise<void> {
  await mkdir(dirname(REPORT_PATH), { recursive: true });
  const existing = await readFile(REPORT_PATH, 'utf8').catch(() => '');
  if (!existing.startsWith('# Benchmarks')) await writeFile(REPORT_PATH, HEADER);
  const lines = [
    '',
    `## ${title} — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${machineInfo()}`,
    '',
    '| metric | value | target | met |',
    '| --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row.metric} | ${row.value} | ${row.target ?? '—'} | ${row.met === undefined ? '—' : row.met ? 'yes' : '**no**'} |`),
    ...(notes.length > 0 ? ['', ...notes.map((note) => `- ${note}`)] : []),
    '',
  ];
  await appendFile(REPORT_PATH, lines.join('\n'));
}
