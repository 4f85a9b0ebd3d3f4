import { DateTime } from 'luxon';

/**
 * Calendar arithmetic in the org time zone. Pure: every function takes the instant it
 * works on; nothing here reads the clock.
 */

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` of an instant in the zone. */
export function localDate(at: number, zone: string): string {
  return DateTime.fromMillis(at, { zone }).toFormat('yyyy-LL-dd');
}

/** `YYYY-MM-DD HH:mm ZONE`, as people read a filing or an acknowledgement time. */
export function localDateTime(at: number, zone: string): string {
  const dt = DateTime.fromMillis(at, { zone });
  return `${dt.toFormat('yyyy-LL-dd HH:mm')} ${zone === 'UTC' ? 'UTC' : dt.toFormat('ZZZZ')}`;
}

/** True for a real calendar date written `YYYY-MM-DD` (2026-02-30 is false). */
export function isIsoDate(value: string): boolean {
  return DATE_RE.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid;
}

/** The date `days` after `date` (both `YYYY-MM-DD`). */
export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toFormat('yyyy-LL-dd');
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const a = DateTime.fromISO(from, { zone: 'UTC' });
  const b = DateTime.fromISO(to, { zone: 'UTC' });
  return Math.round(b.diff(a, 'days').days);
}

/** The instant a local calendar day starts and ends (exclusive), for daily summaries. */
export function dayBounds(date: string, zone: string): { start: number; end: number } {
  const start = DateTime.fromISO(date, { zone }).startOf('day');
  return { start: start.toMillis(), end: start.plus({ days: 1 }).toMillis() };
}

/** `2 h 05 min`, `3 d 4 h`, `45 s`: how late or how long, for messages. */
export function formatDuration(ms: number): string {
  const abs = Math.max(0, Math.round(ms));
  const minutes = Math.floor(abs / 60_000);
  if (minutes < 1) return `${Math.floor(abs / 1000)} s`;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return `${hours} h ${String(mins).padStart(2, '0')} min`;
  return `${mins} min`;
}

/** True for a valid IANA zone name such as `Europe/Paris`. */
export function isTimeZone(zone: string): boolean {
  return DateTime.fromMillis(0, { zone }).isValid;
}
