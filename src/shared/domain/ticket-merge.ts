/**
 * Merging a duplicate ticket (the source) into the ticket that stays (the target, the survivor).
 * Offline-first like the customer merge (customer-merge.ts): two ordinary local writes that replicate
 * like any edit —
 *
 * 1. the target absorbs what the source adds (`planTicketMerge`): every tag and related ticket of
 *    either, the higher priority, and the customer — the same one, or the one the user chose when the
 *    two tickets belong to different customers;
 * 2. the source is closed with `mergedIntoId` = the target (last, so an interrupted merge leaves it open
 *    and merging again finishes the job: the plan is idempotent).
 *
 * Timeline entries are append-only (and the source's SLA clock reads its own), so they are never
 * re-pointed: the target's history reads its own entries together with those of every ticket merged
 * into it (`ticketIdsMergedInto`), each marked with the ticket it came from. The server records a
 * `merge` event on both tickets when it accepts the source's write (src/server/sync/writers/ticket-events.ts)
 * and refuses a merge that would close a loop of merged tickets (`mergeWouldLoop`).
 */
import { withoutFields } from './customer-fields';
import { idsMergedInto, type MergeLink } from './merge-chain';
import { ticketSchemaV2, type Ticket, type TicketPriority } from './ticket';

const TAGS_MAX = ticketSchemaV2.properties['tags']?.maxItems ?? 50;
const RELATED_MAX = ticketSchemaV2.properties['relatedTicketIds']?.maxItems ?? 50;
const PRIORITY_RANK: Readonly<Record<TicketPriority, number>> = { low: 0, normal: 1, high: 2, urgent: 3 };

/** Why a ticket cannot be merged into another. The size limits are the schema's: refusing beats dropping data. */
export const TICKET_MERGE_PROBLEMS = [
  'same_ticket',
  /** The source already lives on in another ticket. */
  'source_merged',
  /** The chosen target was itself merged: merge into the ticket it lives on in. */
  'target_merged',
  /** Closed tickets take nothing in; reopen the target first. */
  'target_closed',
  /** The tickets belong to different customers and nobody chose which one the survivor keeps. */
  'customer_choice_required',
  /** The chosen customer is neither ticket's. */
  'customer_not_involved',
  'too_many_tags',
  'too_many_related',
] as const;
export type TicketMergeProblem = (typeof TICKET_MERGE_PROBLEMS)[number];

export interface TicketMergeChoice {
  /** When the customers differ: the customer the surviving ticket keeps (either ticket's). */
  readonly customerId?: string;
}

export interface TicketMergePlan {
  /** The target after absorbing the source. */
  readonly survivor: Ticket;
  /** The source after the merge: closed, living on in the survivor. */
  readonly merged: Ticket;
  /** Tags and related tickets the survivor gains (for the confirmation). */
  readonly addedTags: readonly string[];
  readonly addedRelatedTicketIds: readonly string[];
  /** The survivor takes the source's higher priority. */
  readonly priorityRaised: boolean;
  /** The survivor moves to the source's customer (the user's choice). */
  readonly customerChanged: boolean;
}

export type TicketMergeResult = { readonly ok: true; readonly plan: TicketMergePlan } | { readonly ok: false; readonly problem: TicketMergeProblem };

/** Whether the two tickets need the user to choose the survivor's customer. */
export function needsCustomerChoice(source: Pick<Ticket, 'customerId'>, target: Pick<Ticket, 'customerId'>): boolean {
  return source.customerId !== target.customerId;
}

/** What merging `source` into `target` writes, or why it cannot be done. */
export function planTicketMerge(source: Ticket, target: Ticket, choice: TicketMergeChoice = {}): TicketMergeResult {
  if (source.id === target.id) return { ok: false, problem: 'same_ticket' };
  if (source.mergedIntoId !== undefined) return { ok: false, problem: 'source_merged' };
  if (target.mergedIntoId !== undefined) return { ok: false, problem: 'target_merged' };
  if (target.status === 'closed') return { ok: false, problem: 'target_closed' };

  let customerId = target.customerId;
  if (needsCustomerChoice(source, target)) {
    if (choice.customerId === undefined) return { ok: false, problem: 'customer_choice_required' };
    if (choice.customerId !== source.customerId && choice.customerId !== target.customerId) return { ok: false, problem: 'customer_not_involved' };
    customerId = choice.customerId;
  }

  const addedTags = [...new Set(source.tags)].filter((tag) => !target.tags.includes(tag));
  const tags = [...target.tags, ...addedTags];
  if (tags.length > TAGS_MAX) return { ok: false, problem: 'too_many_tags' };

  // The two tickets are linked by mergedIntoId, not as "related".
  const linked = new Set([source.id, target.id]);
  const targetRelated = (target.relatedTicketIds ?? []).filter((id) => !linked.has(id));
  const addedRelatedTicketIds = [...new Set(source.relatedTicketIds ?? [])].filter((id) => !linked.has(id) && !targetRelated.includes(id));
  const relatedTicketIds = [...targetRelated, ...addedRelatedTicketIds];
  if (relatedTicketIds.length > RELATED_MAX) return { ok: false, problem: 'too_many_related' };

  const priorityRaised = PRIORITY_RANK[source.priority] > PRIORITY_RANK[target.priority];
  const survivor: Ticket = {
    ...withoutFields(target, ['relatedTicketIds']),
    ...(relatedTicketIds.length === 0 ? {} : { relatedTicketIds }),
    tags,
    priority: priorityRaised ? source.priority : target.priority,
    customerId,
  };
  const merged: Ticket = { ...source, status: 'closed', mergedIntoId: target.id };
  return {
    ok: true,
    plan: { survivor, merged, addedTags, addedRelatedTicketIds, priorityRaised, customerChanged: customerId !== target.customerId },
  };
}

/**
 * The ids whose timeline belongs on this ticket's page: itself and every ticket merged into it,
 * directly or through a chain. Loop-safe.
 */
export function ticketIdsMergedInto(ticketId: string, tickets: Iterable<MergeLink>): string[] {
  return idsMergedInto(ticketId, tickets);
}

/** Rules the schema cannot state, for the server on every push (as `validation_failed`) and the UI. */
export function ticketMergeFieldProblems(ticket: Pick<Ticket, 'id' | 'mergedIntoId'>): string[] {
  return ticket.mergedIntoId === ticket.id ? ['a ticket cannot be merged into itself'] : [];
}
