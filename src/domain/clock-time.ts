import { addWorkingTime, subtractWorkingTime, workingTimeBetween, type WorkCalendar } from './calendar/index.js';
import type { Command } from './commands.js';
import type { EventBody } from './events.js';
import type { Policy } from './policy.js';
import type { Clock, ClockName } from './types.js';

/**
 * How a clock counts time (SPEC §15): wall-clock time, or, for a clock named in
 * `policy.calendarClocks` when the org has a calendar, working time only. Due times,
 * reminders, lateness and held time are all counted the same way, here, and the doors
 * read a clock's urgency from `clockUrgency` alone.
 */

/** What a clock's timing needs to know: the handoff's policy and the org's calendar. */
export interface ClockTiming {
  now: number;
  policy: Policy;
  calendar?: WorkCalendar;
}

/** The `clock.started` event for `name`, due `duration` after `startedAt` (default: the policy's). */
export function startClock(name: ClockName, startedAt: number, t: ClockTiming, duration = t.policy.due[name]): Extract<EventBody, { type: 'clock.started' }> {
  const calendar = t.calendar && t.policy.calendarClocks.includes(name) ? t.calendar : undefined;
  const dueAt = calendar ? addWorkingTime(calendar, startedAt, duration) : startedAt + duration;
  const remindAt = reminderTimes(t.policy.reminders[name] ?? [], startedAt, dueAt, calendar);
  return {
    type: 'clock.started',
    name,
    startedAt,
    dueAt,
    ...(remindAt.length > 0 ? { remindAt } : {}),
    ...(calendar ? { calendar: true } : {}),
  };
}

/** The reminder instants, earliest first; one that would fall before the clock started is dropped. */
export function reminderTimes(before: readonly number[], startedAt: number, dueAt: number, calendar?: WorkCalendar): number[] {
  const times = before.map((ms) => (calendar ? subtractWorkingTime(calendar, dueAt, ms) : dueAt - ms)).filter((at) => at > startedAt && at < dueAt);
  return [...new Set(times)].sort((a, b) => a - b);
}

/** The time from `from` to `to` as the clock counts it (0 when `to` is not later). */
export function clockSpan(clock: Pick<Clock, 'calendar'>, from: number, to: number, calendar?: WorkCalendar): number {
  if (to <= from) return 0;
  return clock.calendar && calendar ? workingTimeBetween(calendar, from, to) : to - from;
}

/** How late `at` is for the clock: negative when early (wall time), counted as the clock counts. */
export function lateness(clock: Clock, at: number, calendar?: WorkCalendar): number {
  if (at >= clock.dueAt) return clockSpan(clock, clock.dueAt, at, calendar);
  return -clockSpan(clock, at, clock.dueAt, calendar);
}

/**
 * The clock after a hold of `heldMs` (as it counts) ended at `now`: due later by the time
 * held, and its unsent reminders with it. A calendar clock keeps the working time it had
 * left when it was held: its new due time is that much working time after `now`.
 */
export function resumedTimes(clock: Clock, now: number, calendar?: WorkCalendar): { dueAt: number; remindAt?: number[]; heldMs: number } {
  const heldAt = clock.heldAt ?? now;
  const useCalendar = clock.calendar && calendar ? calendar : undefined;
  const held = clockSpan(clock, heldAt, now, calendar);
  const move = (at: number) => {
    if (!useCalendar) return at + (now - heldAt);
    return at <= heldAt ? at : addWorkingTime(useCalendar, now, workingTimeBetween(useCalendar, heldAt, at));
  };
  const dueAt = move(clock.dueAt);
  const remindAt = clock.remindAt?.map((at, i) => (i < (clock.reminded ?? 0) ? at : move(at)));
  return { dueAt, ...(remindAt ? { remindAt } : {}), heldMs: held };
}

export type ClockUrgency = 'done' | 'cancelled' | 'held' | 'overdue' | 'due-soon' | 'pending';

/** Where an open clock without reminders turns `due soon`: its last quarter. */
const DUE_SOON_SHARE = 0.75;

/**
 * The one answer to "how urgent is this clock?", for every door (status, inbox, dashboard,
 * JSON). A clock with reminders is `due-soon` from its last reminder (`soonAt`); one
 * without is `due-soon` in the last 25 % of its window. Held beats everything open.
 */
export function clockUrgency(clock: Clock, now: number): ClockUrgency {
  if (clock.state === 'done') return 'done';
  if (clock.state === 'cancelled') return 'cancelled';
  if (clock.heldAt !== undefined) return 'held';
  if (clock.state === 'overdue' || clock.dueAt <= now) return 'overdue';
  return now >= dueSoonAt(clock) ? 'due-soon' : 'pending';
}

/** The instant from which an open clock is `due soon`. */
export function dueSoonAt(clock: Clock): number {
  if (clock.soonAt !== undefined) return clock.soonAt;
  return clock.startedAt + DUE_SOON_SHARE * (clock.dueAt - clock.startedAt);
}

/** The clocks-table row that carries a clock's reminder number `index` (claimed and fired like a clock). */
export function reminderRowName(clock: ClockName, index: number): string {
  return `${clock}#reminder-${index + 1}`;
}

/** The clock and reminder index a reminder row is for; undefined for a clock's own row. */
export function parseReminderRow(row: string): { clock: ClockName; index: number } | undefined {
  const m = /^(.+)#reminder-(\d+)$/.exec(row);
  return m ? { clock: m[1] as ClockName, index: Number(m[2]) - 1 } : undefined;
}

/** The command a due row of the clocks table owes: fire the clock, or send one of its reminders. */
export function clockRowCommand(row: string): Extract<Command, { type: 'clock.fire' | 'clock.remind' }> {
  const reminder = parseReminderRow(row);
  return reminder ? { type: 'clock.remind', name: reminder.clock, index: reminder.index } : { type: 'clock.fire', name: row as ClockName };
}
