/**
 * `npm run bench:voice`: the WebRTC switchboard's call distribution, on the real server in this process
 * over loopback WebSockets (agents on the sync stream, callers on the public caller socket).
 *
 * 1. Ringing latency: one caller at a time joins; time from sending `join` to the agent's `voice.offer`.
 * 2. Burst: 50 callers join at once with 20 agents who answer every offer and hang up after a short
 *    talk; routing time per offer (from the moment the pairing became possible — the caller joined and
 *    the agent was free — to the offer), and proof that nobody was double-assigned: no agent ever holds
 *    two offers or an offer during a call, every call is offered exactly once, connected exactly once
 *    and ends exactly once, and the server's call records say the same.
 *
 * Appends a section to docs/benchmarks.md and prints the rows.
 */
import { performance } from 'node:perf_hooks';
import type { Call } from '../../src/shared/domain/call';
import type { PullResponse } from '../../src/shared/sync/protocol';
import { appendReport, type BenchRow } from '../lib/report';
import { percentile, round } from '../lib/stats';
import { isAgentMessage, joinMessage, startBenchServer, type Agent, type BenchServer, type Caller } from './harness';

const AGENTS = 20;
const WARM_UP_CALLS = 20;
const SEQUENTIAL_CALLS = 250;
const BURST_CALLERS = 50;
const BURST_ROUNDS = 3;
const LATENCY_P95_TARGET_MS = 300;
const RECORDS_DEADLINE_MS = 15_000;

interface OfferSample {
  readonly callId: string;
  readonly agentId: string;
  readonly at: number;
  /** When this agent was last free: registered, or sent the hang-up of its previous call. */
  readonly agentFreeSince: number;
}

interface AgentState {
  readonly userId: string;
  readonly agent: Agent;
  offered: string | null;
  inCall: string | null;
  freeSince: number;
}

/**
 * Plays every agent (answer each offer at once, hang up after `talkMs`) and checks the invariants on
 * every message, in each socket's own order.
 */
class Floor {
  readonly offers: OfferSample[] = [];
  readonly offersByCall = new Map<string, string[]>();
  readonly connectedByCall = new Map<string, string[]>();
  readonly endedByCall = new Map<string, number>();
  readonly violations: string[] = [];
  withdrawn = 0;
  talkMs: (callId: string) => number = () => 0;
  private readonly offerWaiters = new Map<string, (sample: OfferSample) => void>();
  private readonly states: AgentState[] = [];

  add(userId: string, agent: Agent): void {
    const state: AgentState = { userId, agent, offered: null, inCall: null, freeSince: performance.now() };
    this.states.push(state);
    agent.onMessage(({ at, message }) => {
      if (isAgentMessage(message, 'voice.offer')) this.onOffer(state, message.callId, at);
      else if (isAgentMessage(message, 'voice.connected')) this.onConnected(state, message.callId);
      else if (isAgentMessage(message, 'voice.ended')) this.endedByCall.set(message.callId, (this.endedByCall.get(message.callId) ?? 0) + 1);
      else if (isAgentMessage(message, 'voice.offer_withdrawn')) {
        this.withdrawn += 1;
        if (state.offered === message.callId) state.offered = null;
      } else if (isAgentMessage(message, 'voice.error')) this.violations.push(`${state.userId} got voice.error ${message.code}: ${message.message}`);
    });
  }

  waitOffer(callId: string): Promise<OfferSample> {
    const found = this.offers.find((sample) => sample.callId === callId);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve) => this.offerWaiters.set(callId, resolve));
  }

  private onOffer(state: AgentState, callId: string, at: number): void {
    if (state.offered !== null) this.violations.push(`${state.userId} got an offer of ${callId} while ${state.offered} rang`);
    if (state.inCall !== null) this.violations.push(`${state.userId} got an offer of ${callId} during call ${state.inCall}`);
    const holders = this.states.filter((other) => other !== state && (other.offered === callId || other.inCall === callId));
    for (const other of holders) this.violations.push(`${callId} offered to ${state.userId} while ${other.userId} held it`);
    const sample = { callId, agentId: state.userId, at, agentFreeSince: state.freeSince };
    this.offers.push(sample);
    this.offersByCall.set(callId, [...(this.offersByCall.get(callId) ?? []), state.userId]);
    state.offered = callId;
    state.agent.send({ type: 'voice.answer', callId });
    this.offerWaiters.get(callId)?.(sample);
    this.offerWaiters.delete(callId);
  }

  private onConnected(state: AgentState, callId: string): void {
    if (state.offered !== callId) this.violations.push(`${state.userId} connected to ${callId} without holding its offer`);
    state.offered = null;
    state.inCall = callId;
    this.connectedByCall.set(callId, [...(this.connectedByCall.get(callId) ?? []), state.userId]);
    const hangUp = (): void => {
      state.inCall = null;
      state.freeSince = performance.now();
      state.agent.send({ type: 'voice.hangup', callId });
    };
    const talk = this.talkMs(callId);
    if (talk <= 0) hangUp();
    else setTimeout(hangUp, talk);
  }
}

interface CallerRun {
  readonly caller: Caller;
  readonly joinAt: number;
  readonly callId: string;
}

async function joinAndTrack(caller: Caller, index: number): Promise<CallerRun> {
  const joinAt = performance.now();
  caller.send(joinMessage(index));
  const queued = await caller.waitFor((message) => message.type === 'queued' || message.type === 'error', `queued for caller ${String(index)}`);
  if (queued.message.type !== 'queued') throw new Error(`caller ${String(index)} refused: ${JSON.stringify(queued.message)}`);
  return { caller, joinAt, callId: queued.message.callId };
}

async function runSequential(server: BenchServer, floor: Floor): Promise<number[]> {
  floor.talkMs = () => 0;
  const latencies: number[] = [];
  for (let index = 0; index < WARM_UP_CALLS + SEQUENTIAL_CALLS; index += 1) {
    const caller = await server.openCaller();
    const run = await joinAndTrack(caller, index);
    const offer = await floor.waitOffer(run.callId);
    if (index >= WARM_UP_CALLS) latencies.push(offer.at - run.joinAt);
    await caller.waitFor((message) => message.type === 'ended', `end of ${run.callId}`);
    await caller.close();
  }
  return latencies;
}

interface BurstResult {
  readonly runs: CallerRun[];
  readonly drainMs: number;
}

async function runBurst(server: BenchServer, floor: Floor, round_: number): Promise<BurstResult> {
  // Talk times of 20–59 ms, spread deterministically, so agents free up in an interleaved order.
  let next = 0;
  const talk = new Map<string, number>();
  floor.talkMs = (callId) => {
    const known = talk.get(callId);
    if (known !== undefined) return known;
    const value = 20 + ((next * 7) % 40);
    next += 1;
    talk.set(callId, value);
    return value;
  };
  const callers = await Promise.all(Array.from({ length: BURST_CALLERS }, () => server.openCaller()));
  const start = performance.now();
  const runs = await Promise.all(callers.map((caller, index) => joinAndTrack(caller, round_ * 1000 + index)));
  await Promise.all(runs.map(({ caller, callId }) => caller.waitFor((message) => message.type === 'ended', `end of ${callId}`)));
  const drainMs = performance.now() - start;
  for (const { caller, callId } of runs) {
    const connected = caller.received.filter(({ message }) => message.type === 'connected').length;
    if (connected !== 1) floor.violations.push(`caller of ${callId} was connected ${String(connected)} times`);
  }
  await Promise.all(callers.map((caller) => caller.close()));
  return { runs, drainMs };
}

/** The server's `calls` records, paged through as the admin. */
async function pullCalls(server: BenchServer): Promise<Call[]> {
  const all: Call[] = [];
  let checkpoint: unknown = null;
  for (;;) {
    const query = checkpoint === null ? '' : `&checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}`;
    const response = await fetch(`${server.baseUrl}/api/v1/sync/calls/pull?limit=1000${query}`, { headers: { authorization: `Bearer ${server.adminToken}` } });
    const page = (await response.json()) as PullResponse<Call>;
    if (page.documents.length === 0) return all;
    all.push(...page.documents);
    checkpoint = page.checkpoint;
  }
}

/** Call records are written after commit, asynchronously: wait (bounded) until every call has its answered record. */
async function checkRecords(server: BenchServer, floor: Floor, callIds: readonly string[]): Promise<{ matched: number; problems: string[] }> {
  const deadline = performance.now() + RECORDS_DEADLINE_MS;
  for (;;) {
    const calls = await pullCalls(server);
    const problems: string[] = [];
    let matched = 0;
    for (const callId of callIds) {
      const answered = calls.filter((call) => call.providerCallId === callId && call.outcome === 'answered');
      const agentId = floor.connectedByCall.get(callId)?.[0];
      if (answered.length === 1 && answered[0]?.agentId === agentId) matched += 1;
      else problems.push(`${callId}: ${String(answered.length)} answered record(s), agent ${String(answered[0]?.agentId)} vs connected ${String(agentId)}`);
    }
    if (problems.length === 0 || performance.now() > deadline) return { matched, problems };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const ms = (value: number): string => `${String(round(value, 1))} ms`;
const triple = (samples: readonly number[]): string => `${ms(percentile(samples, 50))} / ${ms(percentile(samples, 95))} / ${ms(percentile(samples, 99))}`;

async function main(): Promise<void> {
  const server = await startBenchServer(AGENTS);
  try {
    const floor = new Floor();
    for (const { userId, token } of server.agentTokens) floor.add(userId, await server.openAgent(token));

    const latencies = await runSequential(server, floor);

    const bursts: BurstResult[] = [];
    for (let round_ = 0; round_ < BURST_ROUNDS; round_ += 1) bursts.push(await runBurst(server, floor, round_));
    const burstRuns = bursts.flatMap((burst) => burst.runs);
    const joinAtByCall = new Map(burstRuns.map((run) => [run.callId, run.joinAt]));
    const routing: number[] = [];
    const routingIdleAgent: number[] = [];
    const routingAfterHangup: number[] = [];
    const queueWait: number[] = [];
    for (const offer of floor.offers) {
      const joinAt = joinAtByCall.get(offer.callId);
      if (joinAt === undefined) continue;
      const sample = offer.at - Math.max(joinAt, offer.agentFreeSince);
      routing.push(sample);
      (offer.agentFreeSince <= joinAt ? routingIdleAgent : routingAfterHangup).push(sample);
      queueWait.push(offer.at - joinAt);
    }

    // Every call of the run (sequential and burst): offered once, connected once, ended once.
    const allCallIds = [...new Set([...floor.offersByCall.keys(), ...burstRuns.map((run) => run.callId)])];
    for (const callId of allCallIds) {
      const offered = floor.offersByCall.get(callId)?.length ?? 0;
      const connected = floor.connectedByCall.get(callId)?.length ?? 0;
      const ended = floor.endedByCall.get(callId) ?? 0;
      if (offered !== 1 || connected !== 1 || ended !== 1) floor.violations.push(`${callId}: offered ${String(offered)}, connected ${String(connected)}, ended ${String(ended)} times`);
    }
    const burstIds = burstRuns.map((run) => run.callId);
    const records = await checkRecords(server, floor, burstIds);
    const answeredOnce = burstIds.filter((callId) => floor.connectedByCall.get(callId)?.length === 1).length;

    const p95 = percentile(latencies, 95);
    const rows: BenchRow[] = [
      { metric: `join → agent offer (ringing), ${String(SEQUENTIAL_CALLS)} sequential calls, p50 / p95 / p99`, value: triple(latencies), target: `p95 ≤ ${String(LATENCY_P95_TARGET_MS)} ms`, met: p95 <= LATENCY_P95_TARGET_MS },
      { metric: 'join → agent offer, max', value: ms(Math.max(...latencies)) },
      {
        metric: `burst (${String(BURST_CALLERS)} callers at once × ${String(AGENTS)} agents, ${String(BURST_ROUNDS)} rounds): routing time per offer, p50 / p95 / p99`,
        value: triple(routing),
      },
      { metric: 'burst: routing time per offer, max', value: ms(Math.max(...routing)) },
      { metric: `burst: … to an agent idle when the caller joined (${String(routingIdleAgent.length)} offers), p50 / p95 / p99`, value: triple(routingIdleAgent) },
      { metric: `burst: … to a waiting caller after an agent hung up (${String(routingAfterHangup.length)} offers), p50 / p95 / p99`, value: triple(routingAfterHangup) },
      { metric: 'burst: join → offer incl. queueing, p50 / p95 / p99', value: triple(queueWait) },
      { metric: `burst: all ${String(BURST_CALLERS)} callers answered and hung up, per round`, value: bursts.map((burst) => ms(burst.drainMs)).join(', ') },
      {
        metric: 'double assignment (agent with two offers or an offer during a call, call offered twice or to two agents, voice errors)',
        value: `${String(floor.violations.length)} in ${String(floor.offers.length)} offers / ${String(allCallIds.length)} calls`,
        target: '0',
        met: floor.violations.length === 0,
      },
      { metric: 'burst: calls answered exactly once (agent and caller side)', value: `${String(answeredOnce)} / ${String(burstIds.length)}`, target: 'all', met: answeredOnce === burstIds.length },
      { metric: 'burst: one answered call record per call, by the agent who connected', value: `${String(records.matched)} / ${String(burstIds.length)}`, target: 'all', met: records.matched === burstIds.length },
      { metric: 'offers withdrawn (ring-outs, rejections)', value: String(floor.withdrawn), target: '0', met: floor.withdrawn === 0 },
    ];
    const notes = [
      `Real server in the bench's own process (in-memory PGlite), clients with \`ws\` over loopback; ${String(AGENTS)} agents registered on the sync stream after its RESYNC; no wrap-up (agents are available right after hanging up); queue ring timeout 120 s so no offer rings out.`,
      `Ringing latency: ${String(WARM_UP_CALLS)} warm-up calls not counted; each caller joins after the previous call ended; the clock runs from sending \`join\` to the offer's arrival at the agent's socket.`,
      'Routing time per offer: from the later of "caller sent join" and "this agent sent the hang-up of its previous call (or registered)" to the offer\'s arrival; agents answer at once and talk 20–59 ms.',
      ...floor.violations.slice(0, 10).map((violation) => `Violation: ${violation}`),
      ...records.problems.slice(0, 10).map((problem) => `Record mismatch: ${problem}`),
    ];
    await appendReport('Voice: call distribution (WebRTC switchboard)', rows, notes);
    console.table(rows);
    for (const note of notes) console.log(`- ${note}`);
  } finally {
    await server.close();
  }
}

await main();
