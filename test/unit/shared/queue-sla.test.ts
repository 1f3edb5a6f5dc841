/** Countdown states from the stamped due dates: what the queue's SLA badges show, on a business calendar too. */
import { describe, expect, it } from 'vitest';
import { atRiskHorizon, dueStatuses, mostUrgentDue, ticketDueState } from '../../../src/shared/domain/queue-sla';
import type { BusinessCalendar, SettingsDocument } from '../../../src/shared/domain/settings';
import type { SlaSetup } from '../../../src/shared/sla/policy';

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
