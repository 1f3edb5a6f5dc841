/**
 * The one interface the softphone talks to, whichever carries the audio: the Twilio Voice SDK
 * (src/renderer/voice/twilio-provider.ts) or the built-in WebRTC provider. The provider reports what
 * happens to calls as events; the softphone feeds them to the call and agent state machines. Providers
 * never decide outcomes or timings: those are the state machines' job.
 *
 * User-facing text is never produced here: errors carry a stable `code`, shown through the locale key
 * `voiceErrorMessageKey(code)`.
 */
import type { CallProvider } from '../domain/call';
import type { EndCause } from './call-state';
import type { Subscribable } from './emitter';

export type RegistrationStatus = 'unregistered' | 'registering' | 'registered';

/** A call as the provider sees it. `id` is the provider's local handle, stable for the life of the call. */
export interface ProviderCall {
  readonly id: string;
  readonly direction: 'inbound' | 'outbound';
  /** Caller id as delivered (E.164, `client:…`, `anonymous`…); normalise it with `phone.ts` before use. */
  readonly from?: string;
  readonly to?: string;
  /** The carrier's id (Twilio CallSid): known at offer for inbound calls, once connected for outbound ones. */
  readonly providerCallId?: string;
  /** Parameters the server attached to the call (queue, customer, callback…). */
  readonly parameters: Readonly<Record<string, string>>;
}

/** Whom to call: a phone number (E.164) or another user of the workspace. */
export type DialTarget = { readonly kind: 'number'; readonly e164: string } | { readonly kind: 'user'; readonly userId: string };

export interface DialRequest {
  readonly target: DialTarget;
  /** Passed to the server with the call (e.g. the callback request being worked). */
  readonly params?: Readonly<Record<string, string>>;
}

export const QUALITY_WARNINGS = [
  'latency',
  'jitter',
  'packet_loss',
  'low_mos',
  'no_audio_received',
  'no_audio_sent',
  'connectivity_lost',
  'microphone_silent',
  'speaker_silent',
] as const;
export type QualityWarning = (typeof QUALITY_WARNINGS)[number];

/** good: no warning; degraded: audible trouble (delay, jitter, loss); bad: audio is not flowing. */
export type CallQualityLevel = 'good' | 'degraded' | 'bad';

export interface CallQuality {
  readonly level: CallQualityLevel;
  /** The active warnings, in QUALITY_WARNINGS order. */
  readonly warnings: readonly QualityWarning[];
}

const NO_MEDIA: ReadonlySet<QualityWarning> = new Set(['no_audio_received', 'no_audio_sent', 'connectivity_lost']);

/** The indicator for a set of active warnings. */
export function callQuality(active: Iterable<QualityWarning>): CallQuality {
  const set = new Set(active);
  const warnings = QUALITY_WARNINGS.filter((warning) => set.has(warning));
  const level: CallQualityLevel = warnings.some((warning) => NO_MEDIA.has(warning)) ? 'bad' : warnings.length > 0 ? 'degraded' : 'good';
  return { level, warnings };
}

export const AUDIO_DEVICE_KINDS = ['input', 'speaker', 'ringtone'] as const;
/** input: the microphone; speaker: the call audio; ringtone: where incoming calls ring (e.g. loud speakers while the headset is off). */
export type AudioDeviceKind = (typeof AUDIO_DEVICE_KINDS)[number];

export interface AudioDevice {
  readonly id: string;
  readonly label: string;
}

export interface AudioDevices {
  readonly inputs: readonly AudioDevice[];
  readonly outputs: readonly AudioDevice[];
  /** The chosen device per kind; null means the system default. */
  readonly selected: Readonly<Record<AudioDeviceKind, string | null>>;
  /** False where the browser cannot route output (speaker and ringtone follow the system). */
  readonly outputSelectable: boolean;
}

/**
 * Stable error codes, each a locale key under `voice.error.`:
 * register_timeout / connect_timeout / accept_timeout: the provider did not answer in time (we gave up);
 * register_failed / connect_failed: it answered with an error; token_fetch_failed: our server did not
 * give a voice token; token_expired: the provider refused the token; token_update_failed: the provider
 * would not take the refreshed token; microphone_blocked: no permission or no microphone;
 * hold_failed: the server could not hold or resume; no_such_call: the call is gone; invalid_digits:
 * not DTMF; invalid_number: not E.164; audio_device_not_found / audio_device_failed: the chosen device
 * is missing or could not be used; call_failed: the call broke; destroyed: the provider was shut down.
 */
export const VOICE_ERROR_CODES = [
  'register_timeout',
  'register_failed',
  'connect_timeout',
  'connect_failed',
  'accept_timeout',
  'token_fetch_failed',
  'token_expired',
  'token_update_failed',
  'microphone_blocked',
  'hold_failed',
  'no_such_call',
  'invalid_digits',
  'invalid_number',
  'audio_device_not_found',
  'audio_device_failed',
  'call_failed',
  'destroyed',
] as const;
export type VoiceErrorCode = (typeof VOICE_ERROR_CODES)[number];

export function voiceErrorMessageKey(code: VoiceErrorCode): `voice.error.${VoiceErrorCode}` {
  return `voice.error.${code}`;
}

export class VoiceError extends Error {
  override readonly name = 'VoiceError';
  /** The provider's own error code (e.g. Twilio's 31208), for logs and support. */
  readonly providerCode?: number;

  constructor(
    readonly code: VoiceErrorCode,
    message: string,
    options: { readonly cause?: unknown; readonly providerCode?: number } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.providerCode !== undefined) this.providerCode = options.providerCode;
  }
}

/** DTMF as providers accept it: digits, `*`, `#`, and `w` (a half-second pause). */
export const DTMF_PATTERN = /^[0-9*#w]{1,64}$/;

export function isDtmf(digits: string): boolean {
  return DTMF_PATTERN.test(digits);
}

// A type alias (not an interface): it must fit `Record<string, listener>` for the emitter.
export type VoiceProviderEvents = {
  registration: (status: RegistrationStatus) => void;
  /** A call is offered to this agent (it rings). */
  incoming: (call: ProviderCall) => void;
  /** An outbound call rings at the other end. */
  ringing: (call: ProviderCall) => void;
  /** Audio is connected: the conversation begins. */
  accepted: (call: ProviderCall) => void;
  disconnected: (call: ProviderCall, cause: EndCause) => void;
  reconnecting: (call: ProviderCall) => void;
  reconnected: (call: ProviderCall) => void;
  muted: (call: ProviderCall, muted: boolean) => void;
  held: (call: ProviderCall, held: boolean) => void;
  quality: (call: ProviderCall, quality: CallQuality) => void;
  /** The device list or the selection changed. */
  devices: (devices: AudioDevices) => void;
  error: (error: VoiceError, call?: ProviderCall) => void;
};

export interface VoiceProvider extends Subscribable<VoiceProviderEvents> {
  readonly kind: Exclude<CallProvider, 'manual'>;
  readonly registration: RegistrationStatus;
  /** Starts receiving calls. Rejects with a VoiceError (register_timeout, register_failed, token_*). */
  register(): Promise<void>;
  unregister(): Promise<void>;
  /** Places a call; resolves once the provider created it (it may still be ringing). */
  connect(request: DialRequest): Promise<ProviderCall>;
  /** Answers an offered call; `accepted` follows when audio is connected. */
  accept(callId: string): Promise<void>;
  /** Declines: the caller is told (busy / next agent). */
  reject(callId: string): void;
  /** Stops ringing here without telling the caller (the call may still be answered elsewhere). */
  ignore(callId: string): void;
  mute(callId: string, muted: boolean): void;
  hold(callId: string): Promise<void>;
  resume(callId: string): Promise<void>;
  sendDigits(callId: string, digits: string): void;
  hangup(callId: string): void;
  audioDevices(): AudioDevices;
  /** Chooses (and remembers) a device; null returns to the system default. */
  selectAudioDevice(kind: AudioDeviceKind, deviceId: string | null): Promise<void>;
  /** Ends every call and releases the provider; it cannot be used again. */
  destroy(): void;
}
