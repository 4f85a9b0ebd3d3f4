import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';
import type { ClaimedMessage } from '../records.js';
import { toStoredMessage } from '../rows.js';
import type { Database } from '../schema.js';
import { leaseClock } from './databaseNow.js';

/**
 * Claims up to `limit` queued messages due for an attempt at `now` in one statement, oldest
 * first (by id, so a deal's messages go out in the order they were owed), each for `leaseMs`
 * on the lease clock (`leaseClock`: the database's clock, not `now`); a message held by a
 * live lease is skipped. `now` decides only what is due (`next_attempt_at <= now`): a CLI
 * run at `--now` a day back beside `serve` still sees `serve`'s live leases as live, and
 * its own leases last `leaseMs` for everyone. The lease end (`claimedUntil`, the same for
 * every row of one claim) is also the token that `releaseMessages` checks. Delivered or
 * failed messages drop their claim when marked.
 *
 * Why it locks the way it does: on PostgreSQL the inner select takes the rows
 * `for update skip locked`, so several dispatchers claiming at once split the queue rather
 * than wait on, or double-claim, each other's rows; the outer update is the claim. SQLite
 * has one writer at a time: run it inside `inTransaction` (BEGIN IMMEDIATE). A process
 * that dies mid-batch leaves its claims to expire after `leaseMs`; the in-flight mark then
 * tells the next sender to look before it sends again.
 *
 * @example
 * const batch = await inTransaction(store, (tx) => claimMessages(tx, now, 50, 30_000));
 */
export async function claimMessages(db: Kysely<Database>, now: number, limit: number, leaseMs: number): Promise<ClaimedMessage[]> {
  const clock = leaseClock(db);
  let due = db
    .selectFrom('messages')
    .select('id')
    .where('state', '=', 'queued')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', clock)]))
    .orderBy('id')
    .limit(limit);
  if (dialectOf(db) === 'postgres') due = due.forUpdate().skipLocked();
  const rows = await db
    .updateTable('messages')
    .set({ claimed_until: sql<number>`${clock} + ${leaseMs}` })
    .where('id', 'in', due)
    .returningAll()
    .execute();
  return rows.map((row) => ({ ...toStoredMessage(row), claimedUntil: Number(row.claimed_until) })).sort((a, b) => a.id - b.id);
}
