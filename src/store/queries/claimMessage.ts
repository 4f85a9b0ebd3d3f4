import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * Takes a lease on one queued message, so that a CLI command and `baton serve` (or two
 * servers) never send it at the same time. The update is the lock: only one caller sees
 * a row change. An expired lease (a process that died mid-send) can be taken again. (The
 * dispatcher claims a batch at once with `claimMessages`.)
 */
export async function claimMessage(db: Kysely<Database>, id: number, now: number, leaseMs: number): Promise<boolean> {
  const result = await db
    .updateTable('messages')
    .set({ claimed_until: now + leaseMs })
    .where('id', '=', id)
    .where('state', '=', 'queued')
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
