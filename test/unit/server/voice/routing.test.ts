import { describe, expect, it } from 'vitest';
import { canServeQueue, estimateWaitSeconds, pickLongestIdle, queuePositions, type QueueRoute, type RoutingProfile } from '../../../../src/server/voice/routing';

const queue = (overrides: Partial<QueueRoute> = {}): QueueRoute => ({
  id: 'q1',
  name: 'Billing',
  tier: 'L1',
  requiredSkills: [],
  languages: [],
  ringTimeoutSeconds: 20,
  serviceLevelTargetSeconds: 20,
  serviceLevelTargetPercent: 80,
  ...overrides,
});
const agent = (userId: string, overrides: Partial<RoutingProfile> = {}): RoutingProfile => ({
  userId,
  name: userId,
  tier: 'L1',
  skills: [],
  languages: ['pt-BR'],
  groupIds: [],
  ...overrides,
});

describe('canServeQueue', () => {
  it('needs at least the queue tier, its group, every required skill and one of its languages', () => {
    const billing = queue({ tier: 'L2', groupId: 'grp_billing', requiredSkills: ['billing', 'refunds'], languages: ['en'] });
    const fit = agent('a', { tier: 'L2', groupIds: ['grp_billing'], skills: ['billing', 'refunds', 'extra'], languages: ['en'] });
    expect(canServeQueue(fit, billing)).toBe(true);
    expect(canServeQueue({ ...fit, tier: 'L3' }, billing)).toBe(true);
    expect(canServeQueue({ ...fit, tier: 'L1' }, billing)).toBe(false);
    expect(canServeQueue({ userId: 'x', name: 'x', skills: fit.skills, languages: fit.languages, groupIds: fit.groupIds }, billing)).toBe(false);
    expect(canServeQueue({ ...fit, groupIds: ['grp_other'] }, billing)).toBe(false);
    expect(canServeQueue({ ...fit, skills: ['billing'] }, billing)).toBe(false);
    expect(canServeQueue({ ...fit, languages: ['pt-BR'] }, billing)).toBe(false);
    expect(canServeQueue(agent('b'), queue())).toBe(true);
  });
});

describe('pickLongestIdle', () => {
  it('picks the agent available longest among those who can serve the queue, ties by id, skipping excluded ones', () => {
    const idle = [
      { profile: agent('carol'), availableSince: 300 },
      { profile: agent('bob', { tier: 'L1', skills: [] }), availableSince: 100 },
      { profile: agent('alice'), availableSince: 100 },
      { profile: agent('dave', { skills: ['billing'] }), availableSince: 50 },
    ];
    expect(pickLongestIdle(idle, queue())?.userId).toBe('dave');
    expect(pickLongestIdle(idle, queue(), new Set(['dave']))?.userId).toBe('alice');
    expect(pickLongestIdle(idle, queue({ requiredSkills: ['billing'] }))?.userId).toBe('dave');
    expect(pickLongestIdle(idle, queue({ requiredSkills: ['billing'] }), new Set(['dave']))).toBeUndefined();
    expect(pickLongestIdle([], queue())).toBeUndefined();
  });
});

describe('queuePositions', () => {
  it('numbers each queue separately in order of first arrival, then arrival sequence', () => {
    const positions = queuePositions([
      { callId: 'late', queueId: 'q1', priorityAt: 300, sequence: 3 },
      { callId: 'transferred-back', queueId: 'q1', priorityAt: 100, sequence: 4 },
      { callId: 'other-queue', queueId: 'q2', priorityAt: 50, sequence: 1 },
      { callId: 'same-time-second', queueId: 'q1', priorityAt: 200, sequence: 5 },
      { callId: 'same-time-first', queueId: 'q1', priorityAt: 200, sequence: 2 },
    ]);
    expect(Object.fromEntries(positions)).toEqual({ 'transferred-back': 1, 'same-time-first': 2, 'same-time-second': 3, late: 4, 'other-queue': 1 });
  });
});

describe('estimateWaitSeconds', () => {
  it('is zero while free agents cover the callers ahead, then one handle time per round of staffed agents', () => {
    const base = { availableAgents: 0, staffedAgents: 2, averageHandleSeconds: 100 };
    expect(estimateWaitSeconds({ ...base, position: 1, availableAgents: 1 })).toBe(0);
    expect(estimateWaitSeconds({ ...base, position: 1 })).toBe(100);
    expect(estimateWaitSeconds({ ...base, position: 2 })).toBe(100);
    expect(estimateWaitSeconds({ ...base, position: 3 })).toBe(200);
    expect(estimateWaitSeconds({ ...base, position: 3, availableAgents: 1 })).toBe(100);
  });

  it('is unknown when nobody who can take the call is working', () => {
    expect(estimateWaitSeconds({ position: 1, availableAgents: 0, staffedAgents: 0, averageHandleSeconds: 100 })).toBeUndefined();
  });
});
