/**
 * The databases every integration suite runs against: in-memory PGlite, and the machine's Postgres
 * in a database created for this run and dropped afterwards (so parallel runs never collide).
 * Set ATENDE_TEST_SKIP_POSTGRES=1 to run PGlite only where no Postgres is available.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../../src/server/db/database';
import { migrateToLatest } from '../../../src/server/db/migrate';
import { testLogger } from './logger';

export const TEST_POSTGRES_URL = process.env.ATENDE_TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const SKIP_POSTGRES = process.env.ATENDE_TEST_SKIP_POSTGRES === '1';

export type TargetName = 'pglite' | 'postgres';

export interface TestDatabase {
  readonly database: Database;
  /** Opens another connection set to the same database (a second server process). Postgres only. */
  readonly openAnother?: () => Promise<Database>;
  /** Postgres only: where a raw `pg` client can connect. */
  readonly url?: string;
  dispose(): Promise<void>;
}

export const TARGETS: readonly TargetName[] = SKIP_POSTGRES ? ['pglite'] : ['pglite', 'postgres'];

export async function openTestDatabase(target: TargetName, options: { poolSize?: number } = {}): Promise<TestDatabase> {
  if (target === 'pglite') {
    const database = await openDatabase({ kind: 'pglite-memory' }, testLogger);
    await migrateToLatest(database.db);
    return { database, dispose: () => database.close() };
  }
  const { url, drop } = await createScratchPostgresDatabase();
  const open = (): Promise<Database> => openDatabase({ kind: 'postgres', url, poolSize: options.poolSize ?? 10 }, testLogger);
  const database = await open();
  await migrateToLatest(database.db);
  return {
    database,
    url,
    openAnother: open,
    async dispose() {
      await database.close();
      await drop();
    },
  };
}

/** A fresh, uniquely named database next to the one in TEST_POSTGRES_URL. */
export async function createScratchPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `atende_it_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
