import Holidays from 'date-holidays';
import { DateTime } from 'luxon';

/**
 * The reference for working-time arithmetic: slow, minute by minute, and written to be
 * obviously right rather than fast. It shares no code with src/domain/calendar/: it reads
 * each minute's wall clock from luxon and asks "is the office open now?".
 *
 * It is exact for inputs on whole minutes (starts, durations, range bounds), in zones
 * whose offset changes on whole minutes, since then every minute is wholly working or
 * wholly not. Two tables make it fast enough for 100,000 cases without changing what it
 * computes: luxon's reading of each minute is remembered (a pure function of zone and
 * instant), and the weekly hours are a flag per minute of the week.
 */

export const MINUTE = 60_000;
const DAY_MS = 86_400_000;
const WEEK_MINUTES = 7 * 1440;

/** A calendar as the test generated it, before the reference compiles it. */
export interface RefCalendarInput {
  zone: string;
  /** Per weekday, Monday first: [start, end) in minutes since local midnight. */
  week: [number, number][][];
  /** Explicit holidays, `YYYY-MM-DD`. */
  holidays: string[];
  /** A date-holidays country code whose public holidays are days off. */
  region?: string;
}

export interface RefCalendar {
  zone: string;
  /** 1 when the office is open at that minute of the week (0 = Monday 00:00). */
  open: Uint8Array;
  /** Holidays as yyyymmdd numbers. */
  holidays: Set<number>;
}

function dateNumber(isoDate: string): number {
  return Number(isoDate.slice(0, 10).replaceAll('-', ''));
}

const regionDays = new Map<string, number[]>();

/** Public holidays of a country in the years the tests reach, straight from date-holidays. */
function publicHolidays(region: string): number[] {
  let days = regionDays.get(region);
  if (days === undefined) {
    const hd = new Holidays(region);
    days = [2025, 2026, 2027].flatMap((year) =>
      hd
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => dateNumber(h.date)),
    );
    regionDays.set(region, days);
  }
  return days;
}

export function refCalendar(input: RefCalendarInput): RefCalendar {
  const open = new Uint8Array(WEEK_MINUTES);
  input.week.forEach((ranges, weekday) => {
    for (const [start, end] of ranges) for (let m = start; m < end; m++) open[weekday * 1440 + m] = 1;
  });
  const holidays = new Set(input.holidays.map(dateNumber));
  if (input.region !== undefined) for (const d of publicHolidays(input.region)) holidays.add(d);
  return { zone: input.zone, open, holidays };
}

/**
 * Luxon's reading of every minute of one UTC day in a zone: the local date (yyyymmdd)
 * and the minute of the local week. Read once per (zone, day), then shared by all cases.
 */
interface Chunk {
  start: number;
  date: Int32Array;
  minuteOfWeek: Int16Array;
}

const chunks = new Map<string, Chunk>();
let last: { zone: string; day: number; chunk: Chunk } | undefined;

function chunkAt(zone: string, at: number): Chunk {
  const day = Math.floor(at / DAY_MS);
  if (last !== undefined && last.day === day && last.zone === zone) return last.chunk;
  const key = `${zone}|${day}`;
  let chunk = chunks.get(key);
  if (chunk === undefined) {
    chunk = { start: day * DAY_MS, date: new Int32Array(1440), minuteOfWeek: new Int16Array(1440) };
    for (let i = 0; i < 1440; i++) {
      const dt = DateTime.fromMillis(chunk.start + i * MINUTE, { zone });
      chunk.date[i] = dt.year * 10_000 + dt.month * 100 + dt.day;
      chunk.minuteOfWeek[i] = (dt.weekday - 1) * 1440 + dt.hour * 60 + dt.minute;
    }
    chunks.set(key, chunk);
  }
  last = { zone, day, chunk };
  return chunk;
}

/** Is the minute starting at `at` working time? Open at that wall-clock minute, and not a holiday. */
export function refIsWorking(cal: RefCalendar, at: number): boolean {
  const chunk = chunkAt(cal.zone, at);
  const i = (at - chunk.start) / MINUTE;
  return cal.open[chunk.minuteOfWeek[i]!] === 1 && !cal.holidays.has(chunk.date[i]!);
}

/** When `minutes` working minutes have passed since `start`; `start` itself for 0. */
export function refAdd(cal: RefCalendar, start: number, minutes: number, maxSteps = 10_000_000): number {
  if (minutes === 0) return start;
  let counted = 0;
  for (let at = start, steps = 0; steps < maxSteps; at += MINUTE, steps++) {
    if (refIsWorking(cal, at)) counted++;
    if (counted === minutes) return at + MINUTE;
  }
  throw new Error('reference: too many steps');
}

/** Working time in ms from `from` to `to` (0 when `to <= from`). */
export function refBetween(cal: RefCalendar, from: number, to: number): number {
  let counted = 0;
  for (let at = from; at < to; at += MINUTE) if (refIsWorking(cal, at)) counted++;
  return counted * MINUTE;
}

/** The earliest instant from which at most `minutes` working minutes remain before `due`. */
export function refSubtract(cal: RefCalendar, due: number, minutes: number, maxSteps = 10_000_000): number {
  let counted = 0;
  // Walk back one minute at a time while stepping back keeps the remaining time <= minutes.
  for (let at = due, steps = 0; steps < maxSteps; at -= MINUTE, steps++) {
    if (refIsWorking(cal, at - MINUTE)) {
      if (counted === minutes) return at;
      counted++;
    }
  }
  throw new Error('reference: too many steps');
}

/** How many minutes luxon has read so far (to keep an eye on memory). */
export function refMemoSize(): number {
  return chunks.size * 1440;
}
