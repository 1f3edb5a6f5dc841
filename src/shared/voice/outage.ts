/**
 * Outage mode: telephony is down, so the agent takes calls on another phone and logs them by hand
 * (provider `manual`), and promises callbacks. Both are ordinary replicated documents: written to the
 * local replica at once, kept across restarts, pushed when the server is reachable again.
 */
import type { Call, CallDirection } from '../domain/call';
import type { CallbackRequest } from '../domain/callback';
import { CALLBACK_ATTEMPTS_MAX } from '../domain/callback';
import { normalizePhoneNumber, type PhoneError, type PhoneOptions } from './phone';
import type { SettingsOfKind } from '../domain/settings';
import { CALL_NOTES_MAX, validateWrapUp, type WrapUpProblems } from './wrap-up';

export const CALLBACK_REASON_MAX = 500;

/** Directions an agent can log by hand (internal calls go through the softphone). */
export type ManualCallDirection = Exclude<CallDirection, 'internal'>;

export interface ManualCallInput {
  readonly id: string;
  readonly agentId: string;
  readonly direction: ManualCallDirection;
  /** As typed; normalised to E.164. */
  readonly number: string;
  /** When the conversation started and ended (the dialog's timer, or typed in). */
  readonly startedAt: string;
  readonly endedAt: string;
  readonly dispositionCode: string | undefined;
  readonly notes: string;
  readonly ticketId?: string;
  readonly customerId?: string;
  readonly callbackId?: string;
  /** Saving the log ends after-call work. */
  readonly now: string;
}

export interface ManualCallProblems extends WrapUpProblems {
  readonly number?: PhoneError;
  readonly times?: 'end_before_start' | 'in_future';
}

export type ManualCallResult = { readonly ok: true; readonly call: Call } | { readonly ok: false; readonly problems: ManualCallProblems };

type Dispositions = readonly Pick<SettingsOfKind<'dispositionCode'>, 'enabled' | 'dispositionCode'>[];

/**
 * The `calls` document of a call taken on another phone: answered (it was a conversation), offered,
 * answered and ended as the agent timed or typed it, wrapped up now, with the same disposition rules
 * as a softphone wrap-up. Numbers dialled or given must be real numbers (`valid`), as when dialling.
 */
export function manualCall(input: ManualCallInput, dispositions: Dispositions, phone: Pick<PhoneOptions, 'defaultCountry'> = {}): ManualCallResult {
  const number = normalizePhoneNumber(input.number, { ...phone, validation: 'valid' });
  const start = Date.parse(input.startedAt);
  const end = Date.parse(input.endedAt);
  const times = !(end >= start) ? 'end_before_start' : end > Date.parse(input.now) ? 'in_future' : undefined;
  const problems: ManualCallProblems = {
    ...validateWrapUp(input, dispositions),
    ...(number.ok ? {} : { number: number.error }),
    ...(times === undefined ? {} : { times }),
  };
  if (!number.ok || Object.keys(problems).length > 0) return { ok: false, problems };
  const notes = input.notes.trim();
  const call: Call = {
    id: input.id,
    direction: input.direction,
    ...(input.direction === 'inbound' ? { fromNumber: number.e164 } : { toNumber: number.e164 }),
    agentId: input.agentId,
    provider: 'manual',
    offeredAt: input.startedAt,
    answeredAt: input.startedAt,
    endedAt: input.endedAt,
    wrapUpEndedAt: input.now,
    outcome: 'answered',
    ...(input.dispositionCode === undefined ? {} : { dispositionCode: input.dispositionCode }),
    ...(notes === '' ? {} : { notes: notes.slice(0, CALL_NOTES_MAX) }),
    ...(input.ticketId === undefined ? {} : { ticketId: input.ticketId }),
    ...(input.customerId === undefined ? {} : { customerId: input.customerId }),
    ...(input.callbackId === undefined ? {} : { callbackId: input.callbackId }),
    createdAt: input.now,
    updatedAt: input.now,
  };
  return { ok: true, call };
}

export interface CallbackInput {
  readonly id: string;
  readonly agentId: string;
  readonly number: string;
  readonly reason: string;
  readonly dueAt: string;
  readonly customerId?: string;
  readonly ticketId?: string;
  readonly originCallId?: string;
  readonly now: string;
}

export interface CallbackProblems {
  readonly number?: PhoneError;
  readonly reason?: 'too_long';
  readonly dueAt?: 'invalid';
}

export type CallbackResult = { readonly ok: true; readonly callback: CallbackRequest } | { readonly ok: false; readonly problems: CallbackProblems };

/**
 * A callback the agent promised: pending, assigned to them, due when the customer asked. A due time
 * in the past is allowed (the promise was "as soon as possible"); it lists as overdue.
 */
export function callbackRequest(input: CallbackInput, phone: Pick<PhoneOptions, 'defaultCountry'> = {}): CallbackResult {
  const number = normalizePhoneNumber(input.number, { ...phone, validation: 'valid' });
  const reason = input.reason.trim();
  const problems: CallbackProblems = {
    ...(number.ok ? {} : { number: number.error }),
    ...(reason.length > CALLBACK_REASON_MAX ? { reason: 'too_long' as const } : {}),
    ...(Number.isFinite(Date.parse(input.dueAt)) ? {} : { dueAt: 'invalid' as const }),
  };
  if (!number.ok || Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    callback: {
      id: input.id,
      phoneNumber: number.e164,
      ...(reason === '' ? {} : { reason }),
      dueAt: new Date(input.dueAt).toISOString(),
      status: 'pending',
      source: 'agent',
      attempts: 0,
      assigneeId: input.agentId,
      ...(input.customerId === undefined ? {} : { customerId: input.customerId }),
      ...(input.ticketId === undefined ? {} : { ticketId: input.ticketId }),
      ...(input.originCallId === undefined ? {} : { originCallId: input.originCallId }),
      createdAt: input.now,
      updatedAt: input.now,
    },
  };
}

/** Callbacks still to make: pending or being attempted. */
export function isOpenCallback(callback: Pick<CallbackRequest, 'status'>): boolean {
  return callback.status === 'pending' || callback.status === 'in_progress';
}

export function isOverdue(callback: Pick<CallbackRequest, 'status' | 'dueAt'>, now: number): boolean {
  return isOpenCallback(callback) && Date.parse(callback.dueAt) <= now;
}

/** The callback list: open ones, most overdue first; the agent's own before unassigned ones at the same time. */
export function callbackWorklist<C extends Pick<CallbackRequest, 'id' | 'status' | 'dueAt' | 'assigneeId'>>(callbacks: readonly C[], agentId: string): C[] {
  const mine = (callback: C) => (callback.assigneeId === agentId ? 0 : 1);
  return callbacks
    .filter((callback) => isOpenCallback(callback) && (callback.assigneeId === undefined || callback.assigneeId === agentId))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || mine(a) - mine(b) || a.id.localeCompare(b.id));
}

/** Fields of a callback when the agent starts calling (attempt counted), or `undefined` once attempts are used up. */
export function startCallbackAttempt(callback: Pick<CallbackRequest, 'attempts' | 'assigneeId'>, agentId: string, now: string): Pick<CallbackRequest, 'status' | 'attempts' | 'lastAttemptAt' | 'assigneeId' | 'updatedAt'> | undefined {
  if (callback.attempts >= CALLBACK_ATTEMPTS_MAX) return undefined;
  return { status: 'in_progress', attempts: callback.attempts + 1, lastAttemptAt: now, assigneeId: callback.assigneeId ?? agentId, updatedAt: now };
}

/** Fields of a callback fulfilled by a call (the schema requires the call on a completed request). */
export function completeCallback(callId: string, now: string): Pick<CallbackRequest, 'status' | 'resultCallId' | 'updatedAt'> {
  return { status: 'completed', resultCallId: callId, updatedAt: now };
}
