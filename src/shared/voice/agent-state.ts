/**
 * The agent's own state (what the queue routes on): available, on a call, wrap-up, break, offline.
 * Changed by the agent (buttons) and by events (a call starts or ends, the wrap-up timer, the phone
 * device lost or back). Pure: events carry their time in epoch ms; timers live in whoever drives it,
 * which asks `wrapUpDueAt` when to send `wrap_up_timer`.
 *
 * Break or offline asked for during a call or wrap-up does not cut the call: it is kept as `next` and
 * taken when the agent becomes free, so an agent can say "break after this call".
 */
import type { CallOutcome } from '../domain/call';

export const AGENT_STATUSES = ['available', 'on_call', 'wrap_up', 'break', 'offline'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

/** A break reason is a short code (e.g. `lunch`, `training`), shown through the settings or the locale. */
export const BREAK_REASON_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** The break an agent is put on after letting an offered call ring out (so the queue stops offering to an empty desk). */
export const MISSED_OFFER_BREAK_REASON = 'missed_call';

export interface AgentPolicy {
  /** Wrap-up time after an answered call. */
  readonly wrapUpSeconds: number;
  /** When the wrap-up time is over: true returns the agent to available; false keeps them in wrap-up, marked overdue. */
  readonly autoReturnAfterWrapUp: boolean;
  /** Put the agent on a `missed_call` break when an offered call rang out unanswered. */
  readonly breakAfterMissedOffer: boolean;
}

export const DEFAULT_AGENT_POLICY: AgentPolicy = { wrapUpSeconds: 60, autoReturnAfterWrapUp: true, breakAfterMissedOffer: true };

/** What to become once the current call or wrap-up is over, when the agent asked for it meanwhile. */
export type PendingAgentStatus = { readonly status: 'break'; readonly reason: string } | { readonly status: 'offline' };

/** Where to return when the phone device comes back. */
export type ResumableAgentStatus = { readonly status: 'available' } | { readonly status: 'break'; readonly reason: string };

export type AgentState =
  | { readonly status: 'available'; readonly since: number }
  | { readonly status: 'on_call'; readonly since: number; readonly origin: 'offered' | 'dialed'; readonly next?: PendingAgentStatus }
  | {
      readonly status: 'wrap_up';
      readonly since: number;
      readonly dueAt: number;
      readonly autoReturn: boolean;
      /** The wrap-up time is over and the agent has not finished (only without auto-return). */
      readonly overdue: boolean;
      readonly next?: PendingAgentStatus;
    }
  | { readonly status: 'break'; readonly since: number; readonly reason: string }
  /** agent: chosen; device: the phone device was lost (unregistered, no network) and `resumeTo` is restored when it is back. */
  | { readonly status: 'offline'; readonly since: number; readonly cause: 'agent' } 
  | { readonly status: 'offline'; readonly since: number; readonly cause: 'device'; readonly resumeTo: ResumableAgentStatus };

export type AgentEvent =
  // By the agent.
  | { readonly type: 'set_available'; readonly at: number }
  | { readonly type: 'start_break'; readonly at: number; readonly reason: string }
  | { readonly type: 'go_offline'; readonly at: number }
  | { readonly type: 'finish_wrap_up'; readonly at: number }
  // By the softphone.
  | { readonly type: 'call_started'; readonly at: number; readonly origin: 'offered' | 'dialed' }
  | { readonly type: 'call_ended'; readonly at: number; readonly outcome: CallOutcome }
  | { readonly type: 'wrap_up_timer'; readonly at: number }
  | { readonly type: 'device_lost'; readonly at: number }
  | { readonly type: 'device_restored'; readonly at: number };

export type AgentEventType = AgentEvent['type'];

/** not_allowed: the event means nothing in this state; invalid_reason: a break reason that is not a code; too_early: a wrap-up timer before its due time. */
export interface IllegalAgentTransition {
  readonly kind: 'illegal_transition';
  readonly from: AgentStatus;
  readonly event: AgentEventType;
  readonly reason: 'not_allowed' | 'invalid_reason' | 'too_early';
}

export function isIllegalAgentTransition(result: AgentState | IllegalAgentTransition): result is IllegalAgentTransition {
  return 'kind' in result;
}

/** An agent starts the day offline, by choice. */
export function initialAgentState(at: number): AgentState {
  return { status: 'offline', since: at, cause: 'agent' };
}

export function transitionAgent(state: AgentState, event: AgentEvent, policy: AgentPolicy = DEFAULT_AGENT_POLICY): AgentState | IllegalAgentTransition {
  const illegal = (reason: IllegalAgentTransition['reason'] = 'not_allowed'): IllegalAgentTransition => ({
    kind: 'illegal_transition',
    from: state.status,
    event: event.type,
    reason,
  });
  if (event.type === 'start_break' && !BREAK_REASON_PATTERN.test(event.reason)) return illegal('invalid_reason');
  const at = event.at;

  switch (state.status) {
    case 'available':
      switch (event.type) {
        case 'start_break':
          return { status: 'break', since: at, reason: event.reason };
        case 'go_offline':
          return { status: 'offline', since: at, cause: 'agent' };
        case 'call_started':
          return { status: 'on_call', since: at, origin: event.origin };
        case 'device_lost':
          return { status: 'offline', since: at, cause: 'device', resumeTo: { status: 'available' } };
        default:
          return illegal();
      }

    case 'on_call':
      switch (event.type) {
        case 'start_break':
          return { ...state, next: { status: 'break', reason: event.reason } };
        case 'go_offline':
          return { ...state, next: { status: 'offline' } };
        case 'set_available':
          // Takes back a pending break or offline.
          return state.next === undefined ? illegal() : { status: 'on_call', since: state.since, origin: state.origin };
        case 'call_ended':
          if (event.outcome === 'answered') {
            return {
              status: 'wrap_up',
              since: at,
              dueAt: at + Math.max(0, policy.wrapUpSeconds) * 1000,
              autoReturn: policy.autoReturnAfterWrapUp,
              overdue: false,
              ...(state.next === undefined ? {} : { next: state.next }),
            };
          }
          if (state.next !== undefined) return becomeFree(state.next, at);
          if (state.origin === 'offered' && event.outcome === 'missed' && policy.breakAfterMissedOffer) {
            return { status: 'break', since: at, reason: MISSED_OFFER_BREAK_REASON };
          }
          return { status: 'available', since: at };
        default:
          // The call machine handles a device lost mid-call (reconnecting); the agent stays on the call.
          return illegal();
      }

    case 'wrap_up':
      switch (event.type) {
        case 'finish_wrap_up':
          return becomeFree(state.next, at);
        case 'set_available':
          return { status: 'available', since: at };
        case 'start_break':
          return { status: 'break', since: at, reason: event.reason };
        case 'go_offline':
          return { status: 'offline', since: at, cause: 'agent' };
        case 'wrap_up_timer':
          if (state.overdue) return illegal();
          if (at < state.dueAt) return illegal('too_early');
          return state.autoReturn ? becomeFree(state.next, at) : { ...state, overdue: true };
        case 'call_started':
          // Calling the customer back from wrap-up ends the wrap-up.
          return event.origin === 'dialed' ? { status: 'on_call', since: at, origin: 'dialed', ...nextOf(state) } : illegal();
        case 'device_lost':
          return { status: 'offline', since: at, cause: 'device', resumeTo: { status: 'available' } };
        default:
          return illegal();
      }

    case 'break':
      switch (event.type) {
        case 'set_available':
          return { status: 'available', since: at };
        case 'start_break':
          return event.reason === state.reason ? illegal() : { status: 'break', since: at, reason: event.reason };
        case 'go_offline':
          return { status: 'offline', since: at, cause: 'agent' };
        case 'device_lost':
          return { status: 'offline', since: at, cause: 'device', resumeTo: { status: 'break', reason: state.reason } };
        default:
          return illegal();
      }

    case 'offline':
      switch (event.type) {
        case 'set_available':
          return { status: 'available', since: at };
        case 'start_break':
          return { status: 'break', since: at, reason: event.reason };
        case 'go_offline':
          // Chosen while the device was lost: the agent stays offline when it comes back.
          return state.cause === 'device' ? { status: 'offline', since: state.since, cause: 'agent' } : illegal();
        case 'device_restored':
          return state.cause === 'device' ? { ...state.resumeTo, since: at } : illegal();
        default:
          return illegal();
      }
  }
}

function becomeFree(next: PendingAgentStatus | undefined, at: number): AgentState {
  if (next === undefined) return { status: 'available', since: at };
  return next.status === 'break' ? { status: 'break', since: at, reason: next.reason } : { status: 'offline', since: at, cause: 'agent' };
}

function nextOf(state: { readonly next?: PendingAgentStatus }): { next?: PendingAgentStatus } {
  return state.next === undefined ? {} : { next: state.next };
}

/** When to send `wrap_up_timer`; null when no wrap-up timer should run. */
export function wrapUpDueAt(state: AgentState): number | null {
  return state.status === 'wrap_up' && !state.overdue ? state.dueAt : null;
}

/** Whether the queue may offer this agent a call. */
export function canTakeOffers(state: AgentState): boolean {
  return state.status === 'available';
}
