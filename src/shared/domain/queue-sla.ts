/**
 * Live SLA state of a ticket from the due dates the server stamped on it (firstResponseDueAt,
 * nextResponseDueAt, resolutionDueAt) and the policy that applies (slaSetupFor): what the queue's
 * countdown badges and the "SLA at risk" / "Breached" views show. It needs no timeline, so it is cheap
 * enough for every visible row every second and keeps counting offline on the local clock.
 */
import { PAUSED_STATUSES } from '../sla/clock';
import { addBusinessMs, businessMsBetween, CalendarNeverOpensError, subtractBusinessMs } from '../sla/business-time';
import type { SlaSetup } from '../sla/policy';
import type { BusinessCalendar, SettingsDocument, SlaTarget } from './settings';
import type { Ticket, TicketStatus } from './ticket';
import { SLA_METRICS, type SlaMetric } from './timeline';

export const DUE_FIELDS = {
  first_response: 'firstResponseDueAt',
  next_response: 'nextResponseDueAt',
  resolution: 'resolutionDueAt',
} as const satisfies Readonly<Record<SlaMetric, keyof Ticket>>;

export const DUE_FIELD_NAMES: readonly (typeof DUE_FIELDS)[SlaMetric][] = SLA_METRICS.map((metric) => DUE_FIELDS[metric]);

/**
 * The optional ticket fields the replica keeps memory indexes on (IndexedDB cannot index a field some
 * documents lack): the due dates, which bound the "Breached" and "SLA at risk" views, and
 * `slaAtRiskAt`, which narrows "SLA at risk" to the tickets whose policy already puts them at risk.
 */
export const SLA_MEMORY_FIELDS: readonly (keyof Ticket)[] = [...DUE_FIELD_NAMES, 'slaAtRiskAt'];

/** Statuses in which no SLA counts down any more. */
export const FINISHED_TICKET_STATUSES: readonly TicketStatus[] = ['solved', 'closed'];

export type DueState = 'ok' | 'at_risk' | 'breached' | 'paused';

export interface DueStatus {
  readonly metric: SlaMetric;
  readonly state: DueState;
  readonly dueAt: number;
  /** Business ms left until the due date on the policy's calendar; negative once breached. */
  readonly remainingMs: number;
}

export type SlaTicketFields = Pick<Ticket, 'status' | 'firstResponseDueAt' | 'nextResponseDueAt' | 'resolutionDueAt'>;

const MS_PER_MINUTE = 60_000;

function targetMinutes(target: SlaTarget, metric: SlaMetric): number | undefined {
  if (metric === 'first_response') return target.firstResponseMinutes;
  if (metric === 'next_response') return target.nextResponseMinutes;
  return target.resolutionMinutes;
}

/** Business ms before a due date at which the metric turns at risk (the last 100 − atRiskPercent % of the target). */
function atRiskWindowMs(setup: SlaSetup, metric: SlaMetric): number | undefined {
  const minutes = targetMinutes(setup.target, metric);
  return minutes === undefined ? undefined : ((100 - setup.atRiskPercent) / 100) * minutes * MS_PER_MINUTE;
}

function remainingBusinessMs(setup: SlaSetup | undefined, now: number, dueAt: number): number {
  try {
    return businessMsBetween(setup?.calendar, now, dueAt);
  } catch (error) {
    // A calendar that never opens: count wall-clock time rather than show nothing.
    if (error instanceof CalendarNeverOpensError) return dueAt - now;
    throw error;
  }
}

/**
 * Every stamped metric's state at `now` (epoch ms). Without a policy (`setup` undefined) a stamped due
 * date still counts down and breaches, but never turns at risk. Finished tickets have none.
 */
export function dueStatuses(ticket: SlaTicketFields, setup: SlaSetup | undefined, now: number): DueStatus[] {
  if (FINISHED_TICKET_STATUSES.includes(ticket.status)) return [];
  const statuses: DueStatus[] = [];
  for (const metric of SLA_METRICS) {
    const stamped = ticket[DUE_FIELDS[metric]];
    if (stamped === undefined) continue;
    const dueAt = Date.parse(stamped);
    if (Number.isNaN(dueAt)) continue;
    const remainingMs = dueAt <= now ? -remainingBusinessMs(setup, dueAt, now) : remainingBusinessMs(setup, now, dueAt);
    const window = setup === undefined ? undefined : atRiskWindowMs(setup, metric);
    let state: DueState;
    if (dueAt <= now) state = 'breached';
    else if (PAUSED_STATUSES[metric].includes(ticket.status)) state = 'paused';
    else if (window !== undefined && remainingMs <= window) state = 'at_risk';
    else state = 'ok';
    statuses.push({ metric, state, dueAt, remainingMs });
  }
  return statuses;
}

/**
 * Stamped as `slaAtRiskAt` when a metric is at risk for as long as it runs (its calendar holds less open
 * time before the due date than the at-risk window): an instant before any `now`.
 */
export const AT_RISK_FROM_THE_START = new Date(0).toISOString();

/**
 * The ticket's `slaAtRiskAt` (server-owned, stamped with the due dates): the earliest instant at which
 * one of its running metrics (a due date stamped, not paused, the ticket not finished) is at risk under
 * `setup` by the rule of dueStatuses: at most the metric's at-risk window of business time left on the
 * policy's calendar. From then on until the due date that metric is at risk (or the ticket is breached),
 * so no ticket is at risk at `now` without `slaAtRiskAt <= now`: the "SLA at risk" view needs to look
 * only at tickets with `slaAtRiskAt <= now`. Undefined when no metric can turn at risk (nothing due,
 * or no policy).
 */
export function slaAtRiskAt(ticket: SlaTicketFields, setup: SlaSetup | undefined): string | undefined {
  if (setup === undefined || FINISHED_TICKET_STATUSES.includes(ticket.status)) return undefined;
  let earliest: number | undefined;
  for (const metric of SLA_METRICS) {
    const stamped = ticket[DUE_FIELDS[metric]];
    const window = atRiskWindowMs(setup, metric);
    if (stamped === undefined || window === undefined || PAUSED_STATUSES[metric].includes(ticket.status)) continue;
    const dueAt = Date.parse(stamped);
    if (Number.isNaN(dueAt)) continue;
    // Business time left is a whole number of ms: at most the window means at most its floor (the
    // window itself may be a fraction off, e.g. 0.97 × 470220000).
    const atRiskAt = subtractBusinessMs(setup.calendar, dueAt, Math.floor(window));
    if (earliest === undefined || atRiskAt < earliest) earliest = atRiskAt;
  }
  if (earliest === undefined) return undefined;
  return Number.isFinite(earliest) ? new Date(earliest).toISOString() : AT_RISK_FROM_THE_START;
}

const SEVERITY: Readonly<Record<DueState, number>> = { breached: 3, at_risk: 2, ok: 1, paused: 0 };

/** The metric to show first: the most severe state, then the nearest due date. */
export function mostUrgentDue(statuses: readonly DueStatus[]): DueStatus | undefined {
  let urgent: DueStatus | undefined;
  for (const status of statuses) {
    if (
      urgent === undefined ||
      SEVERITY[status.state] > SEVERITY[urgent.state] ||
      (SEVERITY[status.state] === SEVERITY[urgent.state] && status.dueAt < urgent.dueAt)
    ) {
      urgent = status;
    }
  }
  return urgent;
}

/** The ticket's overall SLA state: its most urgent metric's, `none` when nothing is due. */
export function ticketDueState(ticket: SlaTicketFields, setup: SlaSetup | undefined, now: number): DueState | 'none' {
  return mostUrgentDue(dueStatuses(ticket, setup, now))?.state ?? 'none';
}

/** Each enabled SLA policy's calendar and its widest at-risk window (over its targets and metrics). */
function policyWindows(settings: readonly SettingsDocument[]): { readonly calendar: BusinessCalendar | undefined; readonly windowMs: number }[] {
  const windows: { calendar: BusinessCalendar | undefined; windowMs: number }[] = [];
  for (const document of settings) {
    if (document.kind !== 'slaPolicy' || !document.enabled) continue;
    const policy = document.slaPolicy;
    const calendarDocument = policy.calendarId === undefined ? undefined : settings.find((other) => other.id === policy.calendarId);
    const calendar = calendarDocument?.kind === 'businessCalendar' ? calendarDocument.businessCalendar : undefined;
    let windowMs = 0;
    for (const target of Object.values(policy.targets)) {
      for (const metric of SLA_METRICS) {
        const minutes = targetMinutes(target, metric);
        if (minutes !== undefined) windowMs = Math.max(windowMs, ((100 - policy.atRiskPercent) / 100) * minutes * MS_PER_MINUTE);
      }
    }
    windows.push({ calendar, windowMs });
  }
  return windows;
}

/**
 * The latest instant a due date of a ticket that is at risk at `now` can lie: no ticket whose due dates
 * are all later can be at risk yet, whatever its policy. Lets the "SLA at risk" view query only the
 * tickets due soon and evaluate just those.
 */
export function atRiskHorizon(settings: readonly SettingsDocument[], now: number): number {
  let horizon = now;
  for (const { calendar, windowMs } of policyWindows(settings)) {
    try {
      horizon = Math.max(horizon, addBusinessMs(calendar, now, windowMs));
    } catch (error) {
      if (!(error instanceof CalendarNeverOpensError)) throw error;
      // dueStatuses counts wall-clock time on such a calendar; so does its horizon.
      horizon = Math.max(horizon, now + windowMs);
    }
  }
  return horizon;
}

/**
 * The earliest `slaAtRiskAt` a ticket at risk at `now` (or later) and not breached can carry, whatever
 * its policy: each running due date lies after `now`, so the instant it turned at risk lies at most
 * its policy's widest window of business time before `now`. Tickets that turned at risk long ago are
 * breached by now; with this bound the "SLA at risk" view leaves them out without reading them.
 * -Infinity when a policy's calendar leaves no bound (it never opens, or not within the search).
 */
export function atRiskFloor(settings: readonly SettingsDocument[], now: number): number {
  let floor = now;
  // A window a fraction of a ms wider than slaAtRiskAt's own (which takes the floor of it): never later.
  for (const { calendar, windowMs } of policyWindows(settings)) floor = Math.min(floor, subtractBusinessMs(calendar, now, Math.ceil(windowMs)));
  return floor;
}
