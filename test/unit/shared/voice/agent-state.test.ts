import { describe, expect, it } from 'vitest';
import {
  DEFAULT_AGENT_POLICY,
  MISSED_OFFER_BREAK_REASON,
  canTakeOffers,
  initialAgentState,
  isIllegalAgentTransition,
  transitionAgent,
  wrapUpDueAt,
  type AgentEvent,
  type AgentEventType,
  type AgentPolicy,
  type AgentState,
  type AgentStatus,
} from '../../../../src/shared/voice/agent-state';

const T0 = 1_772_460_000_000;
const s = (seconds: number) => T0 + seconds * 1000;

function run(events: readonly AgentEvent[], from: AgentState = initialAgentState(T0), policy: AgentPolicy = DEFAULT_AGENT_POLICY): AgentState {
  return events.reduce<AgentState>((state, event) => {
    const next = transitionAgent(state, event, policy);
    if (isIllegalAgentTransition(next)) throw new Error(`illegal ${event.type} in ${state.status}`);
    return next;
  }, from);
}

const available: AgentEvent = { type: 'set_available', at: s(1) };
const offered: AgentEvent = { type: 'call_started', at: s(2), origin: 'offered' };
const answeredEnd: AgentEvent = { type: 'call_ended', at: s(100), outcome: 'answered' };

const pathTo: Record<AgentStatus, readonly AgentEvent[]> = {
  offline: [],
  available: [available],
  on_call: [available, offered],
  wrap_up: [available, offered, answeredEnd],
  break: [available, { type: 'start_break', at: s(3), reason: 'lunch' }],
};

// Events late enough that the default 60 s wrap-up is due.
const sampleEvent: Record<AgentEventType, AgentEvent> = {
  set_available: { type: 'set_available', at: s(500) },
  start_break: { type: 'start_break', at: s(500), reason: 'training' },
  go_offline: { type: 'go_offline', at: s(500) },
  finish_wrap_up: { type: 'finish_wrap_up', at: s(500) },
  call_started: { type: 'call_started', at: s(500), origin: 'offered' },
  call_ended: { type: 'call_ended', at: s(500), outcome: 'answered' },
  wrap_up_timer: { type: 'wrap_up_timer', at: s(500) },
  device_lost: { type: 'device_lost', at: s(500) },
  device_restored: { type: 'device_restored', at: s(500) },
};

/** Every agent status × event: the next status, or absent where it is illegal. */
const expected: Record<AgentStatus, Partial<Record<AgentEventType, AgentStatus>>> = {
  offline: { set_available: 'available', start_break: 'break' },
  available: { start_break: 'break', go_offline: 'offline', call_started: 'on_call', device_lost: 'offline' },
  // Break and offline during a call are kept for later: the status stays on_call.
  on_call: { start_break: 'on_call', go_offline: 'on_call', call_ended: 'wrap_up' },
  wrap_up: { set_available: 'available', start_break: 'break', go_offline: 'offline', finish_wrap_up: 'available', wrap_up_timer: 'available', device_lost: 'offline' },
  break: { set_available: 'available', start_break: 'break', go_offline: 'offline', device_lost: 'offline' },
};

describe('agent state transitions', () => {
  const cases = (Object.keys(pathTo) as AgentStatus[]).flatMap((status) =>
    (Object.keys(sampleEvent) as AgentEventType[]).map((eventType) => ({ status, eventType, next: expected[status][eventType] ?? null })),
  );

  it.each(cases)('$status + $eventType → $next', ({ status, eventType, next }) => {
    const from = run(pathTo[status]);
    expect(from.status).toBe(status);
    const result = transitionAgent(from, sampleEvent[eventType]);
    if (next === null) {
      expect(result).toEqual({ kind: 'illegal_transition', from: status, event: eventType, reason: 'not_allowed' });
    } else {
      expect(isIllegalAgentTransition(result) ? result : result.status).toBe(next);
    }
  });

  it('starts offline and takes offers only when available', () => {
    const states = (Object.keys(pathTo) as AgentStatus[]).map((status) => run(pathTo[status]));
    expect(states.filter(canTakeOffers).map((state) => state.status)).toEqual(['available']);
  });

  it('refuses a break reason that is not a code', () => {
    const result = transitionAgent(run(pathTo.available), { type: 'start_break', at: s(5), reason: 'Lunch Break' });
    expect(result).toMatchObject({ kind: 'illegal_transition', reason: 'invalid_reason' });
  });

  it('changes the break reason but refuses the same one again', () => {
    expect(run([{ type: 'start_break', at: s(9), reason: 'coaching' }], run(pathTo.break))).toMatchObject({ status: 'break', reason: 'coaching', since: s(9) });
    expect(transitionAgent(run(pathTo.break), { type: 'start_break', at: s(9), reason: 'lunch' })).toMatchObject({ reason: 'not_allowed' });
  });
});

describe('wrap-up', () => {
  it('times the wrap-up from the end of the call and returns to available when it is due', () => {
    const wrapUp = run(pathTo.wrap_up);
    expect(wrapUp).toMatchObject({ status: 'wrap_up', since: s(100), overdue: false });
    expect(wrapUpDueAt(wrapUp)).toBe(s(160));
    expect(transitionAgent(wrapUp, { type: 'wrap_up_timer', at: s(159) })).toMatchObject({ kind: 'illegal_transition', reason: 'too_early' });
    expect(run([{ type: 'wrap_up_timer', at: s(160) }], wrapUp)).toEqual({ status: 'available', since: s(160) });
  });

  it('without auto-return keeps the agent in wrap-up, overdue, until they finish', () => {
    const policy: AgentPolicy = { ...DEFAULT_AGENT_POLICY, wrapUpSeconds: 30, autoReturnAfterWrapUp: false };
    const overdue = run([...pathTo.wrap_up.slice(0, 2), answeredEnd, { type: 'wrap_up_timer', at: s(130) }], initialAgentState(T0), policy);
    expect(overdue).toMatchObject({ status: 'wrap_up', overdue: true, since: s(100) });
    expect(wrapUpDueAt(overdue)).toBeNull();
    expect(transitionAgent(overdue, { type: 'wrap_up_timer', at: s(200) }, policy)).toMatchObject({ kind: 'illegal_transition' });
    expect(run([{ type: 'finish_wrap_up', at: s(200) }], overdue, policy)).toEqual({ status: 'available', since: s(200) });
  });

  it('ends the wrap-up when the agent calls the customer back, but not for an offered call', () => {
    const wrapUp = run(pathTo.wrap_up);
    expect(run([{ type: 'call_started', at: s(120), origin: 'dialed' }], wrapUp)).toMatchObject({ status: 'on_call', origin: 'dialed' });
    expect(transitionAgent(wrapUp, { type: 'call_started', at: s(120), origin: 'offered' })).toMatchObject({ kind: 'illegal_transition' });
  });

  it('has no wrap-up timer outside wrap-up', () => {
    expect(wrapUpDueAt(run(pathTo.on_call))).toBeNull();
  });
});

describe('break or offline asked for during a call', () => {
  it('is taken after the wrap-up', () => {
    const state = run([...pathTo.on_call, { type: 'start_break', at: s(50), reason: 'lunch' }, answeredEnd]);
    expect(state).toMatchObject({ status: 'wrap_up', next: { status: 'break', reason: 'lunch' } });
    expect(run([{ type: 'finish_wrap_up', at: s(120) }], state)).toEqual({ status: 'break', since: s(120), reason: 'lunch' });
    expect(run([{ type: 'wrap_up_timer', at: s(160) }], state)).toEqual({ status: 'break', since: s(160), reason: 'lunch' });
  });

  it('is taken at once when the call ends unanswered', () => {
    const state = run([...pathTo.on_call, { type: 'go_offline', at: s(5) }, { type: 'call_ended', at: s(9), outcome: 'abandoned' }]);
    expect(state).toEqual({ status: 'offline', since: s(9), cause: 'agent' });
  });

  it('can be taken back with Available', () => {
    const state = run([...pathTo.on_call, { type: 'start_break', at: s(5), reason: 'lunch' }, { type: 'set_available', at: s(6) }, answeredEnd]);
    expect(state).not.toHaveProperty('next');
    expect(transitionAgent(run(pathTo.on_call), { type: 'set_available', at: s(6) })).toMatchObject({ kind: 'illegal_transition' });
  });
});

describe('unanswered calls', () => {
  it('puts the agent on a missed-call break after letting an offered call ring out', () => {
    const state = run([...pathTo.on_call, { type: 'call_ended', at: s(30), outcome: 'missed' }]);
    expect(state).toEqual({ status: 'break', since: s(30), reason: MISSED_OFFER_BREAK_REASON });
  });

  it('returns to available after a missed call when the policy says so, and after any other unanswered end', () => {
    const policy = { ...DEFAULT_AGENT_POLICY, breakAfterMissedOffer: false };
    expect(run([...pathTo.on_call, { type: 'call_ended', at: s(30), outcome: 'missed' }], initialAgentState(T0), policy)).toEqual({ status: 'available', since: s(30) });
    expect(run([...pathTo.on_call, { type: 'call_ended', at: s(30), outcome: 'abandoned' }])).toEqual({ status: 'available', since: s(30) });
    expect(run([...pathTo.on_call, { type: 'call_ended', at: s(30), outcome: 'rejected' }])).toEqual({ status: 'available', since: s(30) });
  });

  it('does not punish an outbound call nobody answered', () => {
    const state = run([available, { type: 'call_started', at: s(2), origin: 'dialed' }, { type: 'call_ended', at: s(30), outcome: 'missed' }]);
    expect(state).toEqual({ status: 'available', since: s(30) });
  });
});

describe('phone device lost and back', () => {
  it('returns to what the agent was doing', () => {
    const lostOnBreak = run([...pathTo.break, { type: 'device_lost', at: s(10) }]);
    expect(lostOnBreak).toMatchObject({ status: 'offline', cause: 'device' });
    expect(run([{ type: 'device_restored', at: s(20) }], lostOnBreak)).toEqual({ status: 'break', since: s(20), reason: 'lunch' });
    const lostAvailable = run([...pathTo.available, { type: 'device_lost', at: s(10) }]);
    expect(run([{ type: 'device_restored', at: s(20) }], lostAvailable)).toEqual({ status: 'available', since: s(20) });
  });

  it('stays offline when the agent chose offline meanwhile', () => {
    const state = run([...pathTo.available, { type: 'device_lost', at: s(10) }, { type: 'go_offline', at: s(12) }]);
    expect(state).toEqual({ status: 'offline', since: s(10), cause: 'agent' });
    expect(transitionAgent(state, { type: 'device_restored', at: s(20) })).toMatchObject({ kind: 'illegal_transition' });
  });

  it('leaves a call alone (the call itself reconnects)', () => {
    expect(transitionAgent(run(pathTo.on_call), { type: 'device_lost', at: s(10) })).toMatchObject({ kind: 'illegal_transition' });
  });
});
