/**
 * Wire protocol of the built-in WebRTC voice provider, version 1. Two sockets carry it:
 *
 * - Agents (signed in) use the sync stream (`/api/v1/sync/stream`): every voice message has a `type`
 *   starting with `voice.`, so the change-stream client ignores them. An agent joins voice with
 *   `voice.register`; supervisors ask for the live board with `voice.monitor`.
 * - Public callers (the `/call` web page) use `/api/v1/voice/caller`: `join` a queue, then signal.
 *
 * The server relays WebRTC descriptions and ICE candidates between the two parties of one connection
 * and never looks inside them. Rule for who starts: the party that answered a call sends the SDP
 * offer (`voice.connected` says `role: 'offerer'`); the other side answers. Every pairing of two
 * parties has its own `connectionId` (a transfer pairs the caller with a new agent), and signals
 * carrying another connection's id are refused, so a late candidate never reaches the wrong peer.
 *
 * The JSON schemas below are what the server validates every incoming message against (Ajv, strict,
 * unknown properties refused). Change the protocol only additively; a breaking change bumps
 * VOICE_PROTOCOL_VERSION, which clients send in `voice.register` and `join`.
 */
import { API_PREFIX } from '../sync/protocol';

export const VOICE_PROTOCOL_VERSION = 1;
export const VOICE_CALLER_PATH = `${API_PREFIX}/voice/caller`;

// ---- shared pieces -------------------------------------------------------------------------------

/** An ICE server as RTCPeerConnection's `iceServers` takes it (STUN, or TURN with credentials). */
export interface IceServer {
  readonly urls: string | readonly string[];
  readonly username?: string;
  readonly credential?: string;
}

export interface SessionDescription {
  readonly type: 'offer' | 'answer';
  readonly sdp: string;
}

/** RTCIceCandidateInit; an empty `candidate` is the end-of-candidates marker. */
export interface IceCandidate {
  readonly candidate: string;
  readonly sdpMid?: string | null;
  readonly sdpMLineIndex?: number | null;
  readonly usernameFragment?: string | null;
}

export type SignalPayload =
  | { readonly kind: 'description'; readonly description: SessionDescription }
  | { readonly kind: 'candidate'; readonly candidate: IceCandidate };

/**
 * available: may be offered calls. on_call: in (or dialling) a call. wrap_up: after a call, for the
 * configured time. break: not taking calls, with a reason. offline: not registered for voice.
 */
export const AGENT_STATES = ['available', 'on_call', 'wrap_up', 'break', 'offline'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** States an agent may choose; on_call and wrap_up follow from calls. */
export const AGENT_CHOSEN_STATES = ['available', 'break', 'offline'] as const;
export type AgentChosenState = (typeof AGENT_CHOSEN_STATES)[number];

/** The break reason the server sets when an agent let an offer ring out (ring-no-answer). */
export const MISSED_CALL_BREAK_REASON = 'missed_call';

export interface AgentPresenceView {
  readonly userId: string;
  readonly name: string;
  readonly state: AgentState;
  readonly reason?: string;
  /** When the current state began (ISO 8601). */
  readonly since: string;
  /** Wrap-up only: when the agent returns to available on their own (absent: no auto-return). */
  readonly wrapUpEndsAt?: string;
  /** Calls the agent is in (a consult makes two). */
  readonly callIds: readonly string[];
  /** The call ringing at the agent, if any. */
  readonly offeredCallId?: string;
}

/** What an agent is doing on the phone right now, as the live board shows it. */
export interface LiveAgentCall {
  readonly callId: string;
  /** queue: a caller from a queue (or handed over by a colleague); internal: a colleague (consults too). */
  readonly kind: 'queue' | 'internal';
  /** ringing: offered to the agent; dialing: the agent calls a colleague; connected: talking (or on hold). */
  readonly phase: 'ringing' | 'dialing' | 'connected';
  /** The other party: the caller's or the colleague's name. */
  readonly peerName: string;
  readonly queueId?: string;
  readonly queueName?: string;
  /** When this phase began (ISO 8601). */
  readonly since: string;
  readonly held: boolean;
}

/**
 * An agent on the live board: presence plus their calls. Agents who went offline while the server ran
 * stay on the board as `offline` (since when they left); agents never seen since it started are not on it.
 */
export interface LiveAgentView extends AgentPresenceView {
  /** Connected calls first, then what rings or dials. */
  readonly activity: readonly LiveAgentCall[];
}

export interface QueueStatsView {
  readonly queueId: string;
  readonly name: string;
  readonly waiting: number;
  /** When the longest-waiting call arrived (ISO 8601); absent when nobody waits. */
  readonly longestWaitingSince?: string;
  readonly longestWaitSeconds: number;
  /** Calls answered and abandoned in the statistics window. */
  readonly answered: number;
  readonly abandoned: number;
  readonly answeredWithinTarget: number;
  /** answeredWithinTarget / (answered + abandoned) in %; absent before the first call. */
  readonly serviceLevelPercent?: number;
  readonly serviceLevelTargetPercent: number;
  readonly serviceLevelTargetSeconds: number;
  /** Agents who can take this queue's calls, per state. */
  readonly agentsByState: Readonly<Record<AgentState, number>>;
}

export type TransferTarget = { readonly userId: string } | { readonly queueId: string };
export type DialTarget = { readonly userId: string } | { readonly extension: string };

export type CallParty =
  | { readonly kind: 'caller'; readonly name: string; readonly phone?: string; readonly reason?: string }
  | { readonly kind: 'agent'; readonly userId: string; readonly name: string };

export const VOICE_ERROR_CODES = [
  'invalid_message',
  'unsupported_version',
  'not_registered',
  'forbidden',
  'unknown_call',
  'not_in_call',
  'stale_connection',
  'busy',
  'invalid_state',
  'agent_unavailable',
  'no_agent_available',
  'unknown_queue',
  'unknown_agent',
  'rate_limited',
  'too_many_callers',
  'replaced',
] as const;
export type VoiceErrorCode = (typeof VOICE_ERROR_CODES)[number];

export const CALL_END_REASONS = [
  'hangup',
  'peer_hangup',
  'caller_hangup',
  'transferred',
  'disconnected',
  'server_shutdown',
] as const;
export type CallEndReason = (typeof CALL_END_REASONS)[number];

export const OFFER_END_REASONS = ['timeout', 'rejected', 'caller_hangup', 'cancelled', 'disconnected'] as const;
export type OfferEndReason = (typeof OFFER_END_REASONS)[number];

// ---- agents: on the sync stream ------------------------------------------------------------------

/** Every agent message may carry `ref`, echoed in the answer or error it causes. */
interface Ref {
  readonly ref?: string;
}

export type AgentClientMessage =
  | (Ref & { readonly type: 'voice.register'; readonly version: number; readonly state: 'available' | 'break'; readonly reason?: string })
  | (Ref & { readonly type: 'voice.state'; readonly state: AgentChosenState; readonly reason?: string })
  | (Ref & { readonly type: 'voice.monitor'; readonly on: boolean })
  | (Ref & { readonly type: 'voice.answer'; readonly callId: string })
  | (Ref & { readonly type: 'voice.reject'; readonly callId: string })
  | (Ref & { readonly type: 'voice.hangup'; readonly callId: string })
  | (Ref & { readonly type: 'voice.signal'; readonly callId: string; readonly connectionId: number; readonly payload: SignalPayload })
  | (Ref & { readonly type: 'voice.hold'; readonly callId: string; readonly held: boolean })
  | (Ref & { readonly type: 'voice.dial'; readonly target: DialTarget })
  /** Cold transfer: the caller goes to the target at once, the agent is released. */
  | (Ref & { readonly type: 'voice.transfer'; readonly callId: string; readonly target: TransferTarget })
  /** Warm transfer, step 1: call the target while the caller waits (hold is the client's). */
  | (Ref & { readonly type: 'voice.consult'; readonly callId: string; readonly target: TransferTarget })
  /** Warm transfer, step 2: hand the caller to the consulted agent; `callId` is the consult call. */
  | (Ref & { readonly type: 'voice.complete_transfer'; readonly callId: string });

export type AgentClientMessageType = AgentClientMessage['type'];

export type AgentServerMessage =
  | {
      readonly type: 'voice.welcome';
      readonly version: number;
      readonly iceServers: readonly IceServer[];
      readonly presence: AgentPresenceView;
      /** Calls still in progress (after a reconnect within the grace period). */
      readonly calls: readonly { readonly callId: string; readonly recordId: string; readonly connectionId: number; readonly peer: CallParty }[];
    }
  | { readonly type: 'voice.presence'; readonly presence: AgentPresenceView }
  | {
      readonly type: 'voice.offer';
      readonly callId: string;
      /** queue: a caller from a queue; transfer: a caller handed over; internal/consult: a colleague. */
      readonly kind: 'queue' | 'transfer' | 'internal' | 'consult';
      readonly from: CallParty;
      readonly queueId?: string;
      readonly queueName?: string;
      /** When the caller started waiting (queue and transfer offers). */
      readonly waitingSince?: string;
      readonly ringTimeoutSeconds: number;
      readonly expiresAt: string;
    }
  | { readonly type: 'voice.offer_withdrawn'; readonly callId: string; readonly reason: OfferEndReason }
  | { readonly type: 'voice.dialing'; readonly ref?: string; readonly callId: string; readonly to: CallParty; readonly consultFor?: string }
  | {
      readonly type: 'voice.connected';
      readonly callId: string;
      /** The `calls` document of this agent's part of the call (wrap-up fields go there). */
      readonly recordId: string;
      readonly connectionId: number;
      readonly role: 'offerer' | 'answerer';
      readonly peer: CallParty;
    }
  | { readonly type: 'voice.signal'; readonly callId: string; readonly connectionId: number; readonly payload: SignalPayload }
  | { readonly type: 'voice.held'; readonly callId: string; readonly held: boolean }
  | { readonly type: 'voice.ended'; readonly callId: string; readonly reason: CallEndReason | OfferEndReason }
  | {
      readonly type: 'voice.live';
      /** The server's clock when the board was made (clients tick elapsed times from it). */
      readonly at: string;
      readonly agents: readonly LiveAgentView[];
      /** Every enabled queue (as of the last `voice.monitor`) and any queue with calls. */
      readonly queues: readonly QueueStatsView[];
      readonly agentsByState: Readonly<Record<AgentState, number>>;
    }
  | { readonly type: 'voice.error'; readonly code: VoiceErrorCode; readonly message: string; readonly ref?: string; readonly callId?: string };

// ---- public callers: their own socket ------------------------------------------------------------

export type CallerClientMessage =
  | {
      readonly type: 'join';
      readonly version: number;
      readonly queueId: string;
      readonly name: string;
      /** E.164; recorded as the call's `fromNumber`. */
      readonly phone?: string;
      readonly reason?: string;
    }
  | { readonly type: 'signal'; readonly connectionId: number; readonly payload: SignalPayload }
  | { readonly type: 'hangup' };

export type CallerClientMessageType = CallerClientMessage['type'];

export type CallerServerMessage =
  | { readonly type: 'queued'; readonly callId: string; readonly iceServers: readonly IceServer[]; readonly position: number; readonly estimatedWaitSeconds?: number }
  /** 1 = next in line; sent whenever it changes. */
  | { readonly type: 'position'; readonly position: number; readonly estimatedWaitSeconds?: number }
  /** An agent's phone is ringing. */
  | { readonly type: 'ringing' }
  /** The agent sends the SDP offer on this connection. */
  | { readonly type: 'connected'; readonly connectionId: number; readonly agentName: string }
  | { readonly type: 'signal'; readonly connectionId: number; readonly payload: SignalPayload }
  | { readonly type: 'held'; readonly held: boolean }
  /** Handed to another agent or queue: media stops until the next `connected`. */
  | { readonly type: 'transferring' }
  | { readonly type: 'ended'; readonly reason: CallEndReason }
  | { readonly type: 'error'; readonly code: VoiceErrorCode; readonly message: string };

// ---- JSON schemas (validated by the server with Ajv) ---------------------------------------------

export type JsonSchema = Readonly<Record<string, unknown>>;

const ID_SCHEMA = { type: 'string', minLength: 1, maxLength: 64 } as const;
const REF_SCHEMA = { type: 'string', minLength: 1, maxLength: 64 } as const;
const REASON_SCHEMA = { type: 'string', minLength: 1, maxLength: 64 } as const;
const CONNECTION_ID_SCHEMA = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } as const;
/** SDP of an audio call is a few kB; generous, but bounded. */
export const SDP_MAX_LENGTH = 32_000;
const NULLABLE_STRING = { type: ['string', 'null'], maxLength: 256 } as const;

const SIGNAL_PAYLOAD_SCHEMA: JsonSchema = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'description'],
      properties: {
        kind: { const: 'description' },
        description: {
          type: 'object',
          additionalProperties: false,
          required: ['type', 'sdp'],
          properties: { type: { enum: ['offer', 'answer'] }, sdp: { type: 'string', minLength: 1, maxLength: SDP_MAX_LENGTH } },
        },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'candidate'],
      properties: {
        kind: { const: 'candidate' },
        candidate: {
          type: 'object',
          additionalProperties: false,
          required: ['candidate'],
          properties: {
            candidate: { type: 'string', maxLength: 1024 },
            sdpMid: NULLABLE_STRING,
            sdpMLineIndex: { type: ['integer', 'null'], minimum: 0, maximum: 64 },
            usernameFragment: NULLABLE_STRING,
          },
        },
      },
    },
  ],
};

const TRANSFER_TARGET_SCHEMA: JsonSchema = {
  oneOf: [
    { type: 'object', additionalProperties: false, required: ['userId'], properties: { userId: ID_SCHEMA } },
    { type: 'object', additionalProperties: false, required: ['queueId'], properties: { queueId: ID_SCHEMA } },
  ],
};

const DIAL_TARGET_SCHEMA: JsonSchema = {
  oneOf: [
    { type: 'object', additionalProperties: false, required: ['userId'], properties: { userId: ID_SCHEMA } },
    { type: 'object', additionalProperties: false, required: ['extension'], properties: { extension: { type: 'string', pattern: '^[0-9]{2,8}$', maxLength: 8 } } },
  ],
};

function message(type: string, properties: Readonly<Record<string, unknown>>, required: readonly string[], withRef: boolean): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['type', ...required],
    properties: { type: { const: type }, ...(withRef ? { ref: REF_SCHEMA } : {}), ...properties },
  };
}

const agent = (type: AgentClientMessageType, properties: Readonly<Record<string, unknown>>, required: readonly string[]): JsonSchema =>
  message(type, properties, required, true);

export const AGENT_MESSAGE_SCHEMAS: Readonly<Record<AgentClientMessageType, JsonSchema>> = {
  'voice.register': agent(
    'voice.register',
    { version: { type: 'integer', minimum: 1, maximum: 1000 }, state: { enum: ['available', 'break'] }, reason: REASON_SCHEMA },
    ['version', 'state'],
  ),
  'voice.state': agent('voice.state', { state: { enum: [...AGENT_CHOSEN_STATES] }, reason: REASON_SCHEMA }, ['state']),
  'voice.monitor': agent('voice.monitor', { on: { type: 'boolean' } }, ['on']),
  'voice.answer': agent('voice.answer', { callId: ID_SCHEMA }, ['callId']),
  'voice.reject': agent('voice.reject', { callId: ID_SCHEMA }, ['callId']),
  'voice.hangup': agent('voice.hangup', { callId: ID_SCHEMA }, ['callId']),
  'voice.signal': agent('voice.signal', { callId: ID_SCHEMA, connectionId: CONNECTION_ID_SCHEMA, payload: SIGNAL_PAYLOAD_SCHEMA }, ['callId', 'connectionId', 'payload']),
  'voice.hold': agent('voice.hold', { callId: ID_SCHEMA, held: { type: 'boolean' } }, ['callId', 'held']),
  'voice.dial': agent('voice.dial', { target: DIAL_TARGET_SCHEMA }, ['target']),
  'voice.transfer': agent('voice.transfer', { callId: ID_SCHEMA, target: TRANSFER_TARGET_SCHEMA }, ['callId', 'target']),
  'voice.consult': agent('voice.consult', { callId: ID_SCHEMA, target: TRANSFER_TARGET_SCHEMA }, ['callId', 'target']),
  'voice.complete_transfer': agent('voice.complete_transfer', { callId: ID_SCHEMA }, ['callId']),
};

const caller = (type: CallerClientMessageType, properties: Readonly<Record<string, unknown>>, required: readonly string[]): JsonSchema =>
  message(type, properties, required, false);

export const CALLER_MESSAGE_SCHEMAS: Readonly<Record<CallerClientMessageType, JsonSchema>> = {
  join: caller(
    'join',
    {
      version: { type: 'integer', minimum: 1, maximum: 1000 },
      queueId: ID_SCHEMA,
      name: { type: 'string', minLength: 1, maxLength: 120, pattern: '\\S' },
      phone: { type: 'string', pattern: '^\\+[1-9][0-9]{6,14}$', maxLength: 16 },
      reason: { type: 'string', minLength: 1, maxLength: 500 },
    },
    ['version', 'queueId', 'name'],
  ),
  signal: caller('signal', { connectionId: CONNECTION_ID_SCHEMA, payload: SIGNAL_PAYLOAD_SCHEMA }, ['connectionId', 'payload']),
  hangup: caller('hangup', {}, []),
};

/** True for message types that belong to the voice protocol on the sync stream. */
export function isAgentMessageType(type: unknown): type is AgentClientMessageType {
  return typeof type === 'string' && Object.hasOwn(AGENT_MESSAGE_SCHEMAS, type);
}
