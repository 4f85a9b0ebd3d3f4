import { formatDuration } from '../domain/time.js';
import type { Clock } from '../domain/types.js';
import { clockUrgency } from '../domain/clock-time.js';
import { clockWords } from '../views/status.js';

/**
 * A clock as the dashboard draws it: a bar of the time elapsed against the time allowed,
 * coloured by where the clock stands. The words beside it are the CLI's (`clockWords`), so
 * the dashboard and `baton status` never disagree.
 *
 * - `on-time`: open, not yet due soon;
 * - `due-soon`: open, from its last reminder (SPEC §15), or in the last 25% of a clock without reminders;
 * - `held`: paused by chief.staff or the ceo;
 * - `overdue`: missed, or open past its due time (not yet fired by the scheduler);
 * - `done` / `done-late`: done by or after the due time;
 * - `cancelled`: the handoff left Closed-won.
 */
export type ClockStatus = 'on-time' | 'due-soon' | 'held' | 'overdue' | 'done' | 'done-late' | 'cancelled';

export const STATUS_LABEL: Record<ClockStatus, string> = {
  'on-time': 'on time',
  'due-soon': 'due soon',
  held: 'held',
  overdue: 'overdue',
  done: 'done on time',
  'done-late': 'done late',
  cancelled: 'cancelled',
};

/** The domain's urgency (`clockUrgency`, the same in every door), with done split by lateness for the colours. */
export function clockStatus(c: Clock, now: number): ClockStatus {
  const urgency = clockUrgency(c, now);
  if (urgency === 'done') return (c.doneAt ?? c.dueAt) > c.dueAt ? 'done-late' : 'done';
  if (urgency === 'pending') return 'on-time';
  return urgency;
}

/** Elapsed against the window, 0..1 for the bar (past due draws a full bar). */
export function elapsedShare(c: Clock, now: number): number {
  if (c.state === 'cancelled') return 0;
  const window = c.dueAt - c.startedAt;
  const until = c.state === 'done' ? (c.doneAt ?? c.dueAt) : (c.heldAt ?? now);
  if (window <= 0) return 1;
  return Math.min(1, Math.max(0, (until - c.startedAt) / window));
}

/** A few words for the list: how the clock stands, in the CLI's durations. */
export function shortWords(c: Clock, now: number): string {
  switch (clockStatus(c, now)) {
    case 'cancelled':
      return 'cancelled';
    case 'done':
      return 'done on time';
    case 'done-late':
      return `done ${formatDuration((c.doneAt ?? c.dueAt) - c.dueAt)} late`;
    case 'overdue':
      return `overdue by ${formatDuration(now - c.dueAt)}`;
    case 'held':
      return `held ${formatDuration(now - (c.heldAt ?? now))}`;
    case 'due-soon':
      return `due soon, in ${formatDuration(c.dueAt - now)}`;
    default:
      return `due in ${formatDuration(c.dueAt - now)}`;
  }
}

export function ClockBar(props: { clock: Clock; now: number; timezone: string; words?: 'short' | 'full' }) {
  const { clock, now } = props;
  const status = clockStatus(clock, now);
  const full = clockWords(clock, now, props.timezone);
  const pct = Math.round(elapsedShare(clock, now) * 100);
  return (
    <div class={`clock is-${status}`} data-clock={clock.name} data-status={status} title={`${clock.name}: ${full}`}>
      <span class="clock-name">{clock.name}</span>
      <span class="bar" role="img" aria-label={`${clock.name}: ${pct}% of the window used, ${STATUS_LABEL[status]}`}>
        <span class="fill" style={`width:${pct}%`} />
      </span>
      <span class="clock-words">{props.words === 'full' ? full : shortWords(clock, now)}</span>
    </div>
  );
}

export function ClockLegend() {
  const order: ClockStatus[] = ['on-time', 'due-soon', 'held', 'overdue', 'done', 'done-late', 'cancelled'];
  return (
    <p class="legend" title="clock colours">
      {order.map((s) => (
        <span class={`key is-${s}`}>
          <span class="swatch" />
          {STATUS_LABEL[s]}
        </span>
      ))}
      <span class="legend-note">bar = time used of the clock's window; due soon = from the clock's last reminder (last 25% without one)</span>
    </p>
  );
}
