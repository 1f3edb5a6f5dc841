/**
 * One WebRTC audio connection between two parties of a call (agent and caller, or two agents), with
 * the signalling of protocol v1: the party that answered sends the SDP offer (`role: 'offerer'`), the
 * other answers; ICE candidates trickle both ways; candidates that arrive before the remote
 * description wait for it. No renegotiation is needed for hold or DTMF: hold replaces the outgoing
 * track (`setOutgoing`), DTMF goes through RTCDTMFSender. An ICE restart (after `failed`) is offered
 * again by the offerer; the answerer answers any new offer.
 *
 * Used by the agent's WebRTC provider and by the public caller page alike.
 */
import type { IceCandidate, SignalPayload } from '../../shared/voice/signalling';
import type { AudioTrack, CreateMediaLink, LinkState, MediaLink, MediaLinkOptions } from './media-types';
import { EMPTY_MEDIA_STATS, readMediaStats, type MediaStats } from './quality';

export interface PeerLinkOptions extends MediaLinkOptions {
  readonly createPeerConnection?: (configuration: RTCConfiguration) => RTCPeerConnection;
}

/** DTMF timing of RTCDTMFSender (ms); `w` (half a second) becomes its `,` (two seconds) only in length. */
const DTMF_DURATION_MS = 100;
const DTMF_GAP_MS = 70;

export class PeerLink implements MediaLink {
  private readonly pc: RTCPeerConnection;
  private readonly sender: RTCRtpSender;
  private readonly waitingCandidates: RTCIceCandidateInit[] = [];
  private current: LinkState = 'new';
  private closed = false;
  /** Signals are handled one at a time, in order (a candidate must not overtake its description). */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: PeerLinkOptions) {
    const create = options.createPeerConnection ?? ((configuration: RTCConfiguration) => new RTCPeerConnection(configuration));
    this.pc = create({
      iceServers: options.iceServers.map((server) => ({
        urls: typeof server.urls === 'string' ? server.urls : [...server.urls],
        ...(server.username === undefined ? {} : { username: server.username }),
        ...(server.credential === undefined ? {} : { credential: server.credential }),
      })),
      bundlePolicy: 'max-bundle',
      rtcpMuxPolicy: 'require',
    });
    const track = options.track as MediaStreamTrack;
    this.sender = this.pc.addTrack(track, new MediaStream([track]));
    this.pc.ontrack = (event) => {
      options.onRemoteStream(event.streams[0] ?? new MediaStream([event.track]));
    };
    this.pc.onicecandidate = (event) => {
      // The end-of-candidates marker is not sent: trickle ICE works without it.
      if (event.candidate === null || event.candidate.candidate === '') return;
      this.signal({ kind: 'candidate', candidate: candidateInit(event.candidate) });
    };
    this.pc.onconnectionstatechange = () => {
      this.setState(linkState(this.pc.connectionState));
      if (this.pc.connectionState === 'failed' && options.role === 'offerer') this.pc.restartIce();
    };
    // Fires for the first addTrack and after restartIce(); only the offerer offers.
    this.pc.onnegotiationneeded = () => {
      if (options.role === 'offerer') void this.enqueue(() => this.offer());
    };
    // Not reported: the owner is still constructing this link.
    this.current = 'connecting';
  }

  get state(): LinkState {
    return this.current;
  }

  handle(payload: SignalPayload): Promise<void> {
    return this.enqueue(async () => {
      if (payload.kind === 'candidate') {
        await this.addCandidate(payload.candidate);
        return;
      }
      const { description } = payload;
      if (description.type === 'offer' && this.options.role === 'offerer') return;
      if (description.type === 'answer' && this.pc.signalingState !== 'have-local-offer') return;
      await this.pc.setRemoteDescription({ type: description.type, sdp: description.sdp });
      for (const candidate of this.waitingCandidates.splice(0)) await this.tryAddCandidate(candidate);
      if (description.type === 'offer') {
        await this.pc.setLocalDescription(await this.pc.createAnswer());
        const local = this.pc.localDescription;
        if (local !== null) this.signal({ kind: 'description', description: { type: 'answer', sdp: local.sdp } });
      }
    });
  }

  async setOutgoing(track: AudioTrack | null): Promise<void> {
    if (this.closed) return;
    await this.sender.replaceTrack(track as MediaStreamTrack | null);
  }

  insertDtmf(digits: string): boolean {
    const dtmf = this.sender.dtmf;
    if (dtmf === null || !dtmf.canInsertDTMF) return false;
    dtmf.insertDTMF(digits.replaceAll('w', ','), DTMF_DURATION_MS, DTMF_GAP_MS);
    return true;
  }

  async stats(): Promise<MediaStats> {
    if (this.closed) return EMPTY_MEDIA_STATS;
    return readMediaStats(await this.pc.getStats(), Date.now());
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pc.ontrack = null;
    this.pc.onicecandidate = null;
    this.pc.onconnectionstatechange = null;
    this.pc.onnegotiationneeded = null;
    this.pc.close();
    this.setState('closed');
  }

  private async offer(): Promise<void> {
    if (this.closed || this.pc.signalingState !== 'stable') return;
    await this.pc.setLocalDescription(await this.pc.createOffer());
    const local = this.pc.localDescription;
    if (local !== null) this.signal({ kind: 'description', description: { type: 'offer', sdp: local.sdp } });
  }

  private async addCandidate(candidate: IceCandidate): Promise<void> {
    const init: RTCIceCandidateInit = {
      candidate: candidate.candidate,
      ...(candidate.sdpMid === undefined ? {} : { sdpMid: candidate.sdpMid }),
      ...(candidate.sdpMLineIndex === undefined ? {} : { sdpMLineIndex: candidate.sdpMLineIndex }),
      ...(candidate.usernameFragment === undefined ? {} : { usernameFragment: candidate.usernameFragment }),
    };
    if (this.pc.remoteDescription === null) this.waitingCandidates.push(init);
    else await this.tryAddCandidate(init);
  }

  /** A candidate the browser refuses (another generation, an end marker it does not want) is dropped, not fatal. */
  private async tryAddCandidate(init: RTCIceCandidateInit): Promise<void> {
    try {
      await this.pc.addIceCandidate(init);
    } catch {
      // Other candidates carry the connection.
    }
  }

  /** Read through a method: the flag changes while a task awaits. */
  private isClosed(): boolean {
    return this.closed;
  }

  private signal(payload: SignalPayload): void {
    if (!this.closed) this.options.send(payload);
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(async () => {
      if (this.closed) return;
      try {
        await task();
      } catch (error) {
        if (!this.isClosed()) this.options.onError(error);
      }
    });
    this.queue = run;
    return run;
  }

  private setState(state: LinkState): void {
    if (state === this.current) return;
    this.current = state;
    this.options.onState(state);
  }
}

function linkState(state: RTCPeerConnectionState): LinkState {
  return state === 'new' ? 'connecting' : state;
}

function candidateInit(candidate: RTCIceCandidate): IceCandidate {
  return {
    candidate: candidate.candidate,
    sdpMid: candidate.sdpMid,
    sdpMLineIndex: candidate.sdpMLineIndex,
    usernameFragment: candidate.usernameFragment,
  };
}

export const createPeerLink: CreateMediaLink = (options) => new PeerLink(options);
