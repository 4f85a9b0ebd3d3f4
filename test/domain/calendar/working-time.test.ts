import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addWorkingTime,
  isWorkingTime,
  nextWorkingInstant,
  parseWorkCalendar,
  subtractWorkingTime,
  workingTimeBetween,
  WorkingTimeSearchError,
  type WorkCalendar,
  type WorkCalendarConfig,
} from '../../../src/domain/calendar/index.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const NINE_TO_FIVE = '09:00-17:00';
const WEEKDAYS = { mon: NINE_TO_FIVE, tue: NINE_TO_FIVE, wed: NINE_TO_FIVE, thu: NINE_TO_FIVE, fri: NINE_TO_FIVE };

function calendar(zone: string, config: WorkCalendarConfig = { hours: WEEKDAYS }): WorkCalendar {
  const parsed = parseWorkCalendar(config, zone);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.calendar;
}

/** An instant from local wall-clock text `2026-12-04 16:30` in `zone`. */
function at(local: string, zone: string): number {
  const dt = DateTime.fromFormat(local, 'yyyy-LL-dd HH:mm', { zone });
  if (!dt.isValid) throw new Error(`bad local time ${local}`);
  return dt.toMillis();
}

function local(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat('yyyy-LL-dd HH:mm ccc');
}

const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';

describe('addWorkingTime', () => {
  const ny = calendar(NY);

  it('SPEC §15: a 2 h packet clock started Friday 16:30 is due Monday 10:30', () => {
    expect(local(addWorkingTime(ny, at('2026-12-04 16:30', NY), 2 * HOUR), NY)).toBe('2026-12-07 10:30 Mon');
  });

  it('skips an explicit holiday: Thursday 2026-12-24 16:00 + 2 h is Monday 12-28 10:00', () => {
    const cal = calendar(NY, { hours: WEEKDAYS, holidays: ['2026-12-25'] });
    expect(local(addWorkingTime(cal, at('2026-12-24 16:00', NY), 2 * HOUR), NY)).toBe('2026-12-28 10:00 Mon');
    // Without the holiday, Friday the 25th counts.
    expect(local(addWorkingTime(ny, at('2026-12-24 16:00', NY), 2 * HOUR), NY)).toBe('2026-12-25 10:00 Fri');
  });

  it('skips the public holidays of holidayRegion US (Christmas, and Thanksgiving)', () => {
    const cal = calendar(NY, { hours: WEEKDAYS, holidayRegion: 'US' });
    expect(local(addWorkingTime(cal, at('2026-12-24 16:00', NY), 2 * HOUR), NY)).toBe('2026-12-28 10:00 Mon');
    expect(local(addWorkingTime(cal, at('2026-11-25 16:00', NY), 2 * HOUR), NY)).toBe('2026-11-27 10:00 Fri');
  });

  it('a start on a Saturday counts from Monday 09:00', () => {
    expect(local(addWorkingTime(ny, at('2026-12-05 11:00', NY), 2 * HOUR), NY)).toBe('2026-12-07 11:00 Mon');
  });

  it('a start exactly at 17:00 counts from the next morning; a due time on 17:00 stays there', () => {
    expect(local(addWorkingTime(ny, at('2026-12-08 17:00', NY), 30 * MIN), NY)).toBe('2026-12-09 09:30 Wed');
    expect(local(addWorkingTime(ny, at('2026-12-08 16:30', NY), 30 * MIN), NY)).toBe('2026-12-08 17:00 Tue');
    expect(local(addWorkingTime(ny, at('2026-12-08 09:00', NY), 8 * HOUR), NY)).toBe('2026-12-08 17:00 Tue');
  });

  it('duration 0 is due at the start itself, inside or outside working hours', () => {
    const saturday = at('2026-12-05 11:00', NY);
    expect(addWorkingTime(ny, saturday, 0)).toBe(saturday);
    expect(addWorkingTime(ny, saturday + 123, 0)).toBe(saturday + 123);
  });

  it('counts to the millisecond', () => {
    const start = at('2026-12-08 16:59', NY) + 59_999;
    expect(addWorkingTime(ny, start, 2)).toBe(at('2026-12-09 09:00', NY) + 1);
  });

  it('New York DST weekends: 09:00-17:00 stays 8 h on the Monday after each change', () => {
    // Spring forward 2026-03-08 (Sunday), fall back 2026-11-01 (Sunday).
    expect(local(addWorkingTime(ny, at('2026-03-06 16:00', NY), 2 * HOUR), NY)).toBe('2026-03-09 10:00 Mon');
    expect(local(addWorkingTime(ny, at('2026-10-30 16:00', NY), 9 * HOUR), NY)).toBe('2026-11-02 17:00 Mon');
    expect(addWorkingTime(ny, at('2026-03-06 16:00', NY), 2 * HOUR) - at('2026-03-06 16:00', NY)).toBe(66 * HOUR - HOUR);
  });

  it('a range spanning the jump lasts the real elapsed time (New York, 00:00-06:00 every day)', () => {
    const nights = calendar(NY, { hours: { sun: '00:00-06:00' } });
    expect(workingTimeBetween(nights, at('2026-03-08 00:00', NY), at('2026-03-08 12:00', NY))).toBe(5 * HOUR);
    expect(workingTimeBetween(nights, at('2026-11-01 00:00', NY), at('2026-11-01 12:00', NY))).toBe(7 * HOUR);
    expect(local(addWorkingTime(nights, at('2026-03-08 00:00', NY), 5 * HOUR), NY)).toBe('2026-03-08 06:00 Sun');
  });

  it('a bound inside the repeated hour is read twice: 01:30-03:00 on the fall-back night is 30 min + 90 min', () => {
    const cal = calendar(NY, { hours: { sun: '01:30-03:00' } });
    const day = [at('2026-11-01 00:00', NY), at('2026-11-01 12:00', NY)] as const;
    expect(workingTimeBetween(cal, ...day)).toBe(2 * HOUR);
    // 01:00-01:30 EST (the second 01:00) is not working time: the wall clock reads before 01:30.
    const secondOneAm = Date.parse('2026-11-01T01:00:00-05:00');
    expect(isWorkingTime(cal, secondOneAm)).toBe(false);
    expect(isWorkingTime(cal, secondOneAm - 1)).toBe(true);
    expect(isWorkingTime(cal, secondOneAm + 30 * MIN)).toBe(true);
  });

  it('Berlin DST weekends (2026-03-29 and 2026-10-25), with a Sunday night shift across the jump', () => {
    const cal = calendar(BERLIN, { hours: { ...WEEKDAYS, sun: '01:00-04:00' } });
    // Spring forward at 02:00 -> 03:00: the Sunday range 01:00-04:00 holds 2 h.
    expect(workingTimeBetween(cal, at('2026-03-28 00:00', BERLIN), at('2026-03-30 00:00', BERLIN))).toBe(2 * HOUR);
    expect(local(addWorkingTime(cal, at('2026-03-27 16:00', BERLIN), 3 * HOUR), BERLIN)).toBe('2026-03-29 04:00 Sun');
    expect(local(addWorkingTime(cal, at('2026-03-27 16:00', BERLIN), 4 * HOUR), BERLIN)).toBe('2026-03-30 10:00 Mon');
    // Fall back at 03:00 -> 02:00: it holds 4 h.
    expect(workingTimeBetween(cal, at('2026-10-24 00:00', BERLIN), at('2026-10-26 00:00', BERLIN))).toBe(4 * HOUR);
    expect(local(addWorkingTime(cal, at('2026-10-23 16:00', BERLIN), 5 * HOUR), BERLIN)).toBe('2026-10-25 04:00 Sun');
  });

  it('a 30-day (720 h) duration completes, walked in whole weeks (no timed assertion: see the test duration)', () => {
    const cal = calendar(NY, { hours: WEEKDAYS, holidayRegion: 'US' });
    const start = at('2026-12-04 16:30', NY);
    const due = addWorkingTime(cal, start, 720 * HOUR);
    expect(workingTimeBetween(cal, start, due)).toBe(720 * HOUR);
    expect(subtractWorkingTime(cal, due, 720 * HOUR)).toBe(start);
    // 0.5 h on Friday, then 89 working days and 7.5 h of the 90th, skipping Christmas,
    // New Year, Martin Luther King Day and Washington's Birthday (counted by hand).
    expect(local(due, NY)).toBe('2027-04-15 16:30 Thu');
  });

  it('gives up with a clear error when holidays leave no working time for 10 years', () => {
    const everyMonday = Array.from({ length: 12 * 53 }, (_, i) => DateTime.fromISO('2026-01-05').plus({ weeks: i }).toISODate()!);
    const cal = calendar('UTC', { hours: { mon: NINE_TO_FIVE }, holidays: everyMonday });
    expect(() => addWorkingTime(cal, Date.UTC(2026, 0, 1), HOUR)).toThrow(WorkingTimeSearchError);
    expect(() => addWorkingTime(cal, Date.UTC(2026, 0, 1), HOUR)).toThrow(/within 10 years/);
  });

  it('refuses a negative or non-finite duration as a programming error', () => {
    expect(() => addWorkingTime(ny, 0, -1)).toThrow(RangeError);
    expect(() => addWorkingTime(ny, Number.NaN, 1)).toThrow(RangeError);
  });
});

describe('workingTimeBetween', () => {
  const ny = calendar(NY);

  it('is 0 when to <= from, and counts only working hours', () => {
    const friday = at('2026-12-04 16:30', NY);
    expect(workingTimeBetween(ny, friday, friday)).toBe(0);
    expect(workingTimeBetween(ny, friday, friday - HOUR)).toBe(0);
    expect(workingTimeBetween(ny, friday, at('2026-12-07 10:30', NY))).toBe(2 * HOUR);
  });

  it('counts a year of weekdays, minus the US public holidays of 2026 on weekdays', () => {
    const cal = calendar(NY, { hours: WEEKDAYS, holidayRegion: 'US' });
    // 2026 has 261 weekdays; 11 of the US public holidays fall on one (July 4 is a Saturday).
    expect(workingTimeBetween(cal, at('2026-01-01 00:00', NY), at('2027-01-01 00:00', NY))).toBe((261 - 11) * 8 * HOUR);
  });
});

describe('subtractWorkingTime', () => {
  const ny = calendar(NY);

  it('30 min before a Monday 10:30 due is Monday 10:00', () => {
    expect(local(subtractWorkingTime(ny, at('2026-12-07 10:30', NY), 30 * MIN), NY)).toBe('2026-12-07 10:00 Mon');
  });

  it('on a boundary of hours it is the end of the previous range: Friday 17:00, not Monday 09:00', () => {
    expect(local(subtractWorkingTime(ny, at('2026-12-07 10:30', NY), 90 * MIN), NY)).toBe('2026-12-04 17:00 Fri');
    expect(local(subtractWorkingTime(ny, at('2026-12-07 10:30', NY), 2 * HOUR), NY)).toBe('2026-12-04 16:30 Fri');
  });

  it('is the earliest instant from which at most that much working time remains', () => {
    const due = at('2026-12-07 10:30', NY);
    const remind = subtractWorkingTime(ny, due, 90 * MIN);
    expect(workingTimeBetween(ny, remind, due)).toBe(90 * MIN);
    expect(workingTimeBetween(ny, remind - 1, due)).toBe(90 * MIN + 1);
  });
});

describe('isWorkingTime and nextWorkingInstant', () => {
  const ny = calendar(NY, { hours: { ...WEEKDAYS, sat: '10:00-12:00,13:00-14:00' } });

  it('ranges are half-open: 09:00 works, 17:00 does not', () => {
    expect(isWorkingTime(ny, at('2026-12-07 09:00', NY))).toBe(true);
    expect(isWorkingTime(ny, at('2026-12-07 17:00', NY))).toBe(false);
    expect(isWorkingTime(ny, at('2026-12-05 12:30', NY))).toBe(false);
  });

  it('finds the next working instant across a lunch break and a Sunday', () => {
    expect(local(nextWorkingInstant(ny, at('2026-12-05 12:30', NY)), NY)).toBe('2026-12-05 13:00 Sat');
    expect(local(nextWorkingInstant(ny, at('2026-12-05 15:00', NY)), NY)).toBe('2026-12-07 09:00 Mon');
    expect(nextWorkingInstant(ny, at('2026-12-07 09:10', NY))).toBe(at('2026-12-07 09:10', NY));
  });
});
