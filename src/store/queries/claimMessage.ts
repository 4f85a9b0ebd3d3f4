import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { leaseClock } from './databaseNow.js';

/**
 * Takes a lease on one queued message, so that a CLI command and `baton serve` (or two
 * servers) never send it at the same time. The update is the lock: only one caller sees
 * a row change. An expired lease (a process that died mid-send) can be taken again. The
 * lease is on the lease clock (the database's, see `leaseClock`), as `claimMessages` sets
 * it; `now` is kept for the callers and not used. (The dispatcher claims a batch at once
 * with `claimMessages`.)
 */
export async function claimMessage(db: Kysely<Database>, id: number, _now: number, leaseMs: number): Promise<boolean> {
  const clock = leaseClock(db);
  const result = await db
    .updateTable('messages')
    .set({ claimed_until: sql<number>`${clock} + ${leaseMs}` })
    .where('id', '=', id)
    .where('state', '=', 'queued')
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', clock)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
