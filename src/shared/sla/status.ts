/**
 * The state of an SLA metric at a moment, for countdowns, badges and the "SLA at risk" / "Breached"
 * views. Pure and cheap enough to call every second with the local clock, so it keeps working offline.
 */
import type { SlaMetric } from '../domain/timeline';
import { businessMsBetween, CalendarNeverOpensError } from './business-time';
import { countedMs, type MetricClock } from './clock';

export const SLA_STATES = ['none', 'ok', 'at_risk', 'breached', 'paused', 'met'] as const;
export type SlaState = (typeof SLA_STATES)[number];

export interface SlaMetricStatus {
  readonly metric: SlaMetric;
  /**
   * `none`: not measured (no policy, no cycle, or the ticket was finished without meeting it);
   * `met`: done (on time or late, see `breached`); `breached`: running or paused past the target;
   * `paused`: stopped before the target; `at_risk`: past atRiskPercent of it; `ok`: otherwise.
   */
  readonly state: SlaState;
  /** Whether the target was missed (also for a late `met`, a paused or a finished ticket). */
  readonly breached: boolean;
  readonly targetMinutes?: number;
  /** When the target is or was reached along the counted time; absent while paused before it. */
  readonly dueAt?: string;
  readonly metAt?: string;
  /** Business minutes counted so far (until metAt when met). */
  readonly elapsedBusinessMinutes?: number;
  /** targetMinutes − elapsed; negative once breached. */
  readonly remainingBusinessMinutes?: number;
}

const MS_PER_MINUTE = 60_000;

/** Business ms counted by `until`; the ended segments come from the clock, only the open one is counted live. */
function elapsedMs(clock: MetricClock, until: number): number {
  const last = clock.runningSegments.at(-1);
  if (last === undefined) return 0;
  if (last.to === undefined) {
    if (until >= last.from) return clock.closedSegmentsMs + businessMsBetween(clock.calendar, last.from, until);
  } else if (until >= last.to) {
    return clock.closedSegmentsMs;
  }
  return countedMs(clock.calendar, clock.runningSegments, until);
}

function stateOf(clock: MetricClock, breached: boolean, now: number): SlaState {
  if (clock.metAt !== undefined) return 'met';
  if (clock.finished) return 'none';
  if (breached) return 'breached';
  if (!clock.running) return 'paused';
  return clock.atRiskAt !== undefined && now >= clock.atRiskAt ? 'at_risk' : 'ok';
}

/** The metric's state at `now` (a Date or epoch ms). */
export function slaStatus(metric: SlaMetric, clock: MetricClock | undefined, now: Date | number): SlaMetricStatus {
  if (clock === undefined) return { metric, state: 'none', breached: false };
  const at = typeof now === 'number' ? now : now.getTime();
  const until = Math.min(at, clock.metAt ?? Infinity);
  const breached = clock.dueAt !== undefined && clock.dueAt < until;
  let counted: number | undefined;
  try {
    counted = elapsedMs(clock, until);
  } catch (error) {
    if (!(error instanceof CalendarNeverOpensError)) throw error;
  }
  const elapsed = counted === undefined ? undefined : counted / MS_PER_MINUTE;
  return {
    metric,
    state: stateOf(clock, breached, at),
    breached,
    targetMinutes: clock.targetMinutes,
    ...(clock.dueAt === undefined ? {} : { dueAt: new Date(clock.dueAt).toISOString() }),
    ...(clock.metAt === undefined ? {} : { metAt: new Date(clock.metAt).toISOString() }),
    ...(elapsed === undefined ? {} : { elapsedBusinessMinutes: elapsed, remainingBusinessMinutes: clock.targetMinutes - elapsed }),
  };
}
