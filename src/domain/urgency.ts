import type { Clock } from './types.js';

/**
 * How a clock stands for the people who owe it (SPEC §15), the one rule every door shows:
 *
 * - `done` / `cancelled`: closed, nothing is owed;
 * - `held`: paused by chief.staff or the ceo (`heldAt` set); it cannot fall due;
 * - `overdue`: missed, or open past its due time (not yet fired by the scheduler);
 * - `due-soon`: open, from `soonAt` (the last reminder) when set, else in the last 25 % of
 *   its span from start to due;
 * - `pending`: open, with time to spare.
 *
 * @example
 *   clockUrgency({ name: 'packet', state: 'pending', startedAt: 0, dueAt: 100 }, 80); // 'due-soon'
 */
export type Urgency = 'done' | 'cancelled' | 'held' | 'overdue' | 'due-soon' | 'pending';

/** The share of a clock's span after which it is due soon, when it has no `soonAt`. */
export const DUE_SOON_SHARE = 0.75;

export function clockUrgency(clock: Clock, now: number): Urgency {
  if (clock.state === 'done') return 'done';
  if (clock.state === 'cancelled') return 'cancelled';
  if (clock.heldAt !== undefined) return 'held';
  if (clock.state === 'overdue' || clock.dueAt <= now) return 'overdue';
  if (clock.soonAt !== undefined) return now >= clock.soonAt ? 'due-soon' : 'pending';
  const span = clock.dueAt - clock.startedAt;
  return span > 0 && now - clock.startedAt >= DUE_SOON_SHARE * span ? 'due-soon' : 'pending';
}
