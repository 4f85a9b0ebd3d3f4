import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';
import { CLAIMABLE } from './claimable.js';
import type { Database } from '../schema.js';

/**
 * When a scheduler must next look at the clocks: the earliest time a pending clock can be
 * claimed. That is the due time of an unclaimed clock, or the end of the lease on a
 * claimed one (a clock is claimed only once due, so its lease ends after its due time; a
 * process that died mid-batch frees its clocks then). Undefined when nothing is pending.
 *
 * Two reads that each stop at their first row: the earliest unclaimed clock along the
 * claimable rows' (due_at) partial index, and the earliest lease along the claimed_until index (claims are
 * few: a clock drops its claim when it stops being pending).
 */
export async function nextClockWakeAt(db: Kysely<Database>): Promise<number | undefined> {
  // Along the claimable rows' partial index (008): SQLite's planner is told it, PostgreSQL's finds it.
  const due =
    dialectOf(db) === 'postgres'
      ? await db.selectFrom('clocks').select('due_at').where(CLAIMABLE).where('claimed_until', 'is', null).orderBy('due_at').limit(1).executeTakeFirst()
      : (
          await sql<{ due_at: number }>`select due_at from clocks indexed by clocks_claimable_due_idx where ${CLAIMABLE} and claimed_until is null order by due_at limit 1`.execute(
            db,
          )
        ).rows[0];
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
