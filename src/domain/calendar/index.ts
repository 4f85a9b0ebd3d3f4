/**
 * Business time for SLA-grade clocks (SPEC §15): working hours and holidays in the org
 * time zone, and the arithmetic of due times, reminders and lateness over them. Pure:
 * instants are epoch milliseconds, and `now` is always an argument.
 *
 * @example
 * import { addWorkingTime, parseWorkCalendar } from './domain/calendar/index.js';
 *
 * const weekdays = '09:00-17:00';
 * const parsed = parseWorkCalendar(
 *   { hours: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays }, holidayRegion: 'US' },
 *   'America/New_York',
 * );
 * if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.field}: ${p.message}`).join('\n'));
 * const friday = Date.parse('2026-12-04T16:30:00-05:00');
 * addWorkingTime(parsed.calendar, friday, 2 * 3_600_000); // Monday 2026-12-07 10:30 in New York
 */

export { WEEKDAYS, type Weekday, type WorkCalendar, type WorkCalendarConfig, type WorkingRange } from './types.js';
export { parseWorkCalendar, type ParseOptions, type WorkCalendarResult } from './parse-calendar.js';
export { holidayDates, regionHolidays } from './holidays.js';
export {
  addWorkingTime,
  isWorkingTime,
  nextWorkingInstant,
  SEARCH_YEARS,
  subtractWorkingTime,
  workingTimeBetween,
  WorkingTimeSearchError,
} from './working-time.js';
