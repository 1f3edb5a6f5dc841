import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EndCause } from '../../../../src/shared/voice/call-state';
import { VoiceError, type CallQuality, type ProviderCall, type RegistrationStatus } from '../../../../src/shared/voice/provider';
import type { AgentPresenceView, AgentServerMessage, SignalPayload } from '../../../../src/shared/voice/signalling';
import { AUDIO_PREFERENCE_KEY_PREFIX } from '../../../../src/renderer/voice/audio-preferences';
import { serverCodeOf } from '../../../../src/renderer/voice/capabilities';
import type { MediaStats } from '../../../../src/renderer/voice/quality';
import { WebRtcVoiceProvider, endCauseOf } from '../../../../src/renderer/voice/webrtc-provider';
import { FakeMedia, FakeMediaLink, FakeVoiceLink, flush } from './fake-webrtc';

class MemoryStore {
  readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
}

const ICE = [{ urls: ['stun:stun.example.org:3478'] }];
const CALL = 'wrtc_call1';

function presence(state: AgentPresenceView['state'], extra: Partial<AgentPresenceView> = {}): AgentPresenceView {
  return { userId: 'usr_ana', name: 'Ana Souza', state, since: new Date().toISOString(), callIds: [], ...extra };
}

/** The server's welcome; a break is the one `registered` asks for (lunch). */
function welcome(state: AgentPresenceView['state'] = 'available', calls: Extract<AgentServerMessage, { type: 'voice.welcome' }>['calls'] = []): AgentServerMessage {
  return { type: 'voice.welcome', version: 1, iceServers: ICE, presence: presence(state, state === 'break' ? { reason: 'lunch' } : {}), calls };
}

function offer(callId = CALL, extra: Partial<Extract<AgentServerMessage, { type: 'voice.offer' }>> = {}): AgentServerMessage {
  return {
    type: 'voice.offer',
    callId,
    kind: 'queue',
    from: { kind: 'caller', name: 'Maria', phone: '+5511987650000', reason: 'Billing' },
    queueId: 'set_queue_general',
    queueName: 'General L1',
    waitingSince: new Date().toISOString(),
    ringTimeoutSeconds: 20,
    expiresAt: new Date(Date.now() + 20_000).toISOString(),
    ...extra,
  };
}

const SDP_OFFER: SignalPayload = { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\n' } };

interface Harness {
  readonly provider: WebRtcVoiceProvider;
  readonly link: FakeVoiceLink;
  readonly media: FakeMedia;
  readonly links: FakeMediaLink[];
  readonly store: MemoryStore;
  readonly events: [string, ...unknown[]][];
  readonly errors: VoiceError[];
}

function setup(options: { readonly ready?: boolean } = {}): Harness {
  const link = new FakeVoiceLink();
  link.ready = options.ready ?? true;
  const media = new FakeMedia();
  const links: FakeMediaLink[] = [];
  const store = new MemoryStore();
  const provider = new WebRtcVoiceProvider({
    link,
    media,
    store,
    createMediaLink: (linkOptions) => {
      const created = new FakeMediaLink(linkOptions);
      links.push(created);
      return created;
    },
    registerTimeoutMs: 1_000,
    requestTimeoutMs: 1_000,
    acceptTimeoutMs: 5_000,
    reconnectTimeoutMs: 3_000,
    statsIntervalMs: 1_000,
  });
  const events: [string, ...unknown[]][] = [];
  const errors: VoiceError[] = [];
  provider.on('registration', (status: RegistrationStatus) => events.push(['registration', status]));
  provider.on('incoming', (call: ProviderCall) => events.push(['incoming', call.id]));
  provider.on('ringing', (call: ProviderCall) => events.push(['ringing', call.id]));
  provider.on('accepted', (call: ProviderCall) => events.push(['accepted', call.id]));
  provider.on('disconnected', (call: ProviderCall, cause: EndCause) => events.push(['disconnected', call.id, cause]));
  provider.on('held', (call: ProviderCall, held: boolean) => events.push(['held', call.id, held]));
  provider.on('muted', (call: ProviderCall, muted: boolean) => events.push(['muted', call.id, muted]));
  provider.on('reconnecting', (call: ProviderCall) => events.push(['reconnecting', call.id]));
  provider.on('reconnected', (call: ProviderCall) => events.push(['reconnected', call.id]));
  provider.on('remoteHold', (call: ProviderCall, held: boolean) => events.push(['remoteHold', call.id, held]));
  provider.on('quality', (call: ProviderCall, quality: CallQuality) => events.push(['quality', call.id, quality.level]));
  provider.on('error', (error: VoiceError) => errors.push(error));
  return { provider, link, media, links, store, events, errors };
}

async function registered(harness: Harness, state: 'available' | 'break' = 'available'): Promise<void> {
  const done = harness.provider.setAgentState(state, state === 'break' ? 'lunch' : undefined);
  await flush();
  harness.link.receive(welcome(state));
  await done;
}

/** An offer answered and paired: returns the call's media link. */
async function connectedCall(harness: Harness, role: 'offerer' | 'answerer' = 'offerer'): Promise<FakeMediaLink> {
  harness.link.receive(offer());
  await harness.provider.accept(CALL);
  harness.link.receive({ type: 'voice.connected', callId: CALL, recordId: CALL, connectionId: 7, role, peer: { kind: 'caller', name: 'Maria', phone: '+5511987650000' } });
  await flush();
  const media = harness.links.at(-1);
  if (media === undefined) throw new Error('no media link');
  media.setState('connected');
  return media;
}

describe('WebRtcVoiceProvider', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('registration', () => {
    it('registers once the stream is ready (the server RESYNCed), with the protocol version and the chosen state', async () => {
      const h = setup({ ready: false });
      const done = h.provider.register();
      await flush();
      expect(h.link.sent).toEqual([]);
      expect(h.provider.registration).toBe('registering');
      h.link.setReady(true);
      await flush();
      expect(h.link.last('voice.register')).toMatchObject({ version: 1, state: 'available' });
      h.link.receive(welcome());
      await done;
      expect(h.provider.registration).toBe('registered');
      expect(h.provider.presence?.state).toBe('available');
      expect(h.events.filter(([name]) => name === 'registration')).toEqual([
        ['registration', 'registering'],
        ['registration', 'registered'],
      ]);
    });

    it('gives up with register_timeout when the server never becomes reachable', async () => {
      const h = setup({ ready: false });
      const done = h.provider.register();
      const expectation = expect(done).rejects.toMatchObject({ code: 'register_timeout' });
      await vi.advanceTimersByTimeAsync(1_001);
      await expectation;
      expect(h.provider.registration).toBe('unregistered');
    });

    it('reports a refusal with the server code', async () => {
      const h = setup();
      const done = h.provider.register();
      await flush();
      const ref = h.link.last('voice.register').ref;
      h.link.receive({ type: 'voice.error', code: 'forbidden', message: 'no active user profile', ...(ref === undefined ? {} : { ref }) });
      const error: unknown = await done.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(VoiceError);
      expect(error).toMatchObject({ code: 'register_failed' });
      expect(serverCodeOf(error)).toBe('forbidden');
    });

    it('a lost stream unregisters; when it is back the same state is registered again', async () => {
      const h = setup();
      await registered(h, 'break');
      h.link.setReady(false);
      expect(h.provider.registration).toBe('unregistered');
      expect(h.provider.presence).toBeNull();
      h.link.setReady(true);
      await flush();
      expect(h.link.last('voice.register')).toMatchObject({ state: 'break', reason: 'lunch' });
      h.link.receive(welcome('break'));
      await flush();
      expect(h.provider.registration).toBe('registered');
    });

    it('a state chosen while registering is sent once registered', async () => {
      const h = setup();
      const first = h.provider.register();
      await flush();
      const second = h.provider.setAgentState('break', 'training');
      h.link.receive(welcome('available'));
      await first;
      await flush();
      expect(h.link.last('voice.state')).toMatchObject({ state: 'break', reason: 'training' });
      h.link.receive({ type: 'voice.presence', presence: presence('break', { reason: 'training' }) });
      await second;
    });

    it('changes state with voice.state and waits for the server presence', async () => {
      const h = setup();
      await registered(h);
      const done = h.provider.setAgentState('break', 'coffee');
      await flush();
      expect(h.link.last('voice.state')).toMatchObject({ state: 'break', reason: 'coffee' });
      h.link.receive({ type: 'voice.presence', presence: presence('break', { reason: 'coffee' }) });
      await done;
      expect(h.provider.presence).toMatchObject({ state: 'break', reason: 'coffee' });
    });

    it('offline tells the server and unregisters; a call in progress refuses it', async () => {
      const h = setup();
      await registered(h);
      h.link.receive(offer());
      await expect(h.provider.setAgentState('offline')).rejects.toMatchObject({ serverCode: 'busy' });
      h.provider.ignore(CALL);
      await h.provider.setAgentState('offline');
      expect(h.link.last('voice.state')).toMatchObject({ state: 'offline' });
      expect(h.provider.registration).toBe('unregistered');
    });

    it('stops taking calls when another window takes voice over', async () => {
      const h = setup();
      await registered(h);
      h.link.receive({ type: 'voice.error', code: 'replaced', message: 'voice moved to another connection' });
      expect(h.provider.registration).toBe('unregistered');
      expect(serverCodeOf(h.errors.at(-1))).toBe('replaced');
      // Not registered again by itself when the stream reconnects.
      h.link.setReady(false);
      h.link.setReady(true);
      await flush();
      expect(h.link.sent.filter((message) => message.type === 'voice.register')).toHaveLength(1);
    });
  });

  describe('incoming calls', () => {
    it('reports an offer with who calls, from which queue, and why', async () => {
      const h = setup();
      await registered(h);
      let call: ProviderCall | undefined;
      h.provider.on('incoming', (incoming) => {
        call = incoming;
      });
      h.link.receive(offer());
      expect(call).toMatchObject({
        id: CALL,
        direction: 'inbound',
        from: '+5511987650000',
        providerCallId: CALL,
        parameters: { kind: 'queue', callerName: 'Maria', callerReason: 'Billing', queueName: 'General L1', queueId: 'set_queue_general' },
      });
    });

    it('answers after getting the microphone, then connects audio as the offerer', async () => {
      const h = setup();
      await registered(h);
      h.link.receive(offer());
      await h.provider.accept(CALL);
      expect(h.media.microphones).toHaveLength(1);
      expect(h.link.last('voice.answer')).toMatchObject({ callId: CALL });
      h.link.receive({ type: 'voice.connected', callId: CALL, recordId: CALL, connectionId: 7, role: 'offerer', peer: { kind: 'caller', name: 'Maria' } });
      await flush();
      const media = h.links[0];
      expect(media?.options.role).toBe('offerer');
      expect(media?.options.iceServers).toEqual(ICE);
      expect(media?.options.track).toBe(h.media.microphones[0]?.stream.tracks[0]);
      // Our signals go to the server with the call and connection ids.
      media?.emitSignal(SDP_OFFER);
      expect(h.link.last('voice.signal')).toMatchObject({ callId: CALL, connectionId: 7, payload: SDP_OFFER });
      expect(h.events.some(([name]) => name === 'accepted')).toBe(false);
      media?.setState('connected');
      media?.setState('connected');
      expect(h.events.filter(([name]) => name === 'accepted')).toEqual([['accepted', CALL]]);
    });

    it('does not answer when the microphone is blocked', async () => {
      const h = setup();
      await registered(h);
      h.link.receive(offer());
      h.media.microphoneError = new Error('NotAllowedError');
      await expect(h.provider.accept(CALL)).rejects.toMatchObject({ code: 'microphone_blocked' });
      expect(h.link.typesSent()).not.toContain('voice.answer');
      // Still ringing: it can be declined.
      h.provider.reject(CALL);
      expect(h.link.last('voice.reject')).toMatchObject({ callId: CALL });
      expect(h.events.at(-1)).toEqual(['disconnected', CALL, 'declined']);
    });

    it('relays the other side’s signals of the current connection only', async () => {
      const h = setup();
      await registered(h);
      const media = await connectedCall(h, 'answerer');
      h.link.receive({ type: 'voice.signal', callId: CALL, connectionId: 7, payload: SDP_OFFER });
      h.link.receive({ type: 'voice.signal', callId: CALL, connectionId: 6, payload: SDP_OFFER });
      expect(media.handled).toEqual([SDP_OFFER]);
    });

    it('ends calls with the cause the server gives and releases their media', async () => {
      const h = setup();
      await registered(h);
      const media = await connectedCall(h);
      const remote = media.remoteStream();
      expect(h.media.playbacks[0]?.stream).toBe(remote);
      h.link.receive({ type: 'voice.ended', callId: CALL, reason: 'caller_hangup' });
      expect(h.events.at(-1)).toEqual(['disconnected', CALL, 'remote_hangup']);
      expect(media.closed).toBe(true);
      expect(h.media.microphones[0]?.stream.tracks[0]?.stopped).toBe(true);
      expect(h.media.playbacks[0]?.stopped).toBe(true);
    });

    it('an offer that rang out ends as no_answer', async () => {
      const h = setup();
      await registered(h);
      h.link.receive(offer());
      h.link.receive({ type: 'voice.offer_withdrawn', callId: CALL, reason: 'timeout' });
      expect(h.events.at(-1)).toEqual(['disconnected', CALL, 'no_answer']);
    });

    it('drops a call whose audio never connects', async () => {
      const h = setup();
      await registered(h);
      h.link.receive(offer());
      await h.provider.accept(CALL);
      await vi.advanceTimersByTimeAsync(5_001);
      expect(h.errors.at(-1)?.code).toBe('accept_timeout');
      expect(h.link.last('voice.hangup')).toMatchObject({ callId: CALL });
      expect(h.events.at(-1)).toEqual(['disconnected', CALL, 'failed']);
    });

    it('takes a caller handed over by a warm transfer without an offer', async () => {
      const h = setup();
      await registered(h);
      let adopted: ProviderCall | undefined;
      h.provider.on('incoming', (call) => {
        adopted = call;
      });
      h.link.receive({ type: 'voice.connected', callId: 'wrtc_other', recordId: 'wrtc_other_1', connectionId: 9, role: 'offerer', peer: { kind: 'caller', name: 'João', phone: '+5511912345678' } });
      await flush();
      expect(adopted).toMatchObject({ id: 'wrtc_other', parameters: { kind: 'adopted', callerName: 'João', recordId: 'wrtc_other_1' } });
      expect(h.links[0]?.options.role).toBe('offerer');
    });
  });

  describe('in-call controls', () => {
    it('holds with a hold tone and a muted other party, and resumes with the microphone', async () => {
      const h = setup();
      await registered(h);
      const media = await connectedCall(h);
      media.remoteStream();
      await h.provider.hold(CALL);
      const tone = h.media.tones.at(-1);
      expect(tone?.kind).toBe('hold');
      expect(media.outgoing.at(-1)).toBe(tone?.track);
      expect(h.media.playbacks.at(-1)?.muted).toBe(true);
      expect(h.link.last('voice.hold')).toMatchObject({ callId: CALL, held: true });
      expect(h.events.at(-1)).toEqual(['held', CALL, true]);
      await h.provider.resume(CALL);
      expect(tone?.stopped).toBe(true);
      expect(media.outgoing.at(-1)).toBe(h.media.microphones[0]?.stream.tracks[0]);
      expect(h.media.playbacks.at(-1)?.muted).toBe(false);
      expect(h.events.at(-1)).toEqual(['held', CALL, false]);
    });

    it('undoes a hold the server refuses', async () => {
      const h = setup();
      await registered(h);
      await connectedCall(h);
      await h.provider.hold(CALL);
      const ref = h.link.last('voice.hold').ref;
      h.link.receive({ type: 'voice.error', code: 'invalid_state', message: 'nope', ...(ref === undefined ? {} : { ref }) });
      expect(h.events.at(-1)).toEqual(['held', CALL, false]);
      expect(h.errors.at(-1)?.code).toBe('hold_failed');
    });

    it('refuses to hold a call that is not connected', async () => {
      const h = setup();
      await registered(h);
      h.link.receive(offer());
      await expect(h.provider.hold(CALL)).rejects.toMatchObject({ code: 'hold_failed' });
    });

    it('sends silence while the other side holds us', async () => {
      const h = setup();
      await registered(h);
      const media = await connectedCall(h);
      h.link.receive({ type: 'voice.held', callId: CALL, held: true });
      await flush();
      expect(h.media.tones.at(-1)?.kind).toBe('silence');
      expect(media.outgoing.at(-1)).toBe(h.media.tones.at(-1)?.track);
      h.link.receive({ type: 'voice.held', callId: CALL, held: false });
      await flush();
      expect(media.outgoing.at(-1)).toBe(h.media.microphones[0]?.stream.tracks[0]);
      expect(h.events.filter(([name]) => name === 'remoteHold')).toEqual([
        ['remoteHold', CALL, true],
        ['remoteHold', CALL, false],
      ]);
    });

    it('mutes the microphone track', async () => {
      const h = setup();
      await registered(h);
      await connectedCall(h);
      h.provider.mute(CALL, true);
      expect(h.media.microphones[0]?.stream.tracks[0]?.enabled).toBe(false);
      expect(h.events.at(-1)).toEqual(['muted', CALL, true]);
    });

    it('sends DTMF through RTCDTMFSender, or as tones in the audio when it cannot', async () => {
      const h = setup();
      await registered(h);
      const media = await connectedCall(h);
      h.provider.sendDigits(CALL, '12#');
      expect(media.dtmf).toEqual(['12#']);
      media.canDtmf = false;
      h.provider.sendDigits(CALL, '5');
      const tones = h.media.tones.at(-1);
      expect(tones?.kind).toBe('dtmf:5');
      expect(media.outgoing.at(-1)).toBe(tones?.track);
      h.media.finishDtmf();
      await flush();
      expect(media.outgoing.at(-1)).toBe(h.media.microphones[0]?.stream.tracks[0]);
      expect(() => {
        h.provider.sendDigits(CALL, '12a');
      }).toThrow(expect.objectContaining({ code: 'invalid_digits' }) as Error);
    });

    it('reports audio counters and quality while connected, and reconnecting when the connection drops', async () => {
      const h = setup();
      await registered(h);
      const media = await connectedCall(h);
      const stats = (bytes: number): MediaStats => ({ at: Date.now(), bytesReceived: bytes, bytesSent: bytes, packetsReceived: bytes / 100, packetsLost: 0 });
      media.currentStats = stats(1000);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(h.provider.mediaStats().get(CALL)?.bytesReceived).toBe(1000);
      // Nothing arrives for two samples: bad quality.
      await vi.advanceTimersByTimeAsync(2_000);
      expect(h.events.filter(([name]) => name === 'quality').at(-1)).toEqual(['quality', CALL, 'bad']);
      media.currentStats = stats(5000);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(h.events.filter(([name]) => name === 'quality').at(-1)).toEqual(['quality', CALL, 'good']);
      media.setState('disconnected');
      expect(h.events.at(-1)).toEqual(['reconnecting', CALL]);
      media.setState('connected');
      expect(h.events.at(-1)).toEqual(['reconnected', CALL]);
      media.setState('failed');
      await vi.advanceTimersByTimeAsync(3_001);
      expect(h.events.at(-1)).toEqual(['disconnected', CALL, 'failed']);
    });

    it('uses the remembered microphone and moves a call to a newly chosen one', async () => {
      const h = setup();
      h.store.setItem(`${AUDIO_PREFERENCE_KEY_PREFIX}input`, 'mic-1');
      await flush();
      await registered(h);
      const media = await connectedCall(h);
      expect(h.media.microphones[0]?.deviceId).toBe('mic-1');
      h.media.inputs = [...h.media.inputs, { id: 'mic-2', label: 'USB' }];
      await flush();
      h.media.inputs = [{ id: 'mic-1', label: 'Headset' }, { id: 'mic-2', label: 'USB' }];
      await h.provider.selectAudioDevice('input', null);
      expect(h.media.microphones).toHaveLength(2);
      expect(media.outgoing.at(-1)).toBe(h.media.microphones[1]?.stream.tracks[0]);
      expect(h.media.microphones[0]?.stream.tracks[0]?.stopped).toBe(true);
    });
  });

  describe('calling colleagues and transfers', () => {
    it('calls a colleague: voice.dial, then ringing with the call the server names', async () => {
      const h = setup();
      await registered(h);
      const placed = h.provider.connect({ target: { kind: 'user', userId: 'usr_bruno' } });
      await flush();
      const ref = h.link.last('voice.dial').ref;
      expect(h.link.last('voice.dial')).toMatchObject({ target: { userId: 'usr_bruno' } });
      h.link.receive({ type: 'voice.dialing', ...(ref === undefined ? {} : { ref }), callId: 'wrtc_int', to: { kind: 'agent', userId: 'usr_bruno', name: 'Bruno Lima' } });
      const call = await placed;
      expect(call).toMatchObject({ id: 'wrtc_int', direction: 'outbound', to: 'client:usr_bruno', parameters: { kind: 'internal', peerUserId: 'usr_bruno', peerName: 'Bruno Lima' } });
      expect(h.events.at(-1)).toEqual(['ringing', 'wrtc_int']);
      // Bruno answers: we answer his SDP offer.
      h.link.receive({ type: 'voice.connected', callId: 'wrtc_int', recordId: 'wrtc_int', connectionId: 3, role: 'answerer', peer: { kind: 'agent', userId: 'usr_bruno', name: 'Bruno Lima' } });
      await flush();
      expect(h.links[0]?.options.role).toBe('answerer');
    });

    it('cannot call phone numbers', async () => {
      const h = setup();
      await registered(h);
      await expect(h.provider.connect({ target: { kind: 'number', e164: '+5511987650000' } })).rejects.toMatchObject({ code: 'connect_failed' });
    });

    it('a colleague who is busy is reported with the server code', async () => {
      const h = setup();
      await registered(h);
      const placed = h.provider.connect({ target: { kind: 'user', userId: 'usr_bruno' } });
      await flush();
      const ref = h.link.last('voice.dial').ref;
      h.link.receive({ type: 'voice.error', code: 'agent_unavailable', message: 'x', ...(ref === undefined ? {} : { ref }) });
      const error = await placed.catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'connect_failed', serverCode: 'agent_unavailable' });
      // The microphone taken for the call is released.
      expect(h.media.microphones[0]?.stream.tracks[0]?.stopped).toBe(true);
    });

    it('cold transfer: resolves when the server ends our part, which is our doing', async () => {
      const h = setup();
      await registered(h);
      await connectedCall(h);
      const done = h.provider.transfer(CALL, { queueId: 'set_queue_billing' });
      await flush();
      expect(h.link.last('voice.transfer')).toMatchObject({ callId: CALL, target: { queueId: 'set_queue_billing' } });
      h.link.receive({ type: 'voice.ended', callId: CALL, reason: 'transferred' });
      await done;
      expect(h.events.at(-1)).toEqual(['disconnected', CALL, 'local_hangup']);
    });

    it('warm transfer: consult, then complete; both calls end here', async () => {
      const h = setup();
      await registered(h);
      await connectedCall(h);
      const consulting = h.provider.consult(CALL, { userId: 'usr_bruno' });
      await flush();
      const ref = h.link.last('voice.consult').ref;
      h.link.receive({ type: 'voice.dialing', ...(ref === undefined ? {} : { ref }), callId: 'wrtc_consult', to: { kind: 'agent', userId: 'usr_bruno', name: 'Bruno Lima' }, consultFor: CALL });
      const consult = await consulting;
      expect(consult.parameters).toMatchObject({ kind: 'consult', consultFor: CALL });
      h.link.receive({ type: 'voice.connected', callId: 'wrtc_consult', recordId: 'wrtc_consult', connectionId: 8, role: 'answerer', peer: { kind: 'agent', userId: 'usr_bruno', name: 'Bruno Lima' } });
      await flush();
      h.links.at(-1)?.setState('connected');
      const completing = h.provider.completeTransfer('wrtc_consult');
      await flush();
      expect(h.link.last('voice.complete_transfer')).toMatchObject({ callId: 'wrtc_consult' });
      h.link.receive({ type: 'voice.ended', callId: 'wrtc_consult', reason: 'transferred' });
      h.link.receive({ type: 'voice.ended', callId: CALL, reason: 'transferred' });
      await completing;
      expect(h.events.filter(([name]) => name === 'disconnected')).toEqual([
        ['disconnected', 'wrtc_consult', 'local_hangup'],
        ['disconnected', CALL, 'local_hangup'],
      ]);
    });
  });

  describe('after a reconnect', () => {
    it('hangs up calls the server kept for a connection this page no longer has, and ends calls the server dropped', async () => {
      const h = setup();
      await registered(h);
      await connectedCall(h);
      h.link.setReady(false);
      h.link.setReady(true);
      await flush();
      h.link.receive(welcome('on_call', [{ callId: 'wrtc_ghost', recordId: 'wrtc_ghost', connectionId: 2, peer: { kind: 'caller', name: 'X' } }]));
      expect(h.link.last('voice.hangup')).toMatchObject({ callId: 'wrtc_ghost' });
      expect(h.events.at(-1)).toEqual(['disconnected', CALL, 'failed']);
    });

    it('keeps calls the server kept', async () => {
      const h = setup();
      await registered(h);
      const media = await connectedCall(h);
      h.link.setReady(false);
      h.link.setReady(true);
      await flush();
      h.link.receive(welcome('on_call', [{ callId: CALL, recordId: CALL, connectionId: 7, peer: { kind: 'caller', name: 'Maria' } }]));
      expect(media.closed).toBe(false);
      expect(h.events.some(([name]) => name === 'disconnected')).toBe(false);
    });
  });

  it('destroy hangs up and stops listening', async () => {
    const h = setup();
    await registered(h);
    await connectedCall(h);
    h.provider.destroy();
    expect(h.link.last('voice.hangup')).toMatchObject({ callId: CALL });
    await expect(h.provider.register()).rejects.toMatchObject({ code: 'destroyed' });
  });
});

describe('endCauseOf', () => {
  const call = (transferring: boolean, direction: 'inbound' | 'outbound' = 'inbound') => ({ transferring, info: { direction } });
  it.each([
    ['hangup', call(false), 'local_hangup'],
    ['peer_hangup', call(false), 'remote_hangup'],
    ['caller_hangup', call(false), 'remote_hangup'],
    ['transferred', call(true), 'local_hangup'],
    ['transferred', call(false), 'remote_hangup'],
    ['timeout', call(false), 'no_answer'],
    ['rejected', call(false, 'outbound'), 'declined'],
    ['cancelled', call(false, 'outbound'), 'local_hangup'],
    ['cancelled', call(false), 'remote_hangup'],
    ['disconnected', call(false), 'failed'],
    ['server_shutdown', call(false), 'failed'],
  ] as const)('%s → %s', (reason, tracked, cause) => {
    expect(endCauseOf(reason, tracked)).toBe(cause);
  });
});
