/**
 * One public call from the `/call` page: the caller's socket (`/api/v1/voice/caller`, protocol v1),
 * the microphone and the WebRTC connection to whichever agent answers. The agent sends the SDP offer
 * (they answered); we answer. A transfer pairs us with the next agent under a new connection id, so
 * the old connection is closed and signals for it are ignored. Hanging up while waiting leaves the
 * queue (the server records the call as abandoned).
 *
 * The browser pieces (socket, media) are injected: the logic runs in unit tests with fakes.
 */
import {
  VOICE_CALLER_PATH,
  VOICE_PROTOCOL_VERSION,
  type CallEndReason,
  type CallerClientMessage,
  type CallerServerMessage,
  type IceServer,
  type VoiceErrorCode,
} from '../../../shared/voice/signalling';
import type { CallQuality } from '../../../shared/voice/provider';
import type { AudioStream, CreateMediaLink, MediaLink, RemotePlayback, ToneTrack, VoiceMedia } from '../../voice/media-types';
import { QualityTracker, type MediaStats } from '../../voice/quality';

export type CallerPhase = 'idle' | 'joining' | 'queued' | 'ringing' | 'connecting' | 'connected' | 'transferring' | 'ended' | 'failed';

/** Why the call could not go on: the server's refusal, or ours. */
export type CallerProblem = VoiceErrorCode | 'microphone_blocked' | 'connection_lost' | 'media_failed';

export interface CallerSnapshot {
  readonly phase: CallerPhase;
  /** 1 = next in line. */
  readonly position?: number;
  readonly estimatedWaitSeconds?: number;
  readonly agentName?: string;
  /** The agent put us on hold. */
  readonly held: boolean;
  readonly muted: boolean;
  readonly connectedAt?: number;
  readonly endReason?: CallEndReason | 'local';
  readonly problem?: CallerProblem;
  readonly media?: MediaStats;
  readonly quality?: CallQuality;
}

export interface CallerDetails {
  readonly queueId: string;
  readonly name: string;
  /** E.164. */
  readonly phone?: string;
  readonly reason?: string;
}

/** What we need of a WebSocket. */
export interface CallerSocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: (() => void) | null;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onclose: (() => void) | null;
}

export interface CallerCallDeps {
  /** ws(s)://host/api/v1/voice/caller */
  readonly url: string;
  readonly openSocket: (url: string) => CallerSocket;
  readonly media: VoiceMedia;
  readonly createMediaLink: CreateMediaLink;
  readonly onChange: (snapshot: CallerSnapshot) => void;
  readonly now?: () => number;
  readonly statsIntervalMs?: number;
}

export const IDLE_CALLER: CallerSnapshot = { phase: 'idle', held: false, muted: false };

/** The caller socket's URL for a page served from `origin` (http → ws). */
export function callerSocketUrl(origin: string): string {
  const url = new URL(VOICE_CALLER_PATH, origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

export class CallerCall {
  private snapshot: CallerSnapshot = IDLE_CALLER;
  private socket: CallerSocket | null = null;
  private mic: AudioStream | null = null;
  private link: MediaLink | null = null;
  private connectionId: number | null = null;
  private playback: RemotePlayback | null = null;
  private silence: ToneTrack | null = null;
  private iceServers: readonly IceServer[] = [];
  private statsTimer: ReturnType<typeof setInterval> | undefined;
  private quality = new QualityTracker();
  private finished = false;

  constructor(private readonly deps: CallerCallDeps) {}

  get state(): CallerSnapshot {
    return this.snapshot;
  }

  /** Asks for the microphone, then joins the queue. */
  async start(details: CallerDetails): Promise<void> {
    if (this.snapshot.phase !== 'idle') return;
    this.update({ phase: 'joining' });
    try {
      this.mic = await this.deps.media.getMicrophone(null);
    } catch {
      this.fail('microphone_blocked');
      return;
    }
    if (this.finished) {
      this.releaseMedia();
      return;
    }
    const socket = this.deps.openSocket(this.deps.url);
    this.socket = socket;
    socket.onopen = () => {
      this.send({
        type: 'join',
        version: VOICE_PROTOCOL_VERSION,
        queueId: details.queueId,
        name: details.name,
        ...(details.phone === undefined ? {} : { phone: details.phone }),
        ...(details.reason === undefined ? {} : { reason: details.reason }),
      });
    };
    socket.onmessage = (event) => {
      const message = parseServerMessage(event.data);
      if (message !== undefined) this.onMessage(message);
    };
    socket.onclose = () => {
      this.socket = null;
      if (!this.finished) this.fail('connection_lost');
    };
  }

  /** Leaves the queue or ends the conversation. */
  hangup(): void {
    if (this.finished) return;
    this.send({ type: 'hangup' });
    this.end({ phase: 'ended', endReason: 'local' });
  }

  setMuted(muted: boolean): void {
    for (const track of this.mic?.getAudioTracks() ?? []) track.enabled = !muted;
    this.update({ muted });
  }

  private onMessage(message: CallerServerMessage): void {
    if (this.finished) return;
    switch (message.type) {
      case 'queued':
        this.iceServers = message.iceServers;
        this.update({ phase: 'queued', position: message.position, ...waitOf(message.estimatedWaitSeconds) });
        return;
      case 'position':
        this.update({ position: message.position, ...waitOf(message.estimatedWaitSeconds) });
        return;
      case 'ringing':
        this.update({ phase: 'ringing' });
        return;
      case 'connected':
        this.connect(message.connectionId, message.agentName);
        return;
      case 'signal':
        if (message.connectionId === this.connectionId) void this.link?.handle(message.payload);
        return;
      case 'held':
        this.update({ held: message.held });
        void this.applyOutgoing();
        return;
      case 'transferring':
        this.closeLink();
        this.update({ phase: 'transferring', held: false });
        return;
      case 'ended':
        this.end({ phase: 'ended', endReason: message.reason });
        return;
      case 'error':
        this.fail(message.code);
        return;
    }
  }

  private connect(connectionId: number, agentName: string): void {
    this.closeLink();
    const track = this.mic?.getAudioTracks()[0];
    if (track === undefined) {
      this.fail('microphone_blocked');
      return;
    }
    this.connectionId = connectionId;
    this.quality = new QualityTracker();
    this.update({ phase: 'connecting', agentName, held: false });
    let link: MediaLink | null = null;
    const created = this.deps.createMediaLink({
      role: 'answerer',
      iceServers: this.iceServers,
      track,
      send: (payload) => {
        if (this.connectionId === connectionId) this.send({ type: 'signal', connectionId, payload });
      },
      onRemoteStream: (stream) => {
        this.playback?.stop();
        this.playback = this.deps.media.play(stream, null);
      },
      onState: (state) => {
        if (link === null || this.link !== link) return;
        if (state === 'connected') {
          this.update({ phase: 'connected', ...(this.snapshot.connectedAt === undefined ? { connectedAt: this.now() } : {}) });
          this.startStats(link);
        }
      },
      onError: () => {
        if (link !== null && this.link === link) this.fail('media_failed');
      },
    });
    link = created;
    this.link = created;
  }

  /** Silence while the agent holds us (they hear their own hold tone to us, not the room); the microphone otherwise. */
  private async applyOutgoing(): Promise<void> {
    const link = this.link;
    if (link === null) return;
    if (this.snapshot.held) {
      this.silence ??= this.deps.media.silence();
      await link.setOutgoing(this.silence.track);
      return;
    }
    await link.setOutgoing(this.mic?.getAudioTracks()[0] ?? null);
    this.silence?.stop();
    this.silence = null;
  }

  private startStats(link: MediaLink): void {
    clearInterval(this.statsTimer);
    this.statsTimer = setInterval(() => {
      if (this.link !== link) return;
      link.stats().then(
        (media) => {
          if (this.link !== link) return;
          const quality = this.quality.update(media, link.state === 'disconnected' || link.state === 'failed');
          this.update({ media, ...(quality === null ? {} : { quality }) });
        },
        () => undefined,
      );
    }, this.deps.statsIntervalMs ?? 1000);
  }

  private closeLink(): void {
    clearInterval(this.statsTimer);
    this.statsTimer = undefined;
    this.link?.close();
    this.link = null;
    this.connectionId = null;
    this.playback?.stop();
    this.playback = null;
    this.silence?.stop();
    this.silence = null;
  }

  private fail(problem: CallerProblem): void {
    this.end({ phase: 'failed', problem });
  }

  private end(change: Partial<CallerSnapshot>): void {
    if (this.finished) return;
    this.finished = true;
    this.closeLink();
    this.releaseMedia();
    const socket = this.socket;
    this.socket = null;
    if (socket !== null) {
      socket.onclose = null;
      socket.onmessage = null;
      try {
        socket.close(1000, 'hung up');
      } catch {
        // Already closed.
      }
    }
    this.update(change);
  }

  private releaseMedia(): void {
    for (const track of this.mic?.getTracks() ?? []) track.stop();
    this.mic = null;
  }

  private send(message: CallerClientMessage): void {
    try {
      this.socket?.send(JSON.stringify(message));
    } catch {
      // The close handler reports a lost connection.
    }
  }

  private update(change: Partial<CallerSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    this.deps.onChange(this.snapshot);
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }
}

/** A position without an estimate clears the previous one (nobody can take the call now). */
function waitOf(seconds: number | undefined): Pick<CallerSnapshot, 'estimatedWaitSeconds'> {
  return { estimatedWaitSeconds: seconds };
}

const CALLER_TYPES: ReadonlySet<string> = new Set<CallerServerMessage['type']>(['queued', 'position', 'ringing', 'connected', 'signal', 'held', 'transferring', 'ended', 'error']);

function parseServerMessage(data: unknown): CallerServerMessage | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value !== 'object' || value === null || !('type' in value) || typeof value.type !== 'string' || !CALLER_TYPES.has(value.type)) return undefined;
    return value as CallerServerMessage;
  } catch {
    return undefined;
  }
}
