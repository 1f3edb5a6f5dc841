import { describe, expect, it } from 'vitest';
import { callDurations } from '../../../../src/shared/domain/call';
import {
  CALL_STATUSES,
  IDLE_CALL,
  callRecordFields,
  holdMsAt,
  isIllegalTransition,
  transition,
  unansweredOutcome,
  type CallEvent,
  type CallEventType,
  type CallState,
  type CallStatus,
  type IllegalTransition,
} from '../../../../src/shared/voice/call-state';

const T0 = Date.parse('2026-03-02T14:00:00.000Z');
const s = (seconds: number) => T0 + seconds * 1000;
const CALLER = '+5511987654321';

/** Applies events one after another; fails the test on an illegal one. */
function run(events: readonly CallEvent[], from: CallState = IDLE_CALL): CallState {
  return events.reduce<CallState>((state, event) => {
    const next = transition(state, event);
    if (isIllegalTransition(next)) throw new Error(`illegal ${event.type} in ${state.status}`);
    return next;
  }, from);
}

const offer: CallEvent = { type: 'offer', at: s(0), party: { direction: 'inbound', fromNumber: CALLER }, providerCallId: 'CA1' };
const dial: CallEvent = { type: 'dial', at: s(0), party: { direction: 'outbound', toNumber: CALLER } };

/** A way to reach each status. */
const pathTo: Record<CallStatus, readonly CallEvent[]> = {
  idle: [],
  ringing: [offer],
  dialing: [dial],
  connecting: [offer, { type: 'accept', at: s(5) }],
  active: [offer, { type: 'accept', at: s(5) }, { type: 'connected', at: s(6) }],
  on_hold: [offer, { type: 'accept', at: s(5) }, { type: 'connected', at: s(6) }, { type: 'hold', at: s(20) }],
  reconnecting: [offer, { type: 'accept', at: s(5) }, { type: 'connected', at: s(6) }, { type: 'connection_lost', at: s(30) }],
  wrap_up: [offer, { type: 'accept', at: s(5) }, { type: 'connected', at: s(6) }, { type: 'end', at: s(60), cause: 'remote_hangup' }],
  ended: [offer, { type: 'end', at: s(10), cause: 'declined' }],
};

const sampleEvent: Record<CallEventType, CallEvent> = {
  offer: { ...offer, at: s(100) },
  dial: { ...dial, at: s(100) },
  accept: { type: 'accept', at: s(100) },
  connected: { type: 'connected', at: s(100) },
  hold: { type: 'hold', at: s(100) },
  resume: { type: 'resume', at: s(100) },
  mute: { type: 'mute', at: s(100), muted: true },
  connection_lost: { type: 'connection_lost', at: s(100) },
  connection_restored: { type: 'connection_restored', at: s(100) },
  end: { type: 'end', at: s(100), cause: 'local_hangup' },
  wrap_up_done: { type: 'wrap_up_done', at: s(100) },
};

/** The whole table: the status each event leads to, or null where it is illegal. */
const expected: Record<CallStatus, Partial<Record<CallEventType, CallStatus>>> = {
  idle: { offer: 'ringing', dial: 'dialing' },
  ringing: { accept: 'connecting', end: 'ended' },
  dialing: { connected: 'active', end: 'ended' },
  connecting: { connected: 'active', mute: 'connecting', end: 'ended' },
  active: { hold: 'on_hold', mute: 'active', connection_lost: 'reconnecting', end: 'wrap_up' },
  on_hold: { resume: 'active', mute: 'on_hold', connection_lost: 'reconnecting', end: 'wrap_up' },
  reconnecting: { connection_restored: 'active', mute: 'reconnecting', end: 'wrap_up' },
  wrap_up: { wrap_up_done: 'ended' },
  ended: {},
};

describe('call state transitions', () => {
  const cases = CALL_STATUSES.flatMap((status) =>
    (Object.keys(sampleEvent) as CallEventType[]).map((eventType) => ({ status, eventType, next: expected[status][eventType] ?? null })),
  );

  it.each(cases)('$status + $eventType → $next', ({ status, eventType, next }) => {
    const from = run(pathTo[status]);
    expect(from.status).toBe(status);
    const result = transition(from, sampleEvent[eventType]);
    if (next === null) {
      expect(result).toEqual<IllegalTransition>({ kind: 'illegal_transition', from: status, event: eventType, reason: 'not_allowed' });
    } else {
      expect(isIllegalTransition(result) ? result : result.status).toBe(next);
    }
  });

  it('does not change the state it was given (callers keep the old one on an illegal event)', () => {
    const active = run(pathTo.active);
    const snapshot = structuredClone(active);
    transition(active, { type: 'hold', at: s(50) });
    transition(active, { type: 'wrap_up_done', at: s(50) });
    expect(active).toEqual(snapshot);
  });

  it('refuses to dial a number that is not E.164', () => {
    const result = transition(IDLE_CALL, { type: 'dial', at: s(0), party: { direction: 'outbound', toNumber: '11 98765-4321' } });
    expect(result).toMatchObject({ kind: 'illegal_transition', reason: 'invalid_party' });
  });

  it('dials another user internally without a number', () => {
    const state = run([{ type: 'dial', at: s(0), party: { direction: 'internal', peerUserId: 'u2' } }]);
    expect(state.status).toBe('dialing');
  });

  it('returns from a reconnect to hold when the call was on hold, still counting the hold', () => {
    const state = run([...pathTo.on_hold, { type: 'connection_lost', at: s(25) }, { type: 'connection_restored', at: s(35) }]);
    expect(state.status).toBe('on_hold');
    const resumed = run([{ type: 'resume', at: s(40) }], state);
    expect(resumed.status === 'idle' ? null : resumed.call.holdMs).toBe(20_000);
  });

  it('keeps mute across hold and resume', () => {
    const state = run([...pathTo.active, { type: 'mute', at: s(10), muted: true }, { type: 'hold', at: s(11) }, { type: 'resume', at: s(12) }]);
    expect(state.status === 'idle' ? null : state.call.muted).toBe(true);
  });
});

describe('call timings and record', () => {
  it('records offered, answered (media connected), ended, wrap-up end and the hold total', () => {
    const state = run([
      offer,
      { type: 'accept', at: s(8) },
      { type: 'connected', at: s(9) },
      { type: 'hold', at: s(30) },
      { type: 'resume', at: s(45) },
      { type: 'hold', at: s(100) },
      // Hung up while on hold: the open hold counts until the end.
      { type: 'end', at: s(110), cause: 'local_hangup' },
      { type: 'wrap_up_done', at: s(140) },
    ]);
    expect(state.status).toBe('ended');
    const record = callRecordFields(state);
    expect(record).toEqual({
      direction: 'inbound',
      fromNumber: CALLER,
      providerCallId: 'CA1',
      offeredAt: '2026-03-02T14:00:00.000Z',
      answeredAt: '2026-03-02T14:00:09.000Z',
      endedAt: '2026-03-02T14:01:50.000Z',
      wrapUpEndedAt: '2026-03-02T14:02:20.000Z',
      holdSeconds: 25,
      outcome: 'answered',
    });
    // The shared duration rule gives the numbers supervisors see.
    expect(callDurations(record ?? { offeredAt: '' })).toEqual({ ringSeconds: 9, talkSeconds: 76, wrapUpSeconds: 30, handleSeconds: 131 });
  });

  it('has no record before the outcome is known, and an answered one from the moment the call connects', () => {
    expect(callRecordFields(IDLE_CALL)).toBeNull();
    expect(callRecordFields(run(pathTo.ringing))).toBeNull();
    expect(callRecordFields(run(pathTo.dialing))).toBeNull();
    expect(callRecordFields(run(pathTo.connecting))).toBeNull();
    expect(callRecordFields(run(pathTo.active))).toMatchObject({ outcome: 'answered', answeredAt: '2026-03-02T14:00:06.000Z', holdSeconds: 0 });
  });

  it('takes the CallSid learnt on connect for outbound calls', () => {
    const state = run([dial, { type: 'connected', at: s(4), providerCallId: 'CA9' }]);
    expect(callRecordFields(state)).toMatchObject({ direction: 'outbound', toNumber: CALLER, providerCallId: 'CA9' });
  });

  it('leaves out a caller id that is not E.164 (withheld, SIP)', () => {
    const state = run([{ type: 'offer', at: s(0), party: { direction: 'inbound', fromNumber: 'anonymous' } }, { type: 'end', at: s(3), cause: 'remote_hangup' }]);
    expect(callRecordFields(state)).toEqual({ direction: 'inbound', offeredAt: '2026-03-02T14:00:00.000Z', endedAt: '2026-03-02T14:00:03.000Z', outcome: 'abandoned' });
  });

  it('records internal calls with the peer', () => {
    const state = run([{ type: 'offer', at: s(0), party: { direction: 'internal', peerUserId: 'u7' } }, { type: 'end', at: s(20), cause: 'no_answer' }]);
    expect(callRecordFields(state)).toMatchObject({ direction: 'internal', peerUserId: 'u7', outcome: 'missed' });
  });

  it('ends an unanswered call at once, without wrap-up', () => {
    const state = run([offer, { type: 'end', at: s(30), cause: 'no_answer' }]);
    expect(state.status).toBe('ended');
    expect(callRecordFields(state)).toMatchObject({ outcome: 'missed', endedAt: '2026-03-02T14:00:30.000Z' });
    expect(callRecordFields(state)).not.toHaveProperty('answeredAt');
    expect(callRecordFields(state)).not.toHaveProperty('holdSeconds');
  });

  it('counts a call that was accepted but never connected as not answered', () => {
    const state = run([...pathTo.connecting, { type: 'end', at: s(7), cause: 'failed' }]);
    expect(callRecordFields(state)).toMatchObject({ outcome: 'missed' });
  });

  it('never counts negative hold when the clock goes backwards', () => {
    const state = run([...pathTo.active, { type: 'hold', at: s(50) }, { type: 'resume', at: s(40) }]);
    expect(state.status === 'idle' ? null : state.call.holdMs).toBe(0);
  });

  it('never ends wrap-up before the call ended', () => {
    const state = run([...pathTo.wrap_up, { type: 'wrap_up_done', at: s(10) }]);
    expect(callRecordFields(state)?.wrapUpEndedAt).toBe(callRecordFields(state)?.endedAt);
  });

  it('shows the running hold for the timer on screen', () => {
    const state = run(pathTo.on_hold);
    if (state.status === 'idle') throw new Error('unreachable');
    expect(holdMsAt(state.call, s(32))).toBe(12_000);
    const resumed = run([{ type: 'resume', at: s(25) }], state);
    if (resumed.status === 'idle') throw new Error('unreachable');
    // Once resumed, time passing adds nothing.
    expect(holdMsAt(resumed.call, s(500))).toBe(5_000);
  });
});

describe('unansweredOutcome', () => {
  it.each([
    ['offered', 'remote_hangup', 'abandoned'],
    ['offered', 'declined', 'rejected'],
    ['offered', 'local_hangup', 'rejected'],
    ['offered', 'no_answer', 'missed'],
    ['offered', 'busy', 'missed'],
    ['offered', 'failed', 'missed'],
    ['dialed', 'local_hangup', 'abandoned'],
    ['dialed', 'declined', 'rejected'],
    ['dialed', 'busy', 'rejected'],
    ['dialed', 'remote_hangup', 'rejected'],
    ['dialed', 'no_answer', 'missed'],
    ['dialed', 'failed', 'missed'],
  ] as const)('%s call ended by %s is %s', (origin, cause, outcome) => {
    expect(unansweredOutcome(origin, cause)).toBe(outcome);
  });
});
