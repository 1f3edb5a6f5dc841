/**
 * Escalation between support tiers, one step at a time: L1 → L2 → L3 and back down. Each move needs a
 * reason (it becomes the `escalation` timeline entry) and routes the ticket to a group (team) of the
 * new tier; the assignee stays only if they belong to that group, otherwise the ticket waits
 * unassigned in the group's queue. The tier, group and assignment events themselves are written by the
 * server from the accepted ticket write (`TICKET_CHANGE_EVENTS`), never by the client.
 */
import type { SettingsOfKind } from './settings';
import { TIERS, type Tier, type TicketStatus } from './ticket';

export type GroupDocument = SettingsOfKind<'group'>;
export type EscalationDirection = 'escalate' | 'de-escalate';

/** The reason is kept short enough to read on the timeline (the schema allows 20000 for any body). */
export const ESCALATION_REASON_MAX = 2000;

/** Tickets in these statuses are finished: reopen them before moving them between tiers. */
const FINISHED: readonly TicketStatus[] = ['solved', 'closed'];

export function tierRank(tier: Tier): number {
  return TIERS.indexOf(tier);
}

/** The tiers a ticket in `tier` can move to: the next one up and the next one down. */
export function escalationTargets(tier: Tier): { readonly tier: Tier; readonly direction: EscalationDirection }[] {
  const rank = tierRank(tier);
  const targets: { tier: Tier; direction: EscalationDirection }[] = [];
  const up = TIERS[rank + 1];
  const down = TIERS[rank - 1];
  if (up !== undefined) targets.push({ tier: up, direction: 'escalate' });
  if (down !== undefined) targets.push({ tier: down, direction: 'de-escalate' });
  return targets;
}

export function escalationDirection(from: Tier, to: Tier): EscalationDirection | null {
  const step = tierRank(to) - tierRank(from);
  if (step === 1) return 'escalate';
  if (step === -1) return 'de-escalate';
  return null;
}

/** The enabled groups working in `tier`, by name: where a ticket of that tier can be routed. */
export function groupsForTier(groups: readonly GroupDocument[], tier: Tier): GroupDocument[] {
  return groups.filter((group) => group.enabled && group.group.tier === tier).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

export interface EscalationRequest {
  readonly ticket: {
    readonly tier: Tier;
    readonly status: TicketStatus;
    readonly groupId?: string | undefined;
    readonly assigneeId?: string | undefined;
    readonly mergedIntoId?: string | undefined;
  };
  readonly toTier: Tier;
  readonly reason: string;
  /** The group picked for the new tier; absent: the first group of that tier (`groupsForTier`). */
  readonly groupId?: string | undefined;
  readonly groups: readonly GroupDocument[];
  /** Groups of the current assignee (their user profile); absent when unknown, which unassigns. */
  readonly assigneeGroupIds?: readonly string[] | undefined;
}

export const ESCALATION_PROBLEMS = ['reason_required', 'reason_too_long', 'not_adjacent', 'ticket_finished', 'no_group', 'wrong_group'] as const;
export type EscalationProblem = (typeof ESCALATION_PROBLEMS)[number];

export interface EscalationPlan {
  readonly direction: EscalationDirection;
  /** The ticket fields to write; `assigneeId: null` means unassign. */
  readonly changes: { readonly tier: Tier; readonly groupId: string; readonly assigneeId: string | null };
  /** The fields of the client's `escalation` timeline entry. */
  readonly entry: { readonly kind: 'escalation'; readonly fromValue: Tier; readonly toValue: Tier; readonly body: string };
}

export type EscalationResult = { readonly ok: true; readonly plan: EscalationPlan } | { readonly ok: false; readonly problem: EscalationProblem };

export function planEscalation(request: EscalationRequest): EscalationResult {
  const { ticket, toTier, groups } = request;
  const fail = (problem: EscalationProblem): EscalationResult => ({ ok: false, problem });
  if (FINISHED.includes(ticket.status) || ticket.mergedIntoId !== undefined) return fail('ticket_finished');
  const direction = escalationDirection(ticket.tier, toTier);
  if (direction === null) return fail('not_adjacent');
  const reason = request.reason.trim();
  if (reason === '') return fail('reason_required');
  if (reason.length > ESCALATION_REASON_MAX) return fail('reason_too_long');

  const candidates = groupsForTier(groups, toTier);
  const group = request.groupId === undefined ? candidates[0] : candidates.find((candidate) => candidate.id === request.groupId);
  if (group === undefined) return fail(request.groupId === undefined ? 'no_group' : 'wrong_group');

  const keepsAssignee = ticket.assigneeId !== undefined && request.assigneeGroupIds?.includes(group.id) === true;
  return {
    ok: true,
    plan: {
      direction,
      changes: { tier: toTier, groupId: group.id, assigneeId: keepsAssignee ? (ticket.assigneeId ?? null) : null },
      entry: { kind: 'escalation', fromValue: ticket.tier, toValue: toTier, body: reason },
    },
  };
}
