/**
 * What we know about a call when we answer Twilio with TwiML (its direction, queue, agent, the
 * customer's numbers, when it was first offered), carried in the query of the callback URLs we hand
 * Twilio. Twilio signs the full URL of every request it makes, so the context comes back unforged and
 * the server keeps no per-call state between webhooks.
 */
import { CALL_DIRECTIONS, type CallDirection } from '../../../shared/domain/call';
import { ID_MAX, isE164 } from '../../../shared/domain/common';

export interface CallContext {
  /** The CallSid of the customer-facing (parent) call: the record's providerCallId. */
  readonly callSid: string;
  readonly direction: CallDirection;
  readonly offeredAt: string;
  readonly fromNumber?: string;
  readonly toNumber?: string;
  readonly queueId?: string;
  readonly agentId?: string;
  /** Internal calls: the user being called. */
  readonly peerUserId?: string;
}

/** Twilio SIDs are two letters and 32 hex digits; anything else is not a call of ours. */
const CALL_SID = /^CA[0-9a-f]{32}$/i;

export function isCallSid(value: unknown): value is string {
  return typeof value === 'string' && CALL_SID.test(value);
}

export function contextQuery(context: CallContext): string {
  const entries = Object.entries(context).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return new URLSearchParams(entries).toString();
}

/** The context of a callback URL's query, or undefined when it carries none (or a malformed one). */
export function readContext(query: unknown): CallContext | undefined {
  if (typeof query !== 'object' || query === null) return undefined;
  const value = (name: string): string | undefined => {
    const raw: unknown = (query as Record<string, unknown>)[name];
    return typeof raw === 'string' && raw !== '' ? raw : undefined;
  };
  const callSid = value('callSid');
  const direction = CALL_DIRECTIONS.find((candidate) => candidate === value('direction'));
  const offeredAt = value('offeredAt');
  if (!isCallSid(callSid) || direction === undefined || offeredAt === undefined || Number.isNaN(Date.parse(offeredAt))) return undefined;
  const fromNumber = value('fromNumber');
  const toNumber = value('toNumber');
  const id = (name: string): string | undefined => {
    const raw = value(name);
    return raw !== undefined && raw.length <= ID_MAX ? raw : undefined;
  };
  const queueId = id('queueId');
  const agentId = id('agentId');
  const peerUserId = id('peerUserId');
  return {
    callSid,
    direction,
    offeredAt: new Date(offeredAt).toISOString(),
    ...(isE164(fromNumber) ? { fromNumber } : {}),
    ...(isE164(toNumber) ? { toNumber } : {}),
    ...(queueId === undefined ? {} : { queueId }),
    ...(agentId === undefined ? {} : { agentId }),
    ...(peerUserId === undefined ? {} : { peerUserId }),
  };
}
