/** Countdown states from the stamped due dates: what the queue's SLA badges show, on a business calendar too. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AT_RISK_FROM_THE_START,
  atRiskFloor,
  atRiskHorizon,
  dueStatuses,
  mostUrgentDue,
  slaAtRiskAt,
  ticketDueState,
  type SlaTicketFields,
} from '../../../src/shared/domain/queue-sla';
import type { BusinessCalendar, SettingsDocument } from '../../../src/shared/domain/settings';
import { TICKET_STATUSES } from '../../../src/shared/domain/ticket';
import type { SlaSetup } from '../../../src/shared/sla/policy';
import { arbitraryCalendar, arbitraryInstant, calendar } from './sla/calendars';

const MINUTE = 60_000;
const NOW = Date.parse('2026-03-10T12:00:00.000Z'); // a Tuesday
const iso = (minutes: number) => new Date(NOW + minutes * MINUTE).toISOString();

const SETUP: SlaSetup = {
  policyId: 'p',
  target: { firstResponseMinutes: 60, resolutionMinutes: 240 },
  atRiskPercent: 75,
  calendar: undefined,
};

/** Weekdays 09:00–18:00 UTC. */
const OFFICE: BusinessCalendar = {
  timeZone: 'UTC',
  weeklyHours: {
    mon: [{ start: '09:00', end: '18:00' }],
    tue: [{ start: '09:00', end: '18:00' }],
    wed: [{ start: '09:00', end: '18:00' }],
    thu: [{ start: '09:00', end: '18:00' }],
    fri: [{ start: '09:00', end: '18:00' }],
    sat: [],
    sun: [],
  },
  holidays: [],
};

describe('dueStatuses', () => {
  it('counts down, turns at risk in the last quarter of the target and breached after the due date', () => {
    const at = (minutes: number) => dueStatuses({ status: 'open', firstResponseDueAt: iso(minutes) }, SETUP, NOW)[0];
    expect(at(16)).toMatchObject({ metric: 'first_response', state: 'ok', remainingMs: 16 * MINUTE });
    expect(at(15)).toMatchObject({ state: 'at_risk', remainingMs: 15 * MINUTE });
    expect(at(0)).toMatchObject({ state: 'breached', remainingMs: -0 });
    expect(at(-10)).toMatchObject({ state: 'breached', remainingMs: -10 * MINUTE });
  });

  it('counts only business time on the policy’s calendar', () => {
    // Due Wednesday 10:00; at Tuesday 17:30 that is 30 + 60 business minutes away, not 16.5 hours.
    const setup = { ...SETUP, calendar: OFFICE };
    const [status] = dueStatuses({ status: 'open', resolutionDueAt: '2026-03-11T10:00:00.000Z' }, setup, Date.parse('2026-03-10T17:30:00.000Z'));
    expect(status).toMatchObject({ state: 'ok', remainingMs: 90 * MINUTE });
    const [late] = dueStatuses({ status: 'open', resolutionDueAt: '2026-03-11T10:00:00.000Z' }, setup, Date.parse('2026-03-11T09:30:00.000Z'));
    expect(late).toMatchObject({ state: 'at_risk', remainingMs: 30 * MINUTE });
  });

  it('pauses while waiting on the customer, resolution also on hold, and shows nothing once solved', () => {
    expect(dueStatuses({ status: 'pending', resolutionDueAt: iso(5) }, SETUP, NOW)[0]?.state).toBe('paused');
    expect(dueStatuses({ status: 'on-hold', resolutionDueAt: iso(5), firstResponseDueAt: iso(5) }, SETUP, NOW).map((s) => s.state)).toEqual([
      'at_risk',
      'paused',
    ]);
    expect(dueStatuses({ status: 'pending', resolutionDueAt: iso(-5) }, SETUP, NOW)[0]?.state).toBe('breached');
    expect(dueStatuses({ status: 'solved', resolutionDueAt: iso(-5) }, SETUP, NOW)).toEqual([]);
  });

  it('without a policy still counts down and breaches, but is never at risk', () => {
    expect(ticketDueState({ status: 'open', resolutionDueAt: iso(1) }, undefined, NOW)).toBe('ok');
    expect(ticketDueState({ status: 'open', resolutionDueAt: iso(-1) }, undefined, NOW)).toBe('breached');
    expect(ticketDueState({ status: 'open' }, SETUP, NOW)).toBe('none');
  });
});

describe('mostUrgentDue', () => {
  it('prefers the most severe state, then the nearest due date', () => {
    const statuses = dueStatuses({ status: 'open', firstResponseDueAt: iso(10), nextResponseDueAt: iso(-1), resolutionDueAt: iso(5) }, SETUP, NOW);
    expect(mostUrgentDue(statuses)?.metric).toBe('next_response');
    const calm = dueStatuses({ status: 'open', firstResponseDueAt: iso(50), resolutionDueAt: iso(200) }, SETUP, NOW);
    expect(mostUrgentDue(calm)?.metric).toBe('first_response');
  });
});

describe('atRiskHorizon', () => {
  const policy = (id: string, enabled: boolean, resolutionMinutes: number, calendarId?: string): SettingsDocument => ({
    id,
    kind: 'slaPolicy',
    name: id,
    enabled,
    createdAt: iso(0),
    updatedAt: iso(0),
    slaPolicy: {
      rank: 1,
      match: {},
      atRiskPercent: 80,
      ...(calendarId === undefined ? {} : { calendarId }),
      targets: {
        low: { firstResponseMinutes: 10, resolutionMinutes },
        normal: { firstResponseMinutes: 10, resolutionMinutes: 10 },
        high: { firstResponseMinutes: 10, resolutionMinutes: 10 },
        urgent: { firstResponseMinutes: 10, resolutionMinutes: 10 },
      },
    },
  });

  it('reaches as far as the widest at-risk window of any enabled policy, on its calendar', () => {
    expect(atRiskHorizon([policy('a', true, 100), policy('b', false, 1000)], NOW)).toBe(NOW + 20 * MINUTE);
    const calendar: SettingsDocument = { id: 'cal', kind: 'businessCalendar', name: 'Office', enabled: true, createdAt: iso(0), updatedAt: iso(0), businessCalendar: OFFICE };
    // 20 business minutes from Tuesday 17:50 end Wednesday 09:10.
    expect(atRiskHorizon([policy('a', true, 100, 'cal'), calendar], Date.parse('2026-03-10T17:50:00.000Z'))).toBe(Date.parse('2026-03-11T09:10:00.000Z'));
  });
});

describe('slaAtRiskAt', () => {
  it('is the earliest instant a running metric enters its at-risk window', () => {
    // 75 %: first response (60 min) at risk 15 min before it is due, resolution (240 min) 60 min before.
    expect(slaAtRiskAt({ status: 'open', firstResponseDueAt: iso(30), resolutionDueAt: iso(120) }, SETUP)).toBe(iso(15));
    expect(slaAtRiskAt({ status: 'open', firstResponseDueAt: iso(100), resolutionDueAt: iso(120) }, SETUP)).toBe(iso(60));
    // Already breached: the instant lies in the past, which is what the "at risk" view asks for.
    expect(slaAtRiskAt({ status: 'new', resolutionDueAt: iso(-10) }, SETUP)).toBe(iso(-70));
  });

  it('counts the window in business time on the policy’s calendar', () => {
    // Due Wednesday 09:30: 30 minutes on Wednesday, 30 more back to Tuesday 17:30.
    expect(slaAtRiskAt({ status: 'open', resolutionDueAt: '2026-03-11T09:30:00.000Z' }, { ...SETUP, calendar: OFFICE })).toBe('2026-03-10T17:30:00.000Z');
  });

  it('leaves out paused metrics, finished tickets, tickets without a policy and metrics the policy does not measure', () => {
    expect(slaAtRiskAt({ status: 'on-hold', firstResponseDueAt: iso(100), resolutionDueAt: iso(30) }, SETUP)).toBe(iso(85));
    expect(slaAtRiskAt({ status: 'pending', firstResponseDueAt: iso(100), resolutionDueAt: iso(30) }, SETUP)).toBeUndefined();
    expect(slaAtRiskAt({ status: 'solved', resolutionDueAt: iso(30) }, SETUP)).toBeUndefined();
    expect(slaAtRiskAt({ status: 'open', resolutionDueAt: iso(30) }, undefined)).toBeUndefined();
    expect(slaAtRiskAt({ status: 'open', nextResponseDueAt: iso(30) }, SETUP)).toBeUndefined();
    expect(slaAtRiskAt({ status: 'open' }, SETUP)).toBeUndefined();
  });

  it('is before any now on a calendar that never opens (such a due date is at risk as soon as it runs)', () => {
    const closed = { ...SETUP, calendar: calendar('UTC', {}) };
    expect(slaAtRiskAt({ status: 'open', resolutionDueAt: iso(600) }, closed)).toBe(AT_RISK_FROM_THE_START);
    expect(ticketDueState({ status: 'open', resolutionDueAt: iso(600) }, closed, NOW)).toBe('at_risk');
  });

  const dueField = (base: number) => fc.option(fc.integer({ min: -3 * 24 * 60, max: 10 * 24 * 60 }).map((minutes) => new Date(base + minutes * MINUTE).toISOString()), { nil: undefined });
  const ticketAndSetup = arbitraryInstant.chain((base) =>
    fc.record({
      base: fc.constant(base),
      ticket: fc.record({
        status: fc.constantFrom(...TICKET_STATUSES),
        firstResponseDueAt: dueField(base),
        nextResponseDueAt: dueField(base),
        resolutionDueAt: dueField(base),
      }),
      setup: fc.option(
        fc.record({
          policyId: fc.constant('p'),
          target: fc.record({
            firstResponseMinutes: fc.integer({ min: 1, max: 3 * 24 * 60 }),
            nextResponseMinutes: fc.option(fc.integer({ min: 1, max: 3 * 24 * 60 }), { nil: undefined }),
            resolutionMinutes: fc.integer({ min: 1, max: 10 * 24 * 60 }),
          }),
          atRiskPercent: fc.integer({ min: 1, max: 99 }),
          calendar: fc.option(fc.oneof({ weight: 9, arbitrary: arbitraryCalendar }, { weight: 1, arbitrary: fc.constant(calendar('UTC', {})) }), { nil: undefined }),
        }),
        { nil: undefined },
      ),
      // Anywhere around the due dates, or a little before one of them (where at-risk windows are).
      nowMinutes: fc.integer({ min: -4 * 24 * 60, max: 11 * 24 * 60 }),
      beforeDue: fc.option(fc.record({ which: fc.nat(), minutes: fc.integer({ min: 0, max: 2 * 24 * 60 }) }), { nil: undefined }),
    }),
  );
  const withoutAbsent = (ticket: Readonly<Record<string, unknown>>): SlaTicketFields => Object.fromEntries(Object.entries(ticket).filter(([, value]) => value !== undefined)) as unknown as SlaTicketFields;

  it('never hides an at-risk ticket: at risk at now implies slaAtRiskAt <= now', () => {
    fc.assert(
      fc.property(ticketAndSetup, ({ base, ticket, setup, nowMinutes, beforeDue }) => {
        const fields = withoutAbsent(ticket);
        const dues = [fields.firstResponseDueAt, fields.nextResponseDueAt, fields.resolutionDueAt].filter((due) => due !== undefined).map(Date.parse);
        const due = beforeDue === undefined ? undefined : dues.at(beforeDue.which % Math.max(dues.length, 1));
        const now = due === undefined ? base + nowMinutes * MINUTE : due - (beforeDue?.minutes ?? 0) * MINUTE;
        const stamp = slaAtRiskAt(fields, setup);
        if (ticketDueState(fields, setup, now) === 'at_risk') {
          expect(stamp).toBeDefined();
          expect(Date.parse(stamp ?? '')).toBeLessThanOrEqual(now);
        }
      }),
      { numRuns: 500 },
    );
  });

  /** The settings a setup comes from: one enabled policy with its target for every priority, and its calendar. */
  const settingsOf = (setup: SlaSetup): SettingsDocument[] => [
    {
      id: 'p',
      kind: 'slaPolicy',
      name: 'p',
      enabled: true,
      createdAt: iso(0),
      updatedAt: iso(0),
      slaPolicy: {
        rank: 1,
        match: {},
        atRiskPercent: setup.atRiskPercent,
        ...(setup.calendar === undefined ? {} : { calendarId: 'cal' }),
        targets: { low: setup.target, normal: setup.target, high: setup.target, urgent: setup.target },
      },
    },
    ...(setup.calendar === undefined ? [] : [{ id: 'cal', kind: 'businessCalendar', name: 'cal', enabled: true, createdAt: iso(0), updatedAt: iso(0), businessCalendar: setup.calendar } as SettingsDocument]),
  ];

  it('never hides an at-risk ticket below the floor: at risk at now implies slaAtRiskAt >= atRiskFloor', () => {
    fc.assert(
      fc.property(ticketAndSetup, ({ base, ticket, setup, nowMinutes, beforeDue }) => {
        if (setup === undefined) return;
        const fields = withoutAbsent(ticket);
        const dues = [fields.firstResponseDueAt, fields.nextResponseDueAt, fields.resolutionDueAt].filter((due) => due !== undefined).map(Date.parse);
        const due = beforeDue === undefined ? undefined : dues.at(beforeDue.which % Math.max(dues.length, 1));
        const now = due === undefined ? base + nowMinutes * MINUTE : due - (beforeDue?.minutes ?? 0) * MINUTE;
        if (ticketDueState(fields, setup, now) !== 'at_risk') return;
        const stamp = slaAtRiskAt(fields, setup) ?? '';
        const floor = atRiskFloor(settingsOf(setup), now);
        expect(floor).toBeLessThanOrEqual(now);
        if (stamp !== AT_RISK_FROM_THE_START) expect(Date.parse(stamp)).toBeGreaterThanOrEqual(floor);
      }),
      { numRuns: 1000 },
    );
  });

  it('is itself at risk or worse, and the instant before it is not at risk for that reason yet', () => {
    fc.assert(
      fc.property(ticketAndSetup, ({ ticket, setup }) => {
        const fields = withoutAbsent(ticket);
        const stamp = slaAtRiskAt(fields, setup);
        if (stamp === undefined || stamp === AT_RISK_FROM_THE_START) return;
        const at = Date.parse(stamp);
        expect(['at_risk', 'breached']).toContain(ticketDueState(fields, setup, at));
        // Tight: a millisecond earlier no metric is at risk yet (one may already be breached).
        expect(dueStatuses(fields, setup, at - 1).some((status) => status.state === 'at_risk')).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
