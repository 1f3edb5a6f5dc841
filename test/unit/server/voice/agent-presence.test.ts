import { describe, expect, it } from 'vitest';
import type { AgentServerMessage } from '../../../../src/shared/voice/signalling';
import { AgentPresence, type PresenceOptions } from '../../../../src/server/voice/agent-presence';
import type { RoutingProfile } from '../../../../src/server/voice/routing';
import { ManualScheduler } from './manual-scheduler';

const ana: RoutingProfile = { userId: 'ana', name: 'Ana', tier: 'L1', skills: [], languages: ['en'], groupIds: [], extension: '2001' };
const endpoint = (): { send: (message: AgentServerMessage) => void } => ({ send: () => undefined });

function setup(options: Partial<PresenceOptions> = {}): { presence: AgentPresence; scheduler: ManualScheduler } {
  const scheduler = new ManualScheduler();
  const presence = new AgentPresence({ wrapUpSeconds: 30, wrapUpAutoReturn: true, scheduler, now: scheduler.now, ...options });
  return { presence, scheduler };
}

describe('AgentPresence', () => {
  it('goes from a call to a timed wrap-up and back to available on its own', () => {
    const { presence, scheduler } = setup();
    presence.register(ana, endpoint(), 'available');
    presence.joinCall('ana', 'c1');
    expect(presence.view('ana')).toMatchObject({ state: 'on_call', callIds: ['c1'] });
    scheduler.advance(5000);
    presence.leaveCall('ana', 'c1');
    expect(presence.view('ana')).toMatchObject({ state: 'wrap_up', wrapUpEndsAt: new Date(35_000).toISOString() });
    expect(presence.isFree('ana')).toBe(false);
    scheduler.advance(29_999);
    expect(presence.view('ana')?.state).toBe('wrap_up');
    scheduler.advance(1);
    expect(presence.view('ana')).toMatchObject({ state: 'available', since: new Date(35_000).toISOString() });
    expect(presence.isFree('ana')).toBe(true);
  });

  it('remembers when an agent went offline, until they register again (the supervisors’ board)', () => {
    const { presence, scheduler } = setup();
    presence.register(ana, endpoint(), 'available');
    expect(presence.departedAgents()).toEqual([]);
    scheduler.advance(7000);
    expect(presence.choose('ana', 'offline')).toBeUndefined();
    expect(presence.has('ana')).toBe(false);
    expect(presence.departedAgents()).toEqual([{ profile: ana, at: 7000 }]);
    presence.register(ana, endpoint(), 'break', 'lunch');
    expect(presence.departedAgents()).toEqual([]);
    presence.remove('ana');
    presence.close();
    expect(presence.departedAgents()).toEqual([]);
  });

  it('without auto-return stays in wrap-up until the agent chooses', () => {
    const { presence, scheduler } = setup({ wrapUpAutoReturn: false });
    presence.register(ana, endpoint(), 'available');
    presence.joinCall('ana', 'c1');
    presence.leaveCall('ana', 'c1');
    scheduler.advance(3_600_000);
    expect(presence.view('ana')?.state).toBe('wrap_up');
    expect(presence.view('ana')?.wrapUpEndsAt).toBeUndefined();
    expect(presence.choose('ana', 'available')).toBeUndefined();
    expect(presence.view('ana')?.state).toBe('available');
  });

  it('stays on a call until the last call ends (a consult adds a second)', () => {
    const { presence } = setup({ wrapUpSeconds: 0 });
    presence.register(ana, endpoint(), 'available');
    presence.joinCall('ana', 'c1');
    presence.joinCall('ana', 'consult');
    presence.leaveCall('ana', 'consult');
    expect(presence.view('ana')?.state).toBe('on_call');
    presence.leaveCall('ana', 'c1');
    expect(presence.view('ana')?.state).toBe('available');
  });

  it('reserves an agent for one offer at a time and refuses state changes while busy', () => {
    const { presence } = setup();
    presence.register(ana, endpoint(), 'available');
    expect(presence.reserve('ana', 'c1')).toBe(true);
    expect(presence.reserve('ana', 'c2')).toBe(false);
    expect(presence.choose('ana', 'break', 'lunch')).toBe('busy');
    presence.release('ana', 'c2');
    expect(presence.offeredCallId('ana')).toBe('c1');
    presence.release('ana', 'c1');
    expect(presence.choose('ana', 'break', 'lunch')).toBeUndefined();
    expect(presence.view('ana')).toMatchObject({ state: 'break', reason: 'lunch' });
    expect(presence.reserve('ana', 'c3')).toBe(false);
    expect(presence.choose('nobody', 'available')).toBe('not_registered');
  });

  it('keeps state and calls when the agent moves to a new connection; the old one is returned to be told', () => {
    const { presence } = setup();
    const first = endpoint();
    const second = endpoint();
    presence.register(ana, first, 'available');
    presence.joinCall('ana', 'c1');
    expect(presence.detach('ana', first)).toBe(true);
    expect(presence.isConnected('ana')).toBe(false);
    expect(presence.register(ana, second, 'break')).toEqual({});
    expect(presence.view('ana')).toMatchObject({ state: 'on_call', callIds: ['c1'] });
    const third = endpoint();
    expect(presence.register(ana, third, 'available')).toEqual({ previous: second });
    // The replaced connection closing later changes nothing.
    expect(presence.detach('ana', second)).toBe(false);
    expect(presence.endpointOf('ana')).toBe(third);
  });

  it('is not free while disconnected, and only available agents are put on a break for a missed call', () => {
    const { presence } = setup();
    const first = endpoint();
    presence.register(ana, first, 'break', 'training');
    presence.markMissed('ana');
    expect(presence.view('ana')).toMatchObject({ state: 'break', reason: 'training' });
    presence.choose('ana', 'available');
    presence.detach('ana', first);
    expect(presence.isFree('ana')).toBe(false);
    expect(presence.freeAgents()).toEqual([]);
  });
});
