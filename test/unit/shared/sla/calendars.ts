/** Calendars and a fast-check arbitrary of random ones, shared by the SLA tests. */
import fc from 'fast-check';
import { WEEKDAYS, type BusinessCalendar, type Shift, type Weekday } from '../../../../src/shared/domain/settings';

const CLOSED: Readonly<Record<Weekday, readonly Shift[]>> = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };

export function calendar(timeZone: string, hours: Partial<Record<Weekday, readonly Shift[]>>, holidays: readonly string[] = []): BusinessCalendar {
  return { timeZone, weeklyHours: { ...CLOSED, ...hours }, holidays: holidays.map((date) => ({ date, name: `Holiday ${date}` })) };
}

const WORKDAY: readonly Shift[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '18:00' },
];

/** São Paulo office hours with a lunch break, Monday to Friday (no DST since 2019). */
export const saoPauloOffice = (holidays: readonly string[] = []): BusinessCalendar =>
  calendar('America/Sao_Paulo', { mon: WORKDAY, tue: WORKDAY, wed: WORKDAY, thu: WORKDAY, fri: WORKDAY }, holidays);

/** Zones with DST (São Paulo until 2019, New York, Lisbon, Lord Howe's 30-minute shift), and two without. */
export const ZONES = ['America/Sao_Paulo', 'America/New_York', 'Europe/Lisbon', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC'] as const;

const clock = (minutes: number): string =>
  minutes === 1440 ? '24:00' : `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Up to four shifts in a day, on 30-minute boundaries (so some start or end inside DST gaps), ends up to 24:00. */
const dayShifts: fc.Arbitrary<Shift[]> = fc.uniqueArray(fc.integer({ min: 0, max: 48 }), { maxLength: 8 }).map((boundaries) => {
  const sorted = [...boundaries].sort((a, b) => a - b);
  const shifts: Shift[] = [];
  for (let index = 0; index + 1 < sorted.length; index += 2) {
    shifts.push({ start: clock((sorted[index] ?? 0) * 30), end: clock((sorted[index + 1] ?? 0) * 30) });
  }
  return shifts;
});

/** 2016–2024: covers São Paulo's last DST seasons and several of every other zone's. */
export const RANGE_START = Date.UTC(2016, 0, 1);
export const RANGE_END = Date.UTC(2025, 0, 1);

const holiday = fc.integer({ min: RANGE_START, max: RANGE_END }).map((instant) => new Date(instant).toISOString().slice(0, 10));

/** A random usable calendar: at least one open shift in the week, any zone, a few holidays. */
export const arbitraryCalendar: fc.Arbitrary<BusinessCalendar> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    days: fc.tuple(dayShifts, dayShifts, dayShifts, dayShifts, dayShifts, dayShifts, dayShifts),
    holidays: fc.uniqueArray(holiday, { maxLength: 30 }),
  })
  .filter(({ days }) => days.some((shifts) => shifts.length > 0))
  .map(({ timeZone, days, holidays }) =>
    calendar(timeZone, Object.fromEntries(WEEKDAYS.map((day, index) => [day, days[index] ?? []])), holidays),
  );

export const arbitraryInstant = fc.integer({ min: RANGE_START, max: RANGE_END });
