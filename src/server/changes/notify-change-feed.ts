/**
 * ChangeFeed over Postgres LISTEN/NOTIFY (PGlite implements the same), so several server
 * processes sharing one Postgres see each other's changes. The payload is only
 * `{"collection","seq"}`, far below NOTIFY's 8000-byte limit.
 */
import { sql, type Kysely } from 'kysely';
import { isSyncCollectionName, SYNC_COLLECTIONS } from '../../shared/sync/collections';
import type { Database } from '../db/database';
import type { DatabaseSchema } from '../db/schema';
import type { Logger } from '../logger';
import { UNKNOWN_SEQ, type ChangeFeed, type ChangeListener, type ChangeNotice } from './change-feed';

export const CHANGE_CHANNEL = 'atende_changes';

export async function createNotifyChangeFeed(database: Database, logger: Logger): Promise<ChangeFeed> {
  const listeners = new Set<ChangeListener>();
  const emit = (notice: ChangeNotice): void => {
    for (const listener of listeners) {
      try {
        listener(notice);
      } catch (error) {
        logger.error({ err: error }, 'change listener failed');
      }
    }
  };

  const unlisten = await database.listen(CHANGE_CHANNEL, {
    onPayload: (payload) => {
      const notice = parseNotice(payload);
      if (notice === undefined) logger.warn({ payload }, 'ignored malformed change notice');
      else emit(notice);
    },
    onReconnect: () => {
      for (const collection of SYNC_COLLECTIONS) emit({ collection, seq: UNKNOWN_SEQ });
    },
  });

  return {
    publish: (notice) => notifyChange(database.db, notice),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      await unlisten();
    },
  };
}

/** Announces a committed change to every process listening on the database (usable without a feed, e.g. by the seeder). */
export async function notifyChange(db: Kysely<DatabaseSchema>, notice: ChangeNotice): Promise<void> {
  await sql`select pg_notify(${CHANGE_CHANNEL}, ${JSON.stringify(notice)})`.execute(db);
}

export function parseNotice(payload: string): ChangeNotice | undefined {
  try {
    const parsed: unknown = JSON.parse(payload);
    if (typeof parsed !== 'object' || parsed === null || !('collection' in parsed) || !('seq' in parsed)) return undefined;
    const { collection, seq } = parsed;
    if (!isSyncCollectionName(collection) || typeof seq !== 'number' || !Number.isSafeInteger(seq)) return undefined;
    return { collection, seq };
  } catch {
    return undefined;
  }
}
