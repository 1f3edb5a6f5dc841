import { Migrator, type Kysely, type MigrationResultSet } from 'kysely';
import type { Logger } from '../logger';
import { MIGRATIONS } from './migrations';
import type { DatabaseSchema } from './schema';

/**
 * Brings the schema up to date. Kysely's migrator takes a lock row, so several server processes
 * starting at once against one Postgres apply each migration exactly once.
 */
export async function migrateToLatest(db: Kysely<DatabaseSchema>, logger?: Logger): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve({ ...MIGRATIONS }) },
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  for (const migration of result.results ?? []) {
    if (migration.status === 'Success') logger?.info({ migration: migration.migrationName }, 'migration applied');
    if (migration.status === 'Error') logger?.error({ migration: migration.migrationName }, 'migration failed');
  }
  if (result.error !== undefined) {
    throw result.error instanceof Error ? result.error : new Error('migration failed', { cause: result.error });
  }
}
