import { beforeEach, describe, expect, it } from 'vitest';
import type { OfferEndReason } from '../../../../src/shared/voice/signalling';
import { AgentPresence } from '../../../../src/server/voice/agent-presence';
import { Distributor } from '../../../../src/server/voice/distributor';
import type { QueueRoute, RoutingProfile } from '../../../../src/server/voice/routing';
import { ManualScheduler } from './manual-scheduler';

const QUEUE: QueueRoute = { id: 'q1', name: 'General', tier: 'L1', requiredSkills: [], languages: [], ringTimeoutSeconds: 20, serviceLevelTargetSeconds: 20, serviceLevelTargetPercent: 80 };
const BILLING: QueueRoute = { ...QUEUE, id: 'q2', name: 'Billing', requiredSkills: ['billing'], ringTimeoutSeconds: 10 };
const profile = (userId: string, skills: string[] = []): RoutingProfile => ({ userId, name: userId, tier: 'L1', skills, languages: ['en'], groupIds: [] });
const endpoint = { send: () => undefined };

type Event = { offered: [string, string] } | { ended: [string, string, OfferEndReason] };

describe('Distributor', () => {
  let scheduler: ManualScheduler;
  let presence: AgentPresence;
  let distributor: Distributor;
  let events: Event[];

  const offers = (): [string, string][] => events.flatMap((event) => ('offered' in event ? [event.offered] : []));
  const register = (userId: string, skills: string[] = []): void => {
    presence.register(profile(userId, skills), endpoint, 'available');
    scheduler.advance(1); // registered one after the other: the first has been idle longest
  };
  const caller = (callId: string, queue = QUEUE): void => {
    distributor.enqueue({ callId, caller: { name: callId }, queue });
  };

  beforeEach(() => {
    scheduler = new ManualScheduler();
    presence = new AgentPresence({ wrapUpSeconds: 0, wrapUpAutoReturn: true, scheduler, now: scheduler.now });
    events = [];
    distributor = new Distributor({
      presence,
      scheduler,
      now: scheduler.now,
      events: {
        offered: (call, agentId) => events.push({ offered: [call.callId, agentId] }),
        offerEnded: (call, agentId, reason) => events.push({ ended: [call.callId, agentId, reason] }),
        queueChanged: () => undefined,
      },
    });
  });

  it('offers each call, oldest first, to the longest-idle free agent, one call per agent', () => {
    register('ana');
    register('bruno');
    caller('c1');
    caller('c2');
    caller('c3');
    expect(offers()).toEqual([['c1', 'ana'], ['c2', 'bruno']]);
    expect(distributor.waiting().map((call) => call.callId)).toEqual(['c1', 'c2', 'c3']);
    // A second dispatch changes nothing: both agents are reserved.
    distributor.dispatch();
    expect(offers()).toHaveLength(2);
  });

  it('after the ring timeout offers the call to the next agent and puts the silent one on a break', () => {
    register('ana');
    caller('c1');
    register('bruno');
    expect(scheduler.pendingDelays()).toEqual([20_000]);
    scheduler.advance(19_998); // the offer was made 1 ms before bruno registered
    expect(offers()).toEqual([['c1', 'ana']]);
    scheduler.advance(1);
    expect(events.slice(1)).toEqual([{ ended: ['c1', 'ana', 'timeout'] }, { offered: ['c1', 'bruno'] }]);
    expect(presence.view('ana')).toMatchObject({ state: 'break', reason: 'missed_call' });
    // The old timer is gone; the new offer has its own.
    expect(scheduler.pendingDelays()).toEqual([20_000]);
  });

  it('keeps a call waiting when the only agent let it ring out, until someone is free', () => {
    register('ana');
    caller('c1');
    scheduler.advance(20_000);
    expect(distributor.waiting()[0]?.ringing).toBeUndefined();
    presence.choose('ana', 'available');
    distributor.dispatch();
    expect(offers()).toEqual([['c1', 'ana'], ['c1', 'ana']]);
  });

  it('an answered call leaves the queue and its timer is cancelled', () => {
    register('ana');
    caller('c1');
    const answered = distributor.answer('ana', 'c1');
    expect(answered).toMatchObject({ call: { callId: 'c1' } });
    expect(distributor.waiting()).toEqual([]);
    expect(scheduler.pendingDelays()).toEqual([]);
    expect(distributor.answer('ana', 'c1')).toBe('unknown_call');
  });

  it('only the agent the call rings at can answer or reject it', () => {
    register('ana');
    register('bruno');
    caller('c1');
    expect(distributor.answer('bruno', 'c1')).toBe('unknown_call');
    expect(distributor.reject('bruno', 'c1')).toBe('unknown_call');
    expect(distributor.waiting()[0]?.ringing?.agentId).toBe('ana');
  });

  it('a rejected call goes to another agent and never back to the one who rejected it', () => {
    register('ana');
    caller('c1');
    expect(distributor.reject('ana', 'c1')).toBeUndefined();
    expect(events).toEqual([{ offered: ['c1', 'ana'] }, { ended: ['c1', 'ana', 'rejected'] }]);
    expect(presence.isFree('ana')).toBe(true);
    distributor.dispatch();
    expect(offers()).toHaveLength(1);
    register('bruno');
    distributor.dispatch();
    expect(offers()).toEqual([['c1', 'ana'], ['c1', 'bruno']]);
  });

  it('routes by skill: a billing call waits for a billing agent even when others are free', () => {
    register('ana');
    caller('b1', BILLING);
    expect(offers()).toEqual([]);
    register('bea', ['billing']);
    distributor.dispatch();
    expect(offers()).toEqual([['b1', 'bea']]);
    expect(scheduler.pendingDelays()).toEqual([10_000]);
  });

  it('a caller who leaves while ringing frees the agent', () => {
    register('ana');
    caller('c1');
    distributor.withdraw('c1');
    expect(events.at(-1)).toEqual({ ended: ['c1', 'ana', 'caller_hangup'] });
    expect(presence.isFree('ana')).toBe(true);
    expect(scheduler.pendingDelays()).toEqual([]);
  });

  it('a directed call (transfer to a person) rings only that agent, then falls back to its queue', () => {
    register('ana');
    register('bruno');
    distributor.enqueue({ callId: 't1', caller: { name: 't1' }, queue: QUEUE, kind: 'transfer', directedTo: 'bruno', exclude: ['carla'] });
    expect(offers()).toEqual([['t1', 'bruno']]);
    distributor.reject('bruno', 't1');
    expect(offers()).toEqual([['t1', 'bruno'], ['t1', 'ana']]);
  });

  it('a transferred call keeps its first arrival time and is served before later callers', () => {
    caller('c1');
    scheduler.advance(10);
    caller('c2');
    distributor.enqueue({ callId: 't0', caller: { name: 't0' }, queue: QUEUE, kind: 'transfer', priorityAt: -5 });
    expect(distributor.waiting().map((call) => call.callId)).toEqual(['t0', 'c1', 'c2']);
    register('ana');
    distributor.dispatch();
    expect(offers()).toEqual([['t0', 'ana']]);
  });

  it('withdraws offers ringing at an agent who disconnected and offers them on', () => {
    register('ana');
    register('bruno');
    caller('c1');
    presence.detach('ana', endpoint);
    distributor.agentGone('ana');
    expect(events).toEqual([{ offered: ['c1', 'ana'] }, { ended: ['c1', 'ana', 'disconnected'] }, { offered: ['c1', 'bruno'] }]);
  });
});
