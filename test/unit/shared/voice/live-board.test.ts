/** The supervisors' live board as data: service level, agent order and roster, elapsed times on the server's clock, their wording. */
import { describe, expect, it } from 'vitest';
import {
  AGENT_STATE_ORDER,
  boardAgents,
  compareBoardAgents,
  countByState,
  elapsedSince,
  formatPercent,
  formatThreshold,
  serverClockOffset,
  serviceLevelPercent,
  serviceLevelStatus,
  totalWaiting,
  type TeamMember,
} from '../../../../src/shared/voice/live-board';
import type { AgentState, LiveAgentView } from '../../../../src/shared/voice/signalling';

/** Intl separates numbers from units with (narrow) no-break spaces: compare words, not space kinds. */
const plain = (text: string) => text.replace(/\s/gu, ' ');

function live(userId: string, name: string, state: AgentState, extra: Partial<LiveAgentView> = {}): LiveAgentView {
  return { userId, name, state, since: '2026-03-10T12:00:00.000Z', callIds: [], activity: [], ...extra };
}

const member = (id: string, name: string, extra: Partial<TeamMember> = {}): TeamMember => ({ id, name, active: true, tier: 'L1', ...extra });

describe('serviceLevelPercent', () => {
  it('is answered within the threshold over offered calls, one decimal', () => {
    expect(serviceLevelPercent(5, 6)).toBe(83.3);
    expect(serviceLevelPercent(2, 3)).toBe(66.7);
    expect(serviceLevelPercent(4, 4)).toBe(100);
    expect(serviceLevelPercent(0, 1)).toBe(0);
  });

  it('is undefined before the first offered call, and stays within 0–100', () => {
    expect(serviceLevelPercent(0, 0)).toBeUndefined();
    expect(serviceLevelPercent(3, 2)).toBe(100);
    expect(serviceLevelPercent(-1, 2)).toBe(0);
  });
});

describe('serviceLevelStatus', () => {
  it('meets the target at or above it, is below under it, none without calls', () => {
    expect(serviceLevelStatus({ serviceLevelPercent: 80, serviceLevelTargetPercent: 80 })).toBe('met');
    expect(serviceLevelStatus({ serviceLevelPercent: 79.9, serviceLevelTargetPercent: 80 })).toBe('below');
    expect(serviceLevelStatus({ serviceLevelTargetPercent: 80 })).toBe('none');
  });
});

describe('boardAgents', () => {
  it('lists available first, then on a call, wrap-up, break, offline; by name within a state', () => {
    const agents = boardAgents(
      [live('u5', 'Eva', 'offline'), live('u4', 'Dora', 'break', { reason: 'lunch' }), live('u3', 'Caio', 'wrap_up'), live('u2', 'bruno', 'on_call'), live('u1', 'Ana', 'on_call'), live('u6', 'Zeca', 'available')],
      [],
    );
    expect(agents.map((agent) => [agent.name, agent.state])).toEqual([
      ['Zeca', 'available'],
      ['Ana', 'on_call'],
      ['bruno', 'on_call'],
      ['Caio', 'wrap_up'],
      ['Dora', 'break'],
      ['Eva', 'offline'],
    ]);
    expect(agents.find((agent) => agent.userId === 'u4')).toMatchObject({ reason: 'lunch', since: '2026-03-10T12:00:00.000Z' });
    expect(AGENT_STATE_ORDER).toEqual(['available', 'on_call', 'wrap_up', 'break', 'offline']);
  });

  it('adds team members who take calls but are not on the board as offline, for an unknown time', () => {
    const agents = boardAgents(
      [live('usr_ana', 'Ana', 'available')],
      [member('usr_ana', 'Ana'), member('usr_bruno', 'Bruno'), member('usr_diego', 'Diego', { tier: undefined }), member('usr_old', 'Old', { active: false })],
    );
    expect(agents.map((agent) => [agent.userId, agent.state, agent.since])).toEqual([
      ['usr_ana', 'available', '2026-03-10T12:00:00.000Z'],
      ['usr_bruno', 'offline', undefined],
    ]);
  });

  it('drops agents who went offline and have since left the team, but not ones still working', () => {
    const agents = boardAgents([live('usr_old', 'Old', 'offline'), live('usr_busy', 'Busy', 'on_call')], [member('usr_old', 'Old', { active: false }), member('usr_busy', 'Busy', { active: false })]);
    expect(agents.map((agent) => agent.userId)).toEqual(['usr_busy']);
  });

  it('knows nobody without a live board (no connection)', () => {
    expect(boardAgents(undefined, [member('usr_ana', 'Ana')])).toEqual([]);
  });

  it('orders equal names by id, so the order is total', () => {
    const a = { userId: 'a', name: 'Same', state: 'available' as const, activity: [] };
    const b = { ...a, userId: 'b' };
    expect(compareBoardAgents(a, b)).toBeLessThan(0);
    expect(compareBoardAgents(b, a)).toBeGreaterThan(0);
  });
});

describe('counts', () => {
  it('counts agents per state and calls waiting over every queue', () => {
    expect(countByState([{ state: 'available' }, { state: 'break' }, { state: 'available' }])).toEqual({ available: 2, on_call: 0, wrap_up: 0, break: 1, offline: 0 });
    expect(totalWaiting([{ waiting: 2 }, { waiting: 0 }, { waiting: 1 }])).toBe(3);
    expect(totalWaiting([])).toBe(0);
  });
});

describe('elapsed times on the server clock', () => {
  const serverAt = '2026-03-10T12:00:10.000Z';

  it('corrects for a device clock that is off', () => {
    // Our clock is 5 s behind the server's.
    const receivedAt = Date.parse(serverAt) - 5000;
    const offset = serverClockOffset(serverAt, receivedAt);
    expect(offset).toBe(5000);
    expect(elapsedSince('2026-03-10T12:00:00.000Z', receivedAt, offset)).toBe(10_000);
    expect(elapsedSince('2026-03-10T12:00:00.000Z', receivedAt + 3000, offset)).toBe(13_000);
  });

  it('never goes negative, and is undefined for a missing or unreadable time', () => {
    expect(elapsedSince('2026-03-10T12:00:00.000Z', Date.parse('2026-03-10T11:59:00.000Z'), 0)).toBe(0);
    expect(elapsedSince(undefined, 0, 0)).toBeUndefined();
    expect(elapsedSince('yesterday', 0, 0)).toBeUndefined();
    expect(serverClockOffset('not a date', 123)).toBe(0);
  });
});

describe('wording', () => {
  it('formats thresholds in whole units without zero parts', () => {
    expect(plain(formatThreshold('en', 20))).toBe('20s');
    expect(plain(formatThreshold('en', 120))).toBe('2m');
    expect(plain(formatThreshold('en', 90))).toBe('1m 30s');
    expect(plain(formatThreshold('pt-BR', 20))).toBe('20 s');
  });

  it('formats percentages with the language’s decimal mark', () => {
    expect(plain(formatPercent('en', 83.3))).toBe('83.3%');
    expect(plain(formatPercent('pt-BR', 83.3))).toBe('83,3%');
    expect(plain(formatPercent('en', 100))).toBe('100%');
  });
});
