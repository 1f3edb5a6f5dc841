/**
 * The SLA clock of a ticket: for each metric, when its current cycle started, whether it was met,
 * which stretches of time count (the rest is paused), and when the target is (or was) reached.
 *
 * - first response: from creation to the first agent reply.
 * - next response: from the first customer message after an agent reply to the next agent reply
 *   (only after the first response; only when the policy sets nextResponseMinutes).
 * - resolution: from creation to solved/closed; reopening resumes it.
 *
 * Paused: every metric while the ticket is `pending` (waiting on the customer) or finished
 * (`solved`/`closed`); resolution also while `on-hold` (waiting on a third party).
 */
import type { BusinessCalendar } from '../domain/settings';
import type { TicketStatus } from '../domain/ticket';
import type { SlaMetric } from '../domain/timeline';
import { addBusinessMs, businessMsBetween, calendarOpensAtAll, CalendarNeverOpensError } from './business-time';
import type { SlaSetup } from './policy';
import { FINISHED_STATUSES, type SlaFacts, type StatusPeriod } from './ticket-history';

const MS_PER_MINUTE = 60_000;

export const PAUSED_STATUSES: Readonly<Record<SlaMetric, readonly TicketStatus[]>> = {
  first_response: ['pending', ...FINISHED_STATUSES],
  next_response: ['pending', ...FINISHED_STATUSES],
  resolution: ['pending', 'on-hold', ...FINISHED_STATUSES],
};

/** A stretch of counted time, [from, to) in epoch ms; `to` absent: still running. */
export interface RunningSegment {
  readonly from: number;
  readonly to?: number;
}

export interface MetricClock {
  readonly metric: SlaMetric;
  /** The policy's business calendar; undefined: 24/7. */
  readonly calendar: BusinessCalendar | undefined;
  readonly targetMinutes: number;
  readonly atRiskPercent: number;
  readonly startedAt: number;
  /** When the cycle was met (first reply, next reply, solved). */
  readonly metAt?: number;
  readonly runningSegments: readonly RunningSegment[];
  /** Business ms of the segments that have ended (what a live countdown need not recount every second). */
  readonly closedSegmentsMs: number;
  /** Whether the clock runs now (the last segment is open). */
  readonly running: boolean;
  /** When the target is or was reached along the counted time; absent if it was not and the clock is stopped. */
  readonly dueAt?: number;
  /** When `atRiskPercent` of the target is or was reached, likewise. */
  readonly atRiskAt?: number;
  /** Whether the ticket is solved or closed (an unmet metric then no longer counts down). */
  readonly finished: boolean;
}

export type TicketSlaClocks = Readonly<Record<SlaMetric, MetricClock | undefined>>;

/** The parts of the status periods in which `metric` counts, from `start` until `end` (exclusive). */
function runningSegmentsOf(periods: readonly StatusPeriod[], paused: readonly TicketStatus[], start: number, end: number | undefined): RunningSegment[] {
  const segments: RunningSegment[] = [];
  for (const period of periods) {
    if (paused.includes(period.status)) continue;
    const from = Math.max(period.from, start);
    const to = period.to === undefined ? end : end === undefined ? period.to : Math.min(period.to, end);
    if (to === undefined || from < to) segments.push(to === undefined ? { from } : { from, to });
  }
  return segments;
}

/**
 * The instant at which `ms` business milliseconds have been counted along the segments; undefined
 * when the segments end first (or the calendar never opens that far).
 */
function reachedAt(calendar: BusinessCalendar | undefined, segments: readonly RunningSegment[], ms: number): number | undefined {
  let counted = 0;
  try {
    for (const segment of segments) {
      const length = segment.to === undefined ? Infinity : businessMsBetween(calendar, segment.from, segment.to);
      if (counted + length >= ms) return addBusinessMs(calendar, segment.from, ms - counted);
      counted += length;
    }
  } catch (error) {
    if (error instanceof CalendarNeverOpensError) return undefined;
    throw error;
  }
  return undefined;
}

/** Business ms of the segments in [from, until): the part of the target used up by `until`. */
export function countedMs(calendar: BusinessCalendar | undefined, segments: readonly RunningSegment[], until: number): number {
  let total = 0;
  for (const segment of segments) {
    const end = Math.min(segment.to ?? Infinity, until);
    if (end > segment.from) total += businessMsBetween(calendar, segment.from, end);
  }
  return total;
}

function metricClock(metric: SlaMetric, minutes: number, setup: SlaSetup, facts: SlaFacts, startedAt: number, metAt: number | undefined): MetricClock {
  const runningSegments = runningSegmentsOf(facts.statusPeriods, PAUSED_STATUSES[metric], startedAt, metAt);
  const { calendar } = setup;
  const targetMs = minutes * MS_PER_MINUTE;
  const dueAt = reachedAt(calendar, runningSegments, targetMs);
  const atRiskAt = reachedAt(calendar, runningSegments, Math.round((targetMs * setup.atRiskPercent) / 100));
  const closed = runningSegments.filter((segment): segment is Required<RunningSegment> => segment.to !== undefined);
  const current = facts.statusPeriods.at(-1)?.status;
  return {
    metric,
    calendar,
    targetMinutes: minutes,
    atRiskPercent: setup.atRiskPercent,
    startedAt,
    ...(metAt === undefined ? {} : { metAt }),
    runningSegments,
    closedSegmentsMs: sumClosed(calendar, closed),
    running: runningSegments.at(-1)?.to === undefined && runningSegments.length > 0,
    ...(dueAt === undefined ? {} : { dueAt }),
    ...(atRiskAt === undefined ? {} : { atRiskAt }),
    finished: current !== undefined && FINISHED_STATUSES.includes(current),
  };
}

function sumClosed(calendar: BusinessCalendar | undefined, closed: readonly Required<RunningSegment>[]): number {
  try {
    return closed.reduce((total, segment) => total + businessMsBetween(calendar, segment.from, segment.to), 0);
  } catch (error) {
    if (error instanceof CalendarNeverOpensError) return 0;
    throw error;
  }
}

/** The current next-response cycle: the first customer message after the latest reply, and the reply that met it. */
function nextResponseCycle(facts: SlaFacts): { startedAt: number; metAt?: number } | undefined {
  const firstReply = facts.agentReplies[0];
  if (firstReply === undefined) return undefined;
  let cycle: { startedAt: number; metAt?: number } | undefined;
  let replyIndex = 0;
  for (const message of facts.customerMessages) {
    if (message < firstReply) continue;
    if (cycle !== undefined && (cycle.metAt === undefined || message < cycle.metAt)) continue;
    // The first reply at or after this message meets the cycle.
    while (replyIndex < facts.agentReplies.length && (facts.agentReplies[replyIndex] ?? Infinity) < message) replyIndex += 1;
    const reply = facts.agentReplies[replyIndex];
    cycle = reply === undefined ? { startedAt: message } : { startedAt: message, metAt: reply };
  }
  return cycle;
}

/** The clock of each metric of the ticket under `setup`; undefined for metrics the policy does not measure. */
export function ticketSlaClocks(facts: SlaFacts, setup: SlaSetup | undefined): TicketSlaClocks {
  const none: TicketSlaClocks = { first_response: undefined, next_response: undefined, resolution: undefined };
  if (setup === undefined || (setup.calendar !== undefined && !calendarOpensAtAll(setup.calendar))) return none;
  const { target } = setup;
  const next = target.nextResponseMinutes === undefined ? undefined : nextResponseCycle(facts);
  return {
    first_response: metricClock('first_response', target.firstResponseMinutes, setup, facts, facts.createdAt, facts.agentReplies[0]),
    next_response:
      next === undefined || target.nextResponseMinutes === undefined
        ? undefined
        : metricClock('next_response', target.nextResponseMinutes, setup, facts, next.startedAt, next.metAt),
    resolution: metricClock('resolution', target.resolutionMinutes, setup, facts, facts.createdAt, facts.solvedAt),
  };
}
