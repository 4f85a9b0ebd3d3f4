import type { Kysely } from 'kysely';
import type { ClockName } from '../../domain/types.js';
import { dialectOf } from '../dialect.js';
import type { DueClock } from '../records.js';
import type { Database } from '../schema.js';

/**
 * Pending clocks due at or before `now`, the most overdue first (deal and name break ties
 * so the order is stable), claimed or not; served by the (state, due_at) index. A read:
 * the scheduler takes its work with `claimDueClocks` instead.
 *
 * On PostgreSQL the rows are taken `for update skip locked`: inside a transaction a
 * caller skips the clocks another transaction holds. Outside a transaction it is a plain
 * read. SQLite has one writer at a time.
 */
export async function findDueClocks(db: Kysely<Database>, now: number, limit: number): Promise<DueClock[]> {
  let query = db
    .selectFrom('clocks')
    .select(['deal_id', 'name', 'due_at'])
    .where('state', '=', 'pending')
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .orderBy('deal_id')
    .orderBy('name')
    .limit(limit);
  if (dialectOf(db) === 'postgres') query = query.forUpdate().skipLocked();
  const rows = await query.execute();
  return rows.map((r) => ({ dealId: r.deal_id, name: r.name as ClockName, dueAt: r.due_at }));
}
