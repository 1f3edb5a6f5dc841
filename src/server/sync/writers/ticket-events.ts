/**
 * Timeline events for accepted ticket changes: status, priority, assignee, group, tier and merge.
 * Written only by the server, from what it actually stores, so the history never shows a change that
 * lost a conflict or was refused. One entry per changed field, authored by the user whose push it was.
 */
import type { Ticket } from '../../../shared/domain/ticket';
import { TICKET_CHANGE_EVENTS, type TimelineEntry } from '../../../shared/domain/timeline';
import { jsonEqual } from '../../../shared/util/deep-equal';
import type { DerivedWriteContext } from './derived-write';

/** The id of the event for `field` of the ticket write with change sequence `seq` (deterministic, unique). */
export function ticketEventId(seq: number, field: keyof typeof TICKET_CHANGE_EVENTS): string {
  return `tle_${String(seq)}_${field}`;
}

/** The events of one accepted ticket write (none for an insert: a new ticket's creation is the ticket itself). */
export function ticketChangeEvents({ actor, now, before, after, seq }: Omit<DerivedWriteContext, 'trx' | 'reads'>): TimelineEntry[] {
  if (before === undefined) return [];
  const ticket = after.entity as unknown as Ticket;
  const events: TimelineEntry[] = [];
  for (const [field, kind] of Object.entries(TICKET_CHANGE_EVENTS) as [keyof typeof TICKET_CHANGE_EVENTS, TimelineEntry['kind']][]) {
    const from = before.entity[field];
    const to = after.entity[field];
    if (jsonEqual(from, to)) continue;
    // A merge event names its target; clearing mergedIntoId (an unmerge) is not a merge.
    if (kind === 'merge' && typeof to !== 'string') continue;
    events.push({
      id: ticketEventId(seq, field),
      subjectType: 'ticket',
      subjectId: ticket.id,
      kind,
      occurredAt: now.toISOString(),
      authorType: 'agent',
      authorId: actor.id,
      customerId: ticket.customerId,
      ...(typeof from === 'string' ? { fromValue: from } : {}),
      ...(typeof to === 'string' ? { toValue: to } : {}),
      recordedById: actor.id,
      createdAt: now.toISOString(),
    });
  }
  return events;
}
