import type { Problem } from '../types.js';
import type { WorkingRange } from './types.js';

/**
 * One weekday of `org.calendar.hours`: `"09:00-17:00"`, several ranges separated by commas
 * (`"09:00-12:00,13:00-17:00"`), or `"off"`. A range cannot cross midnight (it would belong
 * to two weekdays); `24:00` ends a range at midnight instead. Ranges that touch
 * (`09:00-12:00,12:00-13:00`) are joined; ranges that overlap are refused, since that is
 * almost always a typo and silently joining them would hide it.
 */

const TIME_RE = /^(\d{1,2}):(\d{2})$/;
const EXAMPLE = '"09:00-17:00", or "09:00-12:00,13:00-17:00", or "off"';

export type DayHoursResult = { ok: true; ranges: WorkingRange[] } | { ok: false; problems: Problem[] };

/** Minutes since local midnight of `HH:MM`, or undefined; `24:00` only when `allowMidnightEnd`. */
function parseTime(text: string, allowMidnightEnd: boolean): number | undefined {
  const m = TIME_RE.exec(text.trim());
  if (!m) return undefined;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (minutes > 59) return undefined;
  if (hours === 24 && minutes === 0 && allowMidnightEnd) return 1440;
  if (hours > 23) return undefined;
  return hours * 60 + minutes;
}

function formatMinute(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** Parses one weekday's hours; `field` names it in problems (`org.calendar.hours.mon`). */
export function parseDayHours(value: unknown, field: string): DayHoursResult {
  if (typeof value !== 'string') {
    return fail(field, `must be a text such as ${EXAMPLE}, not ${describe(value)}`, `write ${field.split('.').pop()}: "09:00-17:00", or leave the day out for a day off`);
  }
  const text = value.trim();
  if (text.toLowerCase() === 'off') return { ok: true, ranges: [] };
  if (text === '') return fail(field, 'is empty', `write the day's hours such as ${EXAMPLE}, or leave the day out for a day off`);

  const ranges: WorkingRange[] = [];
  const problems: Problem[] = [];
  for (const part of text.split(',')) {
    const bounds = part.split('-');
    const start = bounds.length === 2 ? parseTime(bounds[0] ?? '', false) : undefined;
    const end = bounds.length === 2 ? parseTime(bounds[1] ?? '', true) : undefined;
    if (start === undefined || end === undefined) {
      problems.push({
        code: 'config',
        field,
        message: `"${part.trim()}" is not a range HH:MM-HH:MM`,
        fix: `write ranges such as ${EXAMPLE} (24-hour clock, 24:00 for midnight at the end)`,
      });
    } else if (end <= start) {
      problems.push({
        code: 'config',
        field,
        message: `"${part.trim()}" ends before it starts (or is empty); a range cannot cross midnight`,
        fix: `write the start first; for night hours end this day at 24:00 and start the next day at 00:00`,
      });
    } else {
      ranges.push({ startMinute: start, endMinute: end });
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  ranges.sort((a, b) => a.startMinute - b.startMinute);
  const joined: WorkingRange[] = [];
  for (const range of ranges) {
    const last = joined[joined.length - 1];
    if (last !== undefined && range.startMinute < last.endMinute) {
      const a = `${formatMinute(last.startMinute)}-${formatMinute(last.endMinute)}`;
      const b = `${formatMinute(range.startMinute)}-${formatMinute(range.endMinute)}`;
      problems.push({ code: 'config', field, message: `ranges ${a} and ${b} overlap`, fix: 'make each range end at or before the next one starts' });
    } else if (last !== undefined && range.startMinute === last.endMinute) {
      joined[joined.length - 1] = { startMinute: last.startMinute, endMinute: range.endMinute };
    } else {
      joined.push(range);
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, ranges: joined };
}

function fail(field: string, message: string, fix: string): DayHoursResult {
  return { ok: false, problems: [{ code: 'config', field, message, fix }] };
}

/** How a wrong value reads in a message: `a number (9)`, `a list`, `nothing`. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return `a ${typeof value} (${String(value)})`;
}
