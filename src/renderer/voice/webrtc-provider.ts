/**
 * The built-in voice provider: calls between browsers, with our server as the switchboard (protocol
 * v1, src/shared/voice/signalling.ts) on the agent's sync-stream socket, and the audio peer to peer
 * (or through the TURN servers of the server's welcome).
 *
 * - Registration is `voice.register` once the stream is ready (the server's RESYNC), answered by
 *   `voice.welcome` (ICE servers, presence). A stream that drops unregisters us; when it is back we
 *   register again with the state the agent had, and the server gives back calls it kept for us.
 * - Answer: the microphone first (a blocked microphone must not answer a call nobody can hear), then
 *   `voice.answer`; `accepted` fires when audio is connected, not when the server pairs us.
 * - Hold: our outgoing track becomes a generated hold tone and the other party is muted here;
 *   the server is told (`voice.hold`) so it counts hold time and tells the other side. When the other
 *   side holds us (`voice.held`), we send silence until they resume.
 * - DTMF through RTCDTMFSender, or as tones in the audio when the connection cannot.
 * - Cold and warm transfer, agent presence and media counters are capabilities (capabilities.ts).
 *
 * The server answers requests only with what they cause (`voice.dialing`, `voice.presence`,
 * `voice.ended`) or a `voice.error` carrying the request's `ref`, so each request waits for one of those.
 */
import type { EndCause } from '../../shared/voice/call-state';
import { Emitter } from '../../shared/voice/emitter';
import {
  VoiceError,
  isDtmf,
  type AudioDevice,
  type AudioDeviceKind,
  type AudioDevices,
  type DialRequest,
  type ProviderCall,
  type RegistrationStatus,
  type VoiceErrorCode,
  type VoiceProvider,
  type VoiceProviderEvents,
} from '../../shared/voice/provider';
import {
  VOICE_PROTOCOL_VERSION,
  type AgentChosenState,
  type AgentClientMessage,
  type AgentPresenceView,
  type AgentServerMessage,
  type CallEndReason,
  type CallParty,
  type IceServer,
  type OfferEndReason,
  type SignalPayload,
  type TransferTarget,
  type VoiceErrorCode as ServerErrorCode,
} from '../../shared/voice/signalling';
import { AudioPreferences, type KeyValueStore } from './audio-preferences';
import type { AgentPresenceControl, CallTransfers, MediaEvents, MediaReports, PresenceEvents } from './capabilities';
import type { AudioStream, CreateMediaLink, LinkState, MediaLink, RemotePlayback, ToneTrack, VoiceMedia } from './media-types';
import { QualityTracker, type MediaStats } from './quality';
import type { VoiceLink } from './voice-link';

export interface WebRtcProviderOptions {
  readonly link: VoiceLink;
  readonly media: VoiceMedia;
  /** Where audio device choices are remembered (`localStorage`). */
  readonly store: KeyValueStore;
  /** One WebRTC connection per call (peer-link.ts in the browser). */
  readonly createMediaLink: CreateMediaLink;
  readonly registerTimeoutMs?: number;
  /** How long a request (dial, consult, transfer, state) waits for the server's answer. */
  readonly requestTimeoutMs?: number;
  /** From answering until audio connects. */
  readonly acceptTimeoutMs?: number;
  /** A connection that failed gets this long to come back (ICE restart) before the call is dropped. */
  readonly reconnectTimeoutMs?: number;
  readonly statsIntervalMs?: number;
  readonly onListenerError?: (error: unknown) => void;
}

export const DEFAULT_WEBRTC_REGISTER_TIMEOUT_MS = 15_000;
export const DEFAULT_WEBRTC_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_WEBRTC_ACCEPT_TIMEOUT_MS = 20_000;
export const DEFAULT_WEBRTC_RECONNECT_TIMEOUT_MS = 20_000;
export const DEFAULT_STATS_INTERVAL_MS = 1_000;

/** A refusal by our voice server: the provider's code for the softphone, the server's for the details. */
export class VoiceServerError extends VoiceError {
  constructor(
    code: VoiceErrorCode,
    readonly serverCode: ServerErrorCode,
    message: string,
  ) {
    super(code, message);
  }
}

type Phase = 'offered' | 'answering' | 'dialing' | 'connecting' | 'connected';
type Outgoing = 'mic' | 'hold' | 'silence';

interface TrackedCall {
  info: ProviderCall;
  phase: Phase;
  connectionId: number | undefined;
  link: MediaLink | undefined;
  mic: AudioStream | undefined;
  playback: RemotePlayback | undefined;
  outgoing: Outgoing;
  tone: ToneTrack | undefined;
  held: boolean;
  remoteHeld: boolean;
  muted: boolean;
  /** `accepted` was emitted (audio connected once). */
  accepted: boolean;
  reconnecting: boolean;
  /** We asked for this call to be transferred: its end is our doing. */
  transferring: boolean;
  /** Signals of the current connection that came before its media link. */
  readonly early: SignalPayload[];
  readonly quality: QualityTracker;
  readonly timers: Set<ReturnType<typeof setTimeout>>;
  statsTimer: ReturnType<typeof setInterval> | undefined;
  failTimer: ReturnType<typeof setTimeout> | undefined;
}

interface PendingRequest {
  readonly match: ((message: AgentServerMessage) => boolean) | null;
  readonly resolve: (message: AgentServerMessage | null) => void;
  readonly reject: (error: VoiceError) => void;
  readonly code: VoiceErrorCode;
  readonly timer: ReturnType<typeof setTimeout> | undefined;
}

type AllEvents = VoiceProviderEvents & PresenceEvents & MediaEvents;

const CALL_ERRORS: ReadonlySet<ServerErrorCode> = new Set(['unknown_call', 'not_in_call', 'stale_connection']);

export class WebRtcVoiceProvider implements VoiceProvider, CallTransfers, AgentPresenceControl, MediaReports {
  readonly kind = 'webrtc' as const;
  private status: RegistrationStatus = 'unregistered';
  private readonly emitter: Emitter<AllEvents>;
  private readonly calls = new Map<string, TrackedCall>();
  private readonly pending = new Map<string, PendingRequest>();
  private readonly preferences: AudioPreferences;
  private readonly latestStats = new Map<string, MediaStats>();
  private iceServers: readonly IceServer[] = [];
  private currentPresence: AgentPresenceView | null = null;
  /** Whether the agent wants to take calls, and in which state (re-registered after a reconnect). */
  private wanted: { readonly state: 'available' | 'break'; readonly reason?: string } | null = null;
  private registering: Promise<void> | null = null;
  private inputs: readonly AudioDevice[] = [];
  private outputs: readonly AudioDevice[] = [];
  private refCounter = 0;
  private destroyed = false;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly options: WebRtcProviderOptions) {
    this.emitter = new Emitter(options.onListenerError);
    this.preferences = new AudioPreferences(options.store);
    this.unsubscribe.push(
      options.link.onMessage((message) => {
        this.onServerMessage(message);
      }),
      options.link.onReady((ready) => {
        this.onLinkReady(ready);
      }),
      options.media.onDeviceChange(() => {
        void this.refreshDevices();
      }),
    );
    void this.refreshDevices();
  }

  get registration(): RegistrationStatus {
    return this.status;
  }

  get presence(): AgentPresenceView | null {
    return this.currentPresence;
  }

  on<E extends keyof AllEvents>(event: E, listener: AllEvents[E]): () => void {
    return this.emitter.on(event, listener);
  }

  mediaStats(): ReadonlyMap<string, MediaStats> {
    return this.latestStats;
  }

  // ---- registration and presence -----------------------------------------------------------------

  register(): Promise<void> {
    return this.setAgentState(this.wanted?.state ?? 'available', this.wanted?.reason);
  }

  unregister(): Promise<void> {
    return this.setAgentState('offline');
  }

  async setAgentState(state: AgentChosenState, reason?: string): Promise<void> {
    this.assertAlive();
    if (state === 'offline') {
      if (this.calls.size > 0) throw new VoiceServerError('register_failed', 'busy', 'finish the current call first');
      this.wanted = null;
      if (this.status !== 'registered') {
        this.setStatus('unregistered');
        return;
      }
      // The server answers a successful `offline` with nothing (it forgets us): a refusal comes as an error.
      await this.request({ type: 'voice.state', state: 'offline' }, null, 'register_failed', this.requestTimeoutMs, () => {
        // Refused (busy: a call is ringing or connected): still registered.
        this.setStatus('registered');
      });
      this.setPresence(null);
      this.setStatus('unregistered');
      return;
    }
    this.wanted = { state, ...(reason === undefined ? {} : { reason }) };
    if (this.status !== 'registered') {
      await this.registerNow();
      // Chosen while an earlier registration (with the state wanted then) was on its way: tell the server now.
      const current = this.currentPresence;
      const chosenEarlier = current?.state === 'available' || current?.state === 'break';
      if (this.registration === 'registered' && chosenEarlier && (current.state !== state || (state === 'break' && current.reason !== reason))) {
        await this.setAgentState(state, reason);
      }
      return;
    }
    await this.request(
      { type: 'voice.state', state, ...(reason === undefined ? {} : { reason }) },
      (message) => message.type === 'voice.presence' && message.presence.state === state && (state !== 'break' || message.presence.reason === reason),
      'register_failed',
      this.requestTimeoutMs,
    );
  }

  /** One registration at a time; waits for the stream to be ready, then for the welcome. */
  private registerNow(): Promise<void> {
    this.registering ??= this.registerOnce().finally(() => {
      this.registering = null;
    });
    return this.registering;
  }

  private async registerOnce(): Promise<void> {
    this.setStatus('registering');
    const deadline = Date.now() + this.registerTimeoutMs;
    try {
      await this.whenLinkReady(this.registerTimeoutMs);
      const wanted = this.wanted ?? { state: 'available' as const };
      await this.request(
        { type: 'voice.register', version: VOICE_PROTOCOL_VERSION, state: wanted.state, ...(wanted.reason === undefined ? {} : { reason: wanted.reason }) },
        (message) => message.type === 'voice.welcome',
        'register_failed',
        Math.max(1, deadline - Date.now()),
      );
    } catch (error) {
      if (this.status === 'registering') this.setStatus('unregistered');
      throw error;
    }
  }

  private whenLinkReady(timeoutMs: number): Promise<void> {
    if (this.options.link.ready) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new VoiceError('register_timeout', 'the server connection is not ready'));
      }, timeoutMs);
      const stop = this.options.link.onReady((ready) => {
        if (!ready) return;
        clearTimeout(timer);
        // Unsubscribing inside the callback: the subscription may not be assigned yet on a synchronous emit.
        queueMicrotask(() => {
          stop();
        });
        resolve();
      });
    });
  }

  private onLinkReady(ready: boolean): void {
    if (this.destroyed) return;
    if (!ready) {
      // The server no longer hears us: calls keep their audio (peer to peer) and wait for us to come back.
      if (this.status !== 'unregistered') this.setStatus('unregistered');
      this.setPresence(null);
      for (const [ref, pending] of [...this.pending]) {
        this.pending.delete(ref);
        clearTimeout(pending.timer);
        // Requests already sent and done (answer, hold) lose only their chance of a late refusal.
        if (pending.match !== null) pending.reject(new VoiceError(pending.code, 'the server connection was lost'));
      }
      return;
    }
    if (this.wanted !== null && this.registering === null) {
      this.registerNow().catch((error: unknown) => {
        this.emitError(error instanceof VoiceError ? error : new VoiceError('register_failed', String(error)));
      });
    }
  }

  private setStatus(status: RegistrationStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.emitter.emit('registration', status);
  }

  private setPresence(presence: AgentPresenceView | null): void {
    if (presence === null && this.currentPresence === null) return;
    this.currentPresence = presence;
    this.emitter.emit('presence', presence);
  }

  // ---- calls: placing, answering, ending -----------------------------------------------------------

  async connect(request: DialRequest): Promise<ProviderCall> {
    this.assertAlive();
    const { target } = request;
    if (target.kind !== 'user' || target.userId === '') throw new VoiceError('connect_failed', 'the built-in provider calls colleagues only');
    if (this.status !== 'registered') throw new VoiceError('connect_failed', 'not registered for voice');
    const mic = await this.microphone();
    try {
      const dialing = await this.request({ type: 'voice.dial', target: { userId: target.userId } }, isDialing, 'connect_failed', this.requestTimeoutMs);
      return this.trackDialed(dialing as Extract<AgentServerMessage, { type: 'voice.dialing' }>, mic).info;
    } catch (error) {
      stopStream(mic);
      throw error;
    }
  }

  accept(callId: string): Promise<void> {
    return this.acceptCall(callId);
  }

  private async acceptCall(callId: string): Promise<void> {
    const tracked = this.get(callId);
    if (tracked.phase !== 'offered') throw new VoiceError('no_such_call', `call ${callId} is not ringing`);
    const mic = await this.microphone();
    if (this.calls.get(callId) !== tracked || !isRinging(tracked)) {
      stopStream(mic);
      throw new VoiceError('no_such_call', `call ${callId} is gone`);
    }
    tracked.mic = mic;
    tracked.phase = 'answering';
    try {
      await this.request({ type: 'voice.answer', callId }, null, 'call_failed', this.requestTimeoutMs, (error) => {
        // Taken elsewhere or withdrawn meanwhile.
        this.emitError(error, tracked.info);
        this.finish(callId, 'failed');
      });
    } catch (error) {
      // Not sent (no connection): it still rings, and can be answered again.
      if (this.calls.get(callId) === tracked) {
        tracked.phase = 'offered';
        tracked.mic = undefined;
      }
      stopStream(mic);
      throw error;
    }
    this.deadline(tracked, this.acceptTimeoutMs, () => {
      if (tracked.accepted) return;
      this.emitError(new VoiceError('accept_timeout', `the call did not connect within ${this.acceptTimeoutMs} ms`), tracked.info);
      this.hangupTracked(tracked, 'failed');
    });
  }

  reject(callId: string): void {
    const tracked = this.get(callId);
    if (tracked.phase !== 'offered' && tracked.phase !== 'answering') {
      this.hangup(callId);
      return;
    }
    this.send({ type: 'voice.reject', callId });
    this.finish(callId, 'declined');
  }

  ignore(callId: string): void {
    // The server is not told: the offer rings out there (and moves on).
    this.get(callId);
    this.finish(callId, 'declined');
  }

  hangup(callId: string): void {
    const tracked = this.get(callId);
    if (tracked.phase === 'offered') {
      this.reject(callId);
      return;
    }
    this.hangupTracked(tracked, 'local_hangup');
  }

  private hangupTracked(tracked: TrackedCall, cause: EndCause): void {
    this.send({ type: 'voice.hangup', callId: tracked.info.id });
    this.finish(tracked.info.id, cause);
  }

  // ---- in-call controls --------------------------------------------------------------------------

  mute(callId: string, muted: boolean): void {
    const tracked = this.get(callId);
    tracked.muted = muted;
    for (const track of tracked.mic?.getAudioTracks() ?? []) track.enabled = !muted;
    this.emitter.emit('muted', tracked.info, muted);
  }

  hold(callId: string): Promise<void> {
    return this.setHold(callId, true);
  }

  resume(callId: string): Promise<void> {
    return this.setHold(callId, false);
  }

  private async setHold(callId: string, held: boolean): Promise<void> {
    const tracked = this.get(callId);
    if (tracked.phase !== 'connected' || tracked.link === undefined) throw new VoiceError('hold_failed', 'only a connected call can be held');
    if (tracked.held === held) return;
    tracked.held = held;
    tracked.playback?.setMuted(held);
    await this.applyOutgoing(tracked);
    this.emitter.emit('held', tracked.info, held);
    // The media hold is ours; the server counts hold time and tells the other side. A refusal undoes it.
    await this.request({ type: 'voice.hold', callId, held }, null, 'hold_failed', this.requestTimeoutMs, (error) => {
      if (this.calls.get(callId) !== tracked || tracked.held !== held) return;
      tracked.held = !held;
      tracked.playback?.setMuted(!held);
      void this.applyOutgoing(tracked);
      this.emitter.emit('held', tracked.info, !held);
      this.emitError(error, tracked.info);
    });
  }

  sendDigits(callId: string, digits: string): void {
    const tracked = this.get(callId);
    if (!isDtmf(digits)) throw new VoiceError('invalid_digits', 'DTMF digits are 0-9, *, # and w');
    const link = tracked.link;
    if (tracked.phase !== 'connected' || link === undefined) throw new VoiceError('no_such_call', 'the call is not connected');
    if (link.insertDtmf(digits)) return;
    // No RTCDTMFSender on this connection: play the tones into the call instead of the microphone.
    const tones = this.options.media.dtmfTones(digits);
    void link.setOutgoing(tones.track);
    void tones.done.then(() => {
      tones.stop();
      if (this.calls.get(callId) === tracked) void this.applyOutgoing(tracked, true);
    });
  }

  // ---- transfers -----------------------------------------------------------------------------------

  async transfer(callId: string, target: TransferTarget): Promise<void> {
    const tracked = this.get(callId);
    tracked.transferring = true;
    try {
      await this.request({ type: 'voice.transfer', callId, target }, (message) => message.type === 'voice.ended' && message.callId === callId, 'call_failed', this.requestTimeoutMs);
    } catch (error) {
      tracked.transferring = false;
      throw error;
    }
  }

  async consult(callId: string, target: TransferTarget): Promise<ProviderCall> {
    this.get(callId);
    const mic = await this.microphone();
    try {
      const dialing = await this.request({ type: 'voice.consult', callId, target }, (message) => isDialing(message) && message.consultFor === callId, 'connect_failed', this.requestTimeoutMs);
      return this.trackDialed(dialing as Extract<AgentServerMessage, { type: 'voice.dialing' }>, mic).info;
    } catch (error) {
      stopStream(mic);
      throw error;
    }
  }

  async completeTransfer(consultCallId: string): Promise<void> {
    const consult = this.get(consultCallId);
    const parent = consult.info.parameters['consultFor'];
    const caller = parent === undefined ? undefined : this.calls.get(parent);
    consult.transferring = true;
    if (caller !== undefined) caller.transferring = true;
    try {
      await this.request({ type: 'voice.complete_transfer', callId: consultCallId }, (message) => message.type === 'voice.ended' && message.callId === consultCallId, 'call_failed', this.requestTimeoutMs);
    } catch (error) {
      consult.transferring = false;
      if (caller !== undefined) caller.transferring = false;
      throw error;
    }
  }

  // ---- server messages ---------------------------------------------------------------------------

  private onServerMessage(message: AgentServerMessage): void {
    if (this.destroyed) return;
    // A refusal of one of our requests goes to that request only.
    if (this.settlePending(message)) return;
    switch (message.type) {
      case 'voice.welcome':
        this.onWelcome(message);
        return;
      case 'voice.presence':
        this.setPresence(message.presence);
        return;
      case 'voice.offer':
        this.onOffer(message);
        return;
      case 'voice.offer_withdrawn': {
        const tracked = this.calls.get(message.callId);
        if (tracked === undefined) return;
        this.setParameter(tracked, 'endReason', message.reason);
        this.finish(message.callId, endCauseOf(message.reason, tracked));
        return;
      }
      case 'voice.connected':
        void this.onConnected(message);
        return;
      case 'voice.signal': {
        const tracked = this.calls.get(message.callId);
        if (tracked === undefined || tracked.connectionId !== message.connectionId) return;
        if (tracked.link === undefined) tracked.early.push(message.payload);
        else void tracked.link.handle(message.payload);
        return;
      }
      case 'voice.held': {
        const tracked = this.calls.get(message.callId);
        if (tracked === undefined || tracked.remoteHeld === message.held) return;
        tracked.remoteHeld = message.held;
        void this.applyOutgoing(tracked);
        this.emitter.emit('remoteHold', tracked.info, message.held);
        return;
      }
      case 'voice.ended': {
        const tracked = this.calls.get(message.callId);
        if (tracked === undefined) return;
        this.setParameter(tracked, 'endReason', message.reason);
        this.finish(message.callId, endCauseOf(message.reason, tracked));
        return;
      }
      case 'voice.error':
        this.onError(message);
        return;
      case 'voice.dialing':
      case 'voice.live':
        return;
    }
  }

  private onWelcome(message: Extract<AgentServerMessage, { type: 'voice.welcome' }>): void {
    this.iceServers = message.iceServers;
    if (this.wanted === null && message.calls.length === 0) {
      // The agent chose offline while this registration was on its way.
      this.send({ type: 'voice.state', state: 'offline' });
      this.setStatus('unregistered');
      return;
    }
    this.setStatus('registered');
    this.setPresence(message.presence);
    const kept = new Set(message.calls.map((call) => call.callId));
    // Offers made while we were away went to the next agent; connected calls the server no longer has ended.
    for (const [callId, tracked] of [...this.calls]) {
      if (tracked.phase === 'dialing' || kept.has(callId)) continue;
      this.finish(callId, 'failed');
    }
    // Calls the server kept for a connection we no longer have (the page was reloaded): nobody hears them.
    for (const call of message.calls) {
      if (!this.calls.has(call.callId)) this.send({ type: 'voice.hangup', callId: call.callId });
    }
  }

  private onOffer(message: Extract<AgentServerMessage, { type: 'voice.offer' }>): void {
    if (this.calls.has(message.callId)) return;
    const tracked = this.track({
      id: message.callId,
      direction: 'inbound',
      providerCallId: message.callId,
      ...partyFields(message.from, 'from'),
      parameters: {
        kind: message.kind,
        ...partyParameters(message.from),
        ...(message.queueId === undefined ? {} : { queueId: message.queueId }),
        ...(message.queueName === undefined ? {} : { queueName: message.queueName }),
        ...(message.waitingSince === undefined ? {} : { waitingSince: message.waitingSince }),
        ringTimeoutSeconds: String(message.ringTimeoutSeconds),
        expiresAt: message.expiresAt,
      },
    }, 'offered');
    // The server withdraws an offer that rang out; this only covers a withdrawal we never heard of.
    const expiresIn = Date.parse(message.expiresAt) - Date.now();
    this.deadline(tracked, Math.max(message.ringTimeoutSeconds * 1000, Number.isFinite(expiresIn) ? expiresIn : 0) + 5_000, () => {
      if (tracked.phase === 'offered') this.finish(message.callId, 'no_answer');
    });
    this.emitter.emit('incoming', tracked.info);
  }

  private async onConnected(message: Extract<AgentServerMessage, { type: 'voice.connected' }>): Promise<void> {
    let tracked = this.calls.get(message.callId);
    if (tracked === undefined) {
      // A caller handed to us by a warm transfer (we were the consulted agent): no offer came before.
      tracked = this.track(
        {
          id: message.callId,
          direction: 'inbound',
          providerCallId: message.callId,
          ...partyFields(message.peer, 'from'),
          parameters: { kind: 'adopted', ...partyParameters(message.peer), recordId: message.recordId, connectionId: String(message.connectionId) },
        },
        'connecting',
      );
      this.emitter.emit('incoming', tracked.info);
    }
    const call = tracked;
    call.link?.close();
    call.link = undefined;
    call.early.length = 0;
    call.connectionId = message.connectionId;
    call.phase = 'connecting';
    this.setParameter(call, 'recordId', message.recordId);
    this.setParameter(call, 'connectionId', String(message.connectionId));
    if (call.mic === undefined) {
      try {
        call.mic = await this.microphone();
      } catch (error) {
        this.emitError(error instanceof VoiceError ? error : new VoiceError('microphone_blocked', String(error)), call.info);
        if (this.calls.get(message.callId) === call) this.hangupTracked(call, 'failed');
        return;
      }
      if (this.calls.get(message.callId) !== call || call.connectionId !== message.connectionId) {
        stopStream(call.mic);
        return;
      }
      for (const track of call.mic.getAudioTracks()) track.enabled = !call.muted;
    }
    const micTrack = call.mic.getAudioTracks()[0];
    if (micTrack === undefined) {
      this.emitError(new VoiceError('microphone_blocked', 'the microphone gave no audio track'), call.info);
      this.hangupTracked(call, 'failed');
      return;
    }
    const connectionId = message.connectionId;
    call.outgoing = 'mic';
    call.link = this.options.createMediaLink({
      role: message.role,
      iceServers: this.iceServers,
      track: micTrack,
      send: (payload) => {
        if (call.connectionId === connectionId) this.send({ type: 'voice.signal', callId: message.callId, connectionId, payload });
      },
      onRemoteStream: (stream) => {
        call.playback?.stop();
        call.playback = this.options.media.play(stream, this.preferences.get('speaker'));
        call.playback.setMuted(call.held);
      },
      onState: (state) => {
        this.onLinkState(call, state);
      },
      onError: (error) => {
        this.emitError(new VoiceError('call_failed', 'the audio connection could not be set up', { cause: error }), call.info);
        if (this.calls.get(message.callId) === call) this.hangupTracked(call, 'failed');
      },
    });
    for (const payload of call.early.splice(0)) void call.link.handle(payload);
    if (call.held || call.remoteHeld) void this.applyOutgoing(call);
  }

  private onLinkState(call: TrackedCall, state: LinkState): void {
    if (this.calls.get(call.info.id) !== call) return;
    if (state === 'connected') {
      clearTimeout(call.failTimer);
      call.failTimer = undefined;
      call.phase = 'connected';
      if (!call.accepted) {
        call.accepted = true;
        this.startStats(call);
        this.emitter.emit('accepted', call.info);
      } else if (call.reconnecting) {
        call.reconnecting = false;
        this.emitter.emit('reconnected', call.info);
      }
      return;
    }
    if ((state === 'disconnected' || state === 'failed') && call.accepted) {
      if (!call.reconnecting) {
        call.reconnecting = true;
        this.emitter.emit('reconnecting', call.info);
      }
      call.failTimer ??= setTimeout(() => {
        call.failTimer = undefined;
        if (this.calls.get(call.info.id) !== call || call.link?.state === 'connected') return;
        this.emitError(new VoiceError('call_failed', 'the audio connection was lost'), call.info);
        this.hangupTracked(call, 'failed');
      }, this.reconnectTimeoutMs);
    }
  }

  private onError(message: Extract<AgentServerMessage, { type: 'voice.error' }>): void {
    if (message.code === 'replaced') {
      // Voice moved to another window or device of this agent: this one stops taking calls.
      this.wanted = null;
      this.setPresence(null);
      this.setStatus('unregistered');
      this.emitError(new VoiceServerError('register_failed', message.code, message.message));
      return;
    }
    const tracked = message.callId === undefined ? undefined : this.calls.get(message.callId);
    const code: VoiceErrorCode = CALL_ERRORS.has(message.code) ? 'no_such_call' : 'call_failed';
    this.emitError(new VoiceServerError(code, message.code, message.message), tracked?.info);
  }

  /** Settles the requests `message` answers; true when it was the refusal of one (nothing else to do with it). */
  private settlePending(message: AgentServerMessage): boolean {
    if (message.type === 'voice.error') {
      const pending = message.ref === undefined ? undefined : this.pending.get(message.ref);
      if (pending === undefined || message.ref === undefined) return false;
      this.pending.delete(message.ref);
      clearTimeout(pending.timer);
      const code: VoiceErrorCode = CALL_ERRORS.has(message.code) ? 'no_such_call' : pending.code;
      pending.reject(new VoiceServerError(code, message.code, message.message));
      return true;
    }
    for (const [ref, pending] of this.pending) {
      if (pending.match === null || !pending.match(message)) continue;
      if ('ref' in message && message.ref !== undefined && message.ref !== ref) continue;
      this.pending.delete(ref);
      clearTimeout(pending.timer);
      pending.resolve(message);
    }
    return false;
  }

  /**
   * Sends a request with a fresh `ref`. With `match`, resolves with the first server message it
   * matches (or rejects on the error carrying the ref, or the timeout). Without, resolves once sent;
   * a later error with the ref goes to `onLateError`.
   */
  private request(
    message: AgentClientMessage,
    match: ((message: AgentServerMessage) => boolean) | null,
    code: VoiceErrorCode,
    timeoutMs: number,
    onLateError?: (error: VoiceError) => void,
  ): Promise<AgentServerMessage | null> {
    const ref = `r${String(++this.refCounter)}`;
    return new Promise((resolve, reject) => {
      const timer =
        match === null
          ? setTimeout(() => {
              this.pending.delete(ref);
            }, timeoutMs)
          : setTimeout(() => {
              this.pending.delete(ref);
              reject(new VoiceError(code === 'register_failed' ? 'register_timeout' : code === 'connect_failed' ? 'connect_timeout' : code, `no answer from the voice server within ${timeoutMs} ms`));
            }, timeoutMs);
      this.pending.set(ref, {
        match,
        code,
        timer,
        resolve,
        reject: match === null ? (error) => onLateError?.(error) : reject,
      });
      if (!this.options.link.send({ ...message, ref })) {
        this.pending.delete(ref);
        clearTimeout(timer);
        reject(new VoiceError(code, 'not connected to the voice server'));
        return;
      }
      if (match === null) resolve(null);
    });
  }

  private send(message: AgentClientMessage): void {
    this.options.link.send(message);
  }

  // ---- media ---------------------------------------------------------------------------------------

  private async microphone(): Promise<AudioStream> {
    try {
      const stream = await this.options.media.getMicrophone(this.usableInput());
      // Labels are readable once the microphone is allowed.
      void this.refreshDevices();
      return stream;
    } catch (cause) {
      throw new VoiceError('microphone_blocked', 'the microphone is blocked or missing', { cause });
    }
  }

  /** The remembered microphone when it is plugged in, else the system default. */
  private usableInput(): string | null {
    const chosen = this.preferences.get('input');
    return chosen !== null && (this.inputs.length === 0 || this.inputs.some((device) => device.id === chosen)) ? chosen : null;
  }

  /** Sends what the call's state asks for: the hold tone while we hold, silence while held, else the microphone. */
  private async applyOutgoing(call: TrackedCall, force = false): Promise<void> {
    const link = call.link;
    if (link === undefined) return;
    const wanted: Outgoing = call.held ? 'hold' : call.remoteHeld ? 'silence' : 'mic';
    if (wanted === call.outgoing && !force) return;
    call.outgoing = wanted;
    call.tone?.stop();
    call.tone = undefined;
    if (wanted === 'mic') {
      await link.setOutgoing(call.mic?.getAudioTracks()[0] ?? null);
      return;
    }
    call.tone = wanted === 'hold' ? this.options.media.holdTone() : this.options.media.silence();
    await link.setOutgoing(call.tone.track);
  }

  private startStats(call: TrackedCall): void {
    clearInterval(call.statsTimer);
    call.statsTimer = setInterval(() => {
      const link = call.link;
      if (link === undefined || this.calls.get(call.info.id) !== call) return;
      link.stats().then(
        (stats) => {
          if (this.calls.get(call.info.id) !== call) return;
          this.latestStats.set(call.info.id, stats);
          this.emitter.emit('media', call.info, stats);
          const lost = link.state === 'disconnected' || link.state === 'failed';
          const quality = call.quality.update(stats, lost, { sending: true });
          if (quality !== null) this.emitter.emit('quality', call.info, quality);
        },
        () => undefined,
      );
    }, this.options.statsIntervalMs ?? DEFAULT_STATS_INTERVAL_MS);
  }

  // ---- bookkeeping ---------------------------------------------------------------------------------

  private track(info: ProviderCall, phase: Phase): TrackedCall {
    const tracked: TrackedCall = {
      info,
      phase,
      connectionId: undefined,
      link: undefined,
      mic: undefined,
      playback: undefined,
      outgoing: 'mic',
      tone: undefined,
      held: false,
      remoteHeld: false,
      muted: false,
      accepted: false,
      reconnecting: false,
      transferring: false,
      early: [],
      quality: new QualityTracker(),
      timers: new Set(),
      statsTimer: undefined,
      failTimer: undefined,
    };
    this.calls.set(info.id, tracked);
    return tracked;
  }

  private trackDialed(message: Extract<AgentServerMessage, { type: 'voice.dialing' }>, mic: AudioStream): TrackedCall {
    const tracked = this.track(
      {
        id: message.callId,
        direction: 'outbound',
        providerCallId: message.callId,
        ...partyFields(message.to, 'to'),
        parameters: {
          kind: message.consultFor === undefined ? 'internal' : 'consult',
          ...partyParameters(message.to),
          ...(message.consultFor === undefined ? {} : { consultFor: message.consultFor }),
        },
      },
      'dialing',
    );
    tracked.mic = mic;
    this.emitter.emit('ringing', tracked.info);
    return tracked;
  }

  private setParameter(tracked: TrackedCall, key: string, value: string): void {
    tracked.info = { ...tracked.info, parameters: { ...tracked.info.parameters, [key]: value } };
  }

  private deadline(tracked: TrackedCall, ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      tracked.timers.delete(timer);
      if (this.calls.get(tracked.info.id) === tracked) run();
    }, ms);
    tracked.timers.add(timer);
  }

  private get(callId: string): TrackedCall {
    const tracked = this.calls.get(callId);
    if (tracked === undefined) throw new VoiceError('no_such_call', `no call ${callId}`);
    return tracked;
  }

  /** Ends a call once, whichever of our action or the server's message comes first; releases its media. */
  private finish(callId: string, cause: EndCause): void {
    const tracked = this.calls.get(callId);
    if (tracked === undefined) return;
    this.calls.delete(callId);
    this.latestStats.delete(callId);
    for (const timer of tracked.timers) clearTimeout(timer);
    tracked.timers.clear();
    clearInterval(tracked.statsTimer);
    clearTimeout(tracked.failTimer);
    tracked.link?.close();
    tracked.tone?.stop();
    tracked.playback?.stop();
    if (tracked.mic !== undefined) stopStream(tracked.mic);
    this.emitter.emit('disconnected', tracked.info, cause);
  }

  private emitError(error: VoiceError, call?: ProviderCall): void {
    if (call === undefined) this.emitter.emit('error', error);
    else this.emitter.emit('error', error, call);
  }

  private assertAlive(): void {
    if (this.destroyed) throw new VoiceError('destroyed', 'the voice provider was shut down');
  }

  // ---- audio devices -------------------------------------------------------------------------------

  private async refreshDevices(): Promise<void> {
    try {
      const { inputs, outputs } = await this.options.media.devices();
      this.inputs = inputs;
      this.outputs = outputs;
    } catch {
      return;
    }
    if (!this.destroyed) this.emitter.emit('devices', this.audioDevices());
  }

  audioDevices(): AudioDevices {
    return { inputs: this.inputs, outputs: this.outputs, selected: this.preferences.all(), outputSelectable: this.options.media.outputSelectable };
  }

  async selectAudioDevice(kind: AudioDeviceKind, deviceId: string | null): Promise<void> {
    const available = kind === 'input' ? this.inputs : this.outputs;
    if (deviceId !== null && available.length > 0 && !available.some((device) => device.id === deviceId)) {
      throw new VoiceError('audio_device_not_found', `no ${kind} device ${deviceId}`);
    }
    this.preferences.set(kind, deviceId);
    try {
      if (kind === 'input') await this.switchMicrophones();
      if (kind === 'speaker') for (const call of this.calls.values()) await call.playback?.setSink(deviceId);
    } catch (cause) {
      throw new VoiceError('audio_device_failed', `could not use the ${kind} device`, { cause });
    }
    this.emitter.emit('devices', this.audioDevices());
  }

  /** Moves connected calls to the newly chosen microphone. */
  private async switchMicrophones(): Promise<void> {
    for (const call of [...this.calls.values()]) {
      if (call.mic === undefined) continue;
      const next = await this.options.media.getMicrophone(this.usableInput());
      if (this.calls.get(call.info.id) !== call) {
        stopStream(next);
        continue;
      }
      const previous = call.mic;
      call.mic = next;
      for (const track of next.getAudioTracks()) track.enabled = !call.muted;
      if (call.outgoing === 'mic') await call.link?.setOutgoing(next.getAudioTracks()[0] ?? null);
      stopStream(previous);
    }
  }

  // ---- lifecycle -----------------------------------------------------------------------------------

  destroy(): void {
    if (this.destroyed) return;
    for (const tracked of [...this.calls.values()]) {
      if (tracked.phase === 'offered') this.finish(tracked.info.id, 'declined');
      else this.hangupTracked(tracked, 'local_hangup');
    }
    for (const [, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new VoiceError('destroyed', 'the voice provider was shut down'));
    }
    this.pending.clear();
    this.wanted = null;
    this.setStatus('unregistered');
    this.destroyed = true;
    for (const stop of this.unsubscribe) stop();
    this.emitter.clear();
  }

  private get registerTimeoutMs(): number {
    return this.options.registerTimeoutMs ?? DEFAULT_WEBRTC_REGISTER_TIMEOUT_MS;
  }

  private get requestTimeoutMs(): number {
    return this.options.requestTimeoutMs ?? DEFAULT_WEBRTC_REQUEST_TIMEOUT_MS;
  }

  private get acceptTimeoutMs(): number {
    return this.options.acceptTimeoutMs ?? DEFAULT_WEBRTC_ACCEPT_TIMEOUT_MS;
  }

  private get reconnectTimeoutMs(): number {
    return this.options.reconnectTimeoutMs ?? DEFAULT_WEBRTC_RECONNECT_TIMEOUT_MS;
  }
}

/** Read through a function: the phase changes while an answer awaits the microphone. */
function isRinging(tracked: { readonly phase: Phase }): boolean {
  return tracked.phase === 'offered';
}

function isDialing(message: AgentServerMessage): message is Extract<AgentServerMessage, { type: 'voice.dialing' }> {
  return message.type === 'voice.dialing';
}

function stopStream(stream: AudioStream): void {
  for (const track of stream.getTracks()) track.stop();
}

/** `from`/`to` of a ProviderCall: a caller's E.164 number, or `client:<user id>` for a colleague. */
function partyFields(party: CallParty, field: 'from' | 'to'): { from?: string; to?: string } {
  const value = party.kind === 'agent' ? `client:${party.userId}` : party.phone;
  return value === undefined ? {} : { [field]: value };
}

/** What the softphone shows of the other party, as call parameters. */
function partyParameters(party: CallParty): Record<string, string> {
  if (party.kind === 'agent') return { peerKind: 'agent', peerUserId: party.userId, peerName: party.name };
  return {
    peerKind: 'caller',
    callerName: party.name,
    ...(party.phone === undefined ? {} : { callerPhone: party.phone }),
    ...(party.reason === undefined ? {} : { callerReason: party.reason }),
  };
}

/** Why a call ended here, from the server's reason. */
export function endCauseOf(reason: CallEndReason | OfferEndReason, call: { readonly transferring: boolean; readonly info: Pick<ProviderCall, 'direction'> }): EndCause {
  switch (reason) {
    case 'hangup':
      return 'local_hangup';
    case 'peer_hangup':
    case 'caller_hangup':
      return 'remote_hangup';
    case 'transferred':
      return call.transferring ? 'local_hangup' : 'remote_hangup';
    case 'timeout':
      return 'no_answer';
    case 'rejected':
      return 'declined';
    case 'cancelled':
      return call.info.direction === 'outbound' ? 'local_hangup' : 'remote_hangup';
    case 'disconnected':
    case 'server_shutdown':
      return 'failed';
  }
}
