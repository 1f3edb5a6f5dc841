import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SettingsDocument, SettingsOfKind, SlaPolicy } from '../../../../src/shared/domain/settings';
import { TICKET_STATUSES, type Ticket, type TicketStatus } from '../../../../src/shared/domain/ticket';
import type { TimelineEntry } from '../../../../src/shared/domain/timeline';
import { slaSetupFor, type SlaSetup } from '../../../../src/shared/sla/policy';
import { ticketSla, ticketSlaFields, ticketSlaStatuses } from '../../../../src/shared/sla/ticket-sla';
import { calendar, saoPauloOffice } from './calendars';

const MINUTE = 60_000;
const T0 = Date.parse('2030-05-06T12:00:00.000Z'); // Monday 09:00 in São Paulo
const iso = (instant: number): string => new Date(instant).toISOString();
const minutesAfter = (minutes: number): string => iso(T0 + minutes * MINUTE);

function ticket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: 'tkt_1',
    subject: 'Printer jams',
    status: 'open',
    priority: 'high',
    channel: 'email',
    tier: 'L1',
    customerId: 'cus_1',
    tags: [],
    createdAt: iso(T0),
    updatedAt: iso(T0),
    ...overrides,
  };
}

let entryCount = 0;
function entry(kind: TimelineEntry['kind'], at: string, fields: Partial<TimelineEntry> = {}): TimelineEntry {
  entryCount += 1;
  return {
    id: `tle_${String(entryCount).padStart(4, '0')}`,
    subjectType: 'ticket',
    subjectId: 'tkt_1',
    kind,
    occurredAt: at,
    authorType: kind === 'customer_message' ? 'customer' : 'agent',
    recordedById: 'usr_ana',
    createdAt: at,
    ...fields,
  };
}
const statusChange = (from: TicketStatus, to: TicketStatus, at: string): TimelineEntry => entry('status_change', at, { fromValue: from, toValue: to });

const setup = (overrides: Partial<SlaSetup> = {}): SlaSetup => ({
  policyId: 'set_sla',
  target: { firstResponseMinutes: 60, nextResponseMinutes: 30, resolutionMinutes: 480 },
  atRiskPercent: 75,
  calendar: undefined,
  ...overrides,
});

describe('choosing the SLA of a ticket', () => {
  const policy = (id: string, rank: number, fields: Partial<SlaPolicy> = {}, enabled = true): SettingsOfKind<'slaPolicy'> => ({
    id,
    kind: 'slaPolicy',
    name: id,
    enabled,
    slaPolicy: {
      rank,
      match: {},
      targets: {
        low: { firstResponseMinutes: 480, resolutionMinutes: 4800 },
        normal: { firstResponseMinutes: 240, resolutionMinutes: 2400 },
        high: { firstResponseMinutes: 60, resolutionMinutes: 960 },
        urgent: { firstResponseMinutes: 15, resolutionMinutes: 240 },
      },
      atRiskPercent: 80,
      ...fields,
    },
    createdAt: iso(T0),
    updatedAt: iso(T0),
  });
  const office: SettingsOfKind<'businessCalendar'> = {
    id: 'set_cal',
    kind: 'businessCalendar',
    name: 'Office',
    enabled: false,
    businessCalendar: saoPauloOffice(),
    createdAt: iso(T0),
    updatedAt: iso(T0),
  };
  const settings: SettingsDocument[] = [
    policy('set_standard', 10, { calendarId: 'set_cal' }),
    policy('set_vip', 1, { match: { segments: ['vip'] } }),
    policy('set_pinned', 50, {}, true),
    policy('set_off', 0, {}, false),
    policy('set_gone_calendar', 5, { match: { channels: ['chat'] }, calendarId: 'set_deleted' }),
    office,
  ];

  it('takes the target for the priority, the lowest-rank enabled match, a pinned policy first, and the named calendar', () => {
    expect(slaSetupFor(ticket(), undefined, settings)).toEqual({
      policyId: 'set_standard',
      target: { firstResponseMinutes: 60, resolutionMinutes: 960 },
      atRiskPercent: 80,
      calendar: office.businessCalendar,
    });
    expect(slaSetupFor(ticket({ priority: 'urgent' }), 'vip', settings)).toMatchObject({ policyId: 'set_vip', target: { firstResponseMinutes: 15 }, calendar: undefined });
    expect(slaSetupFor(ticket({ slaPolicyId: 'set_pinned' }), 'vip', settings)?.policyId).toBe('set_pinned');
    // A pinned policy that is disabled falls back to matching.
    expect(slaSetupFor(ticket({ slaPolicyId: 'set_off' }), undefined, settings)?.policyId).toBe('set_standard');
    // A calendar that no longer exists leaves the policy on 24/7.
    expect(slaSetupFor(ticket({ channel: 'chat' }), undefined, settings)).toMatchObject({ policyId: 'set_gone_calendar', calendar: undefined });
    expect(slaSetupFor(ticket(), undefined, [office])).toBeUndefined();
  });
});

describe('the SLA clock of a ticket', () => {
  it('counts first response and resolution from creation, 24/7, with at-risk and breach', () => {
    const sla = ticketSla(ticket(), [], setup());
    // At risk in the last quarter of a target: first response's 15 minutes come first.
    expect(ticketSlaFields(sla)).toEqual({ firstResponseDueAt: minutesAfter(60), resolutionDueAt: minutesAfter(480), slaAtRiskAt: minutesAfter(45) });
    const at = (minutes: number) => ticketSlaStatuses(sla, T0 + minutes * MINUTE);
    expect(at(10).first_response).toMatchObject({ state: 'ok', breached: false, elapsedBusinessMinutes: 10, remainingBusinessMinutes: 50 });
    expect(at(45).first_response.state).toBe('at_risk');
    expect(at(60).first_response.state).toBe('at_risk');
    expect(at(61).first_response).toMatchObject({ state: 'breached', breached: true, remainingBusinessMinutes: -1, dueAt: minutesAfter(60) });
    expect(at(61).resolution.state).toBe('ok');
    expect(at(61).next_response.state).toBe('none');
  });

  it('runs on the business calendar: created Friday 17:00, first response due Monday 09:00 + the rest', () => {
    const friday = Date.parse('2030-05-10T20:00:00.000Z'); // 17:00 local
    const sla = ticketSla(ticket({ createdAt: iso(friday), updatedAt: iso(friday) }), [], setup({ calendar: saoPauloOffice() }));
    // 60 business minutes: Friday 17:00–18:00. Resolution 480: 60 on Friday, then Monday 09:00–12:00, 13:00–17:00.
    // At risk 15 business minutes before first response is due: Friday 17:45 local.
    expect(ticketSlaFields(sla)).toEqual({ firstResponseDueAt: '2030-05-10T21:00:00.000Z', resolutionDueAt: '2030-05-13T20:00:00.000Z', slaAtRiskAt: '2030-05-10T20:45:00.000Z' });
    // Over the weekend the clock does not move.
    expect(ticketSlaStatuses(sla, Date.parse('2030-05-12T15:00:00.000Z')).resolution).toMatchObject({ state: 'ok', elapsedBusinessMinutes: 60 });
  });

  it('meets first response with the first agent reply, and stamps the timeline facts', () => {
    const entries = [
      entry('customer_message', minutesAfter(0)),
      entry('internal_note', minutesAfter(10), { body: 'checking' }),
      entry('agent_reply', minutesAfter(20)),
      entry('agent_reply', minutesAfter(25)),
    ];
    const sla = ticketSla(ticket(), entries, setup());
    expect(ticketSlaFields(sla)).toEqual({
      resolutionDueAt: minutesAfter(480),
      slaAtRiskAt: minutesAfter(360),
      firstRespondedAt: minutesAfter(20),
      lastCustomerMessageAt: minutesAfter(0),
    });
    expect(ticketSlaStatuses(sla, T0 + 100 * MINUTE).first_response).toMatchObject({ state: 'met', breached: false, metAt: minutesAfter(20), elapsedBusinessMinutes: 20 });
  });

  it('a late first reply is met but breached', () => {
    const sla = ticketSla(ticket(), [entry('agent_reply', minutesAfter(90))], setup());
    expect(ticketSlaStatuses(sla, T0 + 100 * MINUTE).first_response).toMatchObject({ state: 'met', breached: true, remainingBusinessMinutes: -30 });
  });

  it('starts a next-response cycle with the first customer message after a reply', () => {
    const entries = [
      entry('agent_reply', minutesAfter(5)),
      entry('customer_message', minutesAfter(40)),
      entry('customer_message', minutesAfter(50)),
    ];
    const sla = ticketSla(ticket(), entries, setup());
    expect(ticketSlaFields(sla).nextResponseDueAt).toBe(minutesAfter(70));
    expect(ticketSlaStatuses(sla, T0 + 71 * MINUTE).next_response.state).toBe('breached');
    const answered = ticketSla(ticket(), [...entries, entry('agent_reply', minutesAfter(60))], setup());
    expect(ticketSlaFields(answered).nextResponseDueAt).toBeUndefined();
    expect(ticketSlaStatuses(answered, T0 + 71 * MINUTE).next_response).toMatchObject({ state: 'met', breached: false, metAt: minutesAfter(60) });
    // No nextResponseMinutes in the policy: not measured.
    const unmeasured = ticketSla(ticket(), entries, setup({ target: { firstResponseMinutes: 60, resolutionMinutes: 480 } }));
    expect(ticketSlaStatuses(unmeasured, T0).next_response.state).toBe('none');
  });

  it('pauses while pending (all metrics) and on-hold (resolution only), and resumes where it stopped', () => {
    const entries = [
      statusChange('open', 'pending', minutesAfter(30)),
      statusChange('pending', 'open', minutesAfter(130)),
      statusChange('open', 'on-hold', minutesAfter(140)),
    ];
    const onHold = ticketSla(ticket({ status: 'on-hold' }), entries, setup());
    // First response: 30 before pending + 30 after → due 100 minutes of pause later, at 160.
    expect(ticketSlaFields(onHold)).toEqual({ firstResponseDueAt: minutesAfter(160), slaAtRiskAt: minutesAfter(145) });
    expect(ticketSlaStatuses(onHold, T0 + 150 * MINUTE).resolution).toMatchObject({ state: 'paused', elapsedBusinessMinutes: 40, remainingBusinessMinutes: 440 });
    expect(ticketSlaStatuses(onHold, T0 + 150 * MINUTE).first_response).toMatchObject({ state: 'at_risk', elapsedBusinessMinutes: 50 });
    const resumed = ticketSla(ticket({ status: 'open' }), [...entries, statusChange('on-hold', 'open', minutesAfter(200))], setup());
    expect(ticketSlaFields(resumed).resolutionDueAt).toBe(minutesAfter(200 + 440));
  });

  it('solving meets resolution and stops the other clocks; reopening resumes them', () => {
    const solvedEntries = [entry('agent_reply', minutesAfter(10)), statusChange('open', 'solved', minutesAfter(100))];
    const solved = ticketSla(ticket({ status: 'solved' }), solvedEntries, setup());
    expect(ticketSlaFields(solved)).toEqual({ firstRespondedAt: minutesAfter(10), solvedAt: minutesAfter(100) });
    expect(ticketSlaStatuses(solved, T0 + 1000 * MINUTE).resolution).toMatchObject({ state: 'met', breached: false, elapsedBusinessMinutes: 100 });
    // Solved then closed keeps the time it was solved.
    const closed = ticketSla(ticket({ status: 'closed' }), [...solvedEntries, statusChange('solved', 'closed', minutesAfter(300))], setup());
    expect(ticketSlaFields(closed).solvedAt).toBe(minutesAfter(100));
    const reopened = ticketSla(ticket({ status: 'open' }), [...solvedEntries, statusChange('solved', 'open', minutesAfter(200))], setup());
    expect(ticketSlaFields(reopened)).toEqual({ firstRespondedAt: minutesAfter(10), resolutionDueAt: minutesAfter(200 + 380), slaAtRiskAt: minutesAfter(200 + 380 - 120) });
    // Solved without a reply: first response no longer counts down.
    expect(ticketSlaStatuses(ticketSla(ticket({ status: 'solved' }), [statusChange('open', 'solved', minutesAfter(5))], setup()), T0).first_response.state).toBe('none');
  });

  it('takes a local status change not yet on the timeline at the ticket’s updatedAt (offline)', () => {
    const sla = ticketSla(ticket({ status: 'pending', updatedAt: minutesAfter(20) }), [statusChange('new', 'open', minutesAfter(5))], setup());
    expect(ticketSlaStatuses(sla, T0 + 500 * MINUTE).resolution).toMatchObject({ state: 'paused', elapsedBusinessMinutes: 20 });
  });

  it('ignores entries of other tickets and has no clocks without a policy or with a closed calendar', () => {
    const other = entry('agent_reply', minutesAfter(1), { subjectId: 'tkt_2' });
    expect(ticketSlaFields(ticketSla(ticket(), [other], setup())).firstRespondedAt).toBeUndefined();
    expect(ticketSlaFields(ticketSla(ticket(), [entry('agent_reply', minutesAfter(1))], undefined))).toEqual({ firstRespondedAt: minutesAfter(1) });
    const closedCalendar = setup({ calendar: calendar('UTC', {}) });
    expect(ticketSlaStatuses(ticketSla(ticket(), [], closedCalendar), T0).resolution.state).toBe('none');
  });
});

describe('clock properties over random pause/resume sequences', () => {
  const statusStep = fc.record({ status: fc.constantFrom(...TICKET_STATUSES.filter((status) => status !== 'new')), afterMinutes: fc.integer({ min: 1, max: 300 }) });
  const PAUSED_FOR_RESOLUTION: readonly TicketStatus[] = ['pending', 'on-hold', 'solved', 'closed'];

  it('paused time never counts: elapsed resolution time is the time spent in counting statuses (24/7)', () => {
    fc.assert(
      fc.property(fc.array(statusStep, { maxLength: 12 }), fc.integer({ min: 0, max: 600 }), (steps, extra) => {
        let at = T0;
        let status: TicketStatus = 'new';
        let counted = 0;
        const entries: TimelineEntry[] = [];
        for (const step of steps) {
          if (!PAUSED_FOR_RESOLUTION.includes(status)) counted += step.afterMinutes;
          at += step.afterMinutes * MINUTE;
          if (step.status !== status) entries.push(statusChange(status, step.status, iso(at)));
          status = step.status;
        }
        const now = at + extra * MINUTE;
        if (!PAUSED_FOR_RESOLUTION.includes(status)) counted += extra;
        const sla = ticketSla(ticket({ status, updatedAt: iso(at) }), entries, setup({ target: { firstResponseMinutes: 60, resolutionMinutes: 100_000 } }));
        expect(ticketSlaStatuses(sla, now).resolution.elapsedBusinessMinutes).toBe(counted);
      }),
    );
  });

  it('a pause before the due time moves it by exactly the pause (24/7), and the state flips to breached right after it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 479 }), fc.integer({ min: 1, max: 5000 }), (pauseAt, pauseLength) => {
        const entries = [statusChange('open', 'pending', minutesAfter(pauseAt)), statusChange('pending', 'open', minutesAfter(pauseAt + pauseLength))];
        const sla = ticketSla(ticket(), entries, setup());
        const due = ticketSlaFields(sla).resolutionDueAt;
        expect(due).toBe(minutesAfter(480 + pauseLength));
        expect(ticketSlaStatuses(sla, Date.parse(due ?? '')).resolution).toMatchObject({ state: 'at_risk', remainingBusinessMinutes: 0 });
        expect(ticketSlaStatuses(sla, Date.parse(due ?? '') + 1).resolution.state).toBe('breached');
      }),
    );
  });

  it('on a business calendar the due time is where exactly the target has been counted', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 14 * 24 * 60 }), fc.integer({ min: 1, max: 3000 }), (createdAfter, minutes) => {
        const created = iso(T0 + createdAfter * MINUTE);
        const office = setup({ calendar: saoPauloOffice(['2030-05-14']), target: { firstResponseMinutes: minutes, resolutionMinutes: minutes } });
        const sla = ticketSla(ticket({ createdAt: created, updatedAt: created }), [], office);
        const due = Date.parse(ticketSlaFields(sla).firstResponseDueAt ?? '');
        expect(ticketSlaStatuses(sla, due).first_response.remainingBusinessMinutes).toBe(0);
      }),
      { numRuns: 60 },
    );
  });
});
