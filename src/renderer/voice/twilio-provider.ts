/**
 * VoiceProvider over the Twilio Voice JS SDK (`Device` + `Call`). It translates SDK events to the
 * provider events (src/shared/voice/provider.ts) and adds what the SDK lacks or gets wrong:
 *
 * - hold: the SDK has none; our server holds the other leg (injected `server.hold/resume`).
 * - token refresh from the JWT's own expiry (token-refresh.ts; the SDK's event fires once, #93).
 * - deadlines on register (#231, #445: can stay pending forever) and connect (#85: never settles with
 *   an expired token), and on accept (no `accept` event means no audio, so the call is dropped).
 * - audio devices chosen per kind and remembered (audio-preferences.ts).
 *
 * Server contract (the TwiML app): outbound calls carry `To` (E.164) or `ToUser` (a user id) plus the
 * caller's params; inbound calls carry the server's custom parameters, handed through as `parameters`.
 */
import type { Edge } from '@twilio/voice-sdk';
import type { EndCause } from '../../shared/voice/call-state';
import { isE164 } from '../../shared/domain/common';
import { Emitter } from '../../shared/voice/emitter';
import {
  VoiceError,
  callQuality,
  isDtmf,
  type AudioDevice,
  type AudioDeviceKind,
  type AudioDevices,
  type DialRequest,
  type ProviderCall,
  type QualityWarning,
  type RegistrationStatus,
  type VoiceErrorCode,
  type VoiceProvider,
  type VoiceProviderEvents,
} from '../../shared/voice/provider';
import { AudioPreferences, type KeyValueStore } from './audio-preferences';
import { withTimeout, TimeoutError } from './timeout';
import { TokenRefresher } from './token-refresh';
import {
  createTwilioDevice,
  type CreateTwilioDevice,
  type TwilioAudioLike,
  type TwilioCallEventName,
  type TwilioCallLike,
  type TwilioCallListeners,
  type TwilioDeviceLike,
  type TwilioDeviceOptions,
  type TwilioDeviceState,
  type TwilioErrorLike,
} from './twilio-sdk';

export type TwilioEdge = `${Edge}`;

/** Our server's side of calls the SDK cannot do alone. `callSid` is the agent leg's CallSid. */
export interface TwilioServerApi {
  hold(callSid: string): Promise<void>;
  resume(callSid: string): Promise<void>;
}

export interface TwilioProviderOptions {
  /** A Twilio access token (Voice grant) from our server. */
  readonly fetchToken: () => Promise<string>;
  readonly server: TwilioServerApi;
  /** Where audio device choices are remembered (`localStorage`). */
  readonly store: KeyValueStore;
  /** Shown in Twilio Insights, to tell our calls and versions apart. */
  readonly appName: string;
  readonly appVersion: string;
  /** Edges in order of preference: the SDK falls back to the next when one is unreachable. */
  readonly edges?: readonly TwilioEdge[];
  readonly registerTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  readonly acceptTimeoutMs?: number;
  readonly tokenLeadMs?: number;
  readonly tokenUrgentMs?: number;
  /** The SDK; tests pass a fake. */
  readonly createDevice?: CreateTwilioDevice;
  /** A provider event listener threw (logged by the app; the other listeners still run). */
  readonly onListenerError?: (error: unknown) => void;
}

/** Nearest edges for a Brazilian contact centre first; any list of SDK edges can be configured. */
export const DEFAULT_TWILIO_EDGES: readonly TwilioEdge[] = ['sao-paulo', 'ashburn', 'umatilla'];
export const DEFAULT_REGISTER_TIMEOUT_MS = 15_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 20_000;
export const DEFAULT_ACCEPT_TIMEOUT_MS = 15_000;
/** With edge fallback, how long a call keeps trying to reconnect signalling to its own edge. */
const CALL_SIGNALING_TIMEOUT_MS = 30_000;
/** A token must stay valid this long for a call to start: an expired one hangs `connect` (#85). */
const CONNECT_TOKEN_MARGIN_MS = 60_000;

/** Twilio's warning names (Call `warning` / `warning-cleared`) to ours. */
const TWILIO_WARNINGS: Readonly<Record<string, QualityWarning>> = {
  'high-rtt': 'latency',
  'high-jitter': 'jitter',
  'high-packet-loss': 'packet_loss',
  'high-packets-lost-fraction': 'packet_loss',
  'low-mos': 'low_mos',
  'low-bytes-received': 'no_audio_received',
  'low-bytes-sent': 'no_audio_sent',
  'ice-connectivity-lost': 'connectivity_lost',
  'constant-audio-input-level': 'microphone_silent',
  'constant-audio-output-level': 'speaker_silent',
};

/** Twilio error codes with a meaning of their own (the rest keep the caller's default code). */
const TOKEN_ERRORS = new Set([20101, 20104, 31204, 31205]);
const MICROPHONE_ERRORS = new Set([31208, 31401, 31402]);
/** Codes that tell why an outbound call did not connect (with `enableImprovedSignalingErrorPrecision`). */
const END_CAUSE_BY_CODE: ReadonlyMap<number, EndCause> = new Map([
  [31486, 'busy'],
  [31480, 'no_answer'],
  [31603, 'declined'],
  [31002, 'declined'],
]);

interface TrackedCall {
  readonly sdk: TwilioCallLike;
  info: ProviderCall;
  accepted: boolean;
  hungUpLocally: boolean;
  failure: EndCause | null;
  /** Active Twilio warning names (two of them map to packet_loss, so the raw names are kept). */
  readonly warnings: Set<string>;
  acceptTimer: ReturnType<typeof setTimeout> | undefined;
  detach: () => void;
}

export class TwilioVoiceProvider implements VoiceProvider {
  readonly kind = 'twilio' as const;
  private status: RegistrationStatus = 'unregistered';
  private readonly emitter: Emitter<VoiceProviderEvents>;
  private readonly calls = new Map<string, TrackedCall>();
  private readonly refresher: TokenRefresher;
  private readonly preferences: AudioPreferences;
  private device: TwilioDeviceLike | null = null;
  private deviceReady: Promise<TwilioDeviceLike> | null = null;
  private registering: Promise<void> | null = null;
  private detachDevice: () => void = () => undefined;
  private destroyed = false;
  private callCounter = 0;

  constructor(private readonly options: TwilioProviderOptions) {
    this.emitter = new Emitter(options.onListenerError);
    this.preferences = new AudioPreferences(options.store);
    this.refresher = new TokenRefresher({
      fetchToken: options.fetchToken,
      apply: (token) => {
        if (this.device === null) throw new Error('no Twilio device');
        this.device.updateToken(token);
      },
      isBusy: () => this.calls.size > 0,
      onError: ({ stage, cause }) => {
        this.emitError(
          stage === 'fetch'
            ? new VoiceError('token_fetch_failed', 'could not get a new voice token', { cause })
            : new VoiceError('token_update_failed', 'the voice SDK refused the new token', { cause }),
        );
      },
      ...(options.tokenLeadMs === undefined ? {} : { leadMs: options.tokenLeadMs }),
      ...(options.tokenUrgentMs === undefined ? {} : { urgentMs: options.tokenUrgentMs }),
    });
  }

  get registration(): RegistrationStatus {
    return this.status;
  }

  on<E extends keyof VoiceProviderEvents>(event: E, listener: VoiceProviderEvents[E]): () => void {
    return this.emitter.on(event, listener);
  }

  // ---- registration ------------------------------------------------------------------------------

  register(): Promise<void> {
    // One registration at a time: a second register() on the SDK while the first runs throws InvalidStateError.
    this.registering ??= this.registerOnce().finally(() => {
      this.registering = null;
    });
    return this.registering;
  }

  private async registerOnce(): Promise<void> {
    const device = await this.ensureDevice();
    const state: TwilioDeviceState = device.state;
    if (state === 'registered') return;
    try {
      await withTimeout(state === 'registering' ? this.nextRegistered(device) : device.register(), this.registerTimeoutMs);
    } catch (error) {
      if (error instanceof TimeoutError) {
        // #231 / #445: register() can stay pending in `registering` forever when the signalling socket
        // fails or silently stalls. The stuck Device does not recover: drop it; the next register() starts afresh.
        this.dropDevice();
        throw new VoiceError('register_timeout', `Twilio did not register within ${this.registerTimeoutMs} ms`, { cause: error });
      }
      throw toVoiceError(error, 'register_failed');
    }
  }

  /** The SDK re-registers by itself after a network drop; wait for that instead of calling register() again. */
  private nextRegistered(device: TwilioDeviceLike): Promise<void> {
    return new Promise((resolve) => {
      const listener = () => {
        device.removeListener('registered', listener);
        resolve();
      };
      device.on('registered', listener);
    });
  }

  async unregister(): Promise<void> {
    const device = this.device;
    if (device === null) return;
    const state: TwilioDeviceState = device.state;
    if (state !== 'registered') return;
    try {
      await withTimeout(device.unregister(), this.registerTimeoutMs);
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw toVoiceError(error, 'register_failed');
      // No answer: stop taking calls anyway, a fresh Device registers next time.
      this.dropDevice();
    }
  }

  private ensureDevice(): Promise<TwilioDeviceLike> {
    if (this.destroyed) return Promise.reject(new VoiceError('destroyed', 'the voice provider was shut down'));
    this.deviceReady ??= this.createDevice().catch((error: unknown) => {
      this.deviceReady = null;
      throw error;
    });
    return this.deviceReady;
  }

  private async createDevice(): Promise<TwilioDeviceLike> {
    let token: string;
    try {
      token = await this.options.fetchToken();
    } catch (cause) {
      throw new VoiceError('token_fetch_failed', 'could not get a voice token', { cause });
    }
    const device = await (this.options.createDevice ?? createTwilioDevice)(token, this.deviceOptions());
    if (this.destroyed) {
      device.destroy();
      throw new VoiceError('destroyed', 'the voice provider was shut down');
    }
    this.device = device;
    this.attachDevice(device);
    this.refresher.start(token);
    await this.applyAudioPreferences();
    return device;
  }

  private deviceOptions(): TwilioDeviceOptions {
    return {
      appName: this.options.appName,
      appVersion: this.options.appVersion,
      edge: [...(this.options.edges ?? DEFAULT_TWILIO_EDGES)],
      // Edge fallback would move a live call's signalling to another edge at once; try its own first.
      maxCallSignalingTimeoutMs: CALL_SIGNALING_TIMEOUT_MS,
      // Busy / declined / no-answer get their own codes instead of a generic 31005 / 53000.
      enableImprovedSignalingErrorPrecision: true,
    };
  }

  private attachDevice(device: TwilioDeviceLike): void {
    const onRegistering = () => {
      this.setStatus('registering');
    };
    const onRegistered = () => {
      this.setStatus('registered');
    };
    const onUnregistered = () => {
      this.setStatus('unregistered');
    };
    const onIncoming = (call: TwilioCallLike) => {
      this.onIncoming(call);
    };
    const onError = (error: TwilioErrorLike, call?: TwilioCallLike) => {
      this.onDeviceError(error, call);
    };
    const onDeviceChange = () => {
      void this.applyAudioPreferences();
    };
    device.on('registering', onRegistering);
    device.on('registered', onRegistered);
    device.on('unregistered', onUnregistered);
    device.on('incoming', onIncoming);
    device.on('error', onError);
    // `tokenWillExpire` is not used: it fires once per Device (#93); TokenRefresher works from the JWT.
    const audio = device.audio;
    audio?.on('deviceChange', onDeviceChange);
    this.detachDevice = () => {
      device.removeListener('registering', onRegistering);
      device.removeListener('registered', onRegistered);
      device.removeListener('unregistered', onUnregistered);
      device.removeListener('incoming', onIncoming);
      device.removeListener('error', onError);
      audio?.removeListener('deviceChange', onDeviceChange);
    };
  }

  private dropDevice(): void {
    const device = this.device;
    this.detachDevice();
    this.detachDevice = () => undefined;
    this.refresher.stop();
    this.device = null;
    this.deviceReady = null;
    for (const id of [...this.calls.keys()]) this.finish(id, 'failed');
    device?.destroy();
    this.setStatus('unregistered');
  }

  private setStatus(status: RegistrationStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.emitter.emit('registration', status);
  }

  private onDeviceError(error: TwilioErrorLike, sdkCall: TwilioCallLike | undefined): void {
    const tracked = sdkCall === undefined ? undefined : this.findTracked(sdkCall);
    // The call's own `error` event reports call errors; the device repeats them.
    if (tracked !== undefined) return;
    if (TOKEN_ERRORS.has(error.code)) void this.refresher.refreshNow().catch(() => undefined);
    this.emitError(toVoiceError(error, 'register_failed'));
  }

  // ---- calls -------------------------------------------------------------------------------------

  private onIncoming(sdk: TwilioCallLike): void {
    const tracked = this.track(sdk, 'inbound');
    this.emitter.emit('incoming', tracked.info);
  }

  async connect(request: DialRequest): Promise<ProviderCall> {
    const { target } = request;
    if (target.kind === 'number' ? !isE164(target.e164) : target.userId === '') {
      throw new VoiceError('invalid_number', 'not an E.164 number or a user id');
    }
    const device = await this.ensureDevice();
    if (!this.refresher.isFresh(CONNECT_TOKEN_MARGIN_MS)) {
      // #85: connect() with an expired token never settles; get a valid one first.
      try {
        await this.refresher.refreshNow();
      } catch (cause) {
        throw new VoiceError('token_expired', 'the voice token expired and could not be renewed', { cause });
      }
    }
    const params = { ...request.params, ...(target.kind === 'number' ? { To: target.e164 } : { ToUser: target.userId }) };
    let sdk: TwilioCallLike;
    try {
      sdk = await withTimeout(device.connect({ params }), this.connectTimeoutMs, (late) => {
        // The agent was told the call failed: a call that shows up now must not ring someone unattended (#63).
        late.disconnect();
      });
    } catch (error) {
      if (error instanceof TimeoutError) {
        throw new VoiceError('connect_timeout', `Twilio did not start the call within ${this.connectTimeoutMs} ms`, { cause: error });
      }
      throw toVoiceError(error, 'connect_failed');
    }
    const tracked = this.track(sdk, 'outbound', target.kind === 'number' ? target.e164 : `client:${target.userId}`);
    return tracked.info;
  }

  accept(callId: string): Promise<void> {
    // Through a promise, so an unknown call rejects rather than throws (the interface is async).
    return Promise.resolve().then(() => {
      this.startAccept(callId);
    });
  }

  private startAccept(callId: string): void {
    const tracked = this.get(callId);
    tracked.sdk.accept();
    tracked.acceptTimer ??= setTimeout(() => {
      tracked.acceptTimer = undefined;
      if (tracked.accepted) return;
      // Accepted but no audio: the caller hears nothing either. Drop it rather than leave both waiting.
      this.emitError(new VoiceError('accept_timeout', `the call did not connect within ${this.acceptTimeoutMs} ms`), tracked.info);
      tracked.failure = 'failed';
      tracked.sdk.disconnect();
      this.finish(callId, 'failed');
    }, this.acceptTimeoutMs);
  }

  reject(callId: string): void {
    this.get(callId).sdk.reject();
    this.finish(callId, 'declined');
  }

  ignore(callId: string): void {
    // The SDK emits nothing for ignore(): end it here.
    this.get(callId).sdk.ignore();
    this.finish(callId, 'declined');
  }

  hangup(callId: string): void {
    const tracked = this.get(callId);
    tracked.hungUpLocally = true;
    tracked.sdk.disconnect();
    this.finish(callId, 'local_hangup');
  }

  mute(callId: string, muted: boolean): void {
    this.get(callId).sdk.mute(muted);
  }

  sendDigits(callId: string, digits: string): void {
    const tracked = this.get(callId);
    if (!isDtmf(digits)) throw new VoiceError('invalid_digits', 'DTMF digits are 0-9, *, # and w');
    tracked.sdk.sendDigits(digits);
  }

  hold(callId: string): Promise<void> {
    return this.setHold(callId, true);
  }

  resume(callId: string): Promise<void> {
    return this.setHold(callId, false);
  }

  private async setHold(callId: string, held: boolean): Promise<void> {
    const tracked = this.get(callId);
    const callSid = tracked.info.providerCallId;
    if (!tracked.accepted || callSid === undefined) throw new VoiceError('hold_failed', 'only a connected call can be held');
    try {
      await (held ? this.options.server.hold(callSid) : this.options.server.resume(callSid));
    } catch (cause) {
      throw new VoiceError('hold_failed', held ? 'the server could not hold the call' : 'the server could not resume the call', { cause });
    }
    // The call may have ended while the server worked.
    if (this.calls.get(callId) === tracked) this.emitter.emit('held', tracked.info, held);
  }

  private get(callId: string): TrackedCall {
    const tracked = this.calls.get(callId);
    if (tracked === undefined) throw new VoiceError('no_such_call', `no call ${callId}`);
    return tracked;
  }

  private findTracked(sdk: TwilioCallLike): TrackedCall | undefined {
    return [...this.calls.values()].find((tracked) => tracked.sdk === sdk);
  }

  private track(sdk: TwilioCallLike, direction: ProviderCall['direction'], dialled?: string): TrackedCall {
    const id = `twilio-${++this.callCounter}`;
    const parameters = Object.fromEntries(sdk.customParameters);
    const from = direction === 'inbound' ? sdk.parameters['From'] : undefined;
    const to = direction === 'inbound' ? sdk.parameters['To'] : dialled;
    const callSid = callSidOf(sdk);
    const tracked: TrackedCall = {
      sdk,
      info: {
        id,
        direction,
        parameters,
        ...(from === undefined || from === '' ? {} : { from }),
        ...(to === undefined || to === '' ? {} : { to }),
        ...(callSid === undefined ? {} : { providerCallId: callSid }),
      },
      accepted: false,
      hungUpLocally: false,
      failure: null,
      warnings: new Set(),
      acceptTimer: undefined,
      detach: () => undefined,
    };
    const emitQuality = () => {
      const warnings = [...tracked.warnings].flatMap((name) => TWILIO_WARNINGS[name] ?? []);
      this.emitter.emit('quality', tracked.info, callQuality(warnings));
    };
    const listeners: { [E in TwilioCallEventName]: TwilioCallListeners[E] } = {
      accept: () => {
        tracked.accepted = true;
        clearTimeout(tracked.acceptTimer);
        tracked.acceptTimer = undefined;
        // Outbound calls learn their CallSid only now.
        const sid = callSidOf(sdk);
        if (sid !== undefined) tracked.info = { ...tracked.info, providerCallId: sid };
        this.emitter.emit('accepted', tracked.info);
      },
      ringing: () => {
        this.emitter.emit('ringing', tracked.info);
      },
      cancel: () => {
        this.finish(id, 'remote_hangup');
      },
      reject: () => {
        this.finish(id, 'declined');
      },
      disconnect: () => {
        this.finish(id, disconnectCause(tracked));
      },
      error: (error) => {
        tracked.failure = END_CAUSE_BY_CODE.get(error.code) ?? 'failed';
        this.emitError(toVoiceError(error, 'call_failed'), tracked.info);
      },
      reconnecting: () => {
        this.emitter.emit('reconnecting', tracked.info);
      },
      reconnected: () => {
        this.emitter.emit('reconnected', tracked.info);
      },
      mute: (isMuted) => {
        this.emitter.emit('muted', tracked.info, isMuted);
      },
      warning: (name) => {
        if (!(name in TWILIO_WARNINGS) || tracked.warnings.has(name)) return;
        tracked.warnings.add(name);
        emitQuality();
      },
      'warning-cleared': (name) => {
        if (tracked.warnings.delete(name)) emitQuality();
      },
    };
    const names = Object.keys(listeners) as TwilioCallEventName[];
    for (const name of names) sdk.on(name, listeners[name]);
    tracked.detach = () => {
      for (const name of names) sdk.removeListener(name, listeners[name]);
    };
    this.calls.set(id, tracked);
    return tracked;
  }

  /** Ends a call once, whichever of our action or the SDK's events comes first. */
  private finish(callId: string, cause: EndCause): void {
    const tracked = this.calls.get(callId);
    if (tracked === undefined) return;
    this.calls.delete(callId);
    tracked.detach();
    clearTimeout(tracked.acceptTimer);
    this.emitter.emit('disconnected', tracked.info, cause);
    if (this.calls.size === 0) this.refresher.callsEnded();
  }

  // ---- audio devices -----------------------------------------------------------------------------

  audioDevices(): AudioDevices {
    const audio = this.device?.audio ?? null;
    const list = (devices: TwilioAudioLike['availableInputDevices'] | undefined): AudioDevice[] =>
      devices === undefined ? [] : [...devices.values()].map((info) => ({ id: info.deviceId, label: info.label }));
    return {
      inputs: list(audio?.availableInputDevices),
      outputs: list(audio?.availableOutputDevices),
      selected: this.preferences.all(),
      outputSelectable: audio?.isOutputSelectionSupported ?? false,
    };
  }

  async selectAudioDevice(kind: AudioDeviceKind, deviceId: string | null): Promise<void> {
    const audio = this.device?.audio ?? null;
    if (audio !== null && deviceId !== null) {
      const available = kind === 'input' ? audio.availableInputDevices : audio.availableOutputDevices;
      if (!available.has(deviceId)) throw new VoiceError('audio_device_not_found', `no ${kind} device ${deviceId}`);
    }
    if (audio !== null) {
      try {
        await applyAudioDevice(audio, kind, deviceId);
      } catch (cause) {
        throw new VoiceError('audio_device_failed', `could not use the ${kind} device`, { cause });
      }
    }
    // Before the device exists the choice is only remembered; it is applied when the device is created.
    this.preferences.set(kind, deviceId);
    this.emitter.emit('devices', this.audioDevices());
  }

  /** Applies the remembered devices that are present; the others wait for their device to come back. */
  private async applyAudioPreferences(): Promise<void> {
    const audio = this.device?.audio ?? null;
    if (audio === null) return;
    for (const [kind, deviceId] of Object.entries(this.preferences.all()) as [AudioDeviceKind, string | null][]) {
      if (deviceId === null) continue;
      const available = kind === 'input' ? audio.availableInputDevices : audio.availableOutputDevices;
      if (!available.has(deviceId) || isActive(audio, kind, deviceId)) continue;
      try {
        await applyAudioDevice(audio, kind, deviceId);
      } catch (cause) {
        this.emitError(new VoiceError('audio_device_failed', `could not use the remembered ${kind} device`, { cause }));
      }
    }
    this.emitter.emit('devices', this.audioDevices());
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  destroy(): void {
    if (this.destroyed) return;
    for (const [id, tracked] of [...this.calls]) {
      tracked.hungUpLocally = true;
      tracked.sdk.disconnect();
      this.finish(id, 'local_hangup');
    }
    this.dropDevice();
    this.destroyed = true;
    this.emitter.clear();
  }

  private emitError(error: VoiceError, call?: ProviderCall): void {
    if (call === undefined) this.emitter.emit('error', error);
    else this.emitter.emit('error', error, call);
  }

  private get registerTimeoutMs(): number {
    return this.options.registerTimeoutMs ?? DEFAULT_REGISTER_TIMEOUT_MS;
  }

  private get connectTimeoutMs(): number {
    return this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  }

  private get acceptTimeoutMs(): number {
    return this.options.acceptTimeoutMs ?? DEFAULT_ACCEPT_TIMEOUT_MS;
  }
}

function callSidOf(sdk: TwilioCallLike): string | undefined {
  const sid = sdk.parameters['CallSid'];
  return sid === undefined || sid === '' ? undefined : sid;
}

/** Why the SDK's `disconnect` happened, as far as we can tell. */
function disconnectCause(tracked: TrackedCall): EndCause {
  if (tracked.hungUpLocally) return 'local_hangup';
  if (tracked.failure !== null) return tracked.failure;
  if (tracked.accepted) return 'remote_hangup';
  // Before connecting: the caller left (inbound), or the server refused the call (outbound).
  return tracked.info.direction === 'inbound' ? 'remote_hangup' : 'failed';
}

function isActive(audio: TwilioAudioLike, kind: AudioDeviceKind, deviceId: string): boolean {
  if (kind === 'input') return audio.inputDevice?.deviceId === deviceId;
  const collection = kind === 'speaker' ? audio.speakerDevices : audio.ringtoneDevices;
  return [...collection.get()].some((info) => info.deviceId === deviceId);
}

async function applyAudioDevice(audio: TwilioAudioLike, kind: AudioDeviceKind, deviceId: string | null): Promise<void> {
  if (kind === 'input') {
    await (deviceId === null ? audio.unsetInputDevice() : audio.setInputDevice(deviceId));
    return;
  }
  // Browsers without setSinkId (Firefox) play through the system output whatever is chosen.
  if (!audio.isOutputSelectionSupported) return;
  await (kind === 'speaker' ? audio.speakerDevices : audio.ringtoneDevices).set(deviceId ?? 'default');
}

/** A Twilio error (or anything thrown by the SDK) as a VoiceError with our code. */
export function toVoiceError(error: unknown, fallback: VoiceErrorCode): VoiceError {
  if (error instanceof VoiceError) return error;
  const twilio = asTwilioError(error);
  if (twilio === null) return new VoiceError(fallback, error instanceof Error ? error.message : String(error), { cause: error });
  const code: VoiceErrorCode = TOKEN_ERRORS.has(twilio.code) ? 'token_expired' : MICROPHONE_ERRORS.has(twilio.code) ? 'microphone_blocked' : fallback;
  return new VoiceError(code, twilio.message, { cause: error, providerCode: twilio.code });
}

function asTwilioError(error: unknown): TwilioErrorLike | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, message } = error as Partial<Record<keyof TwilioErrorLike, unknown>>;
  return typeof code === 'number' && typeof message === 'string' ? { code, message } : null;
}
