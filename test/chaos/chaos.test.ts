/**
 * The chaos test of the offline-first sync engine, bounded for `npm test`: one trial on PGlite and one
 * on Postgres, each with four clients and 20 s of chaos (about 45–70 s per trial). Seeds are
 * random unless CHAOS_SEED is set; each trial prints its summary line, a failure prints its seed,
 * violations and timeline. Longer runs: `npm run chaos -- --trials N` (scripts/chaos.ts).
 *
 * Needs the built server (out/server/index.js: `npm run build`). ATENDE_TEST_SKIP_POSTGRES=1 skips
 * the Postgres trials where no Postgres is available.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { randomSeed } from './prng';
import { SERVER_ENTRY, type ChaosDatabaseKind } from './server-process';
import { formatFailure, formatTrial, runTrial } from './trial';

const SKIP_POSTGRES = process.env.ATENDE_TEST_SKIP_POSTGRES === '1';
const FIXED_SEED = process.env.CHAOS_SEED === undefined || process.env.CHAOS_SEED === '' ? undefined : Number(process.env.CHAOS_SEED);
const TRIALS_PER_DATABASE = 1;
const CHAOS_MS = 20_000;
/**
 * How long the clients get to converge on their own once everything healed: generous, for a loaded
 * 2-core machine (a push's rows share change transactions now; trials converge in a few seconds).
 */
const CONVERGE_MS = 60_000;

describe('chaos: clients, a flaky network and a crashing server end up with the same data', () => {
  it('has the built server to run', () => {
    expect(existsSync(SERVER_ENTRY), `${SERVER_ENTRY} is missing: run \`npm run build\` first`).toBe(true);
  });

  for (const db of ['pglite', 'postgres'] as const satisfies readonly ChaosDatabaseKind[]) {
    for (let trial = 1; trial <= TRIALS_PER_DATABASE; trial++) {
      it.skipIf(db === 'postgres' && SKIP_POSTGRES)(`${db}, trial ${trial}`, async () => {
        const seed = FIXED_SEED ?? randomSeed();
        const result = await runTrial({ seed, db, clients: 4, chaosMs: CHAOS_MS, convergeTimeoutMs: CONVERGE_MS });
        console.log(formatTrial(result));
        if (!result.ok) expect.fail(formatFailure(result));
      });
    }
  }
});
