/**
 * The pure rules of call distribution: who may take a queue's calls, which available agent gets the
 * next offer (the longest idle), in which order waiting calls are served, and the wait a caller is
 * told. No clocks, timers or sockets here: times are numbers (ms) passed in.
 */
import type { Language } from '../../shared/domain/common';
import type { SettingsOfKind } from '../../shared/domain/settings';
import { TIERS, type Tier } from '../../shared/domain/ticket';
import type { UserProfile } from '../../shared/domain/user';

/** What distribution needs of a user profile. */
export interface RoutingProfile {
  readonly userId: string;
  readonly name: string;
  readonly tier?: Tier;
  readonly skills: readonly string[];
  readonly languages: readonly Language[];
  readonly groupIds: readonly string[];
  readonly extension?: string;
}

/** What distribution needs of a queue (settings kind `queue`). */
export interface QueueRoute {
  readonly id: string;
  readonly name: string;
  readonly tier: Tier;
  readonly groupId?: string;
  readonly requiredSkills: readonly string[];
  readonly languages: readonly Language[];
  readonly ringTimeoutSeconds: number;
  readonly serviceLevelTargetSeconds: number;
  readonly serviceLevelTargetPercent: number;
}

export function routingProfileFrom(profile: UserProfile): RoutingProfile {
  return {
    userId: profile.id,
    name: profile.name,
    ...(profile.tier === undefined ? {} : { tier: profile.tier }),
    skills: profile.skills,
    languages: profile.languages,
    groupIds: profile.groupIds,
    ...(profile.extension === undefined ? {} : { extension: profile.extension }),
  };
}

export function queueRouteFrom(settings: SettingsOfKind<'queue'>): QueueRoute {
  const { queue } = settings;
  return {
    id: settings.id,
    name: settings.name,
    tier: queue.tier,
    ...(queue.groupId === undefined ? {} : { groupId: queue.groupId }),
    requiredSkills: queue.requiredSkills,
    languages: queue.languages,
    ringTimeoutSeconds: queue.ringTimeoutSeconds,
    serviceLevelTargetSeconds: queue.serviceLevelTargetSeconds,
    serviceLevelTargetPercent: queue.serviceLevelTargetPercent,
  };
}

/**
 * An agent may take a queue's calls when their tier is at least the queue's (an L2 agent helps out
 * at L1, never the reverse), they belong to the queue's group (if it names one), have every required
 * skill, and speak one of the queue's languages (if it lists any).
 */
export function canServeQueue(agent: RoutingProfile, queue: QueueRoute): boolean {
  if (agent.tier === undefined || TIERS.indexOf(agent.tier) < TIERS.indexOf(queue.tier)) return false;
  if (queue.groupId !== undefined && !agent.groupIds.includes(queue.groupId)) return false;
  if (!queue.requiredSkills.every((skill) => agent.skills.includes(skill))) return false;
  return queue.languages.length === 0 || queue.languages.some((language) => agent.languages.includes(language));
}

export interface IdleAgent {
  readonly profile: RoutingProfile;
  /** When the agent last became available (ms); the smallest has been idle longest. */
  readonly availableSince: number;
}

/** The agent idle longest among `idle` who can serve `queue` and is not in `exclude`; ties by user id. */
export function pickLongestIdle(idle: readonly IdleAgent[], queue: QueueRoute, exclude: ReadonlySet<string> = new Set()): RoutingProfile | undefined {
  let best: IdleAgent | undefined;
  for (const candidate of idle) {
    if (exclude.has(candidate.profile.userId) || !canServeQueue(candidate.profile, queue)) continue;
    if (best === undefined || compareIdle(candidate, best) < 0) best = candidate;
  }
  return best?.profile;
}

function compareIdle(a: IdleAgent, b: IdleAgent): number {
  return a.availableSince - b.availableSince || (a.profile.userId < b.profile.userId ? -1 : a.profile.userId > b.profile.userId ? 1 : 0);
}

export interface QueuedCallOrder {
  readonly callId: string;
  readonly queueId: string;
  /** When the caller first called (ms): a transferred call keeps it, so it is not sent to the back. */
  readonly priorityAt: number;
  /** Arrival order, for calls with the same `priorityAt`. */
  readonly sequence: number;
}

/** Serving order: first come, first served across all queues. */
export function compareQueuedCalls(a: Pick<QueuedCallOrder, 'priorityAt' | 'sequence'>, b: Pick<QueuedCallOrder, 'priorityAt' | 'sequence'>): number {
  return a.priorityAt - b.priorityAt || a.sequence - b.sequence;
}

/** Each call's place in its own queue, 1 = next in line. */
export function queuePositions(calls: readonly QueuedCallOrder[]): Map<string, number> {
  const positions = new Map<string, number>();
  const counts = new Map<string, number>();
  for (const call of [...calls].sort(compareQueuedCalls)) {
    const position = (counts.get(call.queueId) ?? 0) + 1;
    counts.set(call.queueId, position);
    positions.set(call.callId, position);
  }
  return positions;
}

export interface WaitEstimateInput {
  /** The caller's place in the queue, 1 = next. */
  readonly position: number;
  /** Agents who can serve the queue and are free right now. */
  readonly availableAgents: number;
  /** Agents who can serve the queue and are working (available, on a call, in wrap-up). */
  readonly staffedAgents: number;
  /** Average time an agent spends per call (talk and wrap-up), seconds. */
  readonly averageHandleSeconds: number;
}

/**
 * Estimated seconds until an agent picks up: callers ahead beyond the free agents, served
 * `staffedAgents` at a time, each round taking one average handle time. `undefined` when nobody
 * who can take the call is working (the wait cannot be estimated).
 */
export function estimateWaitSeconds(input: WaitEstimateInput): number | undefined {
  if (input.staffedAgents <= 0) return undefined;
  const ahead = input.position - 1 - input.availableAgents;
  if (ahead < 0) return 0;
  const rounds = Math.floor(ahead / input.staffedAgents) + 1;
  return Math.round(rounds * input.averageHandleSeconds);
}
