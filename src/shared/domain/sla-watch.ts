/**
 * The supervisors' SLA watch: the tickets at risk of breaching and the ones that breached, live, from
 * the local replica (so it keeps counting offline). The replica is queried now and then (at
 * `plannedAt`): every breached ticket is counted by the store, and the tickets due soon are loaded as
 * candidates (the "SLA at risk" view's plan, its horizon reaching past the next query). Between two
 * queries the clock moves on, so each second the candidates are classified again here: which are at
 * risk now, and which breached since the query (the store's count does not include those yet).
 */
import type { SlaSetup } from '../sla/policy';
import { DUE_FIELD_NAMES, dueStatuses, FINISHED_TICKET_STATUSES, mostUrgentDue, type DueStatus, type SlaTicketFields } from './queue-sla';

export type SlaWatchTicket = SlaTicketFields & { readonly id: string };

export interface SlaWatchEntry<T extends SlaWatchTicket> {
  readonly ticket: T;
  /** Its most urgent due metric now. */
  readonly due: DueStatus;
}

export interface SlaWatch<T extends SlaWatchTicket> {
  /** At risk now, the soonest due first. */
  readonly atRisk: readonly SlaWatchEntry<T>[];
  /** Breached now but not yet at `plannedAt`, the latest breach first. */
  readonly newlyBreached: readonly SlaWatchEntry<T>[];
}

/** True when a due date of an unfinished ticket has passed at `at` (the "Breached" view's rule). */
export function isBreachedAt(ticket: SlaTicketFields, at: number): boolean {
  if (FINISHED_TICKET_STATUSES.includes(ticket.status)) return false;
  return DUE_FIELD_NAMES.some((field) => {
    const due = ticket[field];
    return due !== undefined && Date.parse(due) <= at;
  });
}

/** Classifies the candidates at `now`; `setupOf` gives each ticket's SLA policy (undefined: none applies). */
export function slaWatch<T extends SlaWatchTicket>(candidates: readonly T[], setupOf: (ticket: T) => SlaSetup | undefined, now: number, plannedAt: number): SlaWatch<T> {
  const atRisk: SlaWatchEntry<T>[] = [];
  const newlyBreached: SlaWatchEntry<T>[] = [];
  const seen = new Set<string>();
  for (const ticket of candidates) {
    if (seen.has(ticket.id)) continue;
    seen.add(ticket.id);
    const due = mostUrgentDue(dueStatuses(ticket, setupOf(ticket), now));
    if (due === undefined) continue;
    if (due.state === 'at_risk') atRisk.push({ ticket, due });
    else if (due.state === 'breached' && !isBreachedAt(ticket, plannedAt)) newlyBreached.push({ ticket, due: latestBreach(ticket, setupOf(ticket), now) ?? due });
  }
  atRisk.sort((a, b) => a.due.dueAt - b.due.dueAt || compareIds(a.ticket.id, b.ticket.id));
  newlyBreached.sort((a, b) => b.due.dueAt - a.due.dueAt || compareIds(a.ticket.id, b.ticket.id));
  return { atRisk, newlyBreached };
}

/** The breached metric that breached last (what just happened), for ordering. */
function latestBreach(ticket: SlaTicketFields, setup: SlaSetup | undefined, now: number): DueStatus | undefined {
  let latest: DueStatus | undefined;
  for (const status of dueStatuses(ticket, setup, now)) {
    if (status.state === 'breached' && (latest === undefined || status.dueAt > latest.dueAt)) latest = status;
  }
  return latest;
}

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
