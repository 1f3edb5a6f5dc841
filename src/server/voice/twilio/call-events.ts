/**
 * Twilio's status and recording callbacks, read into the events that shape a call record. Three kinds:
 *
 * - `leg`: the leg we dialled (the agent's `<Client>` for inbound calls, the `<Number>` or colleague an
 *   agent called); its callback URL carries the call context. It decides answered, missed, rejected.
 * - `parent`: the call's own status callback (set on the phone number, or on the TwiML app for the
 *   softphone's calls); it carries no context and tells when the call ended.
 * - `recording`: a finished recording, referenced by its RecordingSid.
 */
import { isE164 } from '../../../shared/domain/common';
import type { CallContext } from './call-context';
import { isCallSid } from './call-context';
import { field, type FormFields } from './form-body';

export const TWILIO_CALL_STATUSES = ['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'canceled', 'failed'] as const;
export type TwilioCallStatus = (typeof TWILIO_CALL_STATUSES)[number];

/** Statuses after which a call (or leg) is over. */
export const FINAL_STATUSES: readonly TwilioCallStatus[] = ['completed', 'busy', 'no-answer', 'canceled', 'failed'];

/** When an event happened, and whether Twilio said so (exact) or we only know when we heard of it. */
export interface EventTime {
  readonly at: string;
  readonly exact: boolean;
}

export interface LegEvent {
  readonly kind: 'leg';
  readonly context: CallContext;
  readonly status: TwilioCallStatus;
  readonly time: EventTime;
  /** The leg's connected time, on its final callback. */
  readonly durationSeconds?: number;
}

export interface ParentEvent {
  readonly kind: 'parent';
  readonly callSid: string;
  readonly status: TwilioCallStatus;
  readonly time: EventTime;
  readonly durationSeconds?: number;
  /** Twilio's From and To of the parent call: a number, or `client:<identity>` for the softphone. */
  readonly from?: string;
  readonly to?: string;
}

export interface RecordingEvent {
  readonly kind: 'recording';
  readonly callSid: string;
  /** Present when the recording was started by our TwiML (the callback URL carries it). */
  readonly context?: CallContext;
  readonly recordingSid: string;
  readonly status: string;
  readonly startedAt?: string;
  readonly durationSeconds?: number;
}

export type CallEvent = LegEvent | ParentEvent | RecordingEvent;

const RECORDING_SID = /^RE[0-9a-f]{32}$/i;

export function isRecordingSid(value: unknown): value is string {
  return typeof value === 'string' && RECORDING_SID.test(value);
}

export function callStatus(value: string | undefined): TwilioCallStatus | undefined {
  return TWILIO_CALL_STATUSES.find((status) => status === value);
}

/** A status callback: a leg event when its URL carries our context, the parent's otherwise. */
export function readStatusCallback(fields: FormFields, context: CallContext | undefined, now: Date): LegEvent | ParentEvent | undefined {
  const status = callStatus(field(fields, 'CallStatus'));
  if (status === undefined) return undefined;
  const time = eventTime(field(fields, 'Timestamp'), now);
  const durationSeconds = seconds(field(fields, 'CallDuration'));
  const duration = durationSeconds === undefined ? {} : { durationSeconds };
  if (context !== undefined) return { kind: 'leg', context, status, time, ...duration };
  const callSid = field(fields, 'CallSid');
  if (!isCallSid(callSid)) return undefined;
  const from = field(fields, 'From');
  const to = field(fields, 'To');
  return { kind: 'parent', callSid, status, time, ...duration, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

export function readRecordingCallback(fields: FormFields, context: CallContext | undefined): RecordingEvent | undefined {
  const recordingSid = field(fields, 'RecordingSid');
  const callSid = context?.callSid ?? field(fields, 'CallSid');
  const status = field(fields, 'RecordingStatus');
  if (recordingSid === undefined || !RECORDING_SID.test(recordingSid) || !isCallSid(callSid) || status === undefined) return undefined;
  const started = Date.parse(field(fields, 'RecordingStartTime') ?? '');
  const durationSeconds = seconds(field(fields, 'RecordingDuration'));
  return {
    kind: 'recording',
    callSid,
    ...(context === undefined ? {} : { context }),
    recordingSid,
    status,
    ...(Number.isNaN(started) ? {} : { startedAt: new Date(started).toISOString() }),
    ...(durationSeconds === undefined ? {} : { durationSeconds }),
  };
}

/** The identity of a softphone endpoint (`client:usr_ana` → `usr_ana`). */
export function clientIdentity(address: string | undefined): string | undefined {
  if (address?.startsWith('client:') !== true) return undefined;
  const identity = address.slice('client:'.length);
  return /^[A-Za-z0-9_-]{1,64}$/.test(identity) ? identity : undefined;
}

export function e164OrUndefined(value: string | undefined): string | undefined {
  return isE164(value) ? value : undefined;
}

/** Twilio's `Timestamp` is RFC 2822 ("Tue, 10 Mar 2026 14:05:00 +0000"). */
function eventTime(raw: string | undefined, now: Date): EventTime {
  const parsed = Date.parse(raw ?? '');
  return Number.isNaN(parsed) ? { at: now.toISOString(), exact: false } : { at: new Date(parsed).toISOString(), exact: true };
}

function seconds(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d{1,7}$/.test(raw)) return undefined;
  return Number(raw);
}
