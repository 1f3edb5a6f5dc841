/** The calendar's day arithmetic is plain UTC Date arithmetic (it runs for every day counted); Luxon is the reference. */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addDays, formatLocalDate, isoWeekday, utcDateAt } from '../../../../src/shared/sla/local-time';

const date = fc.date({ min: new Date('1970-01-01T00:00:00.000Z'), max: new Date('2199-12-31T23:59:59.999Z'), noInvalidDate: true });

describe('local dates', () => {
  it('agree with Luxon: UTC date of an instant, adding days across months, years and leap days, weekday, ISO text', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -800, max: 800 }), (instant, days) => {
        const reference = DateTime.fromMillis(instant.getTime(), { zone: 'utc' });
        const local = utcDateAt(instant.getTime());
        expect(local).toEqual({ year: reference.year, month: reference.month, day: reference.day });
        const later = reference.plus({ days });
        expect(addDays(local, days)).toEqual({ year: later.year, month: later.month, day: later.day });
        expect(isoWeekday(local)).toBe(reference.weekday);
        expect(formatLocalDate(local)).toBe(reference.toISODate());
      }),
      { numRuns: 500 },
    );
  });

  it('step over the leap day of 2028 and the missing one of 2100', () => {
    expect(addDays({ year: 2028, month: 2, day: 28 }, 1)).toEqual({ year: 2028, month: 2, day: 29 });
    expect(addDays({ year: 2100, month: 2, day: 28 }, 1)).toEqual({ year: 2100, month: 3, day: 1 });
    expect(formatLocalDate({ year: 2030, month: 5, day: 6 })).toBe('2030-05-06');
    expect(isoWeekday({ year: 2030, month: 5, day: 6 })).toBe(1);
  });
});
