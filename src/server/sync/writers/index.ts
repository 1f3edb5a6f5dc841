import type { SyncCollectionName } from '../../../shared/sync/collections';
import { syncAccountFromProfile } from '../../auth/user-profiles';
import { appendArticleVersion } from './article-versions';
import type { DerivedWriter, WritePreparer } from './derived-write';
import { prepareTicketWrite, queueSlaRecomputeOnSegment, queueSlaRecomputeOnSettings, restampSlaOfEntryTicket } from './ticket-sla';
import { recordTicketMerge } from './ticket-merge';

/** What completes an accepted write before it is stored, per collection (see derived-write.ts). */
export const WRITE_PREPARERS: Partial<Readonly<Record<SyncCollectionName, WritePreparer>>> = {
  // Status events and SLA fields together, so the ticket is stored once.
  tickets: prepareTicketWrite,
};

/** What the server writes after accepting a pushed write, per collection (see derived-write.ts). */
export const DERIVED_WRITERS: Partial<Readonly<Record<SyncCollectionName, DerivedWriter>>> = {
  // A merge's event on the surviving ticket, and the refusal of a merge that would close a loop.
  tickets: recordTicketMerge,
  timeline: restampSlaOfEntryTicket,
  articles: appendArticleVersion,
  users: syncAccountFromProfile,
  settings: queueSlaRecomputeOnSettings,
  // Segment changes move the customer's tickets to another SLA policy.
  customers: queueSlaRecomputeOnSegment,
};
