/**
 * A phone call, written once the outcome is known (answered, or ended unanswered) and completed at
 * wrap-up. Ringing and talking live in the softphone and the live queue view, never in the replica.
 */
import type { EntitySchema } from '../sync/entity-schema';
import { countProperty, e164Property, enumProperty, idProperty, requireFields, textProperty, timestampProperty, whenFieldIs } from './common';

export const CALL_DIRECTIONS = ['inbound', 'outbound', 'internal'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

export const CALL_PROVIDERS = ['twilio', 'webrtc', 'manual'] as const;
export type CallProvider = (typeof CALL_PROVIDERS)[number];

/**
 * answered: an agent took it. missed: offered to an agent who did not answer before the ring timeout.
 * abandoned: the caller hung up while waiting. rejected: declined by the agent (or busy).
 */
export const CALL_OUTCOMES = ['answered', 'missed', 'abandoned', 'rejected'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Disposition codes are the `code` of a settings document of kind dispositionCode. */
export const DISPOSITION_CODE_PATTERN = '^[a-z0-9][a-z0-9_-]{0,63}$';

const SECONDS_MAX = 7 * 24 * 3600;

export interface Call {
  readonly id: string;
  readonly direction: CallDirection;
  /** Caller number; absent when withheld or for internal calls. */
  readonly fromNumber?: string;
  /** Dialled number; required for outbound calls. */
  readonly toNumber?: string;
  /** The agent who handled (or was offered) the call; absent when it never reached one. */
  readonly agentId?: string;
  /** Internal calls: the other user. */
  readonly peerUserId?: string;
  /** The queue (settings kind queue) the call came through. */
  readonly queueId?: string;
  readonly provider: CallProvider;
  /** The provider's id (Twilio CallSid), so webhooks and retries find the same record. */
  readonly providerCallId?: string;
  readonly offeredAt: string;
  readonly answeredAt?: string;
  readonly endedAt?: string;
  readonly wrapUpEndedAt?: string;
  /** Time on hold during the call, measured by the softphone. */
  readonly holdSeconds?: number;
  readonly outcome: CallOutcome;
  readonly dispositionCode?: string;
  readonly notes?: string;
  readonly ticketId?: string;
  readonly customerId?: string;
  /** The callback request this call was made for. */
  readonly callbackId?: string;
  /** Server-owned: reference to the recording, resolved through the server (never a public URL). */
  readonly recordingRef?: string;
  /** Server-owned, computed with callDurations() on every accepted write. */
  readonly ringSeconds?: number;
  readonly talkSeconds?: number;
  readonly wrapUpSeconds?: number;
  readonly handleSeconds?: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const secondsProperty = countProperty(0, SECONDS_MAX);

export const callSchema: EntitySchema = {
  title: 'call',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  properties: {
    id: idProperty,
    direction: enumProperty(CALL_DIRECTIONS),
    fromNumber: e164Property,
    toNumber: e164Property,
    agentId: idProperty,
    peerUserId: idProperty,
    queueId: idProperty,
    provider: enumProperty(CALL_PROVIDERS),
    providerCallId: textProperty(64, 1),
    offeredAt: timestampProperty,
    answeredAt: timestampProperty,
    endedAt: timestampProperty,
    wrapUpEndedAt: timestampProperty,
    holdSeconds: secondsProperty,
    outcome: enumProperty(CALL_OUTCOMES),
    dispositionCode: { type: 'string', pattern: DISPOSITION_CODE_PATTERN, maxLength: 64 },
    notes: textProperty(5000),
    ticketId: idProperty,
    customerId: idProperty,
    callbackId: idProperty,
    recordingRef: textProperty(256, 1),
    ringSeconds: secondsProperty,
    talkSeconds: secondsProperty,
    wrapUpSeconds: secondsProperty,
    handleSeconds: secondsProperty,
    createdAt: timestampProperty,
    updatedAt: timestampProperty,
  },
  required: ['id', 'direction', 'provider', 'offeredAt', 'outcome', 'createdAt', 'updatedAt'],
  indexes: [
    // Recent calls, newest first.
    'offeredAt',
    // Missed and abandoned calls to call back.
    ['outcome', 'offeredAt'],
  ],
  allOf: [
    whenFieldIs('outcome', 'answered', requireFields({ answeredAt: 'string' })),
    whenFieldIs('direction', 'outbound', requireFields({ toNumber: 'string' })),
    whenFieldIs('direction', 'internal', requireFields({ peerUserId: 'string' })),
  ],
};

export interface CallDurations {
  /** Offered until answered (or until the end, when nobody answered). */
  readonly ringSeconds?: number;
  /** Answered until ended, minus hold. */
  readonly talkSeconds?: number;
  /** Ended until wrap-up ended. */
  readonly wrapUpSeconds?: number;
  /** Average-handle-time basis: talk + hold + wrap-up; only once wrap-up has ended. */
  readonly handleSeconds?: number;
}

type CallTimings = Pick<Call, 'offeredAt' | 'answeredAt' | 'endedAt' | 'wrapUpEndedAt' | 'holdSeconds'>;

/** The duration fields the server stores on a call; the same function computes them for display. */
export function callDurations(call: CallTimings): CallDurations {
  const between = (from: string | undefined, to: string | undefined): number | undefined => {
    if (from === undefined || to === undefined) return undefined;
    const ms = Date.parse(to) - Date.parse(from);
    // Clamped to what the schema accepts: clocks can be wrong, a write must still validate.
    return Number.isFinite(ms) ? Math.min(SECONDS_MAX, Math.max(0, Math.round(ms / 1000))) : undefined;
  };
  const ring = between(call.offeredAt, call.answeredAt ?? call.endedAt);
  const connected = between(call.answeredAt, call.endedAt);
  const hold = Math.min(call.holdSeconds ?? 0, connected ?? 0);
  const talk = connected === undefined ? undefined : connected - hold;
  const wrapUp = call.answeredAt === undefined ? undefined : between(call.endedAt, call.wrapUpEndedAt);
  const handle = talk === undefined || wrapUp === undefined ? undefined : Math.min(SECONDS_MAX, talk + hold + wrapUp);
  return {
    ...(ring === undefined ? {} : { ringSeconds: ring }),
    ...(talk === undefined ? {} : { talkSeconds: talk }),
    ...(wrapUp === undefined ? {} : { wrapUpSeconds: wrapUp }),
    ...(handle === undefined ? {} : { handleSeconds: handle }),
  };
}
