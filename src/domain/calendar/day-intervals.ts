import { DAY, dayOfDate, isDate, yearOfDay } from './dates.js';
import { regionHolidays } from './holidays.js';
import { WEEKDAYS, type WorkCalendar } from './types.js';
import { assertZone, offsetAt, transitionsBetween } from './zone-timeline.js';

/**
 * The working intervals of one local date, as instants.
 *
 * What "working time" means, exactly: an instant is working time when the wall clock of
 * the org's zone reads a time inside one of that weekday's ranges, on a date that is not
 * a holiday. So a 09:00-17:00 day is 8 h on a DST change day too (the change happens at
 * night), while a range that spans the change is as long as the real time elapsed:
 * 00:00-06:00 is 5 h on the spring-forward night and 7 h on the fall-back night. A range
 * boundary inside the repeated hour of a fall-back night is read twice, leaving a gap.
 *
 * Days are numbered as local dates: day `n` is the date whose local midnight reads as
 * `n * 86 400 000` ms of "wall-clock epoch" (`instant + offset`), so day 0 is 1970-01-01.
 */

const MINUTE = 60_000;
/** Every instant of a local date lies within this margin of its wall-clock day (offsets are within ±26 h). */
const MARGIN = 26 * 3_600_000;

/** A half-open interval of instants `[start, end)`. */
export interface Interval {
  start: number;
  end: number;
}

/** A calendar turned into lookup tables, built once per calendar object. */
export interface CompiledCalendar {
  zone: string;
  /** Per weekday (0 = Monday), ranges in ms since local midnight. */
  ranges: readonly (readonly Interval[])[];
  /** Working time of a week with no holiday and no offset change. */
  weekMs: number;
  explicitHolidays: ReadonlySet<number>;
  region: string | undefined;
  regionDays: Map<number, ReadonlySet<number>>;
}

const cache = new WeakMap<WorkCalendar, CompiledCalendar>();

/**
 * Compiles a calendar, checking what `parseWorkCalendar` guarantees, since a calendar
 * built by hand could break it: a bad one here is a programming error, so it throws.
 */
export function compile(calendar: WorkCalendar): CompiledCalendar {
  const hit = cache.get(calendar);
  if (hit !== undefined) return hit;
  let weekMs = 0;
  const ranges = WEEKDAYS.map((day) => {
    let previousEnd = -1;
    return (calendar.week[day] ?? []).map((r) => {
      const ok = Number.isInteger(r.startMinute) && Number.isInteger(r.endMinute) && r.startMinute >= 0 && r.endMinute <= 1440;
      if (!ok || r.startMinute >= r.endMinute || r.startMinute < previousEnd) {
        throw new RangeError(`calendar week.${day}: ranges must be sorted, non-overlapping minutes within 0..1440 (use parseWorkCalendar)`);
      }
      previousEnd = r.endMinute;
      weekMs += (r.endMinute - r.startMinute) * MINUTE;
      return { start: r.startMinute * MINUTE, end: r.endMinute * MINUTE };
    });
  });
  if (weekMs === 0) throw new RangeError('calendar has no working time in its week (use parseWorkCalendar, which refuses it)');
  const explicitHolidays = new Set<number>();
  for (const date of calendar.holidays) {
    if (!isDate(date)) throw new RangeError(`calendar holiday "${date}" is not a date YYYY-MM-DD`);
    explicitHolidays.add(dayOfDate(date));
  }
  assertZone(calendar.zone);
  const compiled: CompiledCalendar = { zone: calendar.zone, ranges, weekMs, explicitHolidays, region: calendar.holidayRegion, regionDays: new Map() };
  cache.set(calendar, compiled);
  return compiled;
}

/** The local date (day number) of an instant. */
export function localDayOf(c: CompiledCalendar, at: number): number {
  return Math.floor((at + offsetAt(c.zone, at)) / DAY);
}

/** 0 for Monday ... 6 for Sunday (1970-01-01, day 0, was a Thursday). */
function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

export function isHoliday(c: CompiledCalendar, day: number): boolean {
  if (c.explicitHolidays.has(day)) return true;
  if (c.region === undefined) return false;
  const year = yearOfDay(day);
  let days = c.regionDays.get(year);
  if (days === undefined) {
    days = new Set(regionHolidays(c.region, year).map(dayOfDate));
    c.regionDays.set(year, days);
  }
  return days.has(day);
}

/** The working intervals of local date `day`, sorted and disjoint (empty on days off). */
export function dayIntervals(c: CompiledCalendar, day: number): Interval[] {
  const ranges = c.ranges[weekdayOf(day)] ?? [];
  if (ranges.length === 0 || isHoliday(c, day)) return [];
  const midnight = day * DAY; // local midnight on the wall-clock epoch
  const from = midnight - MARGIN;
  const to = midnight + DAY + MARGIN;
  const offset = offsetAt(c.zone, from);
  const transitions = transitionsBetween(c.zone, from, to);
  if (transitions.length === 0) {
    // The common day: one offset, so each range is one interval of its full length.
    return ranges.map((r) => ({ start: midnight + r.start - offset, end: midnight + r.end - offset }));
  }
  // A day near an offset change: cut the window into stretches of one offset; within
  // each, the instants whose wall clock reads inside a range form one interval.
  const stretches: { from: number; to: number; offset: number }[] = [];
  let stretchStart = from;
  let stretchOffset = offset;
  for (const t of transitions) {
    stretches.push({ from: stretchStart, to: t.at, offset: stretchOffset });
    stretchStart = t.at;
    stretchOffset = t.offsetAfter;
  }
  stretches.push({ from: stretchStart, to, offset: stretchOffset });
  const pieces: Interval[] = [];
  for (const r of ranges) {
    for (const s of stretches) {
      const start = Math.max(midnight + r.start - s.offset, s.from);
      const end = Math.min(midnight + r.end - s.offset, s.to);
      if (start < end) pieces.push({ start, end });
    }
  }
  return joinTouching(pieces.sort((a, b) => a.start - b.start));
}

function joinTouching(sorted: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && p.start <= last.end) last.end = Math.max(last.end, p.end);
    else out.push({ ...p });
  }
  return out;
}

/**
 * True when the 7 local dates from `day` hold no holiday and the zone keeps one offset
 * throughout: then they hold exactly `weekMs` of working time, and a long walk may jump
 * over them whole.
 */
export function isPlainWeek(c: CompiledCalendar, day: number): boolean {
  const midnight = day * DAY;
  if (transitionsBetween(c.zone, midnight - MARGIN, midnight + 7 * DAY + MARGIN).length > 0) return false;
  for (let d = day; d < day + 7; d++) if (isHoliday(c, d)) return false;
  return true;
}
