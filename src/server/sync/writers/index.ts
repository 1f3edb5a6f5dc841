import type { SyncCollectionName } from '../../../shared/sync/collections';
import { syncAccountFromProfile } from '../../auth/user-profiles';
import { appendArticleVersion } from './article-versions';
import { inOrder, type DerivedWriter } from './derived-write';
import { appendTicketEvents } from './ticket-events';
import { restampSlaOfEntryTicket, restampSlaOfWrittenTicket } from './ticket-sla';

/** What the server writes after accepting a pushed write, per collection (see derived-write.ts). */
export const DERIVED_WRITERS: Partial<Readonly<Record<SyncCollectionName, DerivedWriter>>> = {
  // The SLA clock reads the status events, so they are appended first.
  tickets: inOrder(appendTicketEvents, restampSlaOfWrittenTicket),
  timeline: restampSlaOfEntryTicket,
  articles: appendArticleVersion,
  users: syncAccountFromProfile,
};
