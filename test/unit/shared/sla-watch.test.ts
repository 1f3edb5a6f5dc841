/** The supervisors' SLA watch: which candidates are at risk now, and which breached since the replica was last asked. */
import { describe, expect, it } from 'vitest';
import { isBreachedAt, slaWatch, type SlaWatchTicket } from '../../../src/shared/domain/sla-watch';
import type { SlaSetup } from '../../../src/shared/sla/policy';

const MINUTE = 60_000;
const NOW = Date.parse('2026-03-10T12:00:00.000Z');
const iso = (minutes: number) => new Date(NOW + minutes * MINUTE).toISOString();

/** First response 60 min, resolution 240 min, at risk in the last quarter (15 min / 60 min before). */
const SETUP: SlaSetup = { policyId: 'p', target: { firstResponseMinutes: 60, resolutionMinutes: 240 }, atRiskPercent: 75, calendar: undefined };
const withPolicy = () => SETUP;

const ticket = (id: string, fields: Partial<SlaWatchTicket> = {}): SlaWatchTicket => ({ id, status: 'open', ...fields });

describe('slaWatch', () => {
  it('lists the tickets at risk now, the soonest due first, and leaves out those still fine or paused', () => {
    const watch = slaWatch(
      [
        ticket('later', { firstResponseDueAt: iso(14) }),
        ticket('soon', { firstResponseDueAt: iso(2) }),
        ticket('fine', { firstResponseDueAt: iso(30) }),
        ticket('paused', { status: 'pending', resolutionDueAt: iso(10) }),
        ticket('solved', { status: 'solved', firstResponseDueAt: iso(1) }),
      ],
      withPolicy,
      NOW,
      NOW,
    );
    expect(watch.atRisk.map((entry) => entry.ticket.id)).toEqual(['soon', 'later']);
    expect(watch.atRisk[0]?.due).toMatchObject({ metric: 'first_response', state: 'at_risk', remainingMs: 2 * MINUTE });
    expect(watch.newlyBreached).toEqual([]);
  });

  it('moves a ticket from at risk to newly breached as the clock passes its due date after the replica was asked', () => {
    const candidates = [ticket('t', { firstResponseDueAt: iso(1) })];
    expect(slaWatch(candidates, withPolicy, NOW, NOW).atRisk).toHaveLength(1);
    const later = slaWatch(candidates, withPolicy, NOW + 2 * MINUTE, NOW);
    expect(later.atRisk).toEqual([]);
    expect(later.newlyBreached.map((entry) => entry.ticket.id)).toEqual(['t']);
    // Once the replica is asked again, the store counts it: no longer "newly" breached.
    expect(slaWatch(candidates, withPolicy, NOW + 3 * MINUTE, NOW + 2 * MINUTE).newlyBreached).toEqual([]);
  });

  it('does not count again a ticket already breached when the replica was asked (another due date is near)', () => {
    const watch = slaWatch([ticket('old', { firstResponseDueAt: iso(-30), resolutionDueAt: iso(5) })], withPolicy, NOW + MINUTE, NOW);
    expect(watch.atRisk).toEqual([]);
    expect(watch.newlyBreached).toEqual([]);
  });

  it('lists newly breached tickets latest breach first, and each candidate once', () => {
    const a = ticket('a', { firstResponseDueAt: iso(1) });
    const b = ticket('b', { firstResponseDueAt: iso(3) });
    const watch = slaWatch([a, b, a], withPolicy, NOW + 5 * MINUTE, NOW);
    expect(watch.newlyBreached.map((entry) => entry.ticket.id)).toEqual(['b', 'a']);
  });

  it('without a policy a due date still breaches, but never turns at risk', () => {
    const candidates = [ticket('t', { firstResponseDueAt: iso(1) })];
    expect(slaWatch(candidates, () => undefined, NOW, NOW).atRisk).toEqual([]);
    expect(slaWatch(candidates, () => undefined, NOW + 2 * MINUTE, NOW).newlyBreached).toHaveLength(1);
  });
});

describe('isBreachedAt', () => {
  it('is the "Breached" view rule: a due date passed on an unfinished ticket', () => {
    expect(isBreachedAt(ticket('t', { resolutionDueAt: iso(0) }), NOW)).toBe(true);
    expect(isBreachedAt(ticket('t', { resolutionDueAt: iso(1) }), NOW)).toBe(false);
    expect(isBreachedAt(ticket('t', { status: 'closed', resolutionDueAt: iso(-1) }), NOW)).toBe(false);
    expect(isBreachedAt(ticket('t'), NOW)).toBe(false);
  });
});
