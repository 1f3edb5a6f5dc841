/** Flags of `npm run bench:sync`; defaults are the sync engine issue's sizes, `--quick` a small smoke run. */
import { parseArgs } from 'node:util';

export const SCENARIOS = ['bootstrap', 'live', 'catchup', 'crash'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface SyncBenchOptions {
  readonly tickets: number;
  readonly customers: number;
  readonly articles: number;
  /** Live propagation: observers in total, of which `rxdbObservers` run the renderer's replication. */
  readonly observers: number;
  readonly rxdbObservers: number;
  readonly liveEdits: number;
  /** Size of the small data set the live observers replicate (tickets; customers and articles scale with it). */
  readonly liveTickets: number;
  readonly offlineEdits: number;
  readonly serverChanges: number;
  /** Fraction of the bootstrap after which the crash-resume client is killed. */
  readonly crashAt: number;
  readonly scenarios: readonly Scenario[];
  readonly pouch: boolean;
  readonly report: boolean;
  /** Rebuild out/ first: 'auto' when it is missing or older than src/. */
  readonly build: 'auto' | 'always' | 'never';
  readonly quick: boolean;
  readonly headed: boolean;
  /** Per-scenario time limit. */
  readonly timeoutMs: number;
}

const USAGE = `Usage: npm run bench:sync -- [flags]
  --quick                 small smoke run (5k tickets, 1k customers, 500 articles, 40 observers, ...)
  --tickets N             tickets to bootstrap (default 100000)
  --customers N           customers (default 20000)
  --articles N            knowledge articles (default 10000)
  --observers N           live observers in total (default 200)
  --rxdb-observers N      of which full RxDB replicas in worker threads (default 4; the rest are raw stream clients)
  --live-edits N          edits the writer makes during the live test (default 100)
  --live-tickets N        tickets in the live test's own small data set (default 2000)
  --offline-edits N       edits the catch-up client makes offline (default 500)
  --server-changes N      changes the server takes meanwhile (default 20000)
  --crash-at F            kill the crash-resume client after this fraction of the bootstrap (default 0.5)
  --only a,b              scenarios to run: ${SCENARIOS.join(', ')} (default all)
  --no-pouch              skip the PouchDB side
  --no-report             print only; do not append to docs/benchmarks.md
  --build | --no-build    rebuild out/ first (default: only when out/ is missing or older than src/)
  --headed                show the browser
  --timeout-s N           time limit per scenario and side (default 900)`;

export function parseSyncBenchOptions(argv: readonly string[]): SyncBenchOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean' },
      tickets: { type: 'string' },
      customers: { type: 'string' },
      articles: { type: 'string' },
      observers: { type: 'string' },
      'rxdb-observers': { type: 'string' },
      'live-edits': { type: 'string' },
      'live-tickets': { type: 'string' },
      'offline-edits': { type: 'string' },
      'server-changes': { type: 'string' },
      'crash-at': { type: 'string' },
      only: { type: 'string' },
      'no-pouch': { type: 'boolean' },
      'no-report': { type: 'boolean' },
      build: { type: 'boolean' },
      'no-build': { type: 'boolean' },
      headed: { type: 'boolean' },
      'timeout-s': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help === true) return 'help';
  const quick = values.quick === true;
  const int = (name: string, raw: string | undefined, fallback: number, min = 0): number => {
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw)) throw new Error(`--${name} must be a whole number, got "${raw}"`);
    const value = Number(raw);
    if (value < min) throw new Error(`--${name} must be at least ${String(min)}`);
    return value;
  };
  const scenarios =
    values.only === undefined
      ? SCENARIOS
      : values.only.split(',').map((name) => {
          const trimmed = name.trim();
          if (!(SCENARIOS as readonly string[]).includes(trimmed)) throw new Error(`unknown scenario "${trimmed}" (${SCENARIOS.join(', ')})`);
          return trimmed as Scenario;
        });
  const crashAt = values['crash-at'] === undefined ? 0.5 : Number(values['crash-at']);
  if (!(crashAt > 0 && crashAt < 1)) throw new Error('--crash-at must be between 0 and 1');
  const observers = int('observers', values.observers, quick ? 40 : 200, 1);
  const rxdbObservers = Math.min(observers, int('rxdb-observers', values['rxdb-observers'], quick ? 2 : 4));
  return {
    tickets: int('tickets', values.tickets, quick ? 5_000 : 100_000, 1),
    customers: int('customers', values.customers, quick ? 1_000 : 20_000, 1),
    articles: int('articles', values.articles, quick ? 500 : 10_000),
    observers,
    rxdbObservers,
    liveEdits: int('live-edits', values['live-edits'], quick ? 20 : 100, 1),
    liveTickets: int('live-tickets', values['live-tickets'], quick ? 300 : 2_000, 1),
    offlineEdits: int('offline-edits', values['offline-edits'], quick ? 50 : 500),
    serverChanges: int('server-changes', values['server-changes'], quick ? 2_000 : 20_000),
    crashAt,
    scenarios,
    pouch: values['no-pouch'] !== true,
    report: values['no-report'] !== true,
    build: values.build === true ? 'always' : values['no-build'] === true ? 'never' : 'auto',
    quick,
    headed: values.headed === true,
    timeoutMs: int('timeout-s', values['timeout-s'], 900, 10) * 1000,
  };
}

export { USAGE as SYNC_BENCH_USAGE };
