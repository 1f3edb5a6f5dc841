/**
 * Automatic call distribution (ACD) for callers waiting in queues: first come, first served; each
 * call is offered to the longest-idle free agent who can serve its queue; an offer rings for the
 * queue's ring timeout, then the call goes to the next agent. One offer per call and one per agent
 * at a time: reservations go through AgentPresence, and everything here is synchronous, so no
 * interleaving can double-book anyone.
 *
 * Decisions:
 * - An agent who lets an offer ring out is put on a break (`missed_call`): they are probably away,
 *   and ringing them again would only delay the caller.
 * - An agent who rejects a call is not offered that call again (they stay available for others).
 * - A call handed back (cold transfer to a queue, an unanswered transfer) keeps the time it first
 *   arrived, so it is not sent to the back of the line.
 */
import type { OfferEndReason, VoiceErrorCode } from '../../shared/voice/signalling';
import type { AgentPresence } from './agent-presence';
import { compareQueuedCalls, pickLongestIdle, type QueueRoute, type RoutingProfile } from './routing';
import type { CancelTask, Scheduler } from './scheduler';

export interface CallerDetails {
  readonly name: string;
  readonly phone?: string;
  readonly reason?: string;
}

interface RingingOffer {
  readonly agentId: string;
  readonly offeredAt: number;
  readonly expiresAt: number;
  readonly cancel: CancelTask;
}

export interface QueuedCall {
  readonly callId: string;
  readonly caller: CallerDetails;
  readonly queue: QueueRoute;
  /** queue: waiting for its first agent; transfer: handed on by an agent. */
  readonly kind: 'queue' | 'transfer';
  /** When the caller first called (ms); sets the serving order. */
  readonly priorityAt: number;
  /** When the call entered this queue this time (ms). */
  readonly enqueuedAt: number;
  readonly sequence: number;
  /** Offer only to this agent (a cold transfer to a person); dropped once they do not take it. */
  directedTo: string | undefined;
  ringing: RingingOffer | undefined;
  readonly declinedBy: Set<string>;
}

export interface EnqueueInput {
  readonly callId: string;
  readonly caller: CallerDetails;
  readonly queue: QueueRoute;
  readonly kind?: QueuedCall['kind'];
  readonly priorityAt?: number;
  readonly directedTo?: string;
  /** Agents this call must not be offered to (e.g. the agent who transferred it). */
  readonly exclude?: readonly string[];
}

export interface DistributorEvents {
  offered(call: QueuedCall, agentId: string, expiresAt: number): void;
  /** An offer ended without an answer (the call is back to waiting, or gone when the caller left). */
  offerEnded(call: QueuedCall, agentId: string, reason: OfferEndReason, offeredAt: number): void;
  /** The set or order of waiting calls changed: callers' positions may have moved. */
  queueChanged(): void;
}

export interface DistributorDeps {
  readonly presence: AgentPresence;
  readonly scheduler: Scheduler;
  readonly now: () => number;
  readonly events: DistributorEvents;
}

export interface AnsweredCall {
  readonly call: QueuedCall;
  readonly offeredAt: number;
}

export class Distributor {
  private readonly calls = new Map<string, QueuedCall>();
  private sequence = 0;

  constructor(private readonly deps: DistributorDeps) {}

  enqueue(input: EnqueueInput): QueuedCall {
    if (this.calls.has(input.callId)) throw new Error(`call ${input.callId} is already queued`);
    const now = this.deps.now();
    const call: QueuedCall = {
      callId: input.callId,
      caller: input.caller,
      queue: input.queue,
      kind: input.kind ?? 'queue',
      priorityAt: input.priorityAt ?? now,
      enqueuedAt: now,
      sequence: ++this.sequence,
      directedTo: input.directedTo,
      ringing: undefined,
      declinedBy: new Set(input.exclude),
    };
    this.calls.set(call.callId, call);
    this.deps.events.queueChanged();
    this.dispatch();
    return call;
  }

  get(callId: string): QueuedCall | undefined {
    return this.calls.get(callId);
  }

  /** Waiting calls (ringing ones included) in serving order. */
  waiting(): QueuedCall[] {
    return [...this.calls.values()].sort(compareQueuedCalls);
  }

  /** The caller left: the call leaves the queue, a ringing offer is withdrawn. */
  withdraw(callId: string): QueuedCall | undefined {
    const call = this.calls.get(callId);
    if (call === undefined) return undefined;
    this.calls.delete(callId);
    if (call.ringing !== undefined) this.endOffer(call, 'caller_hangup');
    this.deps.events.queueChanged();
    this.dispatch();
    return call;
  }

  /** The agent takes the call ringing at them: it leaves the queue. */
  answer(agentId: string, callId: string): AnsweredCall | VoiceErrorCode {
    const call = this.calls.get(callId);
    if (call?.ringing?.agentId !== agentId) return 'unknown_call';
    const { offeredAt } = call.ringing;
    call.ringing.cancel();
    call.ringing = undefined;
    this.calls.delete(callId);
    this.deps.presence.release(agentId, callId);
    this.deps.events.queueChanged();
    return { call, offeredAt };
  }

  reject(agentId: string, callId: string): VoiceErrorCode | undefined {
    const call = this.calls.get(callId);
    if (call?.ringing?.agentId !== agentId) return 'unknown_call';
    call.declinedBy.add(agentId);
    this.endOffer(call, 'rejected');
    this.dispatch();
    return undefined;
  }

  /** The agent can no longer take the call ringing at them (disconnected): it goes to the next agent. */
  agentGone(agentId: string): void {
    for (const call of this.calls.values()) {
      if (call.ringing?.agentId === agentId) this.endOffer(call, 'disconnected');
    }
    this.dispatch();
  }

  /** The longest-idle free agent who can serve `queue` (not reserved: pair with presence.reserve). */
  pickAvailableAgent(queue: QueueRoute, exclude: ReadonlySet<string> = new Set()): RoutingProfile | undefined {
    return pickLongestIdle(this.deps.presence.freeAgents(), queue, exclude);
  }

  /**
   * Offers every waiting call that can be served now, oldest first, each to its agent. Safe to call at
   * any time; one pass suffices because each offer reserves its agent before the next call looks.
   */
  dispatch(): void {
    for (const call of this.waiting()) {
      if (call.ringing === undefined) this.tryOffer(call);
    }
  }

  close(): void {
    for (const call of this.calls.values()) call.ringing?.cancel();
    this.calls.clear();
  }

  private tryOffer(call: QueuedCall): void {
    const { presence } = this.deps;
    const agent =
      call.directedTo === undefined
        ? this.pickAvailableAgent(call.queue, call.declinedBy)
        : presence.isFree(call.directedTo) ? presence.profile(call.directedTo) : undefined;
    if (agent === undefined || !presence.reserve(agent.userId, call.callId)) return;
    const offeredAt = this.deps.now();
    const ringMs = call.queue.ringTimeoutSeconds * 1000;
    const expiresAt = offeredAt + ringMs;
    call.ringing = {
      agentId: agent.userId,
      offeredAt,
      expiresAt,
      cancel: this.deps.scheduler.schedule(ringMs, () => {
        this.ringTimedOut(call.callId, agent.userId, offeredAt);
      }),
    };
    this.deps.events.offered(call, agent.userId, expiresAt);
  }

  private ringTimedOut(callId: string, agentId: string, offeredAt: number): void {
    const call = this.calls.get(callId);
    // A stale timer (answered, rejected or re-offered since) has nothing to do.
    if (call?.ringing?.agentId !== agentId || call.ringing.offeredAt !== offeredAt) return;
    // On a break before the reservation ends, so the agent is never seen free in between.
    this.deps.presence.markMissed(agentId);
    this.endOffer(call, 'timeout');
    this.dispatch();
  }

  private endOffer(call: QueuedCall, reason: OfferEndReason): void {
    const offer = call.ringing;
    if (offer === undefined) return;
    offer.cancel();
    call.ringing = undefined;
    // A directed call that was not taken goes on to its queue like any other.
    if (call.directedTo === offer.agentId) call.directedTo = undefined;
    this.deps.presence.release(offer.agentId, call.callId);
    this.deps.events.offerEnded(call, offer.agentId, reason, offer.offeredAt);
  }
}
