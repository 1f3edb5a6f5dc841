import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallerClientMessage, CallerServerMessage } from '../../../../src/shared/voice/signalling';
import { CallerCall, callerSocketUrl, type CallerSnapshot, type CallerSocket } from '../../../../src/renderer/features/caller/caller-call';
import { queueFromLocation } from '../../../../src/renderer/features/caller/route';
import { FakeMedia, FakeMediaLink, flush } from './fake-webrtc';

class FakeSocket implements CallerSocket {
  readonly sent: CallerClientMessage[] = [];
  closed: number | null = null;
  onopen: (() => void) | null = null;
  onmessage: ((event: { readonly data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string): void {
    this.sent.push(JSON.parse(data) as CallerClientMessage);
  }
  close(code = 1000): void {
    this.closed = code;
  }
  receive(message: CallerServerMessage): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

function setup() {
  const media = new FakeMedia();
  const sockets: FakeSocket[] = [];
  const links: FakeMediaLink[] = [];
  const snapshots: CallerSnapshot[] = [];
  const call = new CallerCall({
    url: 'ws://host/api/v1/voice/caller',
    openSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    media,
    createMediaLink: (options) => {
      const link = new FakeMediaLink(options);
      links.push(link);
      return link;
    },
    onChange: (snapshot) => snapshots.push(snapshot),
    statsIntervalMs: 1000,
  });
  const socket = () => {
    const last = sockets.at(-1);
    if (last === undefined) throw new Error('no socket');
    return last;
  };
  return { call, media, sockets, socket, links, snapshots };
}

const DETAILS = { queueId: 'set_queue_general', name: 'Maria', phone: '+5511987650000', reason: 'Billing' };

describe('CallerCall', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('takes the microphone, then joins the queue with protocol v1', async () => {
    const h = setup();
    await h.call.start(DETAILS);
    expect(h.media.microphones).toHaveLength(1);
    h.socket().onopen?.();
    expect(h.socket().sent).toEqual([{ type: 'join', version: 1, ...DETAILS }]);
    expect(h.call.state.phase).toBe('joining');
  });

  it('does not call without a microphone', async () => {
    const h = setup();
    h.media.microphoneError = new Error('NotAllowedError');
    await h.call.start(DETAILS);
    expect(h.sockets).toHaveLength(0);
    expect(h.call.state).toMatchObject({ phase: 'failed', problem: 'microphone_blocked' });
  });

  it('shows the place in line and the estimate as they change', async () => {
    const h = setup();
    await h.call.start(DETAILS);
    h.socket().receive({ type: 'queued', callId: 'c1', iceServers: [], position: 3, estimatedWaitSeconds: 120 });
    expect(h.call.state).toMatchObject({ phase: 'queued', position: 3, estimatedWaitSeconds: 120 });
    h.socket().receive({ type: 'position', position: 2 });
    expect(h.call.state).toMatchObject({ phase: 'queued', position: 2, estimatedWaitSeconds: undefined });
    h.socket().receive({ type: 'ringing' });
    expect(h.call.state.phase).toBe('ringing');
  });

  it('connects audio as the answerer when an agent takes the call, and follows hold and transfers', async () => {
    const h = setup();
    await h.call.start(DETAILS);
    h.socket().receive({ type: 'queued', callId: 'c1', iceServers: [{ urls: 'stun:x' }], position: 1 });
    h.socket().receive({ type: 'connected', connectionId: 4, agentName: 'Ana Souza' });
    const link = h.links[0];
    expect(link?.options.role).toBe('answerer');
    expect(link?.options.iceServers).toEqual([{ urls: 'stun:x' }]);
    expect(h.call.state).toMatchObject({ phase: 'connecting', agentName: 'Ana Souza' });
    // Signals of this connection only.
    const offer = { kind: 'description', description: { type: 'offer', sdp: 'v=0' } } as const;
    h.socket().receive({ type: 'signal', connectionId: 4, payload: offer });
    h.socket().receive({ type: 'signal', connectionId: 3, payload: offer });
    expect(link?.handled).toEqual([offer]);
    link?.emitSignal({ kind: 'candidate', candidate: { candidate: 'candidate:1' } });
    expect(h.socket().sent.at(-1)).toEqual({ type: 'signal', connectionId: 4, payload: { kind: 'candidate', candidate: { candidate: 'candidate:1' } } });
    link?.setState('connected');
    expect(h.call.state.phase).toBe('connected');
    expect(h.call.state.connectedAt).toBeTypeOf('number');
    // Audio counters for the page.
    if (link !== undefined) link.currentStats = { at: 1, bytesReceived: 5000, bytesSent: 4000, packetsReceived: 50, packetsLost: 0 };
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.call.state.media?.bytesReceived).toBe(5000);
    // Held: we send silence.
    h.socket().receive({ type: 'held', held: true });
    await flush();
    expect(h.call.state.held).toBe(true);
    expect(link?.outgoing.at(-1)).toBe(h.media.tones.at(-1)?.track);
    h.socket().receive({ type: 'held', held: false });
    await flush();
    expect(link?.outgoing.at(-1)).toBe(h.media.microphones[0]?.stream.tracks[0]);
    // Transferred: this connection closes, the next agent connects anew.
    h.socket().receive({ type: 'transferring' });
    expect(link?.closed).toBe(true);
    expect(h.call.state.phase).toBe('transferring');
    h.socket().receive({ type: 'connected', connectionId: 5, agentName: 'Bruno Lima' });
    expect(h.links).toHaveLength(2);
    expect(h.call.state).toMatchObject({ phase: 'connecting', agentName: 'Bruno Lima' });
    h.socket().receive({ type: 'ended', reason: 'peer_hangup' });
    expect(h.call.state).toMatchObject({ phase: 'ended', endReason: 'peer_hangup' });
    expect(h.links[1]?.closed).toBe(true);
    expect(h.media.microphones[0]?.stream.tracks[0]?.stopped).toBe(true);
  });

  it('hanging up while waiting leaves the queue', async () => {
    const h = setup();
    await h.call.start(DETAILS);
    h.socket().receive({ type: 'queued', callId: 'c1', iceServers: [], position: 1 });
    h.call.hangup();
    expect(h.socket().sent.at(-1)).toEqual({ type: 'hangup' });
    expect(h.socket().closed).toBe(1000);
    expect(h.call.state).toMatchObject({ phase: 'ended', endReason: 'local' });
  });

  it('reports the server’s refusal and a lost connection', async () => {
    const refused = setup();
    await refused.call.start(DETAILS);
    refused.socket().receive({ type: 'error', code: 'unknown_queue', message: 'no such queue' });
    expect(refused.call.state).toMatchObject({ phase: 'failed', problem: 'unknown_queue' });

    const lost = setup();
    await lost.call.start(DETAILS);
    lost.socket().onclose?.();
    expect(lost.call.state).toMatchObject({ phase: 'failed', problem: 'connection_lost' });
  });

  it('builds the socket URL from the page origin and reads the queue from the address', () => {
    expect(callerSocketUrl('https://atende.example.com')).toBe('wss://atende.example.com/api/v1/voice/caller');
    expect(callerSocketUrl('http://127.0.0.1:8787')).toBe('ws://127.0.0.1:8787/api/v1/voice/caller');
    expect(queueFromLocation('?queue=set_queue_general')).toBe('set_queue_general');
    expect(queueFromLocation('?queue=../x')).toBeNull();
    expect(queueFromLocation('')).toBeNull();
  });
});
