import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Emitter } from '../../../../src/shared/voice/emitter';
import type { EndCause } from '../../../../src/shared/voice/call-state';
import type { AudioDevices, DialRequest, ProviderCall, RegistrationStatus, VoiceProvider, VoiceProviderEvents } from '../../../../src/shared/voice/provider';
import type { AgentPresenceView, AgentServerMessage } from '../../../../src/shared/voice/signalling';
import {
  agentFromPresence,
  answer,
  attachProvider,
  cancelConsult,
  completeTransfer,
  detachProvider,
  dialUser,
  finishWrapUp,
  hangup,
  peerOf,
  primaryCall,
  recordIdOf,
  reject,
  setAgentState,
  startConsult,
  toggleHold,
  toggleMute,
  transferNow,
  useSoftphone,
} from '../../../../src/renderer/voice/call-session';
import { WebRtcVoiceProvider } from '../../../../src/renderer/voice/webrtc-provider';
import { FakeMedia, FakeMediaLink, FakeVoiceLink, flush } from './fake-webrtc';

const CALL = 'wrtc_c1';
const store = { getItem: () => null, setItem: () => undefined, removeItem: () => undefined };

function presence(state: AgentPresenceView['state'], extra: Partial<AgentPresenceView> = {}): AgentPresenceView {
  return { userId: 'usr_ana', name: 'Ana Souza', state, since: '2026-03-02T12:00:00.000Z', callIds: [], ...extra };
}

interface Harness {
  readonly provider: WebRtcVoiceProvider;
  readonly link: FakeVoiceLink;
  readonly links: FakeMediaLink[];
  readonly media: FakeMedia;
}

function webrtc(): Harness {
  const link = new FakeVoiceLink();
  link.ready = true;
  const media = new FakeMedia();
  const links: FakeMediaLink[] = [];
  const provider = new WebRtcVoiceProvider({
    link,
    media,
    store,
    createMediaLink: (options) => {
      const created = new FakeMediaLink(options);
      links.push(created);
      return created;
    },
    requestTimeoutMs: 1_000,
  });
  attachProvider(provider);
  return { provider, link, links, media };
}

/** The server's side of a queue call reaching Ana. */
const offer = (callId = CALL): AgentServerMessage => ({
  type: 'voice.offer',
  callId,
  kind: 'queue',
  from: { kind: 'caller', name: 'Maria', phone: '+5511987650000', reason: 'Billing' },
  queueId: 'set_queue_general',
  queueName: 'General L1',
  ringTimeoutSeconds: 20,
  expiresAt: new Date(Date.now() + 20_000).toISOString(),
});

async function available(h: Harness): Promise<void> {
  const done = setAgentState('available');
  await flush();
  h.link.receive({ type: 'voice.welcome', version: 1, iceServers: [], presence: presence('available'), calls: [] });
  await done;
}

async function answered(h: Harness, callId = CALL): Promise<FakeMediaLink> {
  h.link.receive(offer(callId));
  h.link.receive({ type: 'voice.presence', presence: presence('available', { offeredCallId: callId }) });
  await answer(callId);
  h.link.receive({ type: 'voice.connected', callId, recordId: callId, connectionId: 1, role: 'offerer', peer: { kind: 'caller', name: 'Maria', phone: '+5511987650000' } });
  h.link.receive({ type: 'voice.presence', presence: presence('on_call', { callIds: [callId] }) });
  await flush();
  const media = h.links.at(-1);
  if (media === undefined) throw new Error('no media');
  media.setState('connected');
  return media;
}

describe('call session (with the WebRTC provider)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  });
  afterEach(() => {
    detachProvider();
    vi.useRealTimers();
  });

  it('follows the server’s presence for the agent state', async () => {
    const h = webrtc();
    expect(useSoftphone.getState()).toMatchObject({ provider: 'webrtc', registration: 'unregistered', capabilities: { transfer: true, presence: true, numberDial: false } });
    expect(useSoftphone.getState().agent.status).toBe('offline');
    await available(h);
    expect(useSoftphone.getState().agent.status).toBe('available');
    h.link.receive({ type: 'voice.presence', presence: presence('break', { reason: 'missed_call' }) });
    expect(useSoftphone.getState().agent).toMatchObject({ status: 'break', reason: 'missed_call' });
    // The connection drops: offline until it is back, then registered again in the same state.
    h.link.setReady(false);
    expect(useSoftphone.getState().agent).toMatchObject({ status: 'offline', cause: 'device', resumeTo: { status: 'break', reason: 'missed_call' } });
  });

  it('an offer rings with who calls; answering connects it; the end starts wrap-up with the record id', async () => {
    const h = webrtc();
    await available(h);
    h.link.receive(offer());
    const ringing = primaryCall(useSoftphone.getState());
    expect(ringing?.state.status).toBe('ringing');
    expect(ringing?.peer).toMatchObject({ kind: 'caller', name: 'Maria', number: '+5511987650000', queueName: 'General L1', reason: 'Billing', offerKind: 'queue' });
    expect(ringing?.state.call.party).toEqual({ direction: 'inbound', fromNumber: '+5511987650000' });
    await answer(CALL);
    expect(primaryCall(useSoftphone.getState())?.state.status).toBe('connecting');
    h.link.receive({ type: 'voice.connected', callId: CALL, recordId: CALL, connectionId: 1, role: 'offerer', peer: { kind: 'caller', name: 'Maria' } });
    await flush();
    h.links[0]?.setState('connected');
    const active = primaryCall(useSoftphone.getState());
    expect(active?.state.status).toBe('active');
    expect(active?.recordId).toBe(CALL);

    await toggleMute();
    expect(primaryCall(useSoftphone.getState())?.state.call.muted).toBe(true);
    await toggleHold();
    expect(primaryCall(useSoftphone.getState())?.state.status).toBe('on_hold');
    await toggleHold();
    expect(primaryCall(useSoftphone.getState())?.state.status).toBe('active');

    h.link.receive({ type: 'voice.ended', callId: CALL, reason: 'caller_hangup' });
    const state = useSoftphone.getState();
    expect(state.calls).toEqual([]);
    expect(state.wrapUps).toMatchObject([{ callId: CALL, recordId: CALL, peer: { name: 'Maria' } }]);
    expect(state.lastEnded?.cause).toBe('remote_hangup');

    // The server puts the agent in wrap-up; finishing it makes them available.
    h.link.receive({ type: 'voice.presence', presence: presence('wrap_up', { wrapUpEndsAt: '2026-03-02T12:00:30.000Z' }) });
    expect(useSoftphone.getState().agent).toMatchObject({ status: 'wrap_up', autoReturn: true, dueAt: Date.parse('2026-03-02T12:00:30.000Z') });
    const finishing = finishWrapUp(CALL);
    await flush();
    expect(h.link.last('voice.state')).toMatchObject({ state: 'available' });
    h.link.receive({ type: 'voice.presence', presence: presence('available') });
    await finishing;
    expect(useSoftphone.getState().wrapUps).toEqual([]);
  });

  it('declining an offer ends it without wrap-up', async () => {
    const h = webrtc();
    await available(h);
    h.link.receive(offer());
    await reject();
    expect(h.link.last('voice.reject')).toMatchObject({ callId: CALL });
    expect(useSoftphone.getState()).toMatchObject({ calls: [], wrapUps: [] });
  });

  it('a break asked for during a call is applied when it ends', async () => {
    const h = webrtc();
    await available(h);
    await answered(h);
    await setAgentState('break', 'lunch');
    expect(useSoftphone.getState().pendingAgentState).toEqual({ status: 'break', reason: 'lunch' });
    expect(useSoftphone.getState().agent).toMatchObject({ status: 'on_call', next: { status: 'break', reason: 'lunch' } });
    expect(h.link.typesSent()).not.toContain('voice.state');
    await hangup();
    await flush();
    expect(h.link.last('voice.state')).toMatchObject({ state: 'break', reason: 'lunch' });
  });

  it('warm transfer: the caller is held, the colleague consulted, then the transfer completed', async () => {
    const h = webrtc();
    await available(h);
    await answered(h);
    const consulting = startConsult({ userId: 'usr_bruno' });
    await flush();
    expect(h.link.last('voice.hold')).toMatchObject({ callId: CALL, held: true });
    const ref = h.link.last('voice.consult').ref;
    h.link.receive({ type: 'voice.dialing', ...(ref === undefined ? {} : { ref }), callId: 'wrtc_k', to: { kind: 'agent', userId: 'usr_bruno', name: 'Bruno Lima' }, consultFor: CALL });
    expect(await consulting).toBe(true);
    let state = useSoftphone.getState();
    expect(state.calls.map((call) => [call.id, call.state.status, call.consultFor])).toEqual([
      [CALL, 'on_hold', undefined],
      ['wrtc_k', 'dialing', CALL],
    ]);
    h.link.receive({ type: 'voice.connected', callId: 'wrtc_k', recordId: 'wrtc_k', connectionId: 2, role: 'answerer', peer: { kind: 'agent', userId: 'usr_bruno', name: 'Bruno Lima' } });
    await flush();
    h.links.at(-1)?.setState('connected');
    expect(useSoftphone.getState().calls[1]?.state.status).toBe('active');

    const completing = completeTransfer();
    await flush();
    h.link.receive({ type: 'voice.ended', callId: 'wrtc_k', reason: 'transferred' });
    h.link.receive({ type: 'voice.ended', callId: CALL, reason: 'transferred' });
    expect(await completing).toBe(true);
    state = useSoftphone.getState();
    expect(state.calls).toEqual([]);
    // Only the caller's call is wrapped up; the consult with a colleague needs none.
    expect(state.wrapUps.map((item) => item.callId)).toEqual([CALL]);
  });

  it('a consult nobody can take leaves the caller off hold again', async () => {
    const h = webrtc();
    await available(h);
    await answered(h);
    const consulting = startConsult({ queueId: 'set_queue_billing' });
    await flush();
    const ref = h.link.last('voice.consult').ref;
    h.link.receive({ type: 'voice.error', code: 'no_agent_available', message: 'x', ...(ref === undefined ? {} : { ref }) });
    expect(await consulting).toBe(false);
    await flush();
    expect(useSoftphone.getState().error).toMatchObject({ code: 'connect_failed', serverCode: 'no_agent_available' });
    expect(primaryCall(useSoftphone.getState())?.state.status).toBe('active');
    expect(h.link.last('voice.hold')).toMatchObject({ held: false });
  });

  it('cancelling a consult hangs it up and resumes the caller', async () => {
    const h = webrtc();
    await available(h);
    await answered(h);
    const consulting = startConsult({ userId: 'usr_bruno' });
    await flush();
    const ref = h.link.last('voice.consult').ref;
    h.link.receive({ type: 'voice.dialing', ...(ref === undefined ? {} : { ref }), callId: 'wrtc_k', to: { kind: 'agent', userId: 'usr_bruno', name: 'Bruno Lima' }, consultFor: CALL });
    await consulting;
    await cancelConsult();
    expect(h.link.last('voice.hangup')).toMatchObject({ callId: 'wrtc_k' });
    expect(h.link.last('voice.hold')).toMatchObject({ callId: CALL, held: false });
    expect(useSoftphone.getState().calls.map((call) => [call.id, call.state.status])).toEqual([[CALL, 'active']]);
  });

  it('cold transfer ends the call here with a wrap-up', async () => {
    const h = webrtc();
    await available(h);
    await answered(h);
    const transferring = transferNow({ queueId: 'set_queue_billing' });
    await flush();
    h.link.receive({ type: 'voice.ended', callId: CALL, reason: 'transferred' });
    expect(await transferring).toBe(true);
    expect(useSoftphone.getState().wrapUps.map((item) => item.callId)).toEqual([CALL]);
  });

  it('a warm-transfer target gets the caller straight into the call, after the consult ends', async () => {
    const h = webrtc();
    await available(h);
    h.link.receive({ type: 'voice.offer', callId: 'wrtc_k', kind: 'consult', from: { kind: 'agent', userId: 'usr_bruno', name: 'Bruno Lima' }, ringTimeoutSeconds: 30, expiresAt: new Date(Date.now() + 30_000).toISOString() });
    expect(primaryCall(useSoftphone.getState())?.peer).toMatchObject({ kind: 'agent', userId: 'usr_bruno', offerKind: 'consult' });
    await answer('wrtc_k');
    h.link.receive({ type: 'voice.connected', callId: 'wrtc_k', recordId: 'wrtc_k', connectionId: 2, role: 'offerer', peer: { kind: 'agent', userId: 'usr_bruno', name: 'Bruno Lima' } });
    await flush();
    h.links.at(-1)?.setState('connected');
    h.link.receive({ type: 'voice.ended', callId: 'wrtc_k', reason: 'transferred' });
    h.link.receive({ type: 'voice.connected', callId: CALL, recordId: `${CALL}_1`, connectionId: 3, role: 'offerer', peer: { kind: 'caller', name: 'Maria', phone: '+5511987650000' } });
    await flush();
    let call = primaryCall(useSoftphone.getState());
    expect(call?.state.status).toBe('connecting');
    expect(call?.recordId).toBe(`${CALL}_1`);
    h.links.at(-1)?.setState('connected');
    call = primaryCall(useSoftphone.getState());
    expect(call?.state.status).toBe('active');
    expect(useSoftphone.getState().wrapUps).toEqual([]);
    // The consult that ended is not followed by "available": the agent has the caller now.
    expect(h.link.typesSent()).not.toContain('voice.state');
  });

  it('after a call with a colleague the agent is made available again (no wrap-up)', async () => {
    const h = webrtc();
    await available(h);
    const dialing = dialUser('usr_bruno');
    await flush();
    const ref = h.link.last('voice.dial').ref;
    h.link.receive({ type: 'voice.dialing', ...(ref === undefined ? {} : { ref }), callId: 'wrtc_i', to: { kind: 'agent', userId: 'usr_bruno', name: 'Bruno Lima' } });
    expect(await dialing).toBe(true);
    expect(primaryCall(useSoftphone.getState())?.state.status).toBe('dialing');
    h.link.receive({ type: 'voice.connected', callId: 'wrtc_i', recordId: 'wrtc_i', connectionId: 4, role: 'answerer', peer: { kind: 'agent', userId: 'usr_bruno', name: 'Bruno Lima' } });
    await flush();
    h.links.at(-1)?.setState('connected');
    h.link.receive({ type: 'voice.ended', callId: 'wrtc_i', reason: 'peer_hangup' });
    await flush();
    expect(useSoftphone.getState().wrapUps).toEqual([]);
    expect(h.link.last('voice.state')).toMatchObject({ state: 'available' });
  });

  it('keeps provider errors with the server code', async () => {
    const h = webrtc();
    await available(h);
    h.link.receive({ type: 'voice.error', code: 'rate_limited', message: 'slow down' });
    expect(useSoftphone.getState().error).toMatchObject({ code: 'call_failed', serverCode: 'rate_limited' });
  });
});

/** A provider without server presence or transfers (as the Twilio one). */
class PlainProvider implements VoiceProvider {
  readonly kind = 'twilio' as const;
  registration: RegistrationStatus = 'unregistered';
  readonly emitter = new Emitter<VoiceProviderEvents>();
  readonly calls: string[] = [];
  on<E extends keyof VoiceProviderEvents>(event: E, listener: VoiceProviderEvents[E]): () => void {
    return this.emitter.on(event, listener);
  }
  register(): Promise<void> {
    this.calls.push('register');
    this.registration = 'registered';
    this.emitter.emit('registration', 'registered');
    return Promise.resolve();
  }
  unregister(): Promise<void> {
    this.calls.push('unregister');
    this.registration = 'unregistered';
    this.emitter.emit('registration', 'unregistered');
    return Promise.resolve();
  }
  connect(request: DialRequest): Promise<ProviderCall> {
    this.calls.push(`connect:${JSON.stringify(request.target)}`);
    return Promise.resolve({ id: 'tw-2', direction: 'outbound', to: request.target.kind === 'number' ? request.target.e164 : `client:${request.target.userId}`, parameters: {} });
  }
  accept(callId: string): Promise<void> {
    this.calls.push(`accept:${callId}`);
    return Promise.resolve();
  }
  reject(callId: string): void {
    this.calls.push(`reject:${callId}`);
    this.end(callId, 'declined');
  }
  ignore(): void {}
  mute(): void {}
  hold(): Promise<void> {
    return Promise.resolve();
  }
  resume(): Promise<void> {
    return Promise.resolve();
  }
  sendDigits(): void {}
  hangup(callId: string): void {
    this.end(callId, 'local_hangup');
  }
  audioDevices(): AudioDevices {
    return { inputs: [], outputs: [], selected: { input: null, speaker: null, ringtone: null }, outputSelectable: false };
  }
  selectAudioDevice(): Promise<void> {
    return Promise.resolve();
  }
  destroy(): void {}
  readonly offered = new Map<string, ProviderCall>();
  offer(call: ProviderCall): void {
    this.offered.set(call.id, call);
    this.emitter.emit('incoming', call);
  }
  end(callId: string, cause: EndCause): void {
    const call = this.offered.get(callId) ?? { id: callId, direction: 'outbound' as const, parameters: {} };
    this.emitter.emit('disconnected', call, cause);
  }
}

describe('call session (provider without server presence)', () => {
  afterEach(() => {
    detachProvider();
  });

  const twilioCall: ProviderCall = { id: 'tw-1', direction: 'inbound', from: '+5511987650000', to: '+551130040100', providerCallId: 'CA123', parameters: { atendeCallSid: 'CAparent' } };

  it('runs the shared agent machine: available registers, break unregisters', async () => {
    const provider = new PlainProvider();
    attachProvider(provider);
    expect(useSoftphone.getState().capabilities).toMatchObject({ transfer: false, presence: false, numberDial: true });
    await setAgentState('available');
    await flush();
    expect(useSoftphone.getState().agent.status).toBe('available');
    expect(provider.calls).toEqual(['register']);
    await setAgentState('break', 'lunch');
    await flush();
    expect(useSoftphone.getState().agent).toMatchObject({ status: 'break', reason: 'lunch' });
    expect(provider.calls).toEqual(['register', 'unregister']);
  });

  it('an offer while on a break is declined; one rung out while available puts the agent on a missed-call break', async () => {
    const provider = new PlainProvider();
    attachProvider(provider);
    provider.offer(twilioCall);
    expect(provider.calls).toEqual(['reject:tw-1']);
    await setAgentState('available');
    provider.offer({ ...twilioCall, id: 'tw-3' });
    expect(useSoftphone.getState().agent.status).toBe('on_call');
    provider.end('tw-3', 'no_answer');
    expect(useSoftphone.getState().agent).toMatchObject({ status: 'break', reason: 'missed_call' });
  });

  it('names the Twilio record from the parent CallSid and wraps up answered calls with the local wrap-up timer', async () => {
    vi.useFakeTimers();
    try {
      const provider = new PlainProvider();
      attachProvider(provider);
      await setAgentState('available');
      provider.offer(twilioCall);
      expect(primaryCall(useSoftphone.getState())?.recordId).toBe('call_tw_CAparent');
      await answer('tw-1');
      provider.emitter.emit('accepted', twilioCall);
      provider.end('tw-1', 'remote_hangup');
      expect(useSoftphone.getState().agent.status).toBe('wrap_up');
      expect(useSoftphone.getState().wrapUps).toMatchObject([{ recordId: 'call_tw_CAparent' }]);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(useSoftphone.getState().agent.status).toBe('available');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('helpers', () => {
  it('peerOf reads colleagues from client: identities and normalizes numbers', () => {
    expect(peerOf({ id: 'a', direction: 'inbound', from: 'client:usr_bruno', parameters: {} })).toMatchObject({ kind: 'agent', userId: 'usr_bruno' });
    expect(peerOf({ id: 'b', direction: 'inbound', from: '+55 11 98765-0000', parameters: {} })).toMatchObject({ kind: 'number', number: '+5511987650000' });
    expect(peerOf({ id: 'c', direction: 'inbound', from: 'anonymous', parameters: {} })).toMatchObject({ kind: 'unknown' });
  });

  it('recordIdOf prefers the record the server named', () => {
    expect(recordIdOf({ id: 'a', direction: 'inbound', parameters: { recordId: 'wrtc_1_2' } })).toBe('wrtc_1_2');
    expect(recordIdOf({ id: 'a', direction: 'inbound', providerCallId: 'CA9', parameters: {} })).toBe('call_tw_CA9');
    expect(recordIdOf({ id: 'a', direction: 'inbound', parameters: {} })).toBeUndefined();
  });

  it('agentFromPresence maps every server state', () => {
    const base = { calls: [], pendingAgentState: null };
    expect(agentFromPresence(presence('available'), base)).toEqual({ status: 'available', since: Date.parse('2026-03-02T12:00:00.000Z') });
    expect(agentFromPresence(presence('wrap_up'), base)).toMatchObject({ status: 'wrap_up', autoReturn: false, dueAt: Number.POSITIVE_INFINITY });
    expect(agentFromPresence(presence('break', { reason: 'lunch' }), { calls: [], pendingAgentState: { status: 'offline' } })).toMatchObject({ status: 'break', reason: 'lunch' });
    expect(agentFromPresence(presence('on_call'), { calls: [], pendingAgentState: { status: 'offline' } })).toMatchObject({ status: 'on_call', next: { status: 'offline' } });
  });
});
