import fc from 'fast-check';
import { DateTime } from 'luxon';
import { afterAll, describe, expect, it } from 'vitest';
import { addWorkingTime, parseWorkCalendar, subtractWorkingTime, workingTimeBetween, type WorkCalendar } from '../../../src/domain/calendar/index.js';
import { MINUTE, refAdd, refBetween, refCalendar, refMemoSize, refSubtract, type RefCalendar } from './reference.js';

/**
 * Baton's working-time arithmetic against the minute-stepping reference, over random
 * calendars (random ranges per weekday, days off, holidays, sometimes a holiday region),
 * in zones with and without DST, with starts around the 2026 DST changes. Every input is
 * on a whole minute, which is where the reference is exact.
 */

const DAY_MINUTES = 1440;
const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Zones, the region of their public holidays, and how often each is drawn. */
const ZONES = [
  { zone: 'America/New_York', region: 'US', weight: 4 },
  { zone: 'Europe/Berlin', region: 'DE', weight: 4 },
  { zone: 'UTC', region: 'GB', weight: 2 },
  // A southern-hemisphere zone, a 30-minute DST shift, and a half-hour offset without DST.
  { zone: 'Australia/Sydney', region: 'AU', weight: 1 },
  { zone: 'Australia/Lord_Howe', region: 'AU', weight: 1 },
  { zone: 'Asia/Kolkata', region: 'IN', weight: 1 },
];

/** The instants of 2026 at which the zone's offset changes, found by luxon hour by hour. */
function transitions2026(zone: string): number[] {
  const found: number[] = [];
  let previous = DateTime.fromMillis(Date.UTC(2026, 0, 1), { zone }).offset;
  for (let at = Date.UTC(2026, 0, 1); at < Date.UTC(2027, 0, 1); at += 60 * MINUTE) {
    const offset = DateTime.fromMillis(at, { zone }).offset;
    if (offset !== previous) found.push(at);
    previous = offset;
  }
  // A zone without DST: any date will do (each distinct date costs the reference luxon readings).
  return found.length > 0 ? found : [Date.UTC(2026, 2, 15)];
}

const CENTERS = new Map(ZONES.map((z) => [z.zone, transitions2026(z.zone)]));

it('finds the 2026 DST changes the brief names', () => {
  const iso = (zone: string) => (CENTERS.get(zone) ?? []).map((t) => new Date(t).toISOString().slice(0, 10));
  expect(iso('America/New_York')).toEqual(['2026-03-08', '2026-11-01']);
  expect(iso('Europe/Berlin')).toEqual(['2026-03-29', '2026-10-25']);
});

/** Range bounds: uniform minutes, biased towards DST hours, office hours and midnight. */
const bound = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: DAY_MINUTES }) },
  { weight: 2, arbitrary: fc.constantFrom(0, 60, 90, 120, 150, 180, 210, 240, 540, 720, 780, 1020, DAY_MINUTES) },
);

/** One weekday: off, or 1 to 3 ranges from distinct sorted bounds. */
const dayRanges = fc.oneof(
  { weight: 1, arbitrary: fc.constant([] as [number, number][]) },
  {
    weight: 3,
    arbitrary: fc.uniqueArray(bound, { minLength: 2, maxLength: 6 }).map((cuts) => {
      const sorted = [...cuts].sort((a, b) => a - b);
      const ranges: [number, number][] = [];
      for (let i = 0; i + 1 < sorted.length; i += 2) ranges.push([sorted[i]!, sorted[i + 1]!]);
      return ranges;
    }),
  },
);

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

interface Case {
  ref: RefCalendar;
  calendar: WorkCalendar;
  /** A minute-aligned instant near one of the zone's 2026 DST changes. */
  at: number;
  /** Working minutes in a week without holidays. */
  weekMinutes: number;
}

/** Random cases in the given zones. */
const casesIn = (zones: typeof ZONES): fc.Arbitrary<Case> =>
  fc
    .record({
      zone: fc.oneof(...zones.map((z) => ({ weight: z.weight, arbitrary: fc.constant(z) }))),
      week: fc.array(dayRanges, { minLength: 7, maxLength: 7 }),
      center: fc.nat(),
      // Starts from a week before a change to two days after: durations reach across it.
      shift: fc.integer({ min: -7 * DAY_MINUTES, max: 2 * DAY_MINUTES }),
      holidayDays: fc.uniqueArray(fc.integer({ min: -3, max: 25 }), { maxLength: 4 }),
      // One calendar in five also takes the public holidays of the zone's country.
      regionRoll: fc.integer({ min: 0, max: 4 }),
    })
    .map(({ zone, week, center, shift, holidayDays, regionRoll }) => {
      if (week.every((d) => d.length === 0)) week[0] = [[540, 1020]];
      const centers = CENTERS.get(zone.zone)!;
      const at = centers[center % centers.length]! + shift * MINUTE;
      const { year, month, day } = DateTime.fromMillis(at, { zone: zone.zone });
      const holidays = holidayDays.map((d) => new Date(Date.UTC(year, month - 1, day + d)).toISOString().slice(0, 10));
      const region = regionRoll === 0 ? zone.region : undefined;
      const hours: Record<string, string> = {};
      week.forEach((ranges, i) => {
        if (ranges.length > 0) hours[WEEKDAY_KEYS[i]!] = ranges.map(([s, e]) => `${hhmm(s)}-${hhmm(e)}`).join(',');
      });
      const parsed = parseWorkCalendar({ hours, holidays, ...(region ? { holidayRegion: region } : {}) }, zone.zone);
      if (!parsed.ok) throw new Error(`generated calendar refused: ${JSON.stringify(parsed.problems)}`);
      const ref = refCalendar({ zone: zone.zone, week, holidays, ...(region ? { region } : {}) });
      const weekMinutes = week.flat().reduce((sum, [s, e]) => sum + e - s, 0);
      // A failing case prints as its calendar and start, not as the reference's tables.
      const print = () => `{ at: ${new Date(at).toISOString()}, calendar: ${JSON.stringify(parsed.calendar)} }`;
      return { ref, calendar: parsed.calendar, at, weekMinutes, [fc.toStringMethod]: print };
    });

const caseArb = casesIn(ZONES);

/**
 * Working minutes to add or subtract: 0 to a few working days, but at most twice the
 * calendar's week, so the reference never steps through months of a sparse calendar.
 */
function minutesArb(c: Case): fc.Arbitrary<number> {
  const cap = Math.min(3 * 8 * 60, 2 * c.weekMinutes);
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(0) },
    { weight: 4, arbitrary: fc.integer({ min: 1, max: Math.min(240, cap) }) },
    { weight: 3, arbitrary: fc.integer({ min: 1, max: cap }) },
  );
}

/**
 * The properties take about 20 s of CPU together; vitest's 30 s default per test is too
 * short on a loaded machine, and a timeout says nothing about correctness.
 */
const TIMEOUT = 300_000;

let compared = 0;
const cpuAtStart = process.cpuUsage();
afterAll(() => {
  const cpu = process.cpuUsage(cpuAtStart);
  const seconds = ((cpu.user + cpu.system) / 1e6).toFixed(1);
  console.log(`working time: ${compared} cases compared with the minute-stepping reference, ${seconds} s of CPU (luxon read ${refMemoSize()} minutes)`);
});

describe('working time agrees with the minute-stepping reference', () => {
  it(
    'addWorkingTime',
    () => {
      fc.assert(
        fc.property(
          caseArb.chain((c) => fc.tuple(fc.constant(c), minutesArb(c))),
          ([c, minutes]) => {
            compared++;
            expect(addWorkingTime(c.calendar, c.at, minutes * MINUTE)).toBe(refAdd(c.ref, c.at, minutes));
          },
        ),
        { numRuns: 40_000 },
      );
    },
    TIMEOUT,
  );

  it(
    'workingTimeBetween',
    () => {
      fc.assert(
        fc.property(caseArb, fc.integer({ min: -60, max: 6 * DAY_MINUTES }), (c, span) => {
          compared++;
          const to = c.at + span * MINUTE;
          expect(workingTimeBetween(c.calendar, c.at, to)).toBe(refBetween(c.ref, c.at, to));
        }),
        { numRuns: 40_000 },
      );
    },
    TIMEOUT,
  );

  it(
    'subtractWorkingTime',
    () => {
      fc.assert(
        fc.property(
          caseArb.chain((c) => fc.tuple(fc.constant(c), minutesArb(c))),
          ([c, minutes]) => {
            compared++;
            expect(subtractWorkingTime(c.calendar, c.at, minutes * MINUTE)).toBe(refSubtract(c.ref, c.at, minutes));
          },
        ),
        { numRuns: 20_000 },
      );
    },
    TIMEOUT,
  );

  // Long enough for whole weeks to be jumped, in one zone only: each new day costs the
  // reference 1,440 luxon readings, so the zones and the dates stay few.
  it(
    'addWorkingTime over weeks, in New York',
    () => {
      const ny = casesIn(ZONES.filter((z) => z.zone === 'America/New_York'));
      fc.assert(
        fc.property(
          ny.chain((c) => fc.tuple(fc.constant(c), fc.integer({ min: 0, max: Math.min(300 * 60, 8 * c.weekMinutes) }))),
          ([c, minutes]) => {
            compared++;
            expect(addWorkingTime(c.calendar, c.at, minutes * MINUTE)).toBe(refAdd(c.ref, c.at, minutes));
          },
        ),
        { numRuns: 1_000 },
      );
    },
    TIMEOUT,
  );
});

/**
 * Durations too long for the reference (weeks to months, where whole weeks are jumped):
 * the functions must agree with each other, each walking with its own alignment.
 */
describe('long durations are consistent across the three functions', () => {
  // Up to 2,000 h, or 30 weeks of a sparse calendar (well inside the 10-year search).
  const long = (c: Case) => fc.integer({ min: 0, max: Math.min(2_000 * 60, 30 * c.weekMinutes) });

  it('between(s, add(s, d)) = d, and at most d remains at s before add(s, d)', () => {
    fc.assert(
      fc.property(
        caseArb.chain((c) => fc.tuple(fc.constant(c), long(c))),
        ([c, minutes]) => {
          const due = addWorkingTime(c.calendar, c.at, minutes * MINUTE);
          expect(workingTimeBetween(c.calendar, c.at, due)).toBe(minutes * MINUTE);
          expect(subtractWorkingTime(c.calendar, due, minutes * MINUTE)).toBeLessThanOrEqual(c.at);
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('between is additive: between(a, c) = between(a, b) + between(b, c)', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 0, max: 200 * DAY_MINUTES }), fc.integer({ min: 0, max: 200 * DAY_MINUTES }), (c, x, y) => {
        const b = c.at + x * MINUTE;
        const end = b + y * MINUTE;
        expect(workingTimeBetween(c.calendar, c.at, end)).toBe(workingTimeBetween(c.calendar, c.at, b) + workingTimeBetween(c.calendar, b, end));
      }),
      { numRuns: 3_000 },
    );
  });
});
