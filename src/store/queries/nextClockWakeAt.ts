import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * When a scheduler must next look at the clocks: the earliest time a pending clock can be
 * claimed. That is the due time of an unclaimed clock, or the end of the lease on a
 * claimed one (a clock is claimed only once due, so its lease ends after its due time; a
 * process that died mid-batch frees its clocks then). Undefined when nothing is pending.
 *
 * Two reads that each stop at their first row: the earliest unclaimed clock along the
 * (state, due_at) index, and the earliest lease along the claimed_until index (claims are
 * few: a clock drops its claim when it stops being pending).
 */
export async function nextClockWakeAt(db: Kysely<Database>): Promise<number | undefined> {
  const due = await db
    .selectFrom('clocks')
    .select('due_at')
    .where('state', 'in', ['pending', 'armed'])
    .where('claimed_until', 'is', null)
    .orderBy('due_at')
    .limit(1)
    .executeTakeFirst();
  const leased = await db
    .selectFrom('clocks')
    .select('claimed_until')
    .where('claimed_until', 'is not', null)
    .where('state', 'in', ['pending', 'armed'])
    .orderBy('claimed_until')
    .limit(1)
    .executeTakeFirst();
  const times = [due?.due_at, leased?.claimed_until].filter((t): t is number => t !== undefined && t !== null).map(Number);
  return times.length > 0 ? Math.min(...times) : undefined;
}
