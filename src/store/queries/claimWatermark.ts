import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * Claims the period that `at` falls in (periods of `periodMs` from the epoch) for the named
 * job, e.g. `board-sync` every 15 minutes: true for the one process whose statement moves the
 * watermark to the period's start, false for every other that asks in the same period. One
 * statement, an upsert whose update only happens when the row holds an earlier period: on
 * PostgreSQL the row lock makes a second claimer wait for the first and then find the period
 * taken; on SQLite the write lock serialises them alike. No lease to expire: a process that
 * wins and then dies leaves the period done, and the next period is claimed afresh.
 *
 * @example
 *   if (await claimWatermark(db, 'board-sync', Date.now(), 15 * 60_000)) await syncBoard(...);
 */
export async function claimWatermark(db: Kysely<Database>, name: string, at: number, periodMs: number): Promise<boolean> {
  const period = Math.floor(at / periodMs) * periodMs;
  const result = await db
    .insertInto('watermarks')
    .values({ name, at: period })
    .onConflict((oc) => oc.column('name').doUpdateSet({ at: period }).where('watermarks.at', '<', period))
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}
