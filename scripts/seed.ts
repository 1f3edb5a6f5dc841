/**
 * Seeds demo data into the configured database (DATABASE_URL, else the PGlite in ATENDE_DATA_DIR):
 *
 *   npm run seed -- --tickets 100000 --customers 5000 --articles 40 --seed 7
 *
 * The database must hold no documents yet. Progress goes to stderr, the summary to stdout.
 */
import { parseArgs } from 'node:util';
import { ConfigError, DEFAULT_DEMO_SIZES, loadConfig } from '../src/server/config';
import { locationFromConfig, openDatabase } from '../src/server/db/database';
import { migrateToLatest } from '../src/server/db/migrate';
import { DEMO_PASSWORD, DEMO_USERS } from '../src/server/demo/demo-users';
import { SeedError, seedDemoData, type SeedProgress } from '../src/server/demo/seed';
import { createLogger } from '../src/server/logger';

const USAGE = `Usage: npm run seed -- [--tickets N] [--customers N] [--articles N] [--seed S]
  --tickets    tickets to generate (default ${String(DEFAULT_DEMO_SIZES.tickets)})
  --customers  customers to generate (default ${String(DEFAULT_DEMO_SIZES.customers)}, at least 1 when tickets > 0)
  --articles   knowledge articles to generate (default ${String(DEFAULT_DEMO_SIZES.articles)})
  --seed       random seed; the same seed gives the same data (default 1)
Writes to DATABASE_URL when set, else to the PGlite directory ATENDE_DATA_DIR (default .data/).`;

const MAX_COUNT = 10_000_000;

class UsageError extends Error {}

interface SeedArgs {
  readonly tickets: number;
  readonly customers: number;
  readonly articles: number;
  readonly seed: number;
}

function parseCliArgs(argv: readonly string[]): SeedArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        tickets: { type: 'string' },
        customers: { type: 'string' },
        articles: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help === true) return 'help';
  const args = {
    tickets: count('--tickets', values.tickets, DEFAULT_DEMO_SIZES.tickets),
    customers: count('--customers', values.customers, DEFAULT_DEMO_SIZES.customers),
    articles: count('--articles', values.articles, DEFAULT_DEMO_SIZES.articles),
    seed: count('--seed', values.seed, 1, 2 ** 32 - 1),
  };
  if (args.tickets > 0 && args.customers === 0) throw new UsageError('--customers must be at least 1 when generating tickets');
  return args;
}

function count(flag: string, raw: string | undefined, fallback: number, max = MAX_COUNT): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new UsageError(`${flag} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value > max) throw new UsageError(`${flag} must be at most ${String(max)}, got ${raw}`);
  return value;
}

/** Prints a line each time a phase crosses another 5 %, with the overall write rate (documents of every collection). */
function progressPrinter(started: number): (progress: SeedProgress) => void {
  const lastStep = new Map<string, number>();
  return ({ phase, done, total, documents }) => {
    if (phase === 'users') return;
    const step = total === 0 ? 20 : Math.floor((done / total) * 20);
    if (step === lastStep.get(phase)) return;
    lastStep.set(phase, step);
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(documents / seconds) : 0;
    console.error(`${phase.padEnd(9)} ${String(step * 5).padStart(3)}%  ${String(done)}/${String(total)}  (${String(rate)} docs/s)`);
  };
}

async function main(): Promise<number> {
  let args: SeedArgs | 'help';
  let config;
  try {
    args = parseCliArgs(process.argv.slice(2));
    config = loadConfig();
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      console.error(`seed: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (args === 'help') {
    console.log(USAGE);
    return 0;
  }

  const logger = createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const database = await openDatabase(locationFromConfig(config), logger);
  try {
    await migrateToLatest(database.db, logger);
    console.error(
      `Seeding ${database.kind === 'postgres' ? 'Postgres' : `PGlite at ${config.dataDir}`}: ` +
        `${String(args.customers)} customers, ${String(args.tickets)} tickets, ${String(args.articles)} articles (seed ${String(args.seed)})`,
    );
    const started = performance.now();
    const summary = await seedDemoData(database.db, { ...args, onProgress: progressPrinter(started), logger });
    const seconds = (performance.now() - started) / 1000;
    const { usersCreated, ...perCollection } = summary;
    const documents = Object.values(perCollection).reduce((sum, count) => sum + count, 0);
    console.log(
      `Seeded ${String(documents)} documents in ${seconds.toFixed(1)} s (${String(Math.round(documents / Math.max(seconds, 0.001)))} docs/s): ` +
        Object.entries(perCollection)
          .map(([collection, count]) => `${String(count)} ${collection}`)
          .join(', ') +
        `; ${String(usersCreated)} new demo users.`,
    );
    console.log(`Sign in as ${DEMO_USERS.map((user) => user.email).join(', ')} with password ${DEMO_PASSWORD}.`);
    return 0;
  } catch (error) {
    if (error instanceof SeedError) {
      console.error(`seed: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('seed failed:', error);
    process.exitCode = 1;
  },
);
