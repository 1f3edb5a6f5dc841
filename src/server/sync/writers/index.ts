import type { SyncCollectionName } from '../../../shared/sync/collections';
import { syncAccountFromProfile } from '../../auth/user-profiles';
import { appendArticleVersion } from './article-versions';
import type { DerivedWriter } from './derived-write';
import { appendTicketEvents } from './ticket-events';

/** What the server writes after accepting a pushed write, per collection (see derived-write.ts). */
export const DERIVED_WRITERS: Partial<Readonly<Record<SyncCollectionName, DerivedWriter>>> = {
  tickets: appendTicketEvents,
  articles: appendArticleVersion,
  users: syncAccountFromProfile,
};
