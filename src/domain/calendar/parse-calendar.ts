import { isIsoDate } from '../time.js';
import type { Problem } from '../types.js';
import { regionProblem } from './holidays.js';
import { describe, parseDayHours } from './parse-hours.js';
import { WEEKDAYS, type WorkCalendar, type WorkingRange, type Weekday } from './types.js';
import { isKnownZone } from './zone-timeline.js';

/**
 * Validation of `org.calendar` (SPEC §15). User input never throws: every problem is
 * returned with the key it is about and the fix, all at once, so one edit of the config
 * can fix them all.
 */

export type WorkCalendarResult = { ok: true; calendar: WorkCalendar } | { ok: false; problems: Problem[] };

export interface ParseOptions {
  /** Key prefix in problems; `org.calendar` by default. */
  field?: string;
  /** Key of the time zone in problems; `org.timezone` by default. */
  zoneField?: string;
}

const KEYS = ['hours', 'holidays', 'holidayRegion'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates `org.calendar` read in the time zone `zone` and returns a frozen calendar.
 *
 * @example
 * const r = parseWorkCalendar({ hours: { mon: '09:00-17:00' }, holidayRegion: 'US' }, 'America/New_York');
 * if (!r.ok) console.error(r.problems); // [{ code: 'config', field: 'org.calendar.hours.mon', message, fix }, ...]
 */
export function parseWorkCalendar(input: unknown, zone: string, options: ParseOptions = {}): WorkCalendarResult {
  const base = options.field ?? 'org.calendar';
  const problems: Problem[] = [];
  if (typeof zone !== 'string' || !isKnownZone(zone)) {
    problems.push({
      code: 'config',
      field: options.zoneField ?? 'org.timezone',
      message: `"${String(zone)}" is not an IANA time zone`,
      fix: 'write a zone such as "America/New_York", "Europe/Berlin" or "UTC"',
    });
  }
  if (!isRecord(input)) {
    problems.push({
      code: 'config',
      field: base,
      message: `must be a map with hours (and holidays, holidayRegion), not ${describe(input)}`,
      fix: 'write calendar: { hours: { mon: "09:00-17:00", ... } }, or leave calendar out for wall-clock time',
    });
    return { ok: false, problems };
  }
  for (const key of Object.keys(input)) {
    if (!KEYS.includes(key)) problems.push({ code: 'config', field: `${base}.${key}`, message: 'is not a calendar key', fix: `use only ${KEYS.join(', ')}` });
  }

  const week = parseWeek(input.hours, `${base}.hours`, problems);
  const holidays = parseHolidays(input.holidays, `${base}.holidays`, problems);
  const holidayRegion = parseRegion(input.holidayRegion, `${base}.holidayRegion`, problems);
  if (problems.length > 0 || week === undefined) return { ok: false, problems };

  const calendar: WorkCalendar = {
    zone,
    week: Object.freeze(week),
    holidays: Object.freeze(holidays),
    ...(holidayRegion !== undefined ? { holidayRegion } : {}),
  };
  return { ok: true, calendar: Object.freeze(calendar) };
}

function parseWeek(value: unknown, field: string, problems: Problem[]): Record<Weekday, readonly WorkingRange[]> | undefined {
  if (!isRecord(value)) {
    problems.push({
      code: 'config',
      field,
      message: `must be a map of weekdays to hours, not ${describe(value)}`,
      fix: 'write hours: { mon: "09:00-17:00", tue: "09:00-17:00", ... }',
    });
    return undefined;
  }
  const week = {} as Record<Weekday, readonly WorkingRange[]>;
  let total = 0;
  let valid = true;
  for (const key of Object.keys(value)) {
    if (!(WEEKDAYS as readonly string[]).includes(key)) {
      problems.push({ code: 'config', field: `${field}.${key}`, message: 'is not a weekday key', fix: `use ${WEEKDAYS.join(', ')}` });
      valid = false;
    }
  }
  for (const day of WEEKDAYS) {
    if (value[day] === undefined) {
      week[day] = Object.freeze([]);
      continue;
    }
    const parsed = parseDayHours(value[day], `${field}.${day}`);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      valid = false;
      continue;
    }
    week[day] = Object.freeze(parsed.ranges.map((r) => Object.freeze(r)));
    total += parsed.ranges.reduce((sum, r) => sum + r.endMinute - r.startMinute, 0);
  }
  if (!valid) return undefined;
  // Without this, asking for a due time would search forever: refuse it here, by name.
  if (total === 0) {
    problems.push({
      code: 'config',
      field,
      message: 'has no working time on any weekday',
      fix: 'give at least one weekday hours, such as mon: "09:00-17:00", or leave calendar out for wall-clock time',
    });
    return undefined;
  }
  return week;
}

function parseHolidays(value: unknown, field: string, problems: Problem[]): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push({ code: 'config', field, message: `must be a list of dates, not ${describe(value)}`, fix: 'write holidays: ["2026-12-25", "2027-01-01"]' });
    return [];
  }
  const dates = new Set<string>();
  value.forEach((item: unknown, i) => {
    // A YAML parser with the timestamp type gives a Date at UTC midnight: take its date.
    const text = item instanceof Date && !Number.isNaN(item.getTime()) ? item.toISOString().slice(0, 10) : item;
    if (typeof text === 'string' && isIsoDate(text)) dates.add(text);
    else
      problems.push({
        code: 'config',
        field: `${field}[${i}]`,
        message: `${typeof item === 'string' ? `"${item}"` : describe(item)} is not a date YYYY-MM-DD`,
        fix: 'write the date as "2026-12-25" (in quotes, so YAML keeps it a text)',
      });
  });
  return [...dates].sort();
}

function parseRegion(value: unknown, field: string, problems: Problem[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    problems.push({
      code: 'config',
      field,
      message: `must be a text such as "US" or "DE-BY", not ${describe(value)}`,
      fix: 'write a date-holidays code: a country, or country-state',
    });
    return undefined;
  }
  const why = regionProblem(value.trim());
  if (why !== undefined) {
    problems.push({ code: 'config', field, message: why, fix: 'write a date-holidays code such as "US", "US-CA", "GB-ENG" or "DE-BY" (upper case)' });
    return undefined;
  }
  return value.trim();
}
