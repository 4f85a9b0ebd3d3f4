import type { Kysely } from 'kysely';
import { chunks } from '../rows.js';
import type { Database } from '../schema.js';

/**
 * Gives back claimed messages this dispatcher will not send now (its time budget ran
 * out), so that another process, or the next tick, takes them at once rather than after
 * the lease. Only a claim still holding `token` (the `claimed_until` the claim set, on the
 * lease clock: see `leaseClock`) is cleared: a lease that expired and was taken by another
 * dispatcher is left alone, whatever `now` either of them runs at.
 */
export async function releaseMessages(db: Kysely<Database>, ids: readonly number[], token: number): Promise<void> {
  for (const batch of chunks(ids)) {
    await db.updateTable('messages').set({ claimed_until: null }).where('id', 'in', batch).where('claimed_until', '=', token).execute();
  }
}
