/**
 * The WebRTC provider's server side over a real listening server and real WebSocket clients: agents
 * on the sync stream, public callers on /api/v1/voice/caller. Ring timeouts and wrap-up run on a
 * scheduler the test drives by hand, so nothing here waits for time to pass.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { WebSocket } from 'ws';
import type { Call } from '../../src/shared/domain/call';
import type { SettingsOfKind } from '../../src/shared/domain/settings';
import type { PullResponse } from '../../src/shared/sync/protocol';
import {
  VOICE_CALLER_PATH,
  VOICE_PROTOCOL_VERSION,
  type AgentClientMessage,
  type AgentServerMessage,
  type CallerClientMessage,
  type CallerServerMessage,
} from '../../src/shared/voice/signalling';
import { DEFAULT_VOICE_CONFIG } from '../../src/server/voice/voice-config';
import { ManualScheduler } from '../unit/server/voice/manual-scheduler';
import { openTestDatabase, type TestDatabase } from './helpers/databases';
import { insertRow } from './helpers/fixtures';
import { ADMIN, AGENT, AGENT2, SUPERVISOR, startTestServer, type TestServer } from './helpers/server';

const QUEUE_ID = 'set_queue_voice_test';
const RING_MS = 5000;

function queueSettings(id: string, overrides: Partial<SettingsOfKind<'queue'>['queue']> = {}): SettingsOfKind<'queue'> {
  return {
    id,
    kind: 'queue',
    name: `Queue ${id}`,
    enabled: true,
    queue: { tier: 'L1', requiredSkills: [], languages: [], ringTimeoutSeconds: RING_MS / 1000, serviceLevelTargetSeconds: 20, serviceLevelTargetPercent: 80, phoneNumbers: [], ...overrides },
    createdAt: '2020-01-01T00:00:00.000Z',
    updatedAt: '2020-01-01T00:00:00.000Z',
  };
}

/** A WebSocket that records every JSON message and can wait for one. */
class Client<In, Out> {
  readonly messages: In[] = [];
  readonly closed: Promise<number>;
  private readonly waiters = new Set<() => void>();

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.messages.push(JSON.parse(data.toString('utf8')) as In);
      for (const wake of this.waiters) wake();
    });
    this.closed = new Promise((resolve) => socket.on('close', (code) => { resolve(code); }));
  }

  async opened(): Promise<void> {
    if (this.socket.readyState === WebSocket.OPEN) return;
    await new Promise<void>((resolve, reject) => {
      this.socket.once('open', () => { resolve(); });
      this.socket.once('error', reject);
    });
  }

  send(message: Out | Record<string, unknown>): void {
    this.socket.send(JSON.stringify(message));
  }

  /** The `nth` (1-based) message matching `predicate`, received or still to come. */
  waitFor<M extends In>(predicate: (message: In) => message is M, nth?: number): Promise<M>;
  waitFor(predicate: (message: In) => boolean, nth?: number): Promise<In>;
  waitFor(predicate: (message: In) => boolean, nth = 1): Promise<In> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.messages.filter(predicate)[nth - 1];
        if (found === undefined) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no matching message; got ${JSON.stringify(this.messages)}`));
      }, 10_000);
      this.waiters.add(check);
      check();
    });
  }

  close(): void {
    this.socket.close();
  }
}

type Agent = Client<AgentServerMessage, AgentClientMessage>;
type Caller = Client<CallerServerMessage, CallerClientMessage>;
type AgentMessage<T extends AgentServerMessage['type']> = Extract<AgentServerMessage, { type: T }>;
type CallerMessage<T extends CallerServerMessage['type']> = Extract<CallerServerMessage, { type: T }>;

const is =
  <T extends AgentServerMessage['type']>(type: T, callId?: string) =>
  (message: AgentServerMessage): message is AgentMessage<T> =>
    message.type === type && (callId === undefined || ('callId' in message && message.callId === callId));
const callerIs =
  <T extends CallerServerMessage['type']>(type: T) =>
  (message: CallerServerMessage): message is CallerMessage<T> =>
    message.type === type;

const SDP_OFFER = { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' } } as const;
const SDP_ANSWER = { kind: 'description', description: { type: 'answer', sdp: 'v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\n' } } as const;

describe('WebRTC voice: distribution, signalling, records', () => {
  let testDb: TestDatabase;
  let server: TestServer;
  let scheduler: ManualScheduler;
  let tokens: Record<'ana' | 'bruno' | 'carla' | 'admin', string>;

  beforeAll(async () => {
    testDb = await openTestDatabase('pglite');
    scheduler = new ManualScheduler();
    server = await startTestServer(testDb.database, {
      listen: true,
      voiceScheduler: scheduler,
      config: {
        jwtSecret: undefined,
        webDir: '/nonexistent/atende-renderer',
        voice: { ...DEFAULT_VOICE_CONFIG, wrapUpSeconds: 0, callerConnectionsPerMinute: 1000, stunUrls: ['stun:stun.example.org:3478'] },
      },
    });
    tokens = {
      ana: (await server.login(AGENT)).token,
      bruno: (await server.login(AGENT2)).token,
      carla: (await server.login(SUPERVISOR)).token,
      admin: (await server.login(ADMIN)).token,
    };
    const pushed = await server.request(tokens.admin, 'POST', '/api/v1/sync/settings/push', [
      insertRow(queueSettings(QUEUE_ID)),
      insertRow(queueSettings('set_queue_voice_l2', { tier: 'L2', ringTimeoutSeconds: 7 })),
    ]);
    expect(pushed.statusCode).toBe(200);
  });

  afterAll(async () => {
    await server.close();
    await testDb.dispose();
  });

  const baseWs = (): string => (server.baseUrl ?? '').replace(/^http/, 'ws');

  const openAgent = async (token: string): Promise<Agent> => {
    const agent: Agent = new Client(new WebSocket(`${baseWs()}/api/v1/sync/stream?token=${encodeURIComponent(token)}`));
    onTestFinished(() => { agent.close(); });
    // The stream hears a client once its token is checked, which RESYNC announces.
    await agent.waitFor((message) => (message as { type: string }).type === 'RESYNC');
    return agent;
  };

  const registerAgent = async (token: string, state: 'available' | 'break' = 'available'): Promise<Agent> => {
    const agent = await openAgent(token);
    agent.send({ type: 'voice.register', version: VOICE_PROTOCOL_VERSION, state });
    await agent.waitFor(is('voice.welcome'));
    return agent;
  };

  const openCaller = async (): Promise<Caller> => {
    const caller: Caller = new Client(new WebSocket(`${baseWs()}${VOICE_CALLER_PATH}`));
    onTestFinished(() => { caller.close(); });
    await caller.opened();
    return caller;
  };

  const joinCaller = async (name: string, queueId = QUEUE_ID): Promise<{ caller: Caller; callId: string; queued: CallerMessage<'queued'> }> => {
    const caller = await openCaller();
    caller.send({ type: 'join', version: VOICE_PROTOCOL_VERSION, queueId, name, phone: '+5511987650000', reason: 'billing question' });
    const queued = await caller.waitFor(callerIs('queued'));
    return { caller, callId: queued.callId, queued };
  };

  const pullCalls = async (): Promise<Call[]> => {
    const response = await server.request(tokens.admin, 'GET', '/api/v1/sync/calls/pull?limit=1000');
    return [...response.json<PullResponse<Call>>().documents];
  };

  /** Call documents are written after commit, asynchronously: wait until `ready` holds for them. */
  const callsWhen = async (ready: (calls: Call[]) => boolean): Promise<Call[]> => {
    for (let attempt = 0; attempt < 200; attempt++) {
      const calls = await pullCalls();
      if (ready(calls)) return calls;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`call records never matched; got ${JSON.stringify(await pullCalls())}`);
  };

  /** Every agent's offers alternate with their ends: never a second offer while one rings. */
  const expectOneOfferAtATime = (agent: Agent): void => {
    let ringing: string | undefined;
    for (const message of agent.messages) {
      if (message.type === 'voice.offer') {
        expect(ringing, `offer of ${message.callId} while ${String(ringing)} rang`).toBeUndefined();
        ringing = message.callId;
      } else if ((message.type === 'voice.connected' || message.type === 'voice.offer_withdrawn') && message.callId === ringing) {
        ringing = undefined;
      }
    }
  };

  it('five callers and two agents: each call answered exactly once, positions in order, a ring-out moves on to the next agent', async () => {
    const ana = await registerAgent(tokens.ana);
    const bruno = await registerAgent(tokens.bruno, 'break');

    const first = await joinCaller('Caller 1');
    expect(first.queued).toMatchObject({ position: 1, iceServers: [{ urls: ['stun:stun.example.org:3478'] }] });
    const offerToAna = await ana.waitFor(is('voice.offer', first.callId));
    expect(offerToAna).toMatchObject({ kind: 'queue', queueId: QUEUE_ID, ringTimeoutSeconds: 5, from: { kind: 'caller', name: 'Caller 1', phone: '+5511987650000', reason: 'billing question' } });
    await first.caller.waitFor(callerIs('ringing'));

    // Bruno becomes available while Ana's phone rings: the call stays with Ana until it rings out.
    bruno.send({ type: 'voice.state', state: 'available' });
    await bruno.waitFor((message) => message.type === 'voice.presence' && message.presence.state === 'available');
    expect(scheduler.pendingDelays()).toContain(RING_MS);
    expect(scheduler.fire(RING_MS)).toBe(1);
    expect(await ana.waitFor(is('voice.offer_withdrawn', first.callId))).toMatchObject({ reason: 'timeout' });
    await ana.waitFor((message) => message.type === 'voice.presence' && message.presence.state === 'break' && message.presence.reason === 'missed_call');
    await bruno.waitFor(is('voice.offer', first.callId));

    bruno.send({ type: 'voice.answer', callId: first.callId });
    const brunoConnected = await bruno.waitFor(is('voice.connected', first.callId));
    expect(brunoConnected).toMatchObject({ role: 'offerer', recordId: first.callId, peer: { kind: 'caller', name: 'Caller 1' } });
    expect(await first.caller.waitFor(callerIs('connected'))).toEqual({ type: 'connected', connectionId: brunoConnected.connectionId, agentName: 'Bruno Lima' });

    // Four more callers while both agents are taken: they line up 1..4.
    const others = [];
    for (const name of ['Caller 2', 'Caller 3', 'Caller 4', 'Caller 5']) others.push(await joinCaller(name));
    expect(others.map(({ queued }) => queued.position)).toEqual([1, 2, 3, 4]);

    // Ana is back: caller 2 rings at her; once she answers, everyone behind moves up one place.
    ana.send({ type: 'voice.state', state: 'available' });
    const [second, third, fourth, fifth] = others as [typeof first, typeof first, typeof first, typeof first];
    await ana.waitFor(is('voice.offer', second.callId));
    ana.send({ type: 'voice.answer', callId: second.callId });
    await ana.waitFor(is('voice.connected', second.callId));
    for (const [waiting, place] of [[third, 1], [fourth, 2], [fifth, 3]] as const) {
      await waiting.caller.waitFor((message) => message.type === 'position' && message.position === place);
      // Updates may refresh the estimate, but a caller never moves back.
      const places = waiting.caller.messages.flatMap((message) => (message.type === 'position' || message.type === 'queued' ? [message.position] : []));
      expect(places).toEqual([...places].sort((x, y) => y - x));
    }

    // Each agent hangs up and takes the next caller in line until nobody waits.
    const pending = [third, fourth, fifth];
    const talking = new Map([[ana, second], [bruno, first]]);
    while (pending.length > 0) {
      for (const [agent, current] of [...talking]) {
        const next = pending.shift();
        if (next === undefined) break;
        agent.send({ type: 'voice.hangup', callId: current.callId });
        expect(await current.caller.waitFor(callerIs('ended'))).toEqual({ type: 'ended', reason: 'peer_hangup' });
        await agent.waitFor(is('voice.offer', next.callId));
        agent.send({ type: 'voice.answer', callId: next.callId });
        await agent.waitFor(is('voice.connected', next.callId));
        talking.set(agent, next);
      }
    }
    for (const [agent, current] of talking) agent.send({ type: 'voice.hangup', callId: current.callId });

    const everyone = [first, ...others];
    for (const { caller } of everyone) {
      await caller.waitFor(callerIs('ended'));
      expect(caller.messages.filter((message) => message.type === 'connected')).toHaveLength(1);
    }
    expectOneOfferAtATime(ana);
    expectOneOfferAtATime(bruno);

    const ids = new Set(everyone.map(({ callId }) => callId));
    const calls = await callsWhen((all) => all.filter((call) => ids.has(call.providerCallId ?? '') && call.endedAt !== undefined).length === 6);
    const mine = calls.filter((call) => ids.has(call.providerCallId ?? ''));
    for (const { callId } of everyone) {
      const answered = mine.filter((call) => call.providerCallId === callId && call.outcome === 'answered');
      expect(answered, callId).toHaveLength(1);
      expect(answered[0]).toMatchObject({ id: callId, direction: 'inbound', provider: 'webrtc', queueId: QUEUE_ID, fromNumber: '+5511987650000' });
      expect(answered[0]?.talkSeconds).toEqual(expect.any(Number));
    }
    // The ring-out is recorded as Ana's missed call; the answer as Bruno's.
    expect(mine.find((call) => call.id === `${first.callId}_1`)).toMatchObject({ outcome: 'missed', agentId: 'usr_ana', providerCallId: first.callId });
    expect(mine.find((call) => call.id === first.callId)).toMatchObject({ outcome: 'answered', agentId: 'usr_bruno' });

    ana.send({ type: 'voice.state', state: 'offline' });
    bruno.send({ type: 'voice.state', state: 'offline' });
  });

  it('relays signals only between the paired caller and agent, and refuses forged or stale ones', async () => {
    const ana = await registerAgent(tokens.ana);
    const bruno = await registerAgent(tokens.bruno, 'break');
    const { caller, callId } = await joinCaller('Signalling caller');
    await ana.waitFor(is('voice.offer', callId));

    // Nobody else can answer the call ringing at Ana.
    bruno.send({ type: 'voice.answer', callId, ref: 'steal' });
    expect(await bruno.waitFor(is('voice.error'))).toMatchObject({ code: 'unknown_call', ref: 'steal' });

    ana.send({ type: 'voice.answer', callId });
    const { connectionId } = await ana.waitFor(is('voice.connected', callId));
    ana.send({ type: 'voice.signal', callId, connectionId, payload: SDP_OFFER });
    expect(await caller.waitFor(callerIs('signal'))).toEqual({ type: 'signal', connectionId, payload: SDP_OFFER });
    caller.send({ type: 'signal', connectionId, payload: SDP_ANSWER });
    caller.send({ type: 'signal', connectionId, payload: { kind: 'candidate', candidate: { candidate: 'candidate:1 1 udp 1 192.0.2.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: null } } });
    expect(await ana.waitFor(is('voice.signal', callId))).toEqual({ type: 'voice.signal', callId, connectionId, payload: SDP_ANSWER });
    await ana.waitFor(is('voice.signal', callId), 2);

    // Another agent cannot inject into the call, and a stale connection id is refused.
    bruno.send({ type: 'voice.signal', callId, connectionId, payload: SDP_OFFER, ref: 'forged' });
    expect(await bruno.waitFor((message) => message.type === 'voice.error' && message.ref === 'forged')).toMatchObject({ code: 'not_in_call' });
    ana.send({ type: 'voice.signal', callId, connectionId: connectionId + 1000, payload: SDP_OFFER, ref: 'stale' });
    expect(await ana.waitFor((message) => message.type === 'voice.error' && message.ref === 'stale')).toMatchObject({ code: 'stale_connection' });
    caller.send({ type: 'signal', connectionId: connectionId + 1000, payload: SDP_ANSWER });
    expect(await caller.waitFor(callerIs('error'))).toMatchObject({ code: 'stale_connection' });

    // Hold is relayed to the caller and its time recorded.
    ana.send({ type: 'voice.hold', callId, held: true });
    expect(await caller.waitFor(callerIs('held'))).toEqual({ type: 'held', held: true });
    caller.send({ type: 'hangup' });
    expect(await ana.waitFor(is('voice.ended', callId))).toMatchObject({ reason: 'caller_hangup' });

    expect(caller.messages.filter((message) => message.type === 'signal')).toHaveLength(1);
    expect(bruno.messages.filter((message) => message.type === 'voice.signal')).toEqual([]);
    ana.send({ type: 'voice.state', state: 'offline' });
  });

  it('records a caller who hangs up while waiting as abandoned, and shows it to supervisors', async () => {
    const supervisor = await openAgent(tokens.carla);
    supervisor.send({ type: 'voice.monitor', on: true });
    await supervisor.waitFor(is('voice.live'));
    const nobody = await registerAgent(tokens.bruno, 'break');

    const { caller, callId } = await joinCaller('Impatient caller', 'set_queue_voice_l2');
    const live = await supervisor.waitFor(
      (message): message is AgentMessage<'voice.live'> => message.type === 'voice.live' && message.queues.some((queue) => queue.queueId === 'set_queue_voice_l2' && queue.waiting === 1),
    );
    const queueStats = live.queues.find((queue) => queue.queueId === 'set_queue_voice_l2');
    expect(queueStats).toMatchObject({ waiting: 1, serviceLevelTargetSeconds: 20, agentsByState: { break: 1, available: 0 } });
    expect(queueStats?.longestWaitingSince).toEqual(expect.any(String));
    expect(live.agents).toContainEqual(expect.objectContaining({ userId: 'usr_bruno', state: 'break' }));

    caller.send({ type: 'hangup' });
    expect(await caller.closed).toBe(1000);
    const afterwards = await supervisor.waitFor(
      (message): message is AgentMessage<'voice.live'> => message.type === 'voice.live' && message.queues.some((queue) => queue.queueId === 'set_queue_voice_l2' && queue.abandoned === 1),
    );
    expect(afterwards.queues.find((queue) => queue.queueId === 'set_queue_voice_l2')).toMatchObject({ waiting: 0, answered: 0, abandoned: 1, serviceLevelPercent: 0 });

    const calls = await callsWhen((all) => all.some((call) => call.id === callId));
    const abandoned = calls.find((call) => call.id === callId);
    expect(abandoned).toMatchObject({ outcome: 'abandoned', queueId: 'set_queue_voice_l2', provider: 'webrtc', direction: 'inbound' });
    expect(abandoned?.agentId).toBeUndefined();
    expect(abandoned?.endedAt).toEqual(expect.any(String));
    nobody.send({ type: 'voice.state', state: 'offline' });
  });

  it('shows supervisors every enabled queue, what each agent is doing, breaks with their reason, and agents who went offline', async () => {
    const pushed = await server.request(tokens.admin, 'POST', '/api/v1/sync/settings/push', [
      insertRow(queueSettings('set_queue_voice_board', { serviceLevelTargetSeconds: 30, serviceLevelTargetPercent: 90 })),
      insertRow({ ...queueSettings('set_queue_voice_off'), enabled: false }),
    ]);
    expect(pushed.statusCode).toBe(200);
    type Live = AgentMessage<'voice.live'>;
    const supervisor = await openAgent(tokens.carla);
    /** The first board from now on that satisfies `ready` (older boards may show older states). */
    const liveWhen = (ready: (live: Live) => boolean): Promise<Live> => {
      const earlier = new Set(supervisor.messages);
      return supervisor.waitFor((message): message is Live => !earlier.has(message) && message.type === 'voice.live' && ready(message));
    };
    const boardQueue = (live: Live) => live.queues.find((queue) => queue.queueId === 'set_queue_voice_board');
    const anaOn = (live: Live) => live.agents.find((agent) => agent.userId === 'usr_ana');

    // A queue nobody has called yet is on the board from the start; a disabled one is not.
    const firstBoard = liveWhen(() => true);
    supervisor.send({ type: 'voice.monitor', on: true });
    const first = await firstBoard;
    expect(boardQueue(first)).toMatchObject({ name: 'Queue set_queue_voice_board', waiting: 0, longestWaitSeconds: 0, answered: 0, abandoned: 0, serviceLevelTargetSeconds: 30, serviceLevelTargetPercent: 90 });
    expect(boardQueue(first)?.serviceLevelPercent).toBeUndefined();
    expect(first.queues.map((queue) => queue.queueId)).not.toContain('set_queue_voice_off');
    expect(Date.parse(first.at)).not.toBeNaN();

    // A break with its reason and since when.
    const ana = await openAgent(tokens.ana);
    const breakBoard = liveWhen((live) => anaOn(live)?.state === 'break');
    ana.send({ type: 'voice.register', version: VOICE_PROTOCOL_VERSION, state: 'break', reason: 'lunch' });
    const onBreak = anaOn(await breakBoard);
    expect(onBreak).toMatchObject({ state: 'break', reason: 'lunch', activity: [] });
    expect(Date.parse(onBreak?.since ?? '')).not.toBeNaN();

    // Ringing, then connected: the caller's name and queue, and since when.
    ana.send({ type: 'voice.state', state: 'available' });
    const ringingBoard = liveWhen((live) => anaOn(live)?.activity[0]?.phase === 'ringing');
    const { caller, callId } = await joinCaller('Board caller', 'set_queue_voice_board');
    const ringing = await ringingBoard;
    const [ringingCall, ...noMore] = anaOn(ringing)?.activity ?? [];
    expect(noMore).toEqual([]);
    expect(ringingCall).toEqual({ callId, kind: 'queue', phase: 'ringing', peerName: 'Board caller', queueId: 'set_queue_voice_board', queueName: 'Queue set_queue_voice_board', since: ringingCall?.since, held: false });
    expect(Date.parse(ringingCall?.since ?? '')).not.toBeNaN();
    expect(boardQueue(ringing)).toMatchObject({ waiting: 1, agentsByState: { available: 1 } });

    const connectedBoard = liveWhen((live) => anaOn(live)?.activity[0]?.phase === 'connected');
    ana.send({ type: 'voice.answer', callId });
    const connected = await connectedBoard;
    expect(anaOn(connected)).toMatchObject({ state: 'on_call', callIds: [callId], activity: [{ callId, kind: 'queue', phase: 'connected', peerName: 'Board caller', held: false }] });
    expect(boardQueue(connected)).toMatchObject({ waiting: 0, answered: 1, answeredWithinTarget: 1, serviceLevelPercent: 100, agentsByState: { on_call: 1, available: 0 } });

    // Hold shows on the board.
    const heldBoard = liveWhen((live) => anaOn(live)?.activity[0]?.held === true);
    ana.send({ type: 'voice.hold', callId, held: true });
    await heldBoard;

    // The call ends and Ana signs out of voice: she stays on the board, offline since then.
    const availableBoard = liveWhen((live) => anaOn(live)?.state === 'available');
    caller.send({ type: 'hangup' });
    await availableBoard;
    const goneBoard = liveWhen((live) => anaOn(live)?.state === 'offline');
    ana.send({ type: 'voice.state', state: 'offline' });
    const gone = await goneBoard;
    expect(anaOn(gone)).toMatchObject({ name: 'Ana Souza', state: 'offline', callIds: [], activity: [] });
    expect(Date.parse(anaOn(gone)?.since ?? '')).toBeGreaterThanOrEqual(Date.parse(onBreak?.since ?? ''));
    expect(boardQueue(gone)?.agentsByState.offline).toBeGreaterThanOrEqual(1);

    // Back again: listed once, with her new state.
    const backBoard = liveWhen((live) => anaOn(live)?.state === 'available');
    ana.send({ type: 'voice.register', version: VOICE_PROTOCOL_VERSION, state: 'available' });
    const back = await backBoard;
    expect(back.agents.filter((agent) => agent.userId === 'usr_ana')).toHaveLength(1);
    ana.send({ type: 'voice.state', state: 'offline' });

    // Monitoring off: no more boards.
    supervisor.send({ type: 'voice.monitor', on: false });
    // The socket's messages are handled in order: once this is answered, monitoring is off.
    supervisor.send({ type: 'voice.teleport', ref: 'sync' });
    await supervisor.waitFor((message) => message.type === 'voice.error' && message.ref === 'sync');
    const before = supervisor.messages.length;
    const other = await registerAgent(tokens.bruno);
    other.send({ type: 'voice.state', state: 'offline' });
    await other.waitFor(is('voice.presence'));
    // A board for those changes would have been sent before the server answers this.
    supervisor.send({ type: 'voice.teleport', ref: 'sync2' });
    await supervisor.waitFor((message) => message.type === 'voice.error' && message.ref === 'sync2');
    expect(supervisor.messages.slice(before).filter((message) => message.type === 'voice.live')).toEqual([]);
  });

  it('transfers: cold to another agent, and warm (consult, then hand over)', async () => {
    const ana = await registerAgent(tokens.ana);
    const bruno = await registerAgent(tokens.bruno, 'break');
    const { caller, callId } = await joinCaller('Transferred caller');
    await ana.waitFor(is('voice.offer', callId));
    ana.send({ type: 'voice.answer', callId });
    await ana.waitFor(is('voice.connected', callId));

    // Cold: Bruno is on a break, so the transfer is refused; once he is available it rings him.
    ana.send({ type: 'voice.transfer', callId, target: { userId: 'usr_bruno' }, ref: 'cold-1' });
    expect(await ana.waitFor((message) => message.type === 'voice.error' && message.ref === 'cold-1')).toMatchObject({ code: 'agent_unavailable' });
    bruno.send({ type: 'voice.state', state: 'available' });
    await bruno.waitFor((message) => message.type === 'voice.presence' && message.presence.state === 'available');
    ana.send({ type: 'voice.transfer', callId, target: { userId: 'usr_bruno' } });
    expect(await ana.waitFor(is('voice.ended', callId))).toMatchObject({ reason: 'transferred' });
    await caller.waitFor(callerIs('transferring'));
    expect(await bruno.waitFor(is('voice.offer', callId))).toMatchObject({ kind: 'transfer' });
    bruno.send({ type: 'voice.answer', callId });
    const atBruno = await bruno.waitFor(is('voice.connected', callId));
    expect(atBruno.recordId).toBe(`${callId}_1`);
    expect(await caller.waitFor(callerIs('connected'), 2)).toMatchObject({ connectionId: atBruno.connectionId, agentName: 'Bruno Lima' });

    // Warm: Bruno consults Ana (available again), then hands the caller over.
    bruno.send({ type: 'voice.consult', callId, target: { userId: 'usr_ana' }, ref: 'consult' });
    const dialing = await bruno.waitFor((message): message is AgentMessage<'voice.dialing'> => message.type === 'voice.dialing' && message.ref === 'consult');
    expect(dialing).toMatchObject({ consultFor: callId, to: { kind: 'agent', userId: 'usr_ana' } });
    expect(await ana.waitFor(is('voice.offer', dialing.callId))).toMatchObject({ kind: 'consult', from: { kind: 'agent', userId: 'usr_bruno' } });
    ana.send({ type: 'voice.answer', callId: dialing.callId });
    const consultAtBruno = await bruno.waitFor(is('voice.connected', dialing.callId));
    expect(consultAtBruno).toMatchObject({ role: 'answerer', peer: { kind: 'agent', userId: 'usr_ana' } });
    // The consult is its own connection: signals there go to Ana only.
    bruno.send({ type: 'voice.signal', callId: dialing.callId, connectionId: consultAtBruno.connectionId, payload: SDP_ANSWER });
    await ana.waitFor(is('voice.signal', dialing.callId));

    bruno.send({ type: 'voice.complete_transfer', callId: dialing.callId });
    expect(await bruno.waitFor(is('voice.ended', callId))).toMatchObject({ reason: 'transferred' });
    const atAna = await ana.waitFor(is('voice.connected', callId), 2);
    expect(atAna).toMatchObject({ role: 'offerer', recordId: `${callId}_2`, peer: { kind: 'caller', name: 'Transferred caller' } });
    expect(await caller.waitFor(callerIs('connected'), 3)).toMatchObject({ connectionId: atAna.connectionId, agentName: 'Ana Souza' });
    // Bruno's old connection is gone: his signals no longer reach the caller.
    bruno.send({ type: 'voice.signal', callId, connectionId: atBruno.connectionId, payload: SDP_OFFER, ref: 'after' });
    expect(await bruno.waitFor((message) => message.type === 'voice.error' && message.ref === 'after')).toMatchObject({ code: 'not_in_call' });

    ana.send({ type: 'voice.hangup', callId });
    await caller.waitFor(callerIs('ended'));
    const calls = await callsWhen((all) => [callId, `${callId}_1`, `${callId}_2`, dialing.callId].every((id) => all.some((call) => call.id === id && call.endedAt !== undefined)));
    expect(calls.find((call) => call.id === callId)).toMatchObject({ outcome: 'answered', agentId: 'usr_ana' });
    expect(calls.find((call) => call.id === `${callId}_1`)).toMatchObject({ outcome: 'answered', agentId: 'usr_bruno' });
    expect(calls.find((call) => call.id === `${callId}_2`)).toMatchObject({ outcome: 'answered', agentId: 'usr_ana' });
    expect(calls.find((call) => call.id === dialing.callId)).toMatchObject({ direction: 'internal', outcome: 'answered', agentId: 'usr_bruno', peerUserId: 'usr_ana' });
    ana.send({ type: 'voice.state', state: 'offline' });
    bruno.send({ type: 'voice.state', state: 'offline' });
  });

  it('agent-to-agent calls by extension ring out after the internal ring time', async () => {
    const ana = await registerAgent(tokens.ana);
    const bruno = await registerAgent(tokens.bruno);
    ana.send({ type: 'voice.dial', target: { extension: '2002' }, ref: 'dial' });
    const dialing = await ana.waitFor(is('voice.dialing'));
    expect(dialing).toMatchObject({ ref: 'dial', to: { userId: 'usr_bruno', name: 'Bruno Lima' } });
    expect(await bruno.waitFor(is('voice.offer', dialing.callId))).toMatchObject({ kind: 'internal', ringTimeoutSeconds: 30 });
    expect(scheduler.fire(30_000)).toBe(1);
    expect(await ana.waitFor(is('voice.ended', dialing.callId))).toMatchObject({ reason: 'timeout' });
    expect(await bruno.waitFor(is('voice.offer_withdrawn', dialing.callId))).toMatchObject({ reason: 'timeout' });
    const calls = await callsWhen((all) => all.some((call) => call.id === dialing.callId));
    expect(calls.find((call) => call.id === dialing.callId)).toMatchObject({ direction: 'internal', outcome: 'missed', agentId: 'usr_ana', peerUserId: 'usr_bruno' });
    ana.send({ type: 'voice.state', state: 'offline' });
    bruno.send({ type: 'voice.state', state: 'offline' });
  });

  describe('refuses what it should', () => {
    it('invalid, unknown and premature caller messages close the caller socket', async () => {
      const extra = await openCaller();
      extra.send({ type: 'join', version: 1, queueId: QUEUE_ID, name: 'Mallory', admin: true });
      expect(await extra.waitFor(callerIs('error'))).toMatchObject({ code: 'invalid_message' });
      expect(await extra.closed).toBe(1008);

      const early = await openCaller();
      early.send({ type: 'signal', connectionId: 1, payload: SDP_OFFER });
      expect(await early.waitFor(callerIs('error'))).toMatchObject({ code: 'invalid_state' });
      expect(await early.closed).toBe(1008);

      const lost = await openCaller();
      lost.send({ type: 'join', version: 1, queueId: 'set_no_such_queue', name: 'Lost' });
      expect(await lost.waitFor(callerIs('error'))).toMatchObject({ code: 'unknown_queue' });
      expect(await lost.closed).toBe(1008);

      const future = await openCaller();
      future.send({ type: 'join', version: 99, queueId: QUEUE_ID, name: 'Future' });
      expect(await future.waitFor(callerIs('error'))).toMatchObject({ code: 'unsupported_version' });

      const oversized = await openCaller();
      oversized.send({ type: 'signal', connectionId: 1, payload: { kind: 'description', description: { type: 'offer', sdp: 'x'.repeat(40_000) } } });
      expect(await oversized.closed).toBe(1008);
    });

    it('a caller flooding messages is cut off', async () => {
      const { caller } = await joinCaller('Flooder');
      for (let i = 0; i < 100; i++) caller.send({ type: 'signal', connectionId: 1, payload: SDP_ANSWER });
      expect(await caller.waitFor((message) => message.type === 'error' && message.code === 'rate_limited')).toBeDefined();
      expect(await caller.closed).toBe(1008);
    });

    it('agents must register, may not monitor, and get invalid_message for malformed voice messages', async () => {
      const agent = await openAgent(tokens.ana);
      agent.send({ type: 'voice.answer', callId: 'wrtc_forged', ref: 'r1' });
      expect(await agent.waitFor(is('voice.error'))).toMatchObject({ code: 'not_registered', ref: 'r1' });
      agent.send({ type: 'voice.monitor', on: true, ref: 'r2' });
      expect(await agent.waitFor((message) => message.type === 'voice.error' && message.ref === 'r2')).toMatchObject({ code: 'forbidden' });
      agent.send({ type: 'voice.hangup', callId: 'x', sneaky: 1, ref: 'r3' });
      expect(await agent.waitFor((message) => message.type === 'voice.error' && message.ref === 'r3')).toMatchObject({ code: 'invalid_message' });
      agent.send({ type: 'voice.teleport', ref: 'r4' });
      expect(await agent.waitFor((message) => message.type === 'voice.error' && message.ref === 'r4')).toMatchObject({ code: 'invalid_message' });
    });

    it('a stream socket without a valid token hears nothing and is closed', async () => {
      const anonymous: Agent = new Client(new WebSocket(`${baseWs()}/api/v1/sync/stream`));
      anonymous.socket.on('open', () => {
        anonymous.send({ type: 'voice.register', version: 1, state: 'available' });
      });
      expect(await anonymous.closed).toBe(4401);
      expect(anonymous.messages).toEqual([]);
    });

    it('rate-limits new caller connections per address', async () => {
      const strict = await startTestServer(testDb.database, {
        listen: true,
        voiceScheduler: new ManualScheduler(),
        config: { jwtSecret: undefined, webDir: '/nonexistent/atende-renderer', voice: { ...DEFAULT_VOICE_CONFIG, callerConnectionsPerMinute: 2 } },
      });
      onTestFinished(() => strict.close());
      const url = `${(strict.baseUrl ?? '').replace(/^http/, 'ws')}${VOICE_CALLER_PATH}`;
      const open = (): Promise<number | 'open'> =>
        new Promise((resolve) => {
          const socket = new WebSocket(url);
          socket.on('open', () => {
            socket.close();
            resolve('open');
          });
          socket.on('unexpected-response', (_request, response) => {
            resolve(response.statusCode ?? 0);
          });
        });
      expect([await open(), await open(), await open()]).toEqual(['open', 'open', 429]);
    });
  });
});
