/**
 * Reads what distribution needs from the replicated documents: a queue (settings kind `queue`) and an
 * agent's profile (users). Read when a caller joins or an agent registers, so an admin's change takes
 * effect with the next call or registration (the list of queues: with the next supervisor who opens the board).
 */
import { sql } from 'kysely';
import type { SettingsDocument } from '../../shared/domain/settings';
import type { UserProfile } from '../../shared/domain/user';
import { readDocument, type Db } from '../documents/document-store';
import { queueRouteFrom, routingProfileFrom, type QueueRoute, type RoutingProfile } from './routing';

export interface VoiceDirectory {
  /** The queue, when it exists, is enabled and not deleted. */
  queue(queueId: string): Promise<QueueRoute | undefined>;
  /** Every enabled, not deleted queue. */
  queues(): Promise<QueueRoute[]>;
  /** The user's profile, when it exists and the user is active. */
  profile(userId: string): Promise<RoutingProfile | undefined>;
}

export function createVoiceDirectory(db: Db): VoiceDirectory {
  return {
    async queue(queueId) {
      const stored = await readDocument(db, 'settings', queueId);
      if (stored === undefined || stored.deleted) return undefined;
      const settings = stored.data as unknown as SettingsDocument;
      return settings.kind === 'queue' && settings.enabled ? queueRouteFrom(settings) : undefined;
    },
    async queues() {
      const rows = await db
        .selectFrom('documents')
        .select('data')
        .where('collection', '=', 'settings')
        .where('deleted', '=', false)
        .where(sql<string>`data->>'kind'`, '=', 'queue')
        .execute();
      return rows
        .map((row) => row.data as unknown as SettingsDocument)
        .flatMap((settings) => (settings.kind === 'queue' && settings.enabled ? [queueRouteFrom(settings)] : []));
    },
    async profile(userId) {
      const stored = await readDocument(db, 'users', userId);
      if (stored === undefined || stored.deleted) return undefined;
      const profile = stored.data as unknown as UserProfile;
      return profile.active ? routingProfileFrom(profile) : undefined;
    },
  };
}
