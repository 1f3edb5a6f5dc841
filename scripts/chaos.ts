/**
 * Chaos test of the sync engine, for long runs and for replaying a seed:
 *
 *   npm run chaos -- --trials 20 --db both
 *   npm run chaos -- --seed 123456 --db pglite
 *
 * Needs the built server (`npm run build`, or `npx vite build --config vite.server.config.ts`) and,
 * for --db postgres, the Postgres in ATENDE_TEST_DATABASE_URL / DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test). One summary line per trial; failures print their seed,
 * violations and timeline. Exit code 1 when any trial failed.
 */
import { parseArgs } from 'node:util';
import { randomSeed } from '../test/chaos/prng';
import type { ChaosDatabaseKind } from '../test/chaos/server-process';
import { formatFailure, formatTrial, runTrial } from '../test/chaos/trial';

const USAGE = `Usage: npm run chaos -- [--trials N] [--seed S] [--db pglite|postgres|both] [--clients N] [--seconds N] [--verbose]
  --trials   trials per database (default 1; with --seed, every trial replays that seed)
  --seed     run this seed instead of random ones
  --db       which server database (default both)
  --clients  client workers per trial (default 4)
  --seconds  chaos phase length per trial (default 30)
  --verbose  print the timeline as it happens`;

class UsageError extends Error {}

interface ChaosArgs {
  readonly trials: number;
  readonly seed: number | undefined;
  readonly dbs: readonly ChaosDatabaseKind[];
  readonly clients: number;
  readonly seconds: number;
  readonly verbose: boolean;
}

function positiveInteger(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new UsageError(`--${name} must be a positive whole number, got "${raw}"`);
  return Number(raw);
}

function parseCliArgs(argv: readonly string[]): ChaosArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        trials: { type: 'string' },
        seed: { type: 'string' },
        db: { type: 'string' },
        clients: { type: 'string' },
        seconds: { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help === true) return 'help';
  const db = values.db ?? 'both';
  if (db !== 'pglite' && db !== 'postgres' && db !== 'both') throw new UsageError(`--db must be pglite, postgres or both, got "${db}"`);
  let seed: number | undefined;
  if (values.seed !== undefined) {
    if (!/^\d+$/.test(values.seed) || Number(values.seed) > 0xffffffff) throw new UsageError(`--seed must be a whole number below 2^32, got "${values.seed}"`);
    seed = Number(values.seed);
  }
  return {
    trials: positiveInteger(values.trials, 'trials', 1),
    seed,
    dbs: db === 'both' ? ['pglite', 'postgres'] : [db],
    clients: positiveInteger(values.clients, 'clients', 4),
    seconds: positiveInteger(values.seconds, 'seconds', 30),
    verbose: values.verbose === true,
  };
}

async function main(): Promise<number> {
  let args: ChaosArgs | 'help';
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (args === 'help') {
    console.log(USAGE);
    return 0;
  }
  const failed: string[] = [];
  let total = 0;
  for (let trial = 0; trial < args.trials; trial++) {
    for (const db of args.dbs) {
      const seed = args.seed ?? randomSeed();
      total += 1;
      const result = await runTrial({
        seed,
        db,
        clients: args.clients,
        chaosMs: args.seconds * 1000,
        ...(args.verbose
          ? {
              log: (line: string) => {
                console.log(`  ${line}`);
              },
            }
          : {}),
      });
      console.log(formatTrial(result));
      if (!result.ok) {
        failed.push(`--seed ${seed} --db ${db} --clients ${args.clients} --seconds ${args.seconds}`);
        console.log(formatFailure(result));
      }
    }
  }
  console.log(`[chaos] ${total - failed.length}/${total} trials passed${failed.length > 0 ? `; failed: ${failed.join(', ')}` : ''}`);
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
