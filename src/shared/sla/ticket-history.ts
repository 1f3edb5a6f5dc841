/**
 * What the SLA clock needs to know about a ticket, read from its timeline: the statuses it went
 * through and when, the customer's messages and the agents' replies.
 *
 * Times are the entries' `createdAt`, when the server accepted them, not `occurredAt` (the writer's
 * clock): an offline reply has not reached the customer until it syncs, and no client clock can move
 * an SLA. Status history comes from the server's `status_change` events.
 */
import { TICKET_STATUSES, type Ticket, type TicketStatus } from '../domain/ticket';
import type { TimelineEntry } from '../domain/timeline';

/** The ticket had `status` from `from` until `to` (epoch ms); the last period has no end. */
export interface StatusPeriod {
  readonly status: TicketStatus;
  readonly from: number;
  readonly to?: number;
}

export interface SlaFacts {
  readonly createdAt: number;
  /** Contiguous, from createdAt; the last one is the current status. */
  readonly statusPeriods: readonly StatusPeriod[];
  /** Ascending. */
  readonly customerMessages: readonly number[];
  /** Ascending. */
  readonly agentReplies: readonly number[];
  /** When the ticket last became solved or closed, if it is now. */
  readonly solvedAt?: number;
}

export type HistoryTicket = Pick<Ticket, 'id' | 'status' | 'createdAt' | 'updatedAt'>;
export type HistoryEntry = Pick<TimelineEntry, 'id' | 'subjectType' | 'subjectId' | 'kind' | 'createdAt' | 'toValue' | 'fromValue'>;

export const FINISHED_STATUSES: readonly TicketStatus[] = ['solved', 'closed'];

const asStatus = (value: string | undefined): TicketStatus | undefined =>
  (TICKET_STATUSES as readonly (string | undefined)[]).includes(value) ? (value as TicketStatus) : undefined;

const timeOf = (entry: HistoryEntry): number => Date.parse(entry.createdAt);

function byTimeThenId(a: HistoryEntry, b: HistoryEntry): number {
  return timeOf(a) - timeOf(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The status periods from the status events. The status at creation is the first event's `fromValue`
 * (the ticket's current status when there are none). If the ticket's status is ahead of the events
 * (a local change not yet synced), the change is taken to have happened at its `updatedAt`.
 */
function statusPeriodsOf(ticket: HistoryTicket, createdAt: number, events: readonly HistoryEntry[]): StatusPeriod[] {
  const changes = events.map((event) => ({ at: Math.max(timeOf(event), createdAt), status: asStatus(event.toValue) }));
  const initial = events.length === 0 ? ticket.status : (asStatus(events[0]?.fromValue) ?? 'new');
  const periods: { status: TicketStatus; from: number }[] = [{ status: initial, from: createdAt }];
  const append = (status: TicketStatus, at: number): void => {
    const last = periods.at(-1);
    if (last?.status === status) return;
    if (last?.from === at) periods.pop();
    if (periods.at(-1)?.status !== status) periods.push({ status, from: at });
  };
  for (const change of changes) if (change.status !== undefined) append(change.status, change.at);
  const lastFrom = periods.at(-1)?.from ?? createdAt;
  append(ticket.status, Math.max(Date.parse(ticket.updatedAt), lastFrom));
  return periods.map((period, index) => {
    const next = periods[index + 1];
    return next === undefined ? period : { ...period, to: next.from };
  });
}

function solvedAtOf(periods: readonly StatusPeriod[]): number | undefined {
  let since: number | undefined;
  for (const period of periods) {
    if (!FINISHED_STATUSES.includes(period.status)) since = undefined;
    else since ??= period.from;
  }
  return since;
}

/** The SLA facts of `ticket` from its timeline (entries about other subjects are ignored). */
export function slaFactsOf(ticket: HistoryTicket, entries: readonly HistoryEntry[]): SlaFacts {
  const createdAt = Date.parse(ticket.createdAt);
  const own = entries.filter((entry) => entry.subjectType === 'ticket' && entry.subjectId === ticket.id).sort(byTimeThenId);
  const timesOf = (kind: TimelineEntry['kind']): number[] => own.filter((entry) => entry.kind === kind).map(timeOf);
  const statusPeriods = statusPeriodsOf(ticket, createdAt, own.filter((entry) => entry.kind === 'status_change'));
  const solvedAt = solvedAtOf(statusPeriods);
  return {
    createdAt,
    statusPeriods,
    customerMessages: timesOf('customer_message'),
    agentReplies: timesOf('agent_reply'),
    ...(solvedAt === undefined ? {} : { solvedAt }),
  };
}
