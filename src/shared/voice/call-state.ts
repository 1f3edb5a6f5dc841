/**
 * The softphone's call state machine: one call from offer (or dial) to the end of wrap-up. Pure: events
 * carry their own time (epoch ms), so the same sequence always gives the same state, and the facts the
 * call record needs (offered/answered/ended/wrap-up times, hold time, outcome) are collected on the way.
 *
 *   idle ─offer→ ringing ─accept→ connecting ─connected→ active ⇄ on_hold
 *   idle ─dial→ dialing ─connected→ active        active/on_hold ─connection_lost→ reconnecting
 *   reconnecting ─connection_restored→ active or on_hold (whichever it was)
 *   active/on_hold/reconnecting ─end→ wrap_up ─wrap_up_done→ ended
 *   ringing/dialing/connecting ─end→ ended (unanswered: no wrap-up)
 *
 * A call that never connected gets no wrap-up: there is nothing to wrap up, and the agent is free at once.
 */
import type { Call, CallDirection, CallOutcome } from '../domain/call';
import { isE164 } from '../domain/common';

export const CALL_STATUSES = ['idle', 'ringing', 'dialing', 'connecting', 'active', 'on_hold', 'reconnecting', 'wrap_up', 'ended'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/**
 * Why a call ended, as far as the softphone can tell.
 * local_hangup: the agent hung up (or gave up on an outbound call before it was answered).
 * remote_hangup: the other party hung up (an offer withdrawn by the caller, too).
 * declined: the agent rejected or ignored the offer, or the callee declined.
 * no_answer: nobody answered before the ring timeout. busy: the callee was busy.
 * failed: signalling or media failed, or a timeout of ours gave up.
 */
export const END_CAUSES = ['local_hangup', 'remote_hangup', 'declined', 'no_answer', 'busy', 'failed'] as const;
export type EndCause = (typeof END_CAUSES)[number];

/** Who is on the other end. Numbers are E.164 (normalise with `normalizePhoneNumber` first). */
export type CallParty =
  | { readonly direction: 'inbound'; readonly fromNumber?: string; readonly toNumber?: string }
  | { readonly direction: 'outbound'; readonly toNumber: string; readonly fromNumber?: string }
  | { readonly direction: 'internal'; readonly peerUserId: string };

export type OfferedParty = Extract<CallParty, { direction: 'inbound' | 'internal' }>;
export type DialedParty = Extract<CallParty, { direction: 'outbound' | 'internal' }>;

/** What the machine knows about the call; times are epoch milliseconds. */
export interface CallFacts {
  /** offered: it rang at the agent; dialed: the agent placed it. */
  readonly origin: 'offered' | 'dialed';
  readonly party: CallParty;
  readonly providerCallId?: string;
  readonly offeredAt: number;
  /** When the conversation began (media connected), not when the agent clicked Answer. */
  readonly answeredAt?: number;
  readonly endedAt?: number;
  readonly wrapUpEndedAt?: number;
  readonly endCause?: EndCause;
  readonly outcome?: CallOutcome;
  /** Hold time of the finished holds. */
  readonly holdMs: number;
  /** Set while the call is on hold (through a reconnect too). */
  readonly holdStartedAt?: number;
  readonly muted: boolean;
}

export type CallState = { readonly status: 'idle' } | { readonly status: Exclude<CallStatus, 'idle'>; readonly call: CallFacts };

export type CallEvent =
  | { readonly type: 'offer'; readonly at: number; readonly party: OfferedParty; readonly providerCallId?: string }
  | { readonly type: 'dial'; readonly at: number; readonly party: DialedParty; readonly providerCallId?: string }
  | { readonly type: 'accept'; readonly at: number }
  | { readonly type: 'connected'; readonly at: number; readonly providerCallId?: string }
  | { readonly type: 'hold'; readonly at: number }
  | { readonly type: 'resume'; readonly at: number }
  | { readonly type: 'mute'; readonly at: number; readonly muted: boolean }
  | { readonly type: 'connection_lost'; readonly at: number }
  | { readonly type: 'connection_restored'; readonly at: number }
  | { readonly type: 'end'; readonly at: number; readonly cause: EndCause }
  | { readonly type: 'wrap_up_done'; readonly at: number };

export type CallEventType = CallEvent['type'];

/** not_allowed: the event means nothing in this state. invalid_party: a dialled number that is not E.164. */
export interface IllegalTransition {
  readonly kind: 'illegal_transition';
  readonly from: CallStatus;
  readonly event: CallEventType;
  readonly reason: 'not_allowed' | 'invalid_party';
}

export const IDLE_CALL: CallState = { status: 'idle' };

export function isIllegalTransition(result: CallState | IllegalTransition): result is IllegalTransition {
  return 'kind' in result;
}

/** The next state, or why the event cannot happen now. Never throws. */
export function transition(state: CallState, event: CallEvent): CallState | IllegalTransition {
  const illegal = (reason: IllegalTransition['reason'] = 'not_allowed'): IllegalTransition => ({
    kind: 'illegal_transition',
    from: state.status,
    event: event.type,
    reason,
  });

  if (state.status === 'idle') {
    if (event.type === 'offer') return { status: 'ringing', call: newCall('offered', event.party, event.at, event.providerCallId) };
    if (event.type === 'dial') {
      if (event.party.direction === 'outbound' && !isE164(event.party.toNumber)) return illegal('invalid_party');
      return { status: 'dialing', call: newCall('dialed', event.party, event.at, event.providerCallId) };
    }
    return illegal();
  }

  const { status, call } = state;
  switch (event.type) {
    case 'accept':
      return status === 'ringing' ? { status: 'connecting', call } : illegal();
    case 'connected':
      if (status !== 'connecting' && status !== 'dialing') return illegal();
      return {
        status: 'active',
        call: { ...call, answeredAt: event.at, outcome: 'answered', ...providerId(event.providerCallId ?? call.providerCallId) },
      };
    case 'hold':
      return status === 'active' ? { status: 'on_hold', call: { ...call, holdStartedAt: event.at } } : illegal();
    case 'resume':
      return status === 'on_hold' ? { status: 'active', call: closeHold(call, event.at) } : illegal();
    case 'mute':
      return isConnectedOrConnecting(status) ? { status, call: { ...call, muted: event.muted } } : illegal();
    case 'connection_lost':
      return status === 'active' || status === 'on_hold' ? { status: 'reconnecting', call } : illegal();
    case 'connection_restored':
      if (status !== 'reconnecting') return illegal();
      return { status: call.holdStartedAt === undefined ? 'active' : 'on_hold', call };
    case 'end':
      return end(state.status, call, event.at, event.cause) ?? illegal();
    case 'wrap_up_done':
      return status === 'wrap_up' ? { status: 'ended', call: { ...call, wrapUpEndedAt: Math.max(event.at, call.endedAt ?? event.at) } } : illegal();
    case 'offer':
    case 'dial':
      return illegal();
  }
}

function newCall(origin: CallFacts['origin'], party: CallParty, at: number, providerCallId: string | undefined): CallFacts {
  return { origin, party, offeredAt: at, holdMs: 0, muted: false, ...providerId(providerCallId) };
}

function providerId(providerCallId: string | undefined): { providerCallId?: string } {
  return providerCallId === undefined ? {} : { providerCallId };
}

function isConnectedOrConnecting(status: CallStatus): boolean {
  return status === 'connecting' || status === 'active' || status === 'on_hold' || status === 'reconnecting';
}

/** Adds the running hold to the total; a clock that went backwards adds nothing rather than subtracting. */
function closeHold(call: CallFacts, at: number): CallFacts {
  if (call.holdStartedAt === undefined) return call;
  const { holdStartedAt, ...rest } = call;
  return { ...rest, holdMs: call.holdMs + Math.max(0, at - holdStartedAt) };
}

function end(status: Exclude<CallStatus, 'idle'>, call: CallFacts, at: number, cause: EndCause): CallState | null {
  switch (status) {
    case 'active':
    case 'on_hold':
    case 'reconnecting':
      return { status: 'wrap_up', call: { ...closeHold(call, at), endedAt: at, endCause: cause } };
    case 'ringing':
    case 'dialing':
    case 'connecting':
      return { status: 'ended', call: { ...call, endedAt: at, endCause: cause, outcome: unansweredOutcome(call.origin, cause) } };
    case 'wrap_up':
    case 'ended':
      return null;
  }
}

/**
 * The outcome of a call that never connected. Offered to the agent: the caller hanging up is abandoned,
 * the agent declining is rejected, anything else is missed. Dialled by the agent: giving up is abandoned,
 * a busy or declining callee is rejected, no answer or a failure is missed.
 */
export function unansweredOutcome(origin: CallFacts['origin'], cause: EndCause): Exclude<CallOutcome, 'answered'> {
  if (origin === 'offered') {
    if (cause === 'remote_hangup') return 'abandoned';
    if (cause === 'declined' || cause === 'local_hangup') return 'rejected';
    return 'missed';
  }
  if (cause === 'local_hangup') return 'abandoned';
  if (cause === 'declined' || cause === 'busy' || cause === 'remote_hangup') return 'rejected';
  return 'missed';
}

/** Hold time so far, the running hold included. */
export function holdMsAt(call: CallFacts, now: number): number {
  return call.holdStartedAt === undefined ? call.holdMs : call.holdMs + Math.max(0, now - call.holdStartedAt);
}

/** The fields of the call record the softphone owns (the rest — agent, queue, links, notes — come from elsewhere). */
export type CallRecordFields = Pick<
  Call,
  'direction' | 'fromNumber' | 'toNumber' | 'peerUserId' | 'providerCallId' | 'offeredAt' | 'answeredAt' | 'endedAt' | 'wrapUpEndedAt' | 'holdSeconds' | 'outcome'
>;

/**
 * The record fields, once the outcome is known: from the moment the call connected (answered) or ended
 * unanswered; null before. Numbers that are not E.164 (a withheld or SIP caller id) are left out, as
 * the schema only stores E.164.
 */
export function callRecordFields(state: CallState): CallRecordFields | null {
  if (state.status === 'idle') return null;
  const { call } = state;
  const { outcome } = call;
  if (outcome === undefined) return null;
  const { party } = call;
  const direction: CallDirection = party.direction;
  const numbers =
    party.direction === 'internal'
      ? { peerUserId: party.peerUserId }
      : {
          ...(isE164(party.fromNumber) ? { fromNumber: party.fromNumber } : {}),
          ...(isE164(party.toNumber) ? { toNumber: party.toNumber } : {}),
        };
  const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
  const answeredAt = iso(call.answeredAt);
  const endedAt = iso(call.endedAt);
  const wrapUpEndedAt = iso(call.wrapUpEndedAt);
  return {
    direction,
    ...numbers,
    ...providerId(call.providerCallId),
    offeredAt: new Date(call.offeredAt).toISOString(),
    ...(answeredAt === undefined ? {} : { answeredAt }),
    ...(endedAt === undefined ? {} : { endedAt }),
    ...(wrapUpEndedAt === undefined ? {} : { wrapUpEndedAt }),
    ...(call.answeredAt === undefined ? {} : { holdSeconds: Math.round(call.holdMs / 1000) }),
    outcome,
  };
}
