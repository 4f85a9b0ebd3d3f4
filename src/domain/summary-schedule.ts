import { DateTime } from 'luxon';
import { addDays, localDate } from './time.js';

/**
 * When the scheduled CEO Daily Summary is due (SPEC §15, `summary.at`): at the org-local
 * time `at` (`HH:MM`) of each org-local day. A time that a DST change skips is read as the
 * first instant after the gap, as luxon moves it.
 *
 * @example
 *   summaryDueAt('2026-11-26', '08:00', 'Europe/Paris'); // 2026-11-26T07:00:00Z
 */
export function summaryDueAt(day: string, at: string, zone: string): number {
  return DateTime.fromISO(`${day}T${at}`, { zone }).toMillis();
}

/** Today's due time when it is still ahead at `now`, else tomorrow's. */
export function nextSummaryAt(now: number, at: string, zone: string): number {
  const today = localDate(now, zone);
  const due = summaryDueAt(today, at, zone);
  return now < due ? due : summaryDueAt(addDays(today, 1), at, zone);
}
