/**
 * The SLA of one ticket in one call, for the two places that need it: the server stamping the
 * server-owned SLA fields on every change, and the UI showing live countdowns (offline too) with the
 * same rules. Both pass the ticket, its timeline entries and the SlaSetup from slaSetupFor().
 */
import { slaAtRiskAt } from '../domain/queue-sla';
import type { Ticket, TICKET_SLA_FIELDS, TicketStatus } from '../domain/ticket';
import { SLA_METRICS, type SlaMetric } from '../domain/timeline';
import { ticketSlaClocks, type MetricClock, type TicketSlaClocks } from './clock';
import type { SlaSetup } from './policy';
import { slaStatus, type SlaMetricStatus } from './status';
import { slaFactsOf, type HistoryEntry, type HistoryTicket, type SlaFacts } from './ticket-history';

export type TicketSlaFields = Partial<Pick<Ticket, (typeof TICKET_SLA_FIELDS)[number]>>;

export interface TicketSla {
  readonly facts: SlaFacts;
  readonly clocks: TicketSlaClocks;
  /** The ticket's status and policy, which decide when its due dates turn at risk. */
  readonly status: TicketStatus;
  readonly setup: SlaSetup | undefined;
}

export function ticketSla(ticket: HistoryTicket, entries: readonly HistoryEntry[], setup: SlaSetup | undefined): TicketSla {
  const facts = slaFactsOf(ticket, entries);
  return { facts, clocks: ticketSlaClocks(facts, setup), status: ticket.status, setup };
}

const iso = (instant: number | undefined): string | undefined => (instant === undefined ? undefined : new Date(instant).toISOString());

/** A due date is stamped while the metric is outstanding: not met and the ticket not finished. */
const outstandingDue = (clock: MetricClock | undefined): string | undefined =>
  clock === undefined || clock.metAt !== undefined || clock.finished ? undefined : iso(clock.dueAt);

/**
 * The server-owned SLA fields; a field left out is absent on the ticket. Due dates are stamped while
 * outstanding (a paused metric that has not reached its target has none), with `slaAtRiskAt`, the
 * earliest instant one of them turns at risk by the countdown's own rule (queue-sla.ts); the
 * timestamps come from the timeline and the status history whether or not a policy applies.
 */
export function ticketSlaFields({ facts, clocks, status, setup }: TicketSla): TicketSlaFields {
  const due = {
    firstResponseDueAt: outstandingDue(clocks.first_response),
    nextResponseDueAt: outstandingDue(clocks.next_response),
    resolutionDueAt: outstandingDue(clocks.resolution),
  };
  const fields: Record<string, string | undefined> = {
    ...due,
    slaAtRiskAt: slaAtRiskAt({ status, ...due }, setup),
    firstRespondedAt: iso(facts.agentReplies[0]),
    solvedAt: iso(facts.solvedAt),
    lastCustomerMessageAt: iso(facts.customerMessages.at(-1)),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

export interface SlaBreach {
  readonly metric: SlaMetric;
  /** When the metric's cycle started (creation; for next response, the customer's message): one breach per cycle. */
  readonly cycleStartedAt: number;
  /** When the target was missed (epoch ms). */
  readonly dueAt: number;
}

/**
 * The metrics whose target was missed before `until` (epoch ms): the due time passed unmet, whether
 * the metric was later met (a late reply or solve), paused or left unmet when the ticket was
 * finished. The same rule as `breached` in slaStatus(), so the timeline's breach events and the
 * countdowns agree.
 */
export function slaBreaches({ clocks }: TicketSla, until: number): SlaBreach[] {
  const breaches: SlaBreach[] = [];
  for (const metric of SLA_METRICS) {
    const clock = clocks[metric];
    if (clock?.dueAt === undefined || clock.dueAt >= Math.min(until, clock.metAt ?? Infinity)) continue;
    breaches.push({ metric, cycleStartedAt: clock.startedAt, dueAt: clock.dueAt });
  }
  return breaches;
}

/** Every metric's state at `now`. */
export function ticketSlaStatuses({ clocks }: TicketSla, now: Date | number): Readonly<Record<SlaMetric, SlaMetricStatus>> {
  return Object.fromEntries(SLA_METRICS.map((metric) => [metric, slaStatus(metric, clocks[metric], now)])) as Record<SlaMetric, SlaMetricStatus>;
}
