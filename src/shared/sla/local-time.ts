/**
 * Wall-clock times of a time zone as instants, with one rule for the two DST cases a business calendar
 * meets: a local time is "the first instant the wall clock shows it or a later time". So a shift start
 * in a spring-forward gap begins when the gap ends, and a time that happens twice (fall back) counts
 * from its first occurrence. Luxon supplies the zone data and the date arithmetic.
 */
import { DateTime, IANAZone } from 'luxon';

/** A calendar date in some zone (month 1–12). */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export const MINUTES_PER_DAY = 24 * 60;
const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = MINUTES_PER_DAY * MS_PER_MINUTE;

/** The zone, or an error naming it: a calendar with an unknown zone cannot be evaluated. */
export function zoneNamed(name: string): IANAZone {
  const zone = IANAZone.create(name);
  if (!zone.isValid) throw new RangeError(`unknown time zone: ${name}`);
  return zone;
}

/** The date the wall clock of `zone` shows at `instant` (epoch ms). */
export function localDateAt(zone: IANAZone, instant: number): LocalDate {
  const local = DateTime.fromMillis(instant, { zone });
  return { year: local.year, month: local.month, day: local.day };
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const next = DateTime.utc(date.year, date.month, date.day).plus({ days });
  return { year: next.year, month: next.month, day: next.day };
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  return DateTime.utc(date.year, date.month, date.day).weekday;
}

/** `YYYY-MM-DD`, as holidays are written. */
export function formatLocalDate(date: LocalDate): string {
  return DateTime.utc(date.year, date.month, date.day).toISODate() ?? '';
}

const offsetMs = (zone: IANAZone, instant: number): number => Math.round(zone.offset(instant) * MS_PER_MINUTE);

/**
 * The first instant at which the wall clock of `zone` shows `minuteOfDay` (0–1440; 1440 is 24:00, the
 * next day's midnight) of `date`, or a later time: the earlier occurrence of a repeated time, the end
 * of the gap for a skipped one. Non-decreasing in the local time, so shifts never turn inside out.
 */
export function firstInstantShowing(zone: IANAZone, date: LocalDate, minuteOfDay: number): number {
  // The wall time written as if it were UTC; the instant is that minus the offset in force then.
  const wall = DateTime.utc(date.year, date.month, date.day).plus({ minutes: minuteOfDay }).toMillis();
  // Zones change offset at most once in any two days, so the offsets a day either side are the candidates.
  const before = offsetMs(zone, wall - MS_PER_DAY);
  const after = offsetMs(zone, wall + MS_PER_DAY);
  const showsWall = (instant: number): boolean => instant + offsetMs(zone, instant) === wall;
  const candidates = [wall - before, wall - after].filter(showsWall);
  if (candidates.length > 0) return Math.min(...candidates);
  return gapEnd(zone, wall - after, wall - before, after);
}

/**
 * The transition instant in (`from`, `to`]: the first millisecond whose offset is `offsetAfter`.
 * Only reached for a skipped local time, where the clock jumps forward somewhere in that range.
 */
function gapEnd(zone: IANAZone, from: number, to: number, offsetAfter: number): number {
  let low = from;
  let high = to;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsetMs(zone, middle) === offsetAfter) high = middle;
    else low = middle;
  }
  return high;
}
