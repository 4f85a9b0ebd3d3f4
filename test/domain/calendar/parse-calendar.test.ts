import { describe, expect, it } from 'vitest';
import { holidayDates, parseWorkCalendar, regionHolidays } from '../../../src/domain/calendar/index.js';

const NINE_TO_FIVE = '09:00-17:00';

function fields(input: unknown, zone = 'UTC'): string[] {
  const parsed = parseWorkCalendar(input, zone);
  return parsed.ok ? [] : parsed.problems.map((p) => p.field);
}

describe('parseWorkCalendar', () => {
  it('reads the SPEC §15 example', () => {
    const parsed = parseWorkCalendar({ hours: { mon: NINE_TO_FIVE, fri: NINE_TO_FIVE }, holidays: ['2026-12-25'], holidayRegion: 'US' }, 'America/New_York');
    expect(parsed).toEqual({
      ok: true,
      calendar: {
        zone: 'America/New_York',
        week: { mon: [{ startMinute: 540, endMinute: 1020 }], tue: [], wed: [], thu: [], fri: [{ startMinute: 540, endMinute: 1020 }], sat: [], sun: [] },
        holidays: ['2026-12-25'],
        holidayRegion: 'US',
      },
    });
  });

  it('reads several ranges a day, joins touching ones, allows 24:00 and "off"', () => {
    const parsed = parseWorkCalendar({ hours: { mon: '13:00-17:00, 09:00-12:00', tue: '09:00-12:00,12:00-13:00', wed: '22:00-24:00', thu: 'off' } }, 'UTC');
    expect(parsed.ok && parsed.calendar.week).toMatchObject({
      mon: [
        { startMinute: 540, endMinute: 720 },
        { startMinute: 780, endMinute: 1020 },
      ],
      tue: [{ startMinute: 540, endMinute: 780 }],
      wed: [{ startMinute: 1320, endMinute: 1440 }],
      thu: [],
    });
  });

  it('refuses a calendar with no working time, naming org.calendar.hours', () => {
    const parsed = parseWorkCalendar({ hours: { sat: 'off' } }, 'UTC');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problems).toHaveLength(1);
      expect(parsed.problems[0]).toMatchObject({ field: 'org.calendar.hours', message: expect.stringMatching(/no working time/) });
      expect(parsed.problems[0]?.fix).toMatch(/mon: "09:00-17:00"/);
    }
    expect(fields({ hours: {} })).toEqual(['org.calendar.hours']);
    expect(fields({})).toEqual(['org.calendar.hours']);
  });

  it('refuses inverted and overlapping ranges, naming the weekday key', () => {
    const parsed = parseWorkCalendar({ hours: { mon: '17:00-09:00', tue: '09:00-12:00,11:30-13:00' } }, 'UTC');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problems.map((p) => p.field)).toEqual(['org.calendar.hours.mon', 'org.calendar.hours.tue']);
      expect(parsed.problems[0]?.message).toMatch(/"17:00-09:00" ends before it starts/);
      expect(parsed.problems[1]?.message).toBe('ranges 09:00-12:00 and 11:30-13:00 overlap');
    }
  });

  it('refuses malformed times, unknown keys and wrong types, all at once', () => {
    expect(fields({ hours: { mon: '9-17', tue: '25:00-26:00', wed: '09:60-10:00', thu: 9, fri: '', monday: NINE_TO_FIVE }, extra: 1 })).toEqual([
      'org.calendar.extra',
      'org.calendar.hours.monday',
      'org.calendar.hours.mon',
      'org.calendar.hours.tue',
      'org.calendar.hours.wed',
      'org.calendar.hours.thu',
      'org.calendar.hours.fri',
    ]);
    expect(fields({ hours: { mon: '00:00-24:01' } })).toEqual(['org.calendar.hours.mon']);
    expect(fields('09:00-17:00')).toEqual(['org.calendar']);
    expect(fields(null)).toEqual(['org.calendar']);
  });

  it('refuses bad holiday dates by index, and unknown regions and zones', () => {
    expect(fields({ hours: { mon: NINE_TO_FIVE }, holidays: ['2026-12-25', '2026-02-30', 20261225] })).toEqual(['org.calendar.holidays[1]', 'org.calendar.holidays[2]']);
    expect(fields({ hours: { mon: NINE_TO_FIVE }, holidays: '2026-12-25' })).toEqual(['org.calendar.holidays']);
    expect(fields({ hours: { mon: NINE_TO_FIVE }, holidayRegion: 'XX' })).toEqual(['org.calendar.holidayRegion']);
    expect(fields({ hours: { mon: NINE_TO_FIVE }, holidayRegion: 'US-ZZ' })).toEqual(['org.calendar.holidayRegion']);
    expect(fields({ hours: { mon: NINE_TO_FIVE } }, 'Mars/Olympus')).toEqual(['org.timezone']);
    expect(fields({ hours: { mon: NINE_TO_FIVE }, holidayRegion: 'DE-BY' })).toEqual([]);
    expect(fields({ hours: { mon: NINE_TO_FIVE }, holidayRegion: 'US-CA' })).toEqual([]);
  });

  it('takes a Date a YAML timestamp gives as its date, and sorts and dedupes holidays', () => {
    const parsed = parseWorkCalendar({ hours: { mon: NINE_TO_FIVE }, holidays: ['2027-01-01', new Date(Date.UTC(2026, 11, 25)), '2027-01-01'] }, 'UTC');
    expect(parsed.ok && parsed.calendar.holidays).toEqual(['2026-12-25', '2027-01-01']);
  });

  it('never throws on user input', () => {
    for (const input of [undefined, 0, [], { hours: [] }, { hours: { mon: null } }, { holidays: [null, {}] }, { holidayRegion: 5 }]) {
      expect(() => parseWorkCalendar(input, 'UTC')).not.toThrow();
      expect(parseWorkCalendar(input, 'UTC').ok).toBe(false);
    }
  });
});

describe('holidays', () => {
  it('counts only public holidays of the region, cached per (region, year)', () => {
    const us = regionHolidays('US', 2026);
    expect(us).toContain('2026-12-25');
    expect(us).toContain('2026-11-26');
    expect(us).not.toContain('2026-12-24'); // an observance or optional day, not public
    expect(regionHolidays('US', 2026)).toBe(us);
  });

  it('joins explicit dates and the region over a range of years', () => {
    const parsed = parseWorkCalendar({ hours: { mon: NINE_TO_FIVE }, holidays: ['2026-08-14', '2030-01-02'], holidayRegion: 'DE' }, 'Europe/Berlin');
    if (!parsed.ok) throw new Error('calendar refused');
    const dates = holidayDates(parsed.calendar, 2026, 2027);
    expect(dates).toContain('2026-08-14');
    expect(dates).toContain('2026-10-03');
    expect(dates).toContain('2027-12-26');
    expect(dates).not.toContain('2030-01-02');
    expect([...dates].sort()).toEqual(dates);
  });
});
