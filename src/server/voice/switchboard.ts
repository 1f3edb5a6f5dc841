/**
 * The calls of the WebRTC provider from join to hang-up: callers in queues (through the Distributor),
 * agents answering, agent-to-agent calls, hold, cold and warm transfers, the relay of WebRTC signals
 * between the paired parties, the `calls` documents, and the live board for supervisors.
 *
 * All state changes are synchronous. The only awaits are look-ups (a queue, a profile) that happen
 * before anything changes; what they checked is checked again afterwards. So no two handlers can
 * interleave halfway through a change.
 */
import { isE164 } from '../../shared/domain/common';
import type { CallOutcome } from '../../shared/domain/call';
import {
  VOICE_PROTOCOL_VERSION,
  type AgentClientMessage,
  type AgentServerMessage,
  type CallEndReason,
  type CallerClientMessage,
  type CallerServerMessage,
  type CallParty,
  type IceServer,
  type LiveAgentCall,
  type LiveAgentView,
  type OfferEndReason,
  type SignalPayload,
  type TransferTarget,
  type VoiceErrorCode,
} from '../../shared/voice/signalling';
import type { Logger } from '../logger';
import { AgentPresence, type AgentEndpoint } from './agent-presence';
import type { CallRecordFields, CallRecords } from './call-records';
import { Distributor, type CallerDetails, type QueuedCall } from './distributor';
import { agentsByState, QueueStatistics, queueStatsView } from './queue-stats';
import { estimateWaitSeconds, queuePositions, canServeQueue, type QueueRoute, type RoutingProfile } from './routing';
import type { CancelTask, Scheduler } from './scheduler';
import { relayTarget, type Connection, type Party, type PairedCall } from './signalling-relay';
import type { VoiceDirectory } from './voice-directory';

export interface CallerEndpoint {
  send(message: CallerServerMessage): void;
  close(code: number, reason: string): void;
}

export interface SwitchboardOptions {
  /** ICE servers for one client (TURN credentials are per client); `identity` is a user or call id. */
  readonly iceServers: (identity: string) => readonly IceServer[];
  readonly wrapUpSeconds: number;
  readonly wrapUpAutoReturn: boolean;
  /** How long an agent's calls survive their socket going away (a reconnect takes them back). */
  readonly reconnectGraceSeconds: number;
  /** Ring time of agent-to-agent calls (queue calls use their queue's). */
  readonly internalRingSeconds: number;
  /** Callers waiting or talking at once, at most. */
  readonly maxCallers: number;
}

export interface SwitchboardDeps {
  readonly directory: VoiceDirectory;
  readonly records: CallRecords;
  readonly scheduler: Scheduler;
  readonly now: () => number;
  readonly logger: Logger;
  readonly newCallId: () => string;
}

/** One agent's part of a connected call: its `calls` document and hold time. */
interface Segment {
  readonly recordId: string;
  readonly agentId: string;
  readonly answeredAt: number;
  holdSeconds: number;
  heldSince: number | undefined;
}

interface InboundCall {
  readonly kind: 'inbound';
  readonly callId: string;
  readonly caller: CallerDetails;
  readonly endpoint: CallerEndpoint;
  queue: QueueRoute;
  readonly priorityAt: number;
  connection: Connection | undefined;
  segment: Segment | undefined;
  /** The document `<callId>` is taken by the first decisive part; later parts are `<callId>_<n>`. */
  firstRecordWritten: boolean;
  legs: number;
  consultId: string | undefined;
  lastPosition: string | undefined;
}

interface InternalCall {
  readonly kind: 'internal';
  readonly callId: string;
  readonly from: RoutingProfile;
  readonly to: RoutingProfile;
  /** A consult: the caller's call this one may be transferred into. */
  consultFor: string | undefined;
  readonly offeredAt: number;
  cancelRing: CancelTask | undefined;
  connection: Connection | undefined;
  segment: Segment | undefined;
}

type ActiveCall = InboundCall | InternalCall;

const iso = (ms: number): string => new Date(ms).toISOString();
const agentParty = (userId: string): Party => ({ kind: 'agent', userId });

export class Switchboard {
  readonly presence: AgentPresence;
  readonly distributor: Distributor;
  private readonly stats = new QueueStatistics();
  private readonly calls = new Map<string, ActiveCall>();
  private readonly knownQueues = new Map<string, QueueRoute>();
  private readonly monitors = new Set<AgentEndpoint>();
  private readonly graceTimers = new Map<string, CancelTask>();
  private connectionSequence = 0;
  private pending: { dispatch: boolean; positions: boolean; board: boolean } = { dispatch: false, positions: false, board: false };
  private closed = false;

  constructor(
    private readonly options: SwitchboardOptions,
    private readonly deps: SwitchboardDeps,
  ) {
    this.presence = new AgentPresence({
      wrapUpSeconds: options.wrapUpSeconds,
      wrapUpAutoReturn: options.wrapUpAutoReturn,
      scheduler: deps.scheduler,
      now: deps.now,
    });
    this.distributor = new Distributor({
      presence: this.presence,
      scheduler: deps.scheduler,
      now: deps.now,
      events: {
        offered: (call, agentId, expiresAt) => {
          this.queueOffered(call, agentId, expiresAt);
        },
        offerEnded: (call, agentId, reason, offeredAt) => {
          this.queueOfferEnded(call, agentId, reason, offeredAt);
        },
        queueChanged: () => {
          this.schedule('positions');
          this.schedule('board');
        },
      },
    });
    // Someone may have become free (wrap-up over, back from a break): offer waiting calls. Deferred,
    // so it never runs in the middle of a change (e.g. between an offer's release and the answer).
    this.presence.onChange((userId) => {
      this.schedule('dispatch');
      this.schedule('positions');
      this.schedule('board');
      const view = this.presence.view(userId);
      if (view !== undefined) this.presence.send(userId, { type: 'voice.presence', presence: view });
    });
  }

  // ---- callers ---------------------------------------------------------------------------------

  /** A caller joins a queue; returns the call id, or undefined after telling them why not. */
  async callerJoin(endpoint: CallerEndpoint, message: Extract<CallerClientMessage, { type: 'join' }>): Promise<string | undefined> {
    if (message.version !== VOICE_PROTOCOL_VERSION) {
      refuseCaller(endpoint, 'unsupported_version', `protocol version ${String(VOICE_PROTOCOL_VERSION)} is required`);
      return undefined;
    }
    const queue = await this.deps.directory.queue(message.queueId);
    if (this.closed) return undefined;
    if (queue === undefined) {
      refuseCaller(endpoint, 'unknown_queue', 'no such queue');
      return undefined;
    }
    if ([...this.calls.values()].filter((call) => call.kind === 'inbound').length >= this.options.maxCallers) {
      refuseCaller(endpoint, 'too_many_callers', 'all lines are busy, please try again later');
      return undefined;
    }
    this.knownQueues.set(queue.id, queue);
    const callId = this.deps.newCallId();
    const caller: CallerDetails = {
      name: message.name.trim(),
      ...(message.phone === undefined ? {} : { phone: message.phone }),
      ...(message.reason === undefined ? {} : { reason: message.reason }),
    };
    const call: InboundCall = {
      kind: 'inbound',
      callId,
      caller,
      endpoint,
      queue,
      priorityAt: this.deps.now(),
      connection: undefined,
      segment: undefined,
      firstRecordWritten: false,
      legs: 0,
      consultId: undefined,
      lastPosition: undefined,
    };
    this.calls.set(callId, call);
    // Last in its queue: it has just arrived.
    const ahead = this.distributor.waiting().filter((queued) => queued.queue.id === queue.id).length;
    const position = this.positionOf(call, ahead + 1);
    call.lastPosition = JSON.stringify(position);
    endpoint.send({ type: 'queued', callId, iceServers: this.options.iceServers(callId), ...position });
    this.distributor.enqueue({ callId, caller, queue, priorityAt: call.priorityAt });
    return callId;
  }

  callerSignal(callId: string, connectionId: number, payload: SignalPayload): void {
    const call = this.calls.get(callId);
    const target = relayTarget(call === undefined ? undefined : pairing(call), { kind: 'caller', callId }, connectionId);
    if ('error' in target) {
      this.callerOf(callId)?.send({ type: 'error', code: target.error, message: 'signal refused' });
      return;
    }
    this.deliverSignal(target.peer, callId, connectionId, payload);
  }

  /** The caller hung up or their socket closed. */
  callerLeft(callId: string): void {
    const call = this.calls.get(callId);
    if (call?.kind !== 'inbound') return;
    const now = this.deps.now();
    const queued = this.distributor.get(callId);
    if (queued !== undefined) {
      const ringingAgent = queued.ringing?.agentId;
      this.distributor.withdraw(callId);
      this.abandon(call, queued.enqueuedAt, ringingAgent, now);
    } else if (call.segment !== undefined) {
      const agentId = call.segment.agentId;
      this.endSegment(call, now);
      this.presence.send(agentId, { type: 'voice.ended', callId, reason: 'caller_hangup' });
      this.presence.leaveCall(agentId, callId);
    }
    this.detachConsult(call);
    this.calls.delete(callId);
    this.schedule('board');
  }

  // ---- agents ----------------------------------------------------------------------------------

  async agentRegister(userId: string, endpoint: AgentEndpoint, message: Extract<AgentClientMessage, { type: 'voice.register' }>): Promise<void> {
    if (message.version !== VOICE_PROTOCOL_VERSION) {
      endpoint.send(voiceError('unsupported_version', `protocol version ${String(VOICE_PROTOCOL_VERSION)} is required`, message.ref));
      return;
    }
    const profile = await this.deps.directory.profile(userId);
    if (this.closed) return;
    if (profile === undefined) {
      endpoint.send(voiceError('forbidden', 'no active user profile', message.ref));
      return;
    }
    const { previous } = this.presence.register(profile, endpoint, message.state, message.reason);
    previous?.send(voiceError('replaced', 'voice moved to another connection'));
    this.graceTimers.get(userId)?.();
    this.graceTimers.delete(userId);
    const presence = this.presence.view(userId);
    if (presence === undefined) return;
    endpoint.send({ type: 'voice.welcome', version: VOICE_PROTOCOL_VERSION, iceServers: this.options.iceServers(userId), presence, calls: this.connectedCallsOf(userId) });
  }

  /** Every agent message but register and monitor, from `endpoint` (only the registered one is heard). */
  async agentMessage(userId: string, endpoint: AgentEndpoint, message: Exclude<AgentClientMessage, { type: 'voice.register' | 'voice.monitor' }>): Promise<void> {
    const error = this.presence.endpointOf(userId) === endpoint ? await this.handleAgentMessage(userId, message) : 'not_registered';
    if (error !== undefined) {
      endpoint.send(voiceError(error, describe(error), message.ref, 'callId' in message ? message.callId : undefined));
    }
  }

  /** An agent's socket closed: offers ringing there move on; calls wait for a reconnect, then end. */
  agentDisconnected(userId: string, endpoint: AgentEndpoint): void {
    this.monitors.delete(endpoint);
    // An old endpoint replaced by a newer connection changes nothing (detach ignores it).
    const hasCalls = this.presence.detach(userId, endpoint);
    if (this.presence.isConnected(userId) || !this.presence.has(userId)) return;
    this.distributor.agentGone(userId);
    this.cancelInternalOffersTo(userId, 'disconnected');
    if (!hasCalls) {
      this.presence.remove(userId);
      return;
    }
    this.graceTimers.set(
      userId,
      this.deps.scheduler.schedule(this.options.reconnectGraceSeconds * 1000, () => {
        this.graceTimers.delete(userId);
        if (this.presence.isConnected(userId)) return;
        for (const callId of this.presence.callIds(userId)) this.hangup(userId, callId, 'disconnected');
        this.presence.remove(userId);
      }),
    );
  }

  /**
   * Supervisors (and admins) receive the live board while monitoring: at once, then on every change.
   * Starting to monitor reads the list of queues again, so the board shows every enabled queue, calls
   * or not, as the settings say now.
   */
  async monitor(endpoint: AgentEndpoint, on: boolean): Promise<void> {
    if (!on) {
      this.monitors.delete(endpoint);
      return;
    }
    this.monitors.add(endpoint);
    const queues = await this.deps.directory.queues();
    if (this.closed || !this.monitors.has(endpoint)) return;
    this.refreshQueues(queues);
    endpoint.send(this.board());
  }

  stopMonitoring(endpoint: AgentEndpoint): void {
    this.monitors.delete(endpoint);
  }

  /** Ends every call (callers are told the server is going away) and writes their records. */
  close(): void {
    this.closed = true;
    for (const call of [...this.calls.values()]) {
      if (call.kind === 'inbound') {
        call.endpoint.send({ type: 'ended', reason: 'server_shutdown' });
        call.endpoint.close(1001, 'server shutting down');
        this.callerLeft(call.callId);
      }
    }
    for (const call of [...this.calls.values()]) {
      if (call.kind === 'internal') this.hangup(call.from.userId, call.callId, 'server_shutdown');
    }
    for (const cancel of this.graceTimers.values()) cancel();
    this.graceTimers.clear();
    this.distributor.close();
    this.presence.close();
    this.monitors.clear();
  }

  // ---- for other providers (Twilio inbound webhook) --------------------------------------------

  /**
   * The agent the next call of `queueId` should ring: the longest-idle free agent who can serve it.
   * Reserve them with `presence.reserve(userId, callRef)` before ringing, and `presence.release` after,
   * so WebRTC and Twilio calls never ring the same agent at once.
   */
  async pickAvailableAgent(queueId: string, exclude: ReadonlySet<string> = new Set()): Promise<RoutingProfile | undefined> {
    const queue = await this.deps.directory.queue(queueId);
    return queue === undefined ? undefined : this.distributor.pickAvailableAgent(queue, exclude);
  }

  // ---- agent messages --------------------------------------------------------------------------

  private async handleAgentMessage(userId: string, message: Exclude<AgentClientMessage, { type: 'voice.register' | 'voice.monitor' }>): Promise<VoiceErrorCode | undefined> {
    switch (message.type) {
      case 'voice.state':
        return this.presence.choose(userId, message.state, message.reason);
      case 'voice.answer':
        return this.answer(userId, message.callId);
      case 'voice.reject':
        return this.reject(userId, message.callId);
      case 'voice.hangup':
        return this.hangup(userId, message.callId, 'hangup');
      case 'voice.signal': {
        const call = this.calls.get(message.callId);
        const target = relayTarget(call === undefined ? undefined : pairing(call), agentParty(userId), message.connectionId);
        if ('error' in target) return target.error;
        this.deliverSignal(target.peer, message.callId, message.connectionId, message.payload);
        return undefined;
      }
      case 'voice.hold':
        return this.hold(userId, message.callId, message.held);
      case 'voice.dial':
        return this.dial(userId, message);
      case 'voice.transfer':
        return this.coldTransfer(userId, message.callId, message.target);
      case 'voice.consult':
        return this.consult(userId, message);
      case 'voice.complete_transfer':
        return this.completeTransfer(userId, message.callId);
    }
  }

  private answer(userId: string, callId: string): VoiceErrorCode | undefined {
    const call = this.calls.get(callId);
    if (call?.kind === 'internal') return this.answerInternal(userId, call);
    if (call?.kind !== 'inbound') return 'unknown_call';
    const answered = this.distributor.answer(userId, callId);
    if (typeof answered === 'string') return answered;
    const now = this.deps.now();
    this.presence.joinCall(userId, callId);
    const first = !call.firstRecordWritten;
    const recordId = this.takeRecordId(call);
    call.segment = { recordId, agentId: userId, answeredAt: now, holdSeconds: 0, heldSince: undefined };
    // The first answer measures the caller's whole wait (service level); a transfer its own ring.
    const offeredAt = first ? call.priorityAt : answered.offeredAt;
    if (first) this.stats.recordAnswered(call.queue.id, now - call.priorityAt, now);
    this.deps.records.save(recordId, { ...this.inboundRecord(call), agentId: userId, offeredAt: iso(offeredAt), answeredAt: iso(now), outcome: 'answered' });
    this.connectCaller(call, userId);
    return undefined;
  }

  private reject(userId: string, callId: string): VoiceErrorCode | undefined {
    const call = this.calls.get(callId);
    if (call?.kind === 'inbound') return this.distributor.reject(userId, callId);
    if (call?.kind !== 'internal' || call.to.userId !== userId || call.connection !== undefined) return 'unknown_call';
    this.endInternalRing(call, 'rejected');
    return undefined;
  }

  /** Ends the agent's part in a call: a ringing internal call they made, or a connected call. */
  private hangup(userId: string, callId: string, reason: CallEndReason): VoiceErrorCode | undefined {
    const call = this.calls.get(callId);
    if (call === undefined) return 'unknown_call';
    if (call.kind === 'internal') {
      if (call.from.userId !== userId && call.to.userId !== userId) return 'not_in_call';
      if (call.connection === undefined) {
        // Only the caller of a ringing call can hang up (the callee rejects).
        if (call.from.userId !== userId) return 'invalid_state';
        this.endInternalRing(call, 'cancelled');
        return undefined;
      }
      this.endInternal(call, userId, reason);
      return undefined;
    }
    if (call.segment?.agentId !== userId) return 'not_in_call';
    const now = this.deps.now();
    this.endSegment(call, now);
    call.endpoint.send({ type: 'ended', reason: reason === 'hangup' ? 'peer_hangup' : reason });
    call.endpoint.close(1000, 'call ended');
    this.presence.send(userId, { type: 'voice.ended', callId, reason });
    this.presence.leaveCall(userId, callId);
    this.detachConsult(call);
    this.calls.delete(callId);
    this.schedule('board');
    return undefined;
  }

  private hold(userId: string, callId: string, held: boolean): VoiceErrorCode | undefined {
    const call = this.calls.get(callId);
    if (call === undefined) return 'unknown_call';
    const segment = call.segment;
    if (segment === undefined || call.connection === undefined) return 'invalid_state';
    if (!call.connection.parties.some((party) => party.kind === 'agent' && party.userId === userId)) return 'not_in_call';
    const now = this.deps.now();
    if (held && segment.heldSince === undefined) segment.heldSince = now;
    if (!held && segment.heldSince !== undefined) {
      segment.holdSeconds += (now - segment.heldSince) / 1000;
      segment.heldSince = undefined;
    }
    this.schedule('board');
    const peer = call.connection.parties.find((party) => !(party.kind === 'agent' && party.userId === userId));
    if (peer?.kind === 'caller') this.callerOf(peer.callId)?.send({ type: 'held', held });
    if (peer?.kind === 'agent') this.presence.send(peer.userId, { type: 'voice.held', callId, held });
    return undefined;
  }

  private dial(userId: string, message: Extract<AgentClientMessage, { type: 'voice.dial' }>): VoiceErrorCode | undefined {
    const target = 'userId' in message.target ? this.presence.profile(message.target.userId) : this.presence.findByExtension(message.target.extension);
    const from = this.presence.profile(userId);
    if (from === undefined) return 'not_registered';
    if (this.presence.offeredCallId(userId) !== undefined || this.presence.callIds(userId).length > 0) return 'busy';
    if (target === undefined) return 'unknown_agent';
    if (target.userId === userId || !this.presence.isFree(target.userId)) return 'agent_unavailable';
    const call = this.startInternal(from, target, undefined);
    this.presence.send(userId, { type: 'voice.dialing', ...(message.ref === undefined ? {} : { ref: message.ref }), callId: call.callId, to: agentPeer(target) });
    return undefined;
  }

  private async coldTransfer(userId: string, callId: string, target: TransferTarget): Promise<VoiceErrorCode | undefined> {
    const queue = 'queueId' in target ? await this.deps.directory.queue(target.queueId) : undefined;
    const call = this.calls.get(callId);
    if (call?.kind !== 'inbound') return call === undefined ? 'unknown_call' : 'invalid_state';
    if (call.segment?.agentId !== userId) return 'not_in_call';
    if ('queueId' in target && queue === undefined) return 'unknown_queue';
    if ('userId' in target && (target.userId === userId || !this.presence.isFree(target.userId))) return 'agent_unavailable';
    this.handOver(call, userId);
    if (queue !== undefined) {
      this.knownQueues.set(queue.id, queue);
      call.queue = queue;
    }
    this.distributor.enqueue({
      callId,
      caller: call.caller,
      queue: call.queue,
      kind: 'transfer',
      priorityAt: call.priorityAt,
      exclude: [userId],
      ...('userId' in target ? { directedTo: target.userId } : {}),
    });
    return undefined;
  }

  private async consult(userId: string, message: Extract<AgentClientMessage, { type: 'voice.consult' }>): Promise<VoiceErrorCode | undefined> {
    const { target } = message;
    const queue = 'queueId' in target ? await this.deps.directory.queue(target.queueId) : undefined;
    const call = this.calls.get(message.callId);
    if (call?.kind !== 'inbound') return call === undefined ? 'unknown_call' : 'invalid_state';
    if (call.segment?.agentId !== userId) return 'not_in_call';
    if (call.consultId !== undefined) return 'busy';
    if ('queueId' in target && queue === undefined) return 'unknown_queue';
    const to = 'userId' in target ? this.presence.profile(target.userId) : queue && this.distributor.pickAvailableAgent(queue, new Set([userId]));
    if (to === undefined) return 'queueId' in target ? 'no_agent_available' : 'unknown_agent';
    if (to.userId === userId || !this.presence.isFree(to.userId)) return 'agent_unavailable';
    const from = this.presence.profile(userId);
    if (from === undefined) return 'not_registered';
    const consult = this.startInternal(from, to, call.callId);
    call.consultId = consult.callId;
    this.presence.send(userId, {
      type: 'voice.dialing',
      ...(message.ref === undefined ? {} : { ref: message.ref }),
      callId: consult.callId,
      to: agentPeer(to),
      consultFor: call.callId,
    });
    return undefined;
  }

  private completeTransfer(userId: string, consultId: string): VoiceErrorCode | undefined {
    const consult = this.calls.get(consultId);
    if (consult?.kind !== 'internal' || consult.consultFor === undefined) return 'unknown_call';
    if (consult.from.userId !== userId) return 'not_in_call';
    if (consult.connection === undefined) return 'invalid_state';
    const call = this.calls.get(consult.consultFor);
    if (call?.kind !== 'inbound' || call.segment?.agentId !== userId) return 'invalid_state';
    const target = consult.to.userId;
    // The target joins the caller's call before leaving the consult, so they never look free.
    this.presence.joinCall(target, call.callId);
    this.endInternal(consult, userId, 'transferred');
    this.handOver(call, userId);
    const now = this.deps.now();
    const recordId = this.takeRecordId(call);
    call.segment = { recordId, agentId: target, answeredAt: now, holdSeconds: 0, heldSince: undefined };
    this.deps.records.save(recordId, { ...this.inboundRecord(call), agentId: target, offeredAt: iso(now), answeredAt: iso(now), outcome: 'answered' });
    this.connectCaller(call, target);
    return undefined;
  }

  // ---- inbound calls ---------------------------------------------------------------------------

  private queueOffered(queued: QueuedCall, agentId: string, expiresAt: number): void {
    const call = this.calls.get(queued.callId);
    if (call?.kind !== 'inbound') return;
    this.presence.send(agentId, {
      type: 'voice.offer',
      callId: queued.callId,
      kind: queued.kind,
      from: callerPeer(call.caller),
      queueId: queued.queue.id,
      queueName: queued.queue.name,
      waitingSince: iso(call.priorityAt),
      ringTimeoutSeconds: queued.queue.ringTimeoutSeconds,
      expiresAt: iso(expiresAt),
    });
    call.endpoint.send({ type: 'ringing' });
  }

  private queueOfferEnded(queued: QueuedCall, agentId: string, reason: OfferEndReason, offeredAt: number): void {
    this.presence.send(agentId, { type: 'voice.offer_withdrawn', callId: queued.callId, reason });
    const call = this.calls.get(queued.callId);
    // A caller who hangs up while ringing is recorded once, as abandoned with the ringing agent.
    if (call?.kind !== 'inbound' || reason === 'caller_hangup') return;
    const outcome: CallOutcome = reason === 'rejected' ? 'rejected' : 'missed';
    this.deps.records.save(this.legRecordId(call), {
      ...this.inboundRecord(call),
      agentId,
      offeredAt: iso(offeredAt),
      endedAt: iso(this.deps.now()),
      outcome,
    });
  }

  /** The current agent lets go of the caller (transfer): their part ends, the caller waits for the next. */
  private handOver(call: InboundCall, agentId: string): void {
    this.endSegment(call, this.deps.now());
    call.endpoint.send({ type: 'transferring' });
    this.presence.send(agentId, { type: 'voice.ended', callId: call.callId, reason: 'transferred' });
    this.presence.leaveCall(agentId, call.callId);
  }

  private connectCaller(call: InboundCall, agentId: string): void {
    const connection: Connection = { id: ++this.connectionSequence, parties: [{ kind: 'caller', callId: call.callId }, agentParty(agentId)] };
    call.connection = connection;
    const agent = this.presence.profile(agentId);
    const recordId = call.segment?.recordId ?? call.callId;
    this.presence.send(agentId, { type: 'voice.connected', callId: call.callId, recordId, connectionId: connection.id, role: 'offerer', peer: callerPeer(call.caller) });
    call.endpoint.send({ type: 'connected', connectionId: connection.id, agentName: agent?.name ?? '' });
    this.schedule('board');
  }

  /** Closes the connected agent's part: its document gets the end time and hold. */
  private endSegment(call: ActiveCall, now: number): void {
    const segment = call.segment;
    call.connection = undefined;
    call.segment = undefined;
    if (segment === undefined) return;
    const holdMs = segment.heldSince === undefined ? 0 : now - segment.heldSince;
    const holdSeconds = Math.round(segment.holdSeconds + holdMs / 1000);
    this.deps.records.save(segment.recordId, { endedAt: iso(now), ...(holdSeconds > 0 ? { holdSeconds } : {}) });
    if (call.kind === 'inbound') this.stats.recordTalk(call.queue.id, Math.max(0, (now - segment.answeredAt) / 1000 - holdSeconds), now);
  }

  /** The caller left while waiting (`enqueuedAt`: since when, this time in the queue). */
  private abandon(call: InboundCall, enqueuedAt: number, ringingAgent: string | undefined, now: number): void {
    if (!call.firstRecordWritten) this.stats.recordAbandoned(call.queue.id, now - call.priorityAt, now);
    this.deps.records.save(this.takeRecordId(call), {
      ...this.inboundRecord(call),
      ...(ringingAgent === undefined ? {} : { agentId: ringingAgent }),
      offeredAt: iso(enqueuedAt),
      endedAt: iso(now),
      outcome: 'abandoned',
    });
  }

  private inboundRecord(call: InboundCall): Pick<CallRecordFields, 'direction' | 'provider' | 'providerCallId' | 'queueId'> & Partial<CallRecordFields> {
    return {
      direction: 'inbound',
      provider: 'webrtc',
      providerCallId: call.callId,
      queueId: call.queue.id,
      ...(isE164(call.caller.phone) ? { fromNumber: call.caller.phone } : {}),
    };
  }

  private takeRecordId(call: InboundCall): string {
    if (call.firstRecordWritten) return this.legRecordId(call);
    call.firstRecordWritten = true;
    return call.callId;
  }

  private legRecordId(call: InboundCall): string {
    call.legs += 1;
    return `${call.callId}_${String(call.legs)}`;
  }

  /** The caller's call ended while a consult about it went on: the consult becomes a plain internal call. */
  private detachConsult(call: InboundCall): void {
    if (call.consultId === undefined) return;
    const consult = this.calls.get(call.consultId);
    if (consult?.kind === 'internal') consult.consultFor = undefined;
    call.consultId = undefined;
  }

  // ---- internal calls --------------------------------------------------------------------------

  private startInternal(from: RoutingProfile, to: RoutingProfile, consultFor: string | undefined): InternalCall {
    const callId = this.deps.newCallId();
    const now = this.deps.now();
    const call: InternalCall = {
      kind: 'internal',
      callId,
      from,
      to,
      consultFor,
      offeredAt: now,
      cancelRing: undefined,
      connection: undefined,
      segment: undefined,
    };
    this.calls.set(callId, call);
    this.presence.reserve(to.userId, callId);
    this.presence.joinCall(from.userId, callId);
    const ringSeconds = this.options.internalRingSeconds;
    call.cancelRing = this.deps.scheduler.schedule(ringSeconds * 1000, () => {
      if (this.calls.get(callId) === call && call.connection === undefined) this.endInternalRing(call, 'timeout');
    });
    this.presence.send(to.userId, {
      type: 'voice.offer',
      callId,
      kind: consultFor === undefined ? 'internal' : 'consult',
      from: agentPeer(from),
      ringTimeoutSeconds: ringSeconds,
      expiresAt: iso(now + ringSeconds * 1000),
    });
    return call;
  }

  private answerInternal(userId: string, call: InternalCall): VoiceErrorCode | undefined {
    if (call.to.userId !== userId || call.connection !== undefined) return 'unknown_call';
    call.cancelRing?.();
    call.cancelRing = undefined;
    const now = this.deps.now();
    this.presence.release(userId, call.callId);
    this.presence.joinCall(userId, call.callId);
    call.segment = { recordId: call.callId, agentId: call.from.userId, answeredAt: now, holdSeconds: 0, heldSince: undefined };
    call.connection = { id: ++this.connectionSequence, parties: [agentParty(call.from.userId), agentParty(userId)] };
    this.deps.records.save(call.callId, { ...internalRecord(call), offeredAt: iso(call.offeredAt), answeredAt: iso(now), outcome: 'answered' });
    const base = { type: 'voice.connected', callId: call.callId, recordId: call.callId, connectionId: call.connection.id } as const;
    this.presence.send(userId, { ...base, role: 'offerer', peer: agentPeer(call.from) });
    this.presence.send(call.from.userId, { ...base, role: 'answerer', peer: agentPeer(call.to) });
    this.schedule('board');
    return undefined;
  }

  /** A ringing internal call ends unanswered. */
  private endInternalRing(call: InternalCall, reason: OfferEndReason): void {
    call.cancelRing?.();
    call.cancelRing = undefined;
    this.calls.delete(call.callId);
    const now = this.deps.now();
    const outcome: CallOutcome = reason === 'rejected' ? 'rejected' : reason === 'cancelled' ? 'abandoned' : 'missed';
    this.deps.records.save(call.callId, { ...internalRecord(call), offeredAt: iso(call.offeredAt), endedAt: iso(now), outcome });
    this.presence.release(call.to.userId, call.callId);
    this.presence.send(call.to.userId, { type: 'voice.offer_withdrawn', callId: call.callId, reason });
    this.presence.send(call.from.userId, { type: 'voice.ended', callId: call.callId, reason });
    this.clearConsultLink(call);
    this.presence.leaveCall(call.from.userId, call.callId);
    this.schedule('board');
  }

  /** A connected internal call ends; `by` hung up (or transferred). */
  private endInternal(call: InternalCall, by: string, reason: CallEndReason): void {
    this.endSegment(call, this.deps.now());
    this.calls.delete(call.callId);
    this.clearConsultLink(call);
    for (const party of [call.from.userId, call.to.userId]) {
      const told: CallEndReason = party === by || reason !== 'hangup' ? reason : 'peer_hangup';
      this.presence.send(party, { type: 'voice.ended', callId: call.callId, reason: told });
      this.presence.leaveCall(party, call.callId);
    }
    this.schedule('board');
  }

  private clearConsultLink(call: InternalCall): void {
    if (call.consultFor === undefined) return;
    const parent = this.calls.get(call.consultFor);
    if (parent?.kind === 'inbound' && parent.consultId === call.callId) parent.consultId = undefined;
  }

  private cancelInternalOffersTo(userId: string, reason: OfferEndReason): void {
    for (const call of [...this.calls.values()]) {
      if (call.kind === 'internal' && call.to.userId === userId && call.connection === undefined) this.endInternalRing(call, reason);
    }
  }

  // ---- relay, positions, board -----------------------------------------------------------------

  private deliverSignal(peer: Party, callId: string, connectionId: number, payload: SignalPayload): void {
    if (peer.kind === 'caller') this.callerOf(peer.callId)?.send({ type: 'signal', connectionId, payload });
    else this.presence.send(peer.userId, { type: 'voice.signal', callId, connectionId, payload });
  }

  private callerOf(callId: string): CallerEndpoint | undefined {
    const call = this.calls.get(callId);
    return call?.kind === 'inbound' ? call.endpoint : undefined;
  }

  private connectedCallsOf(userId: string): Extract<AgentServerMessage, { type: 'voice.welcome' }>['calls'] {
    const result: Extract<AgentServerMessage, { type: 'voice.welcome' }>['calls'][number][] = [];
    for (const callId of this.presence.callIds(userId)) {
      const call = this.calls.get(callId);
      if (call?.connection === undefined || call.segment === undefined) continue;
      const peer: CallParty =
        call.kind === 'inbound' ? callerPeer(call.caller) : agentPeer(call.from.userId === userId ? call.to : call.from);
      result.push({ callId, recordId: call.segment.recordId, connectionId: call.connection.id, peer });
    }
    return result;
  }

  private positionOf(call: InboundCall, position: number): { position: number; estimatedWaitSeconds?: number } {
    const now = this.deps.now();
    let available = 0;
    let staffed = 0;
    for (const agent of this.presence.entries()) {
      if (!canServeQueue(agent.profile, call.queue)) continue;
      if (this.presence.isFree(agent.profile.userId)) available += 1;
      if (agent.state === 'available' || agent.state === 'on_call' || agent.state === 'wrap_up') staffed += 1;
    }
    const averageHandleSeconds = this.stats.averageTalkSeconds(call.queue.id, now) + this.options.wrapUpSeconds;
    const estimate = estimateWaitSeconds({ position, availableAgents: available, staffedAgents: staffed, averageHandleSeconds });
    return { position, ...(estimate === undefined ? {} : { estimatedWaitSeconds: estimate }) };
  }

  private sendPositions(): void {
    const waiting = this.distributor.waiting();
    const positions = queuePositions(waiting.map((queued) => ({ callId: queued.callId, queueId: queued.queue.id, priorityAt: queued.priorityAt, sequence: queued.sequence })));
    for (const queued of waiting) {
      const call = this.calls.get(queued.callId);
      const position = positions.get(queued.callId);
      if (call?.kind !== 'inbound' || position === undefined) continue;
      const update = this.positionOf(call, position);
      const key = JSON.stringify(update);
      if (key === call.lastPosition) continue;
      call.lastPosition = key;
      call.endpoint.send({ type: 'position', ...update });
    }
  }

  /** The enabled queues as just read; a queue no longer enabled stays only while it has calls. */
  private refreshQueues(queues: readonly QueueRoute[]): void {
    const busy = new Set<string>();
    for (const call of this.calls.values()) if (call.kind === 'inbound') busy.add(call.queue.id);
    for (const id of [...this.knownQueues.keys()]) if (!busy.has(id)) this.knownQueues.delete(id);
    for (const queue of queues) this.knownQueues.set(queue.id, queue);
  }

  /** What an agent is doing on the phone: connected calls first, then dialing, then ringing. */
  private activityOf(userId: string): LiveAgentCall[] {
    const activity: LiveAgentCall[] = [];
    for (const callId of this.presence.callIds(userId)) {
      const call = this.calls.get(callId);
      if (call === undefined) continue;
      if (call.kind === 'inbound') {
        if (call.segment?.agentId !== userId) continue;
        activity.push({
          callId,
          kind: 'queue',
          phase: 'connected',
          peerName: call.caller.name,
          queueId: call.queue.id,
          queueName: call.queue.name,
          since: iso(call.segment.answeredAt),
          held: call.segment.heldSince !== undefined,
        });
      } else {
        const peer = call.from.userId === userId ? call.to : call.from;
        const connected = call.segment !== undefined && call.connection !== undefined;
        activity.push({
          callId,
          kind: 'internal',
          phase: connected ? 'connected' : 'dialing',
          peerName: peer.name,
          since: iso(call.segment?.answeredAt ?? call.offeredAt),
          held: call.segment?.heldSince !== undefined,
        });
      }
    }
    const offered = this.presence.offeredCallId(userId);
    const call = offered === undefined ? undefined : this.calls.get(offered);
    if (call?.kind === 'inbound') {
      const ringing = this.distributor.get(call.callId)?.ringing;
      activity.push({
        callId: call.callId,
        kind: 'queue',
        phase: 'ringing',
        peerName: call.caller.name,
        queueId: call.queue.id,
        queueName: call.queue.name,
        since: iso(ringing?.offeredAt ?? this.deps.now()),
        held: false,
      });
    } else if (call?.kind === 'internal') {
      activity.push({ callId: call.callId, kind: 'internal', phase: 'ringing', peerName: call.from.name, since: iso(call.offeredAt), held: false });
    }
    const rank = { connected: 0, dialing: 1, ringing: 2 } as const;
    return activity.sort((a, b) => rank[a.phase] - rank[b.phase]);
  }

  private board(): Extract<AgentServerMessage, { type: 'voice.live' }> {
    const now = this.deps.now();
    const departed = this.presence.departedAgents();
    const agents: LiveAgentView[] = [
      ...this.presence.views().map((view) => ({ ...view, activity: this.activityOf(view.userId) })),
      ...departed.map(({ profile, at }) => ({ userId: profile.userId, name: profile.name, state: 'offline' as const, since: iso(at), callIds: [], activity: [] })),
    ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
    const registered = [...this.presence.entries(), ...departed.map(({ profile }) => ({ profile, state: 'offline' as const }))];
    const waiting = this.distributor.waiting();
    const queues = [...this.knownQueues.values()]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((queue) =>
        queueStatsView({
          queue,
          waitingSince: waiting.filter((queued) => queued.queue.id === queue.id).map((queued) => queued.priorityAt),
          agents: registered,
          serviceLevel: this.stats.serviceLevel(queue, now),
          now,
        }),
      );
    return { type: 'voice.live', at: iso(now), agents, queues, agentsByState: agentsByState(agents) };
  }

  /** Coalesces work that follows a change into one run after the current change completes. */
  private schedule(work: 'dispatch' | 'positions' | 'board'): void {
    if (this.pending[work] || this.closed) return;
    this.pending[work] = true;
    queueMicrotask(() => {
      this.pending[work] = false;
      if (this.closed) return;
      if (work === 'dispatch') this.distributor.dispatch();
      else if (work === 'positions') this.sendPositions();
      else if (this.monitors.size > 0) {
        const board = this.board();
        for (const monitor of this.monitors) monitor.send(board);
      }
    });
  }
}

function pairing(call: ActiveCall): PairedCall {
  if (call.kind === 'inbound') {
    const members: Party[] = [{ kind: 'caller', callId: call.callId }];
    if (call.segment !== undefined) members.push(agentParty(call.segment.agentId));
    return { members, connection: call.connection };
  }
  return { members: [agentParty(call.from.userId), agentParty(call.to.userId)], connection: call.connection };
}

function internalRecord(call: InternalCall): Pick<CallRecordFields, 'direction' | 'provider' | 'providerCallId' | 'agentId' | 'peerUserId'> {
  return { direction: 'internal', provider: 'webrtc', providerCallId: call.callId, agentId: call.from.userId, peerUserId: call.to.userId };
}

function callerPeer(caller: CallerDetails): CallParty {
  return { kind: 'caller', ...caller };
}

function agentPeer(profile: RoutingProfile): CallParty {
  return { kind: 'agent', userId: profile.userId, name: profile.name };
}

function refuseCaller(endpoint: CallerEndpoint, code: VoiceErrorCode, message: string): void {
  endpoint.send({ type: 'error', code, message });
  endpoint.close(1008, code);
}

export function voiceError(code: VoiceErrorCode, message: string, ref?: string, callId?: string): AgentServerMessage {
  return { type: 'voice.error', code, message, ...(ref === undefined ? {} : { ref }), ...(callId === undefined ? {} : { callId }) };
}

const ERROR_MESSAGES: Readonly<Record<VoiceErrorCode, string>> = {
  invalid_message: 'the message does not match the voice protocol',
  unsupported_version: 'unsupported voice protocol version',
  not_registered: 'send voice.register first',
  forbidden: 'your role may not do this',
  unknown_call: 'no such call for you',
  not_in_call: 'you are not in this call',
  stale_connection: 'that connection has been replaced',
  busy: 'finish the current call or offer first',
  invalid_state: 'the call is not in a state that allows this',
  agent_unavailable: 'that agent cannot take a call now',
  no_agent_available: 'nobody in that queue can take a call now',
  unknown_queue: 'no such queue',
  unknown_agent: 'no such agent registered for voice',
  rate_limited: 'too many messages',
  too_many_callers: 'all lines are busy',
  replaced: 'voice moved to another connection',
};

function describe(code: VoiceErrorCode): string {
  return ERROR_MESSAGES[code];
}
