import type { WorkCalendar } from './types.js';
import { compile, dayIntervals, isPlainWeek, localDayOf, type CompiledCalendar } from './day-intervals.js';

/**
 * Working-time arithmetic: epoch milliseconds in, epoch milliseconds out, `now` never read.
 *
 * Each function walks local dates one at a time, taking each day's working intervals
 * whole (never minute by minute), and jumps over whole weeks when a week has no holiday
 * and no offset change, since such a week holds exactly the calendar's weekly hours.
 * The walk starts a day early and ends a day late: near an offset change an instant's
 * local date is not always the one its UTC date suggests.
 */

/** How far a walk may go before it gives up: holidays could cover every working day. */
export const SEARCH_YEARS = 10;
const SEARCH_DAYS = Math.ceil(SEARCH_YEARS * 365.25);
/** Days kept between a walk's ends and a whole-week jump, so the jumped days lie wholly inside. */
const JUMP_MARGIN = 3;

/** The walk found no answer within `SEARCH_YEARS`. */
export class WorkingTimeSearchError extends Error {
  override readonly name = 'WorkingTimeSearchError';
}

function checkInstant(value: number, name: string): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite epoch-ms instant, got ${value}`);
}

function checkDuration(value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`durationMs must be a finite number >= 0, got ${value}`);
}

function searchFailed(c: CompiledCalendar, what: string, at: number): WorkingTimeSearchError {
  return new WorkingTimeSearchError(
    `${what} within ${SEARCH_YEARS} years of ${new Date(at).toISOString()} (calendar in ${c.zone}, ` +
      `${Math.round(c.weekMs / 36_000) / 100} working hours a week): do holidays cover every working day, or is the duration that long?`,
  );
}

/**
 * The instant at which `durationMs` of working time has elapsed since `startMs`. Counting
 * starts at the first working instant at or after `startMs`; a duration of 0 is due at
 * `startMs` itself (that much working time has elapsed at once), even outside hours.
 * A due time that falls on the end of a working range is that end (Friday 17:00, not
 * Monday 09:00). Throws `WorkingTimeSearchError` past `SEARCH_YEARS`.
 */
export function addWorkingTime(calendar: WorkCalendar, startMs: number, durationMs: number): number {
  checkInstant(startMs, 'startMs');
  checkDuration(durationMs);
  if (durationMs === 0) return startMs;
  const c = compile(calendar);
  const firstDay = localDayOf(c, startMs) - 1;
  const lastDay = firstDay + SEARCH_DAYS;
  let remaining = durationMs;
  for (let day = firstDay; day <= lastDay; day++) {
    while (day > firstDay + JUMP_MARGIN && remaining > c.weekMs && day + 7 <= lastDay && isPlainWeek(c, day)) {
      remaining -= c.weekMs;
      day += 7;
    }
    for (const iv of dayIntervals(c, day)) {
      const from = Math.max(iv.start, startMs);
      if (from >= iv.end) continue;
      const length = iv.end - from;
      if (remaining <= length) return from + remaining;
      remaining -= length;
    }
  }
  throw searchFailed(c, `${durationMs} ms of working time do not elapse`, startMs);
}

/**
 * Working time between two instants (0 when `toMs <= fromMs`): how late a clock was done,
 * how long it took, in the calendar's terms.
 */
export function workingTimeBetween(calendar: WorkCalendar, fromMs: number, toMs: number): number {
  checkInstant(fromMs, 'fromMs');
  checkInstant(toMs, 'toMs');
  if (toMs <= fromMs) return 0;
  const c = compile(calendar);
  const firstDay = localDayOf(c, fromMs) - 1;
  const lastDay = localDayOf(c, toMs) + 1;
  let total = 0;
  for (let day = firstDay; day <= lastDay; day++) {
    while (day > firstDay + JUMP_MARGIN && day + 7 + JUMP_MARGIN < lastDay && isPlainWeek(c, day)) {
      total += c.weekMs;
      day += 7;
    }
    for (const iv of dayIntervals(c, day)) {
      const from = Math.max(iv.start, fromMs);
      const to = Math.min(iv.end, toMs);
      if (from < to) total += to - from;
    }
  }
  return total;
}

/**
 * The earliest instant from which at most `durationMs` of working time remains until
 * `dueMs`: when a reminder "that long before due" is owed, and from when a clock is
 * `due soon`. So `now >= subtractWorkingTime(cal, due, d)` exactly when
 * `workingTimeBetween(cal, now, due) <= d`. When the reminder point falls on a boundary
 * of working hours, that is the end of the previous working range (Friday 17:00 rather
 * than Monday 09:00): the owner hears of it before the weekend. Throws
 * `WorkingTimeSearchError` past `SEARCH_YEARS`.
 */
export function subtractWorkingTime(calendar: WorkCalendar, dueMs: number, durationMs: number): number {
  checkInstant(dueMs, 'dueMs');
  checkDuration(durationMs);
  const c = compile(calendar);
  const lastDay = localDayOf(c, dueMs) + 1;
  const firstDay = lastDay - SEARCH_DAYS;
  let remaining = durationMs;
  for (let day = lastDay; day >= firstDay; day--) {
    // Jump over the 7 days ending at `day` while they cannot hold the answer.
    while (day < lastDay - JUMP_MARGIN && remaining >= c.weekMs && day - 7 >= firstDay && isPlainWeek(c, day - 6)) {
      remaining -= c.weekMs;
      day -= 7;
    }
    const intervals = dayIntervals(c, day);
    for (let i = intervals.length - 1; i >= 0; i--) {
      const iv = intervals[i]!;
      const to = Math.min(iv.end, dueMs);
      if (to <= iv.start) continue;
      const length = to - iv.start;
      if (remaining < length) return to - remaining;
      remaining -= length;
    }
  }
  throw searchFailed(c, `${durationMs} ms of working time do not fit`, dueMs);
}

/** True when `atMs` is working time. */
export function isWorkingTime(calendar: WorkCalendar, atMs: number): boolean {
  checkInstant(atMs, 'atMs');
  const c = compile(calendar);
  return dayIntervals(c, localDayOf(c, atMs)).some((iv) => iv.start <= atMs && atMs < iv.end);
}

/** The first working instant at or after `atMs` (where counting starts for a clock started then). */
export function nextWorkingInstant(calendar: WorkCalendar, atMs: number): number {
  checkInstant(atMs, 'atMs');
  const c = compile(calendar);
  const firstDay = localDayOf(c, atMs) - 1;
  for (let day = firstDay; day <= firstDay + SEARCH_DAYS; day++) {
    for (const iv of dayIntervals(c, day)) if (iv.end > atMs) return Math.max(iv.start, atMs);
  }
  throw searchFailed(c, 'no working time', atMs);
}
