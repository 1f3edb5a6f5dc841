/**
 * slaBreaches(): which targets were missed by a moment, the rule behind the server's `sla_breach`
 * timeline events. It must agree with the countdowns (slaStatus) and with the stamped due dates, over
 * random ticket histories: status changes (pauses), replies, customer messages, on 24/7 and office hours.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ticket, TicketStatus } from '../../../../src/shared/domain/ticket';
import { SLA_METRICS, type TimelineEntry } from '../../../../src/shared/domain/timeline';
import type { SlaSetup } from '../../../../src/shared/sla/policy';
import { slaBreaches, ticketSla, ticketSlaFields, ticketSlaStatuses, type TicketSla } from '../../../../src/shared/sla/ticket-sla';
import { saoPauloOffice } from './calendars';

const MINUTE = 60_000;
const T0 = Date.parse('2030-05-06T12:00:00.000Z'); // Monday 09:00 in São Paulo
const iso = (instant: number): string => new Date(instant).toISOString();

type Step =
  | { readonly kind: 'status'; readonly status: TicketStatus; readonly afterMinutes: number }
  | { readonly kind: 'agent_reply' | 'customer_message'; readonly afterMinutes: number };

const STATUSES: readonly TicketStatus[] = ['open', 'pending', 'on-hold', 'solved', 'closed'];
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('status' as const), status: fc.constantFrom(...STATUSES), afterMinutes: fc.integer({ min: 1, max: 240 }) }),
  fc.record({ kind: fc.constantFrom('agent_reply' as const, 'customer_message' as const), afterMinutes: fc.integer({ min: 1, max: 240 }) }),
);

const SETUPS: readonly SlaSetup[] = [
  { policyId: 'set_sla_24x7', target: { firstResponseMinutes: 60, nextResponseMinutes: 30, resolutionMinutes: 480 }, atRiskPercent: 75, calendar: undefined },
  { policyId: 'set_sla_office', target: { firstResponseMinutes: 120, nextResponseMinutes: 60, resolutionMinutes: 960 }, atRiskPercent: 80, calendar: saoPauloOffice() },
];

/** A ticket created at T0 and what happened to it, as the server would have recorded it. */
function history(steps: readonly Step[], setup: SlaSetup): { sla: TicketSla; end: number } {
  let at = T0;
  let status: TicketStatus = 'new';
  const entries: TimelineEntry[] = [];
  const entry = (kind: TimelineEntry['kind'], fields: Partial<TimelineEntry>): void => {
    entries.push({
      id: `tle_${String(entries.length).padStart(3, '0')}`,
      subjectType: 'ticket',
      subjectId: 'tkt_1',
      kind,
      occurredAt: iso(at),
      authorType: kind === 'customer_message' ? 'customer' : 'agent',
      recordedById: 'usr_ana',
      createdAt: iso(at),
      ...fields,
    });
  };
  for (const each of steps) {
    at += each.afterMinutes * MINUTE;
    if (each.kind !== 'status') entry(each.kind, { body: 'text', channel: 'email' });
    else if (each.status !== status) {
      entry('status_change', { fromValue: status, toValue: each.status });
      status = each.status;
    }
  }
  const ticket: Ticket = { id: 'tkt_1', subject: 'Printer jams', status, priority: 'normal', channel: 'email', tier: 'L1', customerId: 'cus_1', tags: [], createdAt: iso(T0), updatedAt: iso(at) };
  return { sla: ticketSla(ticket, entries, setup), end: at };
}

const scenario = fc.record({ steps: fc.array(step, { maxLength: 14 }), setup: fc.constantFrom(...SETUPS), laterMinutes: fc.integer({ min: 0, max: 7 * 24 * 60 }) });

describe('SLA breaches over random ticket histories', () => {
  it('are exactly the metrics the countdowns show as breached, at any moment', () => {
    fc.assert(
      fc.property(scenario, ({ steps, setup, laterMinutes }) => {
        const { sla, end } = history(steps, setup);
        for (const until of [T0, end, end + laterMinutes * MINUTE]) {
          const statuses = ticketSlaStatuses(sla, until);
          const breached = SLA_METRICS.filter((metric) => statuses[metric].breached);
          expect(slaBreaches(sla, until).map((breach) => breach.metric)).toEqual(breached);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('only grow with time, and keep their due time and cycle once missed', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 3 * 24 * 60 }), ({ steps, setup, laterMinutes }, moreMinutes) => {
        const { sla, end } = history(steps, setup);
        const earlier = slaBreaches(sla, end + laterMinutes * MINUTE);
        const later = slaBreaches(sla, end + (laterMinutes + moreMinutes) * MINUTE);
        for (const breach of earlier) expect(later).toContainEqual(breach);
        for (const breach of later) expect(breach.dueAt).toBeGreaterThanOrEqual(breach.cycleStartedAt);
      }),
      { numRuns: 150 },
    );
  });

  it('include every stamped due date that has passed, and none that has not', () => {
    fc.assert(
      fc.property(scenario, ({ steps, setup, laterMinutes }) => {
        const { sla, end } = history(steps, setup);
        const until = end + laterMinutes * MINUTE;
        const fields = ticketSlaFields(sla);
        const stamped = { first_response: fields.firstResponseDueAt, next_response: fields.nextResponseDueAt, resolution: fields.resolutionDueAt };
        const breached = new Set(slaBreaches(sla, until).map((breach) => breach.metric));
        for (const metric of SLA_METRICS) {
          const due = stamped[metric];
          if (due === undefined) continue;
          expect(breached.has(metric), `${metric} due ${due}, at ${iso(until)}`).toBe(Date.parse(due) < until);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a late reply still leaves the first-response breach, with the due time it missed', () => {
    const setup = SETUPS[0];
    if (setup === undefined) throw new Error('no setup');
    const { sla } = history([{ kind: 'agent_reply', afterMinutes: 90 }], setup);
    expect(slaBreaches(sla, T0 + 100 * MINUTE)).toEqual([{ metric: 'first_response', cycleStartedAt: T0, dueAt: T0 + 60 * MINUTE }]);
    // Before the target passed there is nothing, whatever came later.
    expect(slaBreaches(sla, T0 + 60 * MINUTE)).toEqual([]);
  });
});
