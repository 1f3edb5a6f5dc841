/**
 * Timeline events for accepted ticket changes: status, priority, assignee, group, tier and merge.
 * Written only here, from what the server actually stored, so the history never shows a change that
 * lost a conflict or was refused. One entry per changed field, authored by the user whose push it was.
 */
import type { Ticket } from '../../../shared/domain/ticket';
import { TICKET_CHANGE_EVENTS, type TimelineEntry } from '../../../shared/domain/timeline';
import { jsonEqual } from '../../../shared/util/deep-equal';
import type { ChangeNotice } from '../../changes/change-feed';
import { writeServerDocument, type DerivedWriter } from './derived-write';

/** The id of the event for `field` of the ticket write with change sequence `seq` (deterministic, unique). */
export function ticketEventId(seq: number, field: keyof typeof TICKET_CHANGE_EVENTS): string {
  return `tle_${String(seq)}_${field}`;
}

export const appendTicketEvents: DerivedWriter = async ({ trx, actor, now, before, after, seq }) => {
  // A new ticket has no history to record: its creation is the ticket itself.
  if (before === undefined) return [];
  const ticket = after.entity as unknown as Ticket;
  const notices: ChangeNotice[] = [];
  for (const [field, kind] of Object.entries(TICKET_CHANGE_EVENTS) as [keyof typeof TICKET_CHANGE_EVENTS, TimelineEntry['kind']][]) {
    const from = before.entity[field];
    const to = after.entity[field];
    if (jsonEqual(from, to)) continue;
    // A merge event names its target; clearing mergedIntoId (an unmerge) is not a merge.
    if (kind === 'merge' && typeof to !== 'string') continue;
    const entry: TimelineEntry = {
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
    };
    notices.push(...(await writeServerDocument(trx, 'timeline', entry as unknown as Record<string, unknown>, now)));
  }
  return notices;
};
