/**
 * Wall-clock times of a time zone as instants, with one rule for the two DST cases a business calendar
 * meets: a local time is "the first instant the wall clock shows it or a later time". So a shift start
 * in a spring-forward gap begins when the gap ends, and a time that happens twice (fall back) counts
 * from its first occurrence. Luxon supplies the zone data; date arithmetic is plain UTC Date arithmetic.
 */
import { IANAZone } from 'luxon';

/** A calendar date in some zone (month 1–12). */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export const MINUTES_PER_DAY = 24 * 60;
const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = MINUTES_PER_DAY * MS_PER_MINUTE;

/** The zone's UTC offset at `instant`, in ms. */
const offsetMs = (zone: IANAZone, instant: number): number => Math.round(zone.offset(instant) * MS_PER_MINUTE);

/** The zone, or an error naming it: a calendar with an unknown zone cannot be evaluated. */
export function zoneNamed(name: string): IANAZone {
  const zone = IANAZone.create(name);
  if (!zone.isValid) throw new RangeError(`unknown time zone: ${name}`);
  return zone;
}

/**
 * The UTC instant `ms` past `date`'s midnight (as if the date were in UTC). Plain Date arithmetic: a
 * calendar walks through these for every day it counts, so they must be cheap (UTC has no DST).
 */
function midnightUtcPlus(date: LocalDate, ms: number): Date {
  const utc = new Date(0);
  utc.setUTCFullYear(date.year, date.month - 1, date.day);
  return ms === 0 ? utc : new Date(utc.getTime() + ms);
}

const localDateOf = (utc: Date): LocalDate => ({ year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() });

/** The UTC date at `instant` (epoch ms). */
export function utcDateAt(instant: number): LocalDate {
  return localDateOf(new Date(instant));
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const next = new Date(0);
  next.setUTCFullYear(date.year, date.month - 1, date.day + days);
  return localDateOf(next);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  return ((midnightUtcPlus(date, 0).getUTCDay() + 6) % 7) + 1;
}

/** `YYYY-MM-DD`, as holidays are written. */
export function formatLocalDate(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/**
 * The first instant at which the wall clock of `zone` shows `minuteOfDay` (0–1440; 1440 is 24:00, the
 * next day's midnight) of `date`, or a later time: the earlier occurrence of a repeated time, the end
 * of the gap for a skipped one. Non-decreasing in the local time, so shifts never turn inside out.
 */
export function firstInstantShowing(zone: IANAZone, date: LocalDate, minuteOfDay: number): number {
  // The wall time written as if it were UTC; the instant is that minus the offset in force then.
  const wall = midnightUtcPlus(date, minuteOfDay * MS_PER_MINUTE).getTime();
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
