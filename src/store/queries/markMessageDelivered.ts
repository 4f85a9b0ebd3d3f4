import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Records a successful delivery (counted as an attempt) and the id the service gave it. */
export async function markMessageDelivered(db: Kysely<Database>, id: number, at: number, externalId?: string): Promise<void> {
  await db
    .updateTable('messages')
    .set((eb) => ({
      state: 'delivered',
      attempts: eb('attempts', '+', 1),
      delivered_at: at,
      external_id: externalId ?? null,
      claimed_until: null,
    }))
    .where('id', '=', id)
    .execute();
}
