/**
 * Live queue statistics for supervisors: calls waiting, longest wait, service level, agents per
 * state. Outcomes are kept in memory over a rolling window (the durable record is the `calls`
 * collection; reports over longer periods read that).
 */
import { serviceLevelPercent } from '../../shared/voice/live-board';
import { AGENT_STATES, type AgentPresenceView, type AgentState, type QueueStatsView } from '../../shared/voice/signalling';
import { canServeQueue, type QueueRoute, type RoutingProfile } from './routing';

/** Service level and handle times cover the last 24 hours. */
export const STATS_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Talk time assumed before a queue has answered calls of its own. */
export const DEFAULT_TALK_SECONDS = 180;

interface QueueOutcome {
  readonly at: number;
  readonly answered: boolean;
  readonly waitMs: number;
}

interface TalkSample {
  readonly at: number;
  readonly seconds: number;
}

export interface ServiceLevel {
  readonly answered: number;
  readonly abandoned: number;
  readonly answeredWithinTarget: number;
  readonly serviceLevelPercent?: number;
}

export class QueueStatistics {
  private readonly outcomes = new Map<string, QueueOutcome[]>();
  private readonly talk = new Map<string, TalkSample[]>();

  constructor(private readonly windowMs = STATS_WINDOW_MS) {}

  /** A caller reached their first agent after waiting `waitMs`. */
  recordAnswered(queueId: string, waitMs: number, at: number): void {
    push(this.outcomes, queueId, { at, answered: true, waitMs });
  }

  /** A caller hung up before reaching an agent. */
  recordAbandoned(queueId: string, waitMs: number, at: number): void {
    push(this.outcomes, queueId, { at, answered: false, waitMs });
  }

  recordTalk(queueId: string, seconds: number, at: number): void {
    push(this.talk, queueId, { at, seconds });
  }

  /** answered within the target / (answered + abandoned), in % (abandons count against it). */
  serviceLevel(queue: QueueRoute, now: number): ServiceLevel {
    const recent = this.recent(this.outcomes, queue.id, now);
    const answered = recent.filter((outcome) => outcome.answered);
    const answeredWithinTarget = answered.filter((outcome) => outcome.waitMs <= queue.serviceLevelTargetSeconds * 1000).length;
    const total = recent.length;
    const percent = serviceLevelPercent(answeredWithinTarget, total);
    return {
      answered: answered.length,
      abandoned: total - answered.length,
      answeredWithinTarget,
      ...(percent === undefined ? {} : { serviceLevelPercent: percent }),
    };
  }

  /** Mean talk seconds of the queue's recent calls (DEFAULT_TALK_SECONDS before the first). */
  averageTalkSeconds(queueId: string, now: number): number {
    const recent = this.recent(this.talk, queueId, now);
    if (recent.length === 0) return DEFAULT_TALK_SECONDS;
    return recent.reduce((sum, sample) => sum + sample.seconds, 0) / recent.length;
  }

  private recent<T extends { readonly at: number }>(map: Map<string, T[]>, queueId: string, now: number): readonly T[] {
    const all = map.get(queueId) ?? [];
    const from = all.findIndex((entry) => entry.at > now - this.windowMs);
    const kept = from === -1 ? [] : all.slice(from);
    if (kept.length !== all.length) map.set(queueId, kept);
    return kept;
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

export function emptyStateCounts(): Record<AgentState, number> {
  return Object.fromEntries(AGENT_STATES.map((state) => [state, 0])) as Record<AgentState, number>;
}

export interface QueueBoardInput {
  readonly queue: QueueRoute;
  /** When each waiting call of this queue arrived (ms). */
  readonly waitingSince: readonly number[];
  readonly agents: readonly { readonly profile: RoutingProfile; readonly state: AgentState }[];
  readonly serviceLevel: ServiceLevel;
  readonly now: number;
}

export function queueStatsView(input: QueueBoardInput): QueueStatsView {
  const oldest = input.waitingSince.length === 0 ? undefined : Math.min(...input.waitingSince);
  const agentsByState = emptyStateCounts();
  for (const agent of input.agents) if (canServeQueue(agent.profile, input.queue)) agentsByState[agent.state] += 1;
  return {
    queueId: input.queue.id,
    name: input.queue.name,
    waiting: input.waitingSince.length,
    ...(oldest === undefined ? {} : { longestWaitingSince: new Date(oldest).toISOString() }),
    longestWaitSeconds: oldest === undefined ? 0 : Math.max(0, Math.round((input.now - oldest) / 1000)),
    ...input.serviceLevel,
    serviceLevelTargetPercent: input.queue.serviceLevelTargetPercent,
    serviceLevelTargetSeconds: input.queue.serviceLevelTargetSeconds,
    agentsByState,
  };
}

export function agentsByState(agents: readonly AgentPresenceView[]): Record<AgentState, number> {
  const counts = emptyStateCounts();
  for (const agent of agents) counts[agent.state] += 1;
  return counts;
}
