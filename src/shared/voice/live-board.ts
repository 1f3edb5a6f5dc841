/**
 * The supervisors' live board as data (the `voice.live` message of signalling.ts): service level, the
 * order agents are listed in, the team roster (agents on the board plus those the server has not seen
 * since it started), elapsed times ticked on this device from the server's clock, and the wording of
 * thresholds and percentages (the renderer's formatters word durations).
 * Pure: the server computes service level with the same function the board explains it with.
 */
import type { AgentState, LiveAgentCall, LiveAgentView, QueueStatsView } from './signalling';

// ---- service level -------------------------------------------------------------------------------

/**
 * Calls answered within the queue's threshold over calls offered (answered + abandoned: a caller who
 * gave up counts against it), in %, one decimal; undefined before the first offered call.
 */
export function serviceLevelPercent(answeredWithinTarget: number, offered: number): number | undefined {
  if (offered <= 0) return undefined;
  const ratio = Math.min(1, Math.max(0, answeredWithinTarget / offered));
  return Math.round(ratio * 1000) / 10;
}

export type ServiceLevelStatus = 'none' | 'met' | 'below';

/** Whether a queue meets its service level target (`none`: no call offered yet). */
export function serviceLevelStatus(queue: Pick<QueueStatsView, 'serviceLevelPercent' | 'serviceLevelTargetPercent'>): ServiceLevelStatus {
  if (queue.serviceLevelPercent === undefined) return 'none';
  return queue.serviceLevelPercent >= queue.serviceLevelTargetPercent ? 'met' : 'below';
}

// ---- agents --------------------------------------------------------------------------------------

/** The order of the agent list: who can take a call, who is busy with one, who is away. */
export const AGENT_STATE_ORDER: readonly AgentState[] = ['available', 'on_call', 'wrap_up', 'break', 'offline'];

/** An agent as the board lists them. `since` is absent for agents the server has not seen. */
export interface BoardAgent {
  readonly userId: string;
  readonly name: string;
  readonly state: AgentState;
  readonly reason?: string;
  readonly since?: string;
  readonly activity: readonly LiveAgentCall[];
}

/** A member of the team from the replicated user profiles. */
export interface TeamMember {
  readonly id: string;
  readonly name: string;
  readonly active: boolean;
  /** Users without a tier take no calls (routing needs one). */
  readonly tier?: string;
}

/** By state (AGENT_STATE_ORDER), then name, then id: rows move only when an agent's state changes. */
export function compareBoardAgents(a: BoardAgent, b: BoardAgent): number {
  return (
    AGENT_STATE_ORDER.indexOf(a.state) - AGENT_STATE_ORDER.indexOf(b.state) ||
    a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) ||
    (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0)
  );
}

/**
 * Everyone the board shows, in board order: the agents of the live board (but not those offline who
 * have since left the team), and the active team members who take calls but are not on it (offline,
 * for an unknown time). Without a live board (`live` undefined: no connection) nobody's state is
 * known, so the list is empty.
 */
export function boardAgents(live: readonly LiveAgentView[] | undefined, team: readonly TeamMember[]): BoardAgent[] {
  if (live === undefined) return [];
  const left = new Set(team.filter((member) => !member.active).map((member) => member.id));
  const agents: BoardAgent[] = live.filter((agent) => !(agent.state === 'offline' && left.has(agent.userId))).map((agent) => ({
    userId: agent.userId,
    name: agent.name,
    state: agent.state,
    ...(agent.reason === undefined ? {} : { reason: agent.reason }),
    since: agent.since,
    activity: agent.activity,
  }));
  const onBoard = new Set(agents.map((agent) => agent.userId));
  for (const member of team) {
    if (!member.active || member.tier === undefined || onBoard.has(member.id)) continue;
    agents.push({ userId: member.id, name: member.name, state: 'offline', activity: [] });
  }
  return agents.sort(compareBoardAgents);
}

/** How many listed agents are in each state. */
export function countByState(agents: readonly Pick<BoardAgent, 'state'>[]): Record<AgentState, number> {
  const counts = Object.fromEntries(AGENT_STATE_ORDER.map((state) => [state, 0])) as Record<AgentState, number>;
  for (const agent of agents) counts[agent.state] += 1;
  return counts;
}

/** Total calls waiting over every queue. */
export function totalWaiting(queues: readonly Pick<QueueStatsView, 'waiting'>[]): number {
  return queues.reduce((sum, queue) => sum + queue.waiting, 0);
}

// ---- time ----------------------------------------------------------------------------------------

/**
 * The server's clock minus ours (ms), from a message the server stamped `at` and we received at
 * `receivedAt`: elapsed times are counted on the server's clock, so a device whose clock is off shows
 * the same waits as everyone else. 0 for an unreadable stamp.
 */
export function serverClockOffset(at: string, receivedAt: number): number {
  const server = Date.parse(at);
  return Number.isNaN(server) ? 0 : server - receivedAt;
}

/** ms from `since` (server time, ISO 8601) to our `now` corrected by `offset`; never negative, undefined when unreadable. */
export function elapsedSince(since: string | undefined, now: number, offset: number): number | undefined {
  if (since === undefined) return undefined;
  const start = Date.parse(since);
  return Number.isNaN(start) ? undefined : Math.max(0, now + offset - start);
}

type DurationUnit = 'minute' | 'second';
const unitFormats = new Map<string, Intl.NumberFormat>();
const percentFormats = new Map<string, Intl.NumberFormat>();

function unitFormat(language: string, unit: DurationUnit): Intl.NumberFormat {
  const key = `${language}|${unit}`;
  let format = unitFormats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'narrow' });
    unitFormats.set(key, format);
  }
  return format;
}

/** A service level threshold ("20s", "2m") or target in the UI language: whole units, no zero parts. */
export function formatThreshold(language: string, seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  if (minutes === 0) return unitFormat(language, 'second').format(rest);
  const minutePart = unitFormat(language, 'minute').format(minutes);
  return rest === 0 ? minutePart : `${minutePart} ${unitFormat(language, 'second').format(rest)}`;
}

/** A percentage (0–100) in the UI language, up to one decimal: "83.3%", "83,3 %". */
export function formatPercent(language: string, percent: number): string {
  let format = percentFormats.get(language);
  if (format === undefined) {
    format = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 });
    percentFormats.set(language, format);
  }
  return format.format(percent / 100);
}
