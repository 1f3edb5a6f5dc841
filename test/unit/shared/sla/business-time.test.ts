import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  addBusinessMs,
  businessMinutesBetween,
  businessMsBetween,
  CalendarNeverOpensError,
  isOpen,
  subtractBusinessMs,
} from '../../../../src/shared/sla/business-time';
import { arbitraryCalendar, arbitraryInstant, calendar, saoPauloOffice } from './calendars';

const at = (iso: string): Date => new Date(iso);
const MINUTE = 60_000;

describe('business time on office hours (São Paulo, UTC−3, lunch 12:00–13:00)', () => {
  const office = saoPauloOffice(['2030-05-13']);

  it('skips the lunch break', () => {
    // Monday 11:30 local + 60 → 30 before lunch, 30 after: 13:30 local.
    expect(addBusinessMinutes(office, at('2030-05-06T14:30:00Z'), 60).toISOString()).toBe('2030-05-06T16:30:00.000Z');
  });

  it('carries over the weekend and skips a holiday', () => {
    // Friday 17:00 + 120 → one hour on Friday, then Monday 13th is a holiday: Tuesday 10:00 local.
    expect(addBusinessMinutes(office, at('2030-05-10T20:00:00Z'), 120).toISOString()).toBe('2030-05-14T13:00:00.000Z');
    expect(addBusinessMinutes(saoPauloOffice(), at('2030-05-10T20:00:00Z'), 120).toISOString()).toBe('2030-05-13T13:00:00.000Z');
  });

  it('starts counting at the next opening when started while closed', () => {
    // Saturday → Monday is the holiday → Tuesday 09:00 local + 15.
    expect(addBusinessMinutes(office, at('2030-05-11T15:00:00Z'), 15).toISOString()).toBe('2030-05-14T12:15:00.000Z');
  });

  it('measures business minutes between two instants, negative backwards', () => {
    // Monday 08:00 → Tuesday 10:00 local: 8 hours on Monday, 1 on Tuesday.
    expect(businessMinutesBetween(office, at('2030-05-06T11:00:00Z'), at('2030-05-07T13:00:00Z'))).toBe(9 * 60);
    expect(businessMinutesBetween(office, at('2030-05-07T13:00:00Z'), at('2030-05-06T11:00:00Z'))).toBe(-9 * 60);
    // A whole week with the Monday holiday: 4 days × 8 hours.
    expect(businessMinutesBetween(office, at('2030-05-12T00:00:00Z'), at('2030-05-19T00:00:00Z'))).toBe(4 * 8 * 60);
  });

  it('is open during shifts: from their start, until (not at) their end', () => {
    expect(isOpen(office, at('2030-05-06T12:00:00Z'))).toBe(true); // 09:00
    expect(isOpen(office, at('2030-05-06T14:59:59Z'))).toBe(true); // 11:59:59
    expect(isOpen(office, at('2030-05-06T15:00:00Z'))).toBe(false); // 12:00 lunch
    expect(isOpen(office, at('2030-05-06T21:00:00Z'))).toBe(false); // 18:00
    expect(isOpen(office, at('2030-05-13T14:00:00Z'))).toBe(false); // holiday
    expect(isOpen(undefined, at('2030-05-13T14:00:00Z'))).toBe(true);
  });
});

describe('24:00 ends and the day boundary', () => {
  const lateShift = calendar('America/Sao_Paulo', { sat: [{ start: '20:00', end: '24:00' }], sun: [{ start: '00:00', end: '02:00' }] });

  it('runs from Saturday 24:00 straight into Sunday 00:00', () => {
    // Saturday 2030-05-11 23:00 local + 120 → Sunday 01:00 local.
    expect(addBusinessMinutes(lateShift, at('2030-05-12T02:00:00Z'), 120).toISOString()).toBe('2030-05-12T04:00:00.000Z');
    expect(isOpen(lateShift, at('2030-05-12T02:59:59Z'))).toBe(true);
    expect(isOpen(lateShift, at('2030-05-12T03:00:00Z'))).toBe(true);
  });
});

describe('DST: a shift is as long as the wall clock says', () => {
  const sundays = (timeZone: string, start: string, end: string) => calendar(timeZone, { sun: [{ start, end }] });

  it('New York spring forward (2021-03-14, 02:00 → 03:00): 00:00–06:00 is five hours', () => {
    const nyc = sundays('America/New_York', '00:00', '06:00');
    expect(businessMinutesBetween(nyc, at('2021-03-14T00:00:00Z'), at('2021-03-15T00:00:00Z'))).toBe(5 * 60);
    // 00:00 EST + 3 hours of real time → 04:00 EDT.
    expect(addBusinessMinutes(nyc, at('2021-03-14T05:00:00Z'), 180).toISOString()).toBe('2021-03-14T08:00:00.000Z');
  });

  it('New York fall back (2021-11-07, 02:00 → 01:00): 00:00–06:00 is seven hours', () => {
    const nyc = sundays('America/New_York', '00:00', '06:00');
    expect(businessMinutesBetween(nyc, at('2021-11-07T00:00:00Z'), at('2021-11-08T00:00:00Z'))).toBe(7 * 60);
  });

  it('São Paulo 2018-11-04 (midnight skipped to 01:00): a shift from 00:00 opens at 01:00, one inside the gap never opens', () => {
    expect(businessMinutesBetween(sundays('America/Sao_Paulo', '00:00', '02:00'), at('2018-11-03T00:00:00Z'), at('2018-11-05T00:00:00Z'))).toBe(60);
    expect(isOpen(sundays('America/Sao_Paulo', '00:00', '02:00'), at('2018-11-04T03:00:00Z'))).toBe(true); // 01:00 −02:00
    expect(businessMinutesBetween(sundays('America/Sao_Paulo', '00:00', '00:30'), at('2018-11-03T00:00:00Z'), at('2018-11-05T00:00:00Z'))).toBe(0);
    // Saturday 22:00–24:00 the night before ends when Sunday begins, at 01:00: still two hours.
    const saturday = calendar('America/Sao_Paulo', { sat: [{ start: '22:00', end: '24:00' }] });
    expect(businessMinutesBetween(saturday, at('2018-11-03T00:00:00Z'), at('2018-11-05T00:00:00Z'))).toBe(120);
  });

  it('São Paulo 2019-02-16 (midnight back to 23:00): Saturday 22:00–24:00 lasts three hours', () => {
    const saturday = calendar('America/Sao_Paulo', { sat: [{ start: '22:00', end: '24:00' }] });
    expect(businessMinutesBetween(saturday, at('2019-02-16T00:00:00Z'), at('2019-02-18T00:00:00Z'))).toBe(180);
    // 22:00 −02:00 + 150 minutes → 23:30 of the second 23:00–24:00 (−03:00).
    expect(addBusinessMinutes(saturday, at('2019-02-17T00:00:00Z'), 150).toISOString()).toBe('2019-02-17T02:30:00.000Z');
  });

  it('Lisbon (2021-03-28 01:00 → 02:00, 2021-10-31 02:00 → 01:00): 00:00–03:00 is two hours, then four', () => {
    const lisbon = sundays('Europe/Lisbon', '00:00', '03:00');
    expect(businessMinutesBetween(lisbon, at('2021-03-27T12:00:00Z'), at('2021-03-28T12:00:00Z'))).toBe(120);
    expect(businessMinutesBetween(lisbon, at('2021-10-30T12:00:00Z'), at('2021-10-31T12:00:00Z'))).toBe(240);
  });
});

describe('a calendar with no open hours', () => {
  const closed = calendar('Europe/Lisbon', {});

  it('never opens: adding time is an error, measuring gives 0, it is never open', () => {
    expect(() => addBusinessMinutes(closed, at('2030-01-01T00:00:00Z'), 1)).toThrow(CalendarNeverOpensError);
    expect(businessMinutesBetween(closed, at('2030-01-01T00:00:00Z'), at('2030-02-01T00:00:00Z'))).toBe(0);
    expect(isOpen(closed, at('2030-01-01T10:00:00Z'))).toBe(false);
  });

  it('gives up past the search horizon instead of looping when the target is out of reach', () => {
    // One minute a week: a year's worth of business minutes is ten thousand years away.
    const rare = calendar('UTC', { mon: [{ start: '00:00', end: '00:01' }] });
    expect(() => addBusinessMinutes(rare, at('2030-01-01T00:00:00Z'), 366 * 24 * 60)).toThrow(CalendarNeverOpensError);
  });
});

describe('properties over random calendars, zones and DST transitions', () => {
  const minutes = fc.integer({ min: 1, max: 6000 });

  it('adding then measuring round-trips exactly', () => {
    fc.assert(
      fc.property(arbitraryCalendar, arbitraryInstant, minutes, (cal, start, amount) => {
        const due = addBusinessMs(cal, start, amount * MINUTE);
        expect(businessMsBetween(cal, start, due)).toBe(amount * MINUTE);
      }),
      { numRuns: 150 },
    );
  });

  it('the result lands inside an open shift (its last business minute is open)', () => {
    fc.assert(
      fc.property(arbitraryCalendar, arbitraryInstant, minutes, (cal, start, amount) => {
        const due = addBusinessMs(cal, start, amount * MINUTE);
        expect(isOpen(cal, new Date(due - 1))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('is monotonic in the minutes added and composes', () => {
    fc.assert(
      fc.property(arbitraryCalendar, arbitraryInstant, minutes, minutes, (cal, start, a, b) => {
        const first = addBusinessMs(cal, start, a * MINUTE);
        const both = addBusinessMs(cal, start, (a + b) * MINUTE);
        expect(both).toBeGreaterThan(first);
        expect(addBusinessMs(cal, first, b * MINUTE)).toBe(both);
      }),
      { numRuns: 100 },
    );
  });

  it('measuring is additive, never more than the wall clock, and antisymmetric', () => {
    const day = 24 * 60 * MINUTE;
    fc.assert(
      fc.property(arbitraryCalendar, arbitraryInstant, fc.integer({ min: 0, max: 20 * day }), fc.integer({ min: 0, max: 20 * day }), (cal, a, x, y) => {
        const b = a + x;
        const c = b + y;
        const ab = businessMsBetween(cal, a, b);
        expect(businessMsBetween(cal, a, c)).toBe(ab + businessMsBetween(cal, b, c));
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(x);
        expect(businessMsBetween(cal, b, a) + ab).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it('without a calendar (24/7) business time is wall-clock time', () => {
    fc.assert(
      fc.property(arbitraryInstant, fc.integer({ min: 0, max: 1_000_000 }), (start, amount) => {
        expect(addBusinessMinutes(undefined, new Date(start), amount).getTime()).toBe(start + amount * MINUTE);
        expect(businessMinutesBetween(undefined, new Date(start), new Date(start + amount * MINUTE))).toBe(amount);
      }),
    );
  });

  it('a calendar open all week in UTC is wall-clock time too', () => {
    const always = calendar('UTC', Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [{ start: '00:00', end: '24:00' }]])));
    fc.assert(
      fc.property(arbitraryInstant, fc.integer({ min: 1, max: 100_000 }), (start, amount) => {
        expect(addBusinessMs(always, start, amount * MINUTE)).toBe(start + amount * MINUTE);
      }),
      { numRuns: 50 },
    );
  });
});

describe('subtractBusinessMs: the earliest instant with at most that much business time left', () => {
  const office = saoPauloOffice(['2030-05-13']);

  it('counts back over lunch, the weekend and a holiday, and reaches back over the closed time before', () => {
    // Tuesday 2030-05-14 09:30 local (12:30Z); Monday is a holiday. 90 minutes back: 30 on Tuesday,
    // then Friday's last hour, from 17:00 local.
    expect(subtractBusinessMs(office, Date.parse('2030-05-14T12:30:00Z'), 90 * MINUTE)).toBe(Date.parse('2030-05-10T20:00:00Z'));
    // Exactly Tuesday's 30 minutes: any instant since Friday's close leaves 30 minutes, so Friday 18:00 local.
    expect(subtractBusinessMs(office, Date.parse('2030-05-14T12:30:00Z'), 30 * MINUTE)).toBe(Date.parse('2030-05-10T21:00:00Z'));
    // Lunch: 14:00 back 90 minutes is 13:00 less 30, 11:30 local.
    expect(subtractBusinessMs(office, Date.parse('2030-05-15T17:00:00Z'), 90 * MINUTE)).toBe(Date.parse('2030-05-15T14:30:00Z'));
    // Nothing left at the due date itself while open; from the last close when it falls in closed time.
    expect(subtractBusinessMs(office, Date.parse('2030-05-15T17:00:00Z'), 0)).toBe(Date.parse('2030-05-15T17:00:00Z'));
    expect(subtractBusinessMs(office, Date.parse('2030-05-15T15:30:00Z'), 0)).toBe(Date.parse('2030-05-15T15:00:00Z'));
  });

  it('is wall-clock time without a calendar, and -Infinity on a calendar that never opens', () => {
    expect(subtractBusinessMs(undefined, Date.parse('2030-05-15T17:00:00Z'), 90 * MINUTE)).toBe(Date.parse('2030-05-15T15:30:00Z'));
    expect(subtractBusinessMs(calendar('UTC', {}), Date.parse('2030-05-15T17:00:00Z'), MINUTE)).toBe(-Infinity);
  });

  it('over random calendars: at most `ms` left from it, more just before it', () => {
    fc.assert(
      fc.property(arbitraryCalendar, arbitraryInstant, fc.integer({ min: 0, max: 6000 }), (cal, end, amount) => {
        const from = subtractBusinessMs(cal, end, amount * MINUTE);
        expect(from).toBeLessThanOrEqual(end);
        expect(businessMsBetween(cal, from, end)).toBeLessThanOrEqual(amount * MINUTE);
        expect(businessMsBetween(cal, from - 1, end)).toBeGreaterThan(amount * MINUTE);
      }),
      { numRuns: 200 },
    );
  });
});
