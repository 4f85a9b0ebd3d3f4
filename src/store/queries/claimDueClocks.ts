import { type RawBuilder, sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';
import type { ClaimedClock } from '../records.js';
import type { Database } from '../schema.js';
import { CLAIMABLE } from './claimable.js';
import { leaseClock } from './databaseNow.js';

/**
 * Claims up to `limit` due clocks in one statement: pending, due at or before `now`, not
 * held by another scheduler (no lease, or an expired one), the most overdue first. Each
 * gets `claimed_until` = the lease clock + `leaseMs`, which is also the token that
 * `releaseClocks` checks. Leases are on the lease clock (`leaseClock`: the database's),
 * never on `now`, which says only what is due: a scheduler at `--now` a day ahead or back
 * sees the others' leases as they are.
 *
 * Why it locks the way it does: on PostgreSQL the inner select takes the rows
 * `for update skip locked`, so several `baton serve` processes claiming at the same moment
 * split the due clocks between them instead of queueing behind each other's row locks or
 * claiming the same clock twice; the outer update is the claim. SQLite has one writer at a
 * time: run this inside `inTransaction` (BEGIN IMMEDIATE) and the statement is the lock.
 * A process that dies holding a claim leaves it to expire: the clock is claimed again
 * after `leaseMs`, and the optimistic version check on the deal still fires it only once.
 *
 * @example
 * const claimed = await inTransaction(store, (tx) => claimDueClocks(tx, now, 200, 30_000));
 */
export async function claimDueClocks(db: Kysely<Database>, now: number, limit: number, leaseMs: number): Promise<ClaimedClock[]> {
  const clock = leaseClock(db);
  const postgres = dialectOf(db) === 'postgres';
  const rows = await db
    .updateTable('clocks')
    .set({ claimed_until: sql<number>`${clock} + ${leaseMs}` })
    .where(sql<boolean>`(deal_id, name) in (${postgres ? duePostgres(db, now, limit, clock) : dueSqlite(now, limit, clock)})`)
    .returning(['deal_id', 'name', 'due_at', 'claimed_until'])
    .execute();
  // RETURNING follows no order: sort as the claim did.
  return rows
    .map((r) => ({ dealId: r.deal_id, name: r.name, dueAt: r.due_at, claimedUntil: Number(r.claimed_until) }))
    .sort((a, b) => a.dueAt - b.dueAt || cmp(a.dealId, b.dealId) || cmp(a.name, b.name));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The due rows to claim, most overdue first. A clock's own row or one of its reminders
 * (`armed`, see 006_sla): both fire through `clock.fire`/`clock.remind`. Read along the
 * partial index of migration 008, which holds them in this order, so no claim sorts the
 * due backlog. PostgreSQL takes the rows `for update skip locked` (see above) and plans the
 * partial index itself; SQLite's planner prefers the state index and is told which one.
 */
function duePostgres(db: Kysely<Database>, now: number, limit: number, clock: RawBuilder<number>) {
  return db
    .selectFrom('clocks')
    .select(['deal_id', 'name'])
    .where(CLAIMABLE)
    .where('due_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', clock)]))
    .orderBy('due_at')
    .orderBy('deal_id')
    .orderBy('name')
    .limit(limit)
    .forUpdate()
    .skipLocked();
}

function dueSqlite(now: number, limit: number, clock: RawBuilder<number>) {
  return sql`select deal_id, name from clocks indexed by clocks_claimable_due_idx
    where ${CLAIMABLE} and due_at <= ${now} and (claimed_until is null or claimed_until <= ${clock})
    order by due_at, deal_id, name limit ${limit}`;
}
