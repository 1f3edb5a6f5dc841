/**
 * How each Twilio callback changes a call record: a pure function of the stored record and the event,
 * so the rules are testable without a server. Every change either sets a field from the event itself or
 * fills one that is still empty, so applying the same event twice changes nothing the second time (Twilio
 * retries), and events arriving out of order still end in the same record.
 *
 * - A dialled leg answered or completed → `answered` (by that leg's agent), with answer and end times.
 * - A dialled leg ending unanswered → `missed` (no answer), `rejected` (busy: the agent declined),
 *   `abandoned` (cancelled: the caller hung up while it rang); never over an `answered` record.
 *   An inbound call that was missed goes back on hold, so its end is left to the parent's callback.
 * - The parent call ending → `endedAt` if still unknown; no record yet means nobody ever answered:
 *   `abandoned` (the caller hung up on hold, or the agent before the callee picked up).
 * - A completed recording → `recordingRef` = its RecordingSid (never a URL), and proof the call was answered.
 *
 * Fields agents write at wrap-up (notes, disposition, links, wrap-up time) are never touched.
 */
import type { Call, CallDurations, CallOutcome } from '../../../shared/domain/call';
import type { CallContext } from './call-context';
import { clientIdentity, e164OrUndefined, FINAL_STATUSES, type CallEvent, type LegEvent, type ParentEvent, type RecordingEvent, type TwilioCallStatus } from './call-events';

/** A call record without what the store stamps: id, timestamps and durations. */
export type CallDraft = Omit<Call, 'id' | 'createdAt' | 'updatedAt' | keyof CallDurations>;

export interface ParentFacts {
  /** The softphone's outbound calls show this number to the callee. */
  readonly callerId: string;
  /** The queue of the dialled number, for an inbound call that never reached an agent. */
  readonly queueId?: string;
}

const UNANSWERED_OUTCOMES: Readonly<Partial<Record<TwilioCallStatus, CallOutcome>>> = {
  'no-answer': 'missed',
  failed: 'missed',
  busy: 'rejected',
  canceled: 'abandoned',
};

/** The record after `event`; undefined when the event makes no record (yet). */
export function applyCallEvent(stored: CallDraft | undefined, event: CallEvent, facts: ParentFacts): CallDraft | undefined {
  switch (event.kind) {
    case 'leg':
      return applyLeg(stored, event);
    case 'parent':
      return applyParent(stored, event, facts);
    case 'recording':
      return applyRecording(stored, event);
  }
}

function applyLeg(stored: CallDraft | undefined, event: LegEvent): CallDraft | undefined {
  const { context, status, time } = event;
  const agentId = context.agentId ?? stored?.agentId;
  if (status === 'in-progress') {
    const answeredAt = time.exact || stored?.answeredAt === undefined ? time.at : stored.answeredAt;
    return { ...withContext(stored, context), ...optional({ agentId }), outcome: 'answered', answeredAt };
  }
  if (status === 'completed') {
    // The answered callback may be lost or late: the leg's own duration tells when it was answered.
    const answeredAt = stored?.answeredAt ?? shift(time.at, -(event.durationSeconds ?? 0));
    const endedAt = time.exact || stored?.endedAt === undefined ? time.at : stored.endedAt;
    return { ...withContext(stored, context), ...optional({ agentId }), outcome: 'answered', answeredAt, endedAt };
  }
  const unanswered = UNANSWERED_OUTCOMES[status];
  if (unanswered === undefined) return stored;
  if (stored?.outcome === 'answered') return stored;
  const callOver = context.direction !== 'inbound' || status === 'canceled';
  return {
    ...withContext(stored, context),
    ...optional({ agentId, endedAt: callOver ? (stored?.endedAt ?? time.at) : stored?.endedAt }),
    outcome: unanswered,
  };
}

function applyParent(stored: CallDraft | undefined, event: ParentEvent, facts: ParentFacts): CallDraft | undefined {
  if (!FINAL_STATUSES.includes(event.status)) return stored;
  if (stored !== undefined) return stored.endedAt === undefined ? { ...stored, endedAt: event.time.at } : stored;
  const context = parentContext(event, facts);
  if (context === undefined) return undefined;
  return { ...withContext(undefined, context), ...optional({ agentId: context.agentId }), outcome: 'abandoned', endedAt: event.time.at };
}

function applyRecording(stored: CallDraft | undefined, event: RecordingEvent): CallDraft | undefined {
  if (event.status !== 'completed') return stored;
  const recordingRef = event.recordingSid;
  if (stored === undefined) {
    if (event.context === undefined) return undefined;
    const answeredAt = event.startedAt ?? event.context.offeredAt;
    const endedAt = event.durationSeconds === undefined ? undefined : shift(answeredAt, event.durationSeconds);
    return { ...withContext(undefined, event.context), ...optional({ agentId: event.context.agentId, endedAt }), outcome: 'answered', answeredAt, recordingRef };
  }
  if (stored.answeredAt !== undefined || event.startedAt === undefined) return { ...stored, recordingRef };
  // Recorded from answer: the recording proves an answer the status callbacks have not told us of yet.
  const endedAt = stored.endedAt ?? (event.durationSeconds === undefined ? undefined : shift(event.startedAt, event.durationSeconds));
  return { ...stored, ...optional({ endedAt }), outcome: 'answered', answeredAt: event.startedAt, recordingRef };
}

/** The context of a parent callback, from Twilio's From and To (no URL context: the number or app calls it). */
function parentContext(event: ParentEvent, facts: ParentFacts): CallContext | undefined {
  const offeredAt = event.time.exact && event.durationSeconds !== undefined ? shift(event.time.at, -event.durationSeconds) : event.time.at;
  const base = { callSid: event.callSid, offeredAt };
  const agentId = clientIdentity(event.from);
  if (agentId === undefined) {
    return { ...base, direction: 'inbound', ...optional({ fromNumber: e164OrUndefined(event.from), toNumber: e164OrUndefined(event.to), queueId: facts.queueId }) };
  }
  const peerUserId = clientIdentity(event.to);
  if (peerUserId !== undefined) return { ...base, direction: 'internal', agentId, peerUserId };
  const toNumber = e164OrUndefined(event.to);
  // An outbound record needs the dialled number; a softphone call to an invalid one never became a call.
  return toNumber === undefined ? undefined : { ...base, direction: 'outbound', agentId, fromNumber: facts.callerId, toNumber };
}

/** What the context says about the call, under what the record already holds (first known wins). */
function withContext(stored: CallDraft | undefined, context: CallContext): Omit<CallDraft, 'outcome'> {
  return {
    ...stored,
    direction: stored?.direction ?? context.direction,
    provider: stored?.provider ?? 'twilio',
    providerCallId: context.callSid,
    offeredAt: stored?.offeredAt ?? context.offeredAt,
    ...optional({
      fromNumber: stored?.fromNumber ?? context.fromNumber,
      toNumber: stored?.toNumber ?? context.toNumber,
      queueId: stored?.queueId ?? context.queueId,
      peerUserId: stored?.peerUserId ?? context.peerUserId,
    }),
  };
}

/** The defined entries only: a record never stores a key with no value. */
function optional<T extends Record<string, string | undefined>>(fields: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<Record<keyof T, string>>;
}

function shift(at: string, seconds: number): string {
  return new Date(Date.parse(at) + seconds * 1000).toISOString();
}
