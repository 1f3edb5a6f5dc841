/**
 * Business time on a BusinessCalendar: which instants are open, how many business minutes lie between
 * two instants, and which instant is a number of business minutes after another. Business minutes are
 * real elapsed minutes while the calendar is open, so a shift spanning a DST change is as long as the
 * clock on the wall says it was (see local-time.ts for gaps and overlaps). An absent calendar is 24/7.
 */
import type { IANAZone } from 'luxon';
import { WEEKDAYS, type BusinessCalendar } from '../domain/settings';
import { addDays, firstInstantShowing, formatLocalDate, isoWeekday, utcDateAt, zoneNamed, type LocalDate } from './local-time';

const MS_PER_MINUTE = 60_000;

/**
 * How far ahead a search for open time goes. A schema-valid target (≤ 366 × 24 × 60 minutes) on any
 * usable calendar ends well within it; only a calendar open a few minutes a week runs out.
 */
export const SEARCH_HORIZON_DAYS = 20 * 366;

/** The calendar has no open time (no shifts at all, or none within SEARCH_HORIZON_DAYS). */
export class CalendarNeverOpensError extends Error {
  override readonly name = 'CalendarNeverOpensError';
}

/** An open stretch of time, [start, end) in epoch ms. */
export interface OpenInterval {
  readonly start: number;
  readonly end: number;
}

interface CompiledCalendar {
  readonly zone: IANAZone;
  /** Index 0 = Monday; each day's shifts as [startMinute, endMinute) pairs, sorted and merged. */
  readonly shifts: readonly (readonly (readonly [number, number])[])[];
  readonly holidays: ReadonlySet<string>;
  readonly opensAtAll: boolean;
  /** Open intervals per local date already worked out: countdowns ask for the same days every second. */
  readonly days: Map<string, readonly OpenInterval[]>;
}

const DAY_CACHE_LIMIT = 4000;

const clockMinutes = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** Sorted, non-empty, non-overlapping shifts: a calendar that slipped past validation cannot count time twice. */
function normalizedShifts(shifts: readonly { readonly start: string; readonly end: string }[]): [number, number][] {
  const pairs = shifts
    .map((shift): [number, number] => [clockMinutes(shift.start), clockMinutes(shift.end)])
    .filter(([start, end]) => start < end)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of pairs) {
    const last = merged.at(-1);
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

const compiledCalendars = new WeakMap<BusinessCalendar, CompiledCalendar>();

function compile(calendar: BusinessCalendar): CompiledCalendar {
  const cached = compiledCalendars.get(calendar);
  if (cached !== undefined) return cached;
  const shifts = WEEKDAYS.map((day) => normalizedShifts(calendar.weeklyHours[day]));
  const compiled: CompiledCalendar = {
    zone: zoneNamed(calendar.timeZone),
    shifts,
    holidays: new Set(calendar.holidays.map((holiday) => holiday.date)),
    opensAtAll: shifts.some((day) => day.length > 0),
    days: new Map(),
  };
  compiledCalendars.set(calendar, compiled);
  return compiled;
}

/** Whether the calendar has any open hours in its week (holidays aside). */
export function calendarOpensAtAll(calendar: BusinessCalendar): boolean {
  return compile(calendar).opensAtAll;
}

function openIntervalsOn(calendar: CompiledCalendar, date: LocalDate): readonly OpenInterval[] {
  const key = formatLocalDate(date);
  const cached = calendar.days.get(key);
  if (cached !== undefined) return cached;
  const shifts = calendar.holidays.has(key) ? [] : (calendar.shifts[isoWeekday(date) - 1] ?? []);
  const intervals = shifts
    .map(([start, end]) => ({ start: firstInstantShowing(calendar.zone, date, start), end: firstInstantShowing(calendar.zone, date, end) }))
    .filter((interval) => interval.start < interval.end);
  if (calendar.days.size >= DAY_CACHE_LIMIT) calendar.days.clear();
  calendar.days.set(key, intervals);
  return intervals;
}

/**
 * The open intervals that end after `from`, in order, the first one clipped to start at `from` at the
 * earliest. Throws CalendarNeverOpensError past the search horizon.
 */
export function* openIntervalsFrom(calendar: BusinessCalendar, from: number): Generator<OpenInterval, never, undefined> {
  const compiled = compile(calendar);
  if (!compiled.opensAtAll) throw new CalendarNeverOpensError('the calendar has no open hours in its week');
  // Start a day before the local date of `from` (after a fall-back at midnight, the previous date's
  // evening can come after `from`). Zones are within ±14 h of UTC, so the UTC date less two days is
  // early enough without asking the zone (costly, and this runs for every count); the days before
  // only contribute intervals that end before `from`, which are skipped.
  const first = addDays(utcDateAt(from), -2);
  for (let offset = 0; offset <= SEARCH_HORIZON_DAYS; offset += 1) {
    for (const interval of openIntervalsOn(compiled, addDays(first, offset))) {
      if (interval.end > from) yield { start: Math.max(interval.start, from), end: interval.end };
    }
  }
  throw new CalendarNeverOpensError(`no open hours within ${String(SEARCH_HORIZON_DAYS)} days`);
}

/**
 * The open intervals that start before `to`, latest first, the first one clipped to end at `to` at the
 * latest; the mirror of openIntervalsFrom. Ends (rather than throws) past the search horizon.
 */
function* openIntervalsBefore(compiled: CompiledCalendar, to: number): Generator<OpenInterval, void, undefined> {
  // Start two days after the UTC date of `to`: a local date's intervals begin at most 14 h before its
  // UTC midnight, so later dates cannot hold time before `to`.
  const last = addDays(utcDateAt(to), 2);
  for (let offset = 0; offset <= SEARCH_HORIZON_DAYS + 4; offset += 1) {
    const intervals = openIntervalsOn(compiled, addDays(last, -offset));
    for (let index = intervals.length - 1; index >= 0; index -= 1) {
      const interval = intervals[index];
      if (interval !== undefined && interval.start < to) yield { start: interval.start, end: Math.min(interval.end, to) };
    }
  }
}

/** Whether the calendar is open at `at` (shifts are [start, end): open at 09:00, closed at 18:00). */
export function isOpen(calendar: BusinessCalendar | undefined, at: Date): boolean {
  if (calendar === undefined) return true;
  if (!compile(calendar).opensAtAll) return false;
  const instant = at.getTime();
  const next = openIntervalsFrom(calendar, instant).next().value;
  return next.start <= instant;
}

/** Business milliseconds in [from, to); negative when `to` is before `from`. */
export function businessMsBetween(calendar: BusinessCalendar | undefined, from: number, to: number): number {
  if (to < from) return -businessMsBetween(calendar, to, from);
  if (calendar === undefined) return to - from;
  if (from === to || !compile(calendar).opensAtAll) return 0;
  const intervals = openIntervalsFrom(calendar, from);
  let total = 0;
  for (;;) {
    const interval = intervals.next().value;
    if (interval.start >= to) return total;
    total += Math.min(interval.end, to) - interval.start;
  }
}

/**
 * The instant `ms` business milliseconds after `start`: where the last of them ends, so the result lies
 * in (interval start, interval end] of an open interval. `ms` ≤ 0 gives `start`.
 */
export function addBusinessMs(calendar: BusinessCalendar | undefined, start: number, ms: number): number {
  if (ms <= 0) return start;
  if (calendar === undefined) return start + ms;
  const intervals = openIntervalsFrom(calendar, start);
  let remaining = ms;
  for (;;) {
    const interval = intervals.next().value;
    const length = interval.end - interval.start;
    if (remaining <= length) return interval.start + remaining;
    remaining -= length;
  }
}

/** The instant `minutes` business minutes after `start` (24/7 without a calendar). */
export function addBusinessMinutes(calendar: BusinessCalendar | undefined, start: Date, minutes: number): Date {
  return new Date(addBusinessMs(calendar, start.getTime(), Math.round(minutes * MS_PER_MINUTE)));
}

/** Business minutes in [from, to), fractional; negative when `to` is before `from`. */
export function businessMinutesBetween(calendar: BusinessCalendar | undefined, from: Date, to: Date): number {
  return businessMsBetween(calendar, from.getTime(), to.getTime()) / MS_PER_MINUTE;
}

/**
 * The earliest instant from which at most `ms` business milliseconds are left until `end`: the least
 * `t` with businessMsBetween(calendar, t, end) ≤ ms. Counting `ms` back from `end` lands inside an open
 * interval, or at its start, and then reaches back over the closed time before it (no business time
 * passes there). -Infinity when fewer than `ms` business ms lie before `end` (a calendar that never
 * opens, or not within the search horizon): from any instant at most that much is left.
 */
export function subtractBusinessMs(calendar: BusinessCalendar | undefined, end: number, ms: number): number {
  if (calendar === undefined) return end - Math.max(ms, 0);
  const compiled = compile(calendar);
  if (!compiled.opensAtAll) return -Infinity;
  let remaining = Math.max(ms, 0);
  for (const interval of openIntervalsBefore(compiled, end)) {
    const length = interval.end - interval.start;
    if (remaining < length) return interval.end - remaining;
    remaining -= length;
  }
  return -Infinity;
}
