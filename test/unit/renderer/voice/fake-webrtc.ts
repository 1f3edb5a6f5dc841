/**
 * Fakes for the built-in WebRTC provider and the caller page: the voice link (the agent's stream
 * socket), the browser media (microphone, playback, tones) and the per-call media link. Everything is
 * synchronous and inspectable; tests play the server by calling `receive`.
 */
import type { AudioDevice } from '../../../../src/shared/voice/provider';
import type { AgentClientMessage, AgentServerMessage, SignalPayload } from '../../../../src/shared/voice/signalling';
import type { AudioStream, AudioTrack, LinkState, MediaLink, MediaLinkOptions, RemotePlayback, ToneTrack, VoiceMedia } from '../../../../src/renderer/voice/media-types';
import { EMPTY_MEDIA_STATS, type MediaStats } from '../../../../src/renderer/voice/quality';
import type { VoiceLink } from '../../../../src/renderer/voice/voice-link';

export class FakeTrack implements AudioTrack {
  enabled = true;
  stopped = false;
  constructor(readonly label: string) {}
  stop(): void {
    this.stopped = true;
  }
}

export class FakeStream implements AudioStream {
  readonly tracks: FakeTrack[];
  constructor(label: string) {
    this.tracks = [new FakeTrack(label)];
  }
  getAudioTracks(): FakeTrack[] {
    return this.tracks;
  }
  getTracks(): FakeTrack[] {
    return this.tracks;
  }
}

export class FakePlayback implements RemotePlayback {
  muted = false;
  sink: string | null;
  stopped = false;
  constructor(
    readonly stream: AudioStream,
    sink: string | null,
  ) {
    this.sink = sink;
  }
  setMuted(muted: boolean): void {
    this.muted = muted;
  }
  setSink(deviceId: string | null): Promise<void> {
    this.sink = deviceId;
    return Promise.resolve();
  }
  stop(): void {
    this.stopped = true;
  }
}

export class FakeTone implements ToneTrack {
  readonly track: FakeTrack;
  stopped = false;
  constructor(readonly kind: string) {
    this.track = new FakeTrack(kind);
  }
  stop(): void {
    this.stopped = true;
    this.track.stop();
  }
}

export class FakeMedia implements VoiceMedia {
  microphoneError: Error | null = null;
  readonly microphones: { readonly deviceId: string | null; readonly stream: FakeStream }[] = [];
  readonly playbacks: FakePlayback[] = [];
  readonly tones: FakeTone[] = [];
  readonly rings: { sink: string | null; stopped: boolean }[] = [];
  inputs: AudioDevice[] = [{ id: 'mic-1', label: 'Headset' }];
  outputs: AudioDevice[] = [{ id: 'spk-1', label: 'Speakers' }];
  outputSelectable = true;
  unlocked = 0;
  private readonly deviceListeners = new Set<() => void>();
  private dtmfDone: (() => void)[] = [];

  getMicrophone(deviceId: string | null): Promise<AudioStream> {
    if (this.microphoneError !== null) return Promise.reject(this.microphoneError);
    const stream = new FakeStream(`mic:${deviceId ?? 'default'}`);
    this.microphones.push({ deviceId, stream });
    return Promise.resolve(stream);
  }
  play(stream: AudioStream, sinkId: string | null): RemotePlayback {
    const playback = new FakePlayback(stream, sinkId);
    this.playbacks.push(playback);
    return playback;
  }
  holdTone(): ToneTrack {
    return this.tone('hold');
  }
  silence(): ToneTrack {
    return this.tone('silence');
  }
  dtmfTones(digits: string): ToneTrack & { readonly done: Promise<void> } {
    const tone = this.tone(`dtmf:${digits}`);
    const done = new Promise<void>((resolve) => {
      this.dtmfDone.push(resolve);
    });
    return Object.assign(tone, { done });
  }
  /** Ends the in-band DTMF tones playing. */
  finishDtmf(): void {
    for (const resolve of this.dtmfDone.splice(0)) resolve();
  }
  ring(sinkId: string | null): { stop(): void } {
    const ring = { sink: sinkId, stopped: false };
    this.rings.push(ring);
    return {
      stop: () => {
        ring.stopped = true;
      },
    };
  }
  devices(): Promise<{ readonly inputs: readonly AudioDevice[]; readonly outputs: readonly AudioDevice[] }> {
    return Promise.resolve({ inputs: this.inputs, outputs: this.outputs });
  }
  onDeviceChange(listener: () => void): () => void {
    this.deviceListeners.add(listener);
    return () => this.deviceListeners.delete(listener);
  }
  unlock(): void {
    this.unlocked += 1;
  }
  private tone(kind: string): FakeTone {
    const tone = new FakeTone(kind);
    this.tones.push(tone);
    return tone;
  }
}

export class FakeMediaLink implements MediaLink {
  state: LinkState = 'connecting';
  readonly handled: SignalPayload[] = [];
  readonly outgoing: (AudioTrack | null)[] = [];
  readonly dtmf: string[] = [];
  canDtmf = true;
  closed = false;
  currentStats: MediaStats = EMPTY_MEDIA_STATS;

  constructor(readonly options: MediaLinkOptions) {}

  handle(payload: SignalPayload): Promise<void> {
    this.handled.push(payload);
    return Promise.resolve();
  }
  setOutgoing(track: AudioTrack | null): Promise<void> {
    this.outgoing.push(track);
    return Promise.resolve();
  }
  insertDtmf(digits: string): boolean {
    if (!this.canDtmf) return false;
    this.dtmf.push(digits);
    return true;
  }
  stats(): Promise<MediaStats> {
    return Promise.resolve(this.currentStats);
  }
  close(): void {
    this.closed = true;
    this.state = 'closed';
  }
  /** The browser reports a new connection state. */
  setState(state: LinkState): void {
    this.state = state;
    this.options.onState(state);
  }
  /** The browser produced a signal to send to the other party. */
  emitSignal(payload: SignalPayload): void {
    this.options.send(payload);
  }
  /** Audio from the other party arrived. */
  remoteStream(): FakeStream {
    const stream = new FakeStream('remote');
    this.options.onRemoteStream(stream);
    return stream;
  }
}

export class FakeVoiceLink implements VoiceLink {
  ready = false;
  readonly sent: AgentClientMessage[] = [];
  private readonly readyListeners = new Set<(ready: boolean) => void>();
  private readonly messageListeners = new Set<(message: AgentServerMessage) => void>();

  onReady(listener: (ready: boolean) => void): () => void {
    this.readyListeners.add(listener);
    listener(this.ready);
    return () => this.readyListeners.delete(listener);
  }
  onMessage(listener: (message: AgentServerMessage) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }
  send(message: AgentClientMessage): boolean {
    if (!this.ready) return false;
    this.sent.push(message);
    return true;
  }
  setReady(ready: boolean): void {
    this.ready = ready;
    for (const listener of [...this.readyListeners]) listener(ready);
  }
  receive(message: AgentServerMessage): void {
    for (const listener of [...this.messageListeners]) listener(message);
  }
  /** The last message sent of `type`. */
  last<T extends AgentClientMessage['type']>(type: T): Extract<AgentClientMessage, { type: T }> {
    const found = [...this.sent].reverse().find((message) => message.type === type);
    if (found === undefined) throw new Error(`nothing of type ${type} sent; sent ${JSON.stringify(this.sent)}`);
    return found as Extract<AgentClientMessage, { type: T }>;
  }
  typesSent(): string[] {
    return this.sent.map((message) => message.type);
  }
}

/** Lets pending promise callbacks run. */
export async function flush(times = 5): Promise<void> {
  for (let index = 0; index < times; index++) await Promise.resolve();
}
