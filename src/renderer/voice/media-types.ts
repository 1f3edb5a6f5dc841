/**
 * What the voice code needs of the browser's media, as plain interfaces: the microphone, playback,
 * generated tones and one WebRTC connection per call. The browser implementations are
 * browser-media.ts and peer-link.ts; providers receive them injected, so their logic runs (and is
 * tested) without a browser. Only the parts of MediaStream/MediaStreamTrack we use are named here.
 */
import type { AudioDevice } from '../../shared/voice/provider';
import type { IceServer, SignalPayload } from '../../shared/voice/signalling';
import type { MediaStats } from './quality';

/** The part of a MediaStreamTrack we use. */
export interface AudioTrack {
  enabled: boolean;
  stop(): void;
}

/** The part of a MediaStream we use. */
export interface AudioStream {
  getAudioTracks(): AudioTrack[];
  getTracks(): AudioTrack[];
}

/** Playback of the other party's audio. */
export interface RemotePlayback {
  setMuted(muted: boolean): void;
  setSink(deviceId: string | null): Promise<void>;
  stop(): void;
}

/** A generated track; `stop` releases it. */
export interface ToneTrack {
  readonly track: AudioTrack;
  stop(): void;
}

export interface VoiceMedia {
  /** Rejects (NotAllowedError, NotFoundError…) when there is no usable microphone. */
  getMicrophone(deviceId: string | null): Promise<AudioStream>;
  play(stream: AudioStream, sinkId: string | null): RemotePlayback;
  /** A soft repeating chime: what the other party hears while we hold them. */
  holdTone(): ToneTrack;
  /** Silence (audio keeps flowing, so the connection does not look dead). */
  silence(): ToneTrack;
  /** In-band DTMF: the tones of `digits` (`w` is a half-second pause); `done` resolves after the last. */
  dtmfTones(digits: string): ToneTrack & { readonly done: Promise<void> };
  /** Rings until `stop`. */
  ring(sinkId: string | null): { stop(): void };
  devices(): Promise<{ readonly inputs: readonly AudioDevice[]; readonly outputs: readonly AudioDevice[] }>;
  onDeviceChange(listener: () => void): () => void;
  readonly outputSelectable: boolean;
  /** Resumes the audio context; call from a user gesture (click, key). */
  unlock(): void;
}

export type LinkState = 'new' | 'connecting' | 'connected' | 'disconnected' | 'failed' | 'closed';

export interface MediaLinkOptions {
  readonly role: 'offerer' | 'answerer';
  readonly iceServers: readonly IceServer[];
  /** The microphone track (or whatever should be sent first). */
  readonly track: AudioTrack;
  readonly send: (payload: SignalPayload) => void;
  readonly onRemoteStream: (stream: AudioStream) => void;
  readonly onState: (state: LinkState) => void;
  /** Signalling went wrong (a description the browser refused): the call cannot carry audio. */
  readonly onError: (error: unknown) => void;
}

/** One audio connection between the two parties of a call. */
export interface MediaLink {
  handle(payload: SignalPayload): Promise<void>;
  /** Sends this track from now on (hold tone, silence, the microphone again); null sends nothing. */
  setOutgoing(track: AudioTrack | null): Promise<void>;
  /** Out-of-band DTMF (RFC 4733); false when the connection cannot (then tones are played in-band). */
  insertDtmf(digits: string): boolean;
  stats(): Promise<MediaStats>;
  readonly state: LinkState;
  close(): void;
}

export type CreateMediaLink = (options: MediaLinkOptions) => MediaLink;
