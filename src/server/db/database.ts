/**
 * Opens the one database the server uses: an embedded PGlite (a directory, or in memory for
 * tests) or a real Postgres through a `pg` pool. Both speak the same SQL, so everything above this
 * module is written once against Kysely.
 */
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Logger } from '../logger';
import { PostgresListener, type ListenHandlers } from './postgres-listener';
import type { DatabaseSchema } from './schema';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  readonly kind: DatabaseKind;
  readonly db: Kysely<DatabaseSchema>;
  /** Receives NOTIFY payloads sent to `channel` by any connection, this process's or another's. */
  listen(channel: string, handlers: ListenHandlers): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export type DatabaseLocation =
  | { readonly kind: 'postgres'; readonly url: string; readonly poolSize?: number }
  | { readonly kind: 'pglite'; readonly dataDir: string }
  | { readonly kind: 'pglite-memory' };

export const DEFAULT_POOL_SIZE = 10;

export async function openDatabase(location: DatabaseLocation, logger: Logger): Promise<Database> {
  if (location.kind === 'postgres') return openPostgres(location.url, location.poolSize ?? DEFAULT_POOL_SIZE, logger);
  if (location.kind === 'pglite') await mkdir(location.dataDir, { recursive: true });
  const pglite = await PGlite.create(location.kind === 'pglite' ? location.dataDir : undefined);
  return openPglite(pglite);
}

function openPglite(pglite: PGlite): Database {
  const db = new Kysely<DatabaseSchema>({ dialect: new PGliteDialect(pglite) });
  return {
    kind: 'pglite',
    db,
    async listen(channel, handlers) {
      // PGlite has one session shared by all queries: run LISTEN while holding Kysely's only
      // connection so it cannot land inside someone's open transaction.
      const unlisten = await db.connection().execute(() => pglite.listen(channel, handlers.onPayload));
      return async () => {
        if (!pglite.closed) await db.connection().execute(() => unlisten());
      };
    },
    close: () => db.destroy(),
  };
}

function openPostgres(url: string, poolSize: number, logger: Logger): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client losing its connection emits on the pool; unhandled it would crash the process.
  pool.on('error', (error) => {
    logger.warn({ err: error }, 'idle database connection failed');
  });
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    async listen(channel, handlers) {
      const listener = new PostgresListener(url, channel, handlers, logger);
      await listener.start();
      return () => listener.stop();
    },
    close: () => db.destroy(),
  };
}

export function locationFromConfig(config: { readonly databaseUrl: string | undefined; readonly dataDir: string }): DatabaseLocation {
  return config.databaseUrl === undefined
    ? { kind: 'pglite', dataDir: config.dataDir }
    : { kind: 'postgres', url: config.databaseUrl };
}
