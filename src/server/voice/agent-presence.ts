/**
 * Who is registered for voice and in which state: available, on a call, in wrap-up, on a break.
 * In memory only (presence is stale the moment it is stored, see docs/data-model.md). It is also the
 * one place that reserves an agent for an offer, so no agent ever has two calls ringing at once and
 * no agent with a call ringing or in progress is offered another.
 */
import {
  MISSED_CALL_BREAK_REASON,
  type AgentChosenState,
  type AgentPresenceView,
  type AgentServerMessage,
  type AgentState,
  type VoiceErrorCode,
} from '../../shared/voice/signalling';
import type { IdleAgent, RoutingProfile } from './routing';
import type { CancelTask, Scheduler } from './scheduler';

/** Where an agent's voice messages go (their sync-stream socket). */
export interface AgentEndpoint {
  send(message: AgentServerMessage): void;
}

export interface PresenceOptions {
  /** Wrap-up after each call; 0 = straight back to available. */
  readonly wrapUpSeconds: number;
  /** Return to available when wrap-up time is over; otherwise the agent ends wrap-up themselves. */
  readonly wrapUpAutoReturn: boolean;
  readonly scheduler: Scheduler;
  readonly now: () => number;
}

interface AgentRecord {
  profile: RoutingProfile;
  endpoint: AgentEndpoint | undefined;
  state: Exclude<AgentState, 'offline'>;
  reason: string | undefined;
  since: number;
  /** Longest-idle ordering: when the agent last became available. */
  availableSince: number;
  wrapUpEndsAt: number | undefined;
  cancelWrapUp: CancelTask | undefined;
  offeredCallId: string | undefined;
  readonly callIds: Set<string>;
}

export type PresenceListener = (userId: string) => void;

/** An agent who went offline while the server ran (for the supervisors' board). */
export interface DepartedAgent {
  readonly profile: RoutingProfile;
  /** When they went offline (ms). */
  readonly at: number;
}

export class AgentPresence {
  private readonly agents = new Map<string, AgentRecord>();
  /** One entry per user at most (bounded by the users there are); gone again when they register. */
  private readonly departed = new Map<string, DepartedAgent>();
  private readonly listeners = new Set<PresenceListener>();

  constructor(private readonly options: PresenceOptions) {}

  onChange(listener: PresenceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Registers an agent, or moves a registered one to a new endpoint (a reconnect or a second
   * window): their state and calls stay, the previous endpoint is returned so it can be told.
   */
  register(profile: RoutingProfile, endpoint: AgentEndpoint, state: 'available' | 'break', reason?: string): { readonly previous?: AgentEndpoint } {
    const existing = this.agents.get(profile.userId);
    if (existing !== undefined) {
      const previous = existing.endpoint;
      existing.profile = profile;
      existing.endpoint = endpoint;
      this.changed(profile.userId);
      return previous === undefined || previous === endpoint ? {} : { previous };
    }
    const now = this.options.now();
    this.departed.delete(profile.userId);
    this.agents.set(profile.userId, {
      profile,
      endpoint,
      state,
      reason: state === 'break' ? reason : undefined,
      since: now,
      availableSince: now,
      wrapUpEndsAt: undefined,
      cancelWrapUp: undefined,
      offeredCallId: undefined,
      callIds: new Set(),
    });
    this.changed(profile.userId);
    return {};
  }

  /** The agent chose a state. Refused while a call rings at them or they are in one. */
  choose(userId: string, state: AgentChosenState, reason?: string): VoiceErrorCode | undefined {
    const agent = this.agents.get(userId);
    if (agent === undefined) return 'not_registered';
    if (agent.offeredCallId !== undefined || agent.callIds.size > 0) return 'busy';
    if (state === 'offline') {
      this.remove(userId);
      return undefined;
    }
    this.enter(agent, state, state === 'break' ? reason : undefined);
    return undefined;
  }

  /** Forgets an agent (signed out, or gone for good); their calls must have ended. */
  remove(userId: string): void {
    const agent = this.agents.get(userId);
    if (agent === undefined) return;
    agent.cancelWrapUp?.();
    this.agents.delete(userId);
    this.departed.set(userId, { profile: agent.profile, at: this.options.now() });
    this.changed(userId);
  }

  /** The endpoint went away; returns true when the agent still has calls (they may come back). */
  detach(userId: string, endpoint: AgentEndpoint): boolean {
    const agent = this.agents.get(userId);
    if (agent?.endpoint !== endpoint) return false;
    agent.endpoint = undefined;
    this.changed(userId);
    return agent.callIds.size > 0;
  }

  has(userId: string): boolean {
    return this.agents.has(userId);
  }

  endpointOf(userId: string): AgentEndpoint | undefined {
    return this.agents.get(userId)?.endpoint;
  }

  isConnected(userId: string): boolean {
    return this.agents.get(userId)?.endpoint !== undefined;
  }

  profile(userId: string): RoutingProfile | undefined {
    return this.agents.get(userId)?.profile;
  }

  findByExtension(extension: string): RoutingProfile | undefined {
    for (const agent of this.agents.values()) if (agent.profile.extension === extension) return agent.profile;
    return undefined;
  }

  send(userId: string, message: AgentServerMessage): void {
    this.agents.get(userId)?.endpoint?.send(message);
  }

  /** Available, connected, nothing ringing, in no call: may be offered a call now. */
  isFree(userId: string): boolean {
    const agent = this.agents.get(userId);
    return agent !== undefined && isFree(agent);
  }

  /** Every agent who may be offered a call now, with when they became available. */
  freeAgents(): IdleAgent[] {
    return [...this.agents.values()].filter(isFree).map((agent) => ({ profile: agent.profile, availableSince: agent.availableSince }));
  }

  /** Reserves a free agent for one offer; false when they are not free (nothing changes then). */
  reserve(userId: string, callId: string): boolean {
    const agent = this.agents.get(userId);
    if (agent === undefined || !isFree(agent)) return false;
    agent.offeredCallId = callId;
    this.changed(userId);
    return true;
  }

  /** Ends the reservation for `callId` (answered, rejected, withdrawn). */
  release(userId: string, callId: string): void {
    const agent = this.agents.get(userId);
    if (agent?.offeredCallId !== callId) return;
    agent.offeredCallId = undefined;
    this.changed(userId);
  }

  offeredCallId(userId: string): string | undefined {
    return this.agents.get(userId)?.offeredCallId;
  }

  /** Ring-no-answer: an agent who let an offer ring out is probably away, so stop offering them calls. */
  markMissed(userId: string): void {
    const agent = this.agents.get(userId);
    if (agent?.state !== 'available' || agent.callIds.size > 0) return;
    this.enter(agent, 'break', MISSED_CALL_BREAK_REASON);
  }

  joinCall(userId: string, callId: string): void {
    const agent = this.agents.get(userId);
    if (agent === undefined) return;
    agent.callIds.add(callId);
    if (agent.state !== 'on_call') this.enter(agent, 'on_call', undefined);
    else this.changed(userId);
  }

  /** The agent's part in `callId` ended: wrap-up (or available) once no call is left. */
  leaveCall(userId: string, callId: string): void {
    const agent = this.agents.get(userId);
    if (agent?.callIds.delete(callId) !== true) return;
    if (agent.callIds.size > 0) {
      this.changed(userId);
      return;
    }
    if (this.options.wrapUpSeconds <= 0) {
      this.enter(agent, 'available', undefined);
      return;
    }
    this.enter(agent, 'wrap_up', undefined);
    if (!this.options.wrapUpAutoReturn) return;
    const endsAt = agent.since + this.options.wrapUpSeconds * 1000;
    agent.wrapUpEndsAt = endsAt;
    agent.cancelWrapUp = this.options.scheduler.schedule(this.options.wrapUpSeconds * 1000, () => {
      if (this.agents.get(userId) === agent && agent.state === 'wrap_up' && agent.wrapUpEndsAt === endsAt) this.enter(agent, 'available', undefined);
    });
    this.changed(userId);
  }

  callIds(userId: string): readonly string[] {
    return [...(this.agents.get(userId)?.callIds ?? [])];
  }

  view(userId: string): AgentPresenceView | undefined {
    const agent = this.agents.get(userId);
    return agent === undefined ? undefined : toView(agent);
  }

  views(): AgentPresenceView[] {
    return [...this.agents.values()].map(toView).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Registered agents with their profile and state, for statistics. */
  *entries(): Generator<{ readonly profile: RoutingProfile; readonly state: AgentState }> {
    for (const agent of this.agents.values()) yield { profile: agent.profile, state: agent.state };
  }

  /** Agents who went offline while the server ran and have not registered since, by name. */
  departedAgents(): DepartedAgent[] {
    return [...this.departed.values()].sort((a, b) => (a.profile.name < b.profile.name ? -1 : a.profile.name > b.profile.name ? 1 : 0));
  }

  close(): void {
    for (const agent of this.agents.values()) agent.cancelWrapUp?.();
    this.agents.clear();
    this.departed.clear();
  }

  private enter(agent: AgentRecord, state: AgentRecord['state'], reason: string | undefined): void {
    agent.cancelWrapUp?.();
    agent.cancelWrapUp = undefined;
    agent.wrapUpEndsAt = undefined;
    const now = this.options.now();
    if (state === 'available' && agent.state !== 'available') agent.availableSince = now;
    agent.state = state;
    agent.reason = reason;
    agent.since = now;
    this.changed(agent.profile.userId);
  }

  private changed(userId: string): void {
    for (const listener of this.listeners) listener(userId);
  }
}

function isFree(agent: AgentRecord): boolean {
  return agent.state === 'available' && agent.endpoint !== undefined && agent.offeredCallId === undefined && agent.callIds.size === 0;
}

function toView(agent: AgentRecord): AgentPresenceView {
  return {
    userId: agent.profile.userId,
    name: agent.profile.name,
    state: agent.state,
    ...(agent.reason === undefined ? {} : { reason: agent.reason }),
    since: new Date(agent.since).toISOString(),
    ...(agent.wrapUpEndsAt === undefined ? {} : { wrapUpEndsAt: new Date(agent.wrapUpEndsAt).toISOString() }),
    callIds: [...agent.callIds],
    ...(agent.offeredCallId === undefined ? {} : { offeredCallId: agent.offeredCallId }),
  };
}
