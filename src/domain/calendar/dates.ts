/**
 * Dates as the calendar stores them: `YYYY-MM-DD` text outside, a day number inside
 * (days since 1970-01-01, so weekday and successor are arithmetic). User input is checked
 * by `isIsoDate` of ../time.ts; `isDate` is the cheap guard for calendars built by hand,
 * since compiling a calendar should cost microseconds, not one luxon `DateTime` per holiday.
 */

export const DAY = 86_400_000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written `YYYY-MM-DD` (2026-02-30 is false). */
export function isDate(text: string): boolean {
  if (!DATE_RE.test(text)) return false;
  const ms = Date.parse(`${text}T00:00:00Z`);
  // Date.parse rolls 2026-02-30 over to March: the round trip catches it.
  return Number.isFinite(ms) && new Date(ms).toISOString().startsWith(text);
}

/** Day number of a `YYYY-MM-DD` date. */
export function dayOfDate(text: string): number {
  return Date.parse(`${text}T00:00:00Z`) / DAY;
}

/** UTC calendar year of a day number. */
export function yearOfDay(day: number): number {
  return new Date(day * DAY).getUTCFullYear();
}
