import type { Kysely } from 'kysely';
import type { DeliveryItem } from '../../domain/types.js';
import type { Database } from '../schema.js';

/**
 * Records the deal's delivery-board item, once. `on conflict (deal_id) do nothing` makes a
 * second call (a retry, a second worker) a no-op that returns the existing row's id with
 * `created: false`; on PostgreSQL a concurrent insert waits for the first to commit.
 */
export async function insertDeliveryItem(
  db: Kysely<Database>,
  dealId: string,
  item: DeliveryItem,
  externalId: string | undefined,
  at: number,
): Promise<{ id: number; created: boolean }> {
  const inserted = await db
    .insertInto('delivery_items')
    .values({
      deal_id: dealId,
      name: item.name,
      customer: item.customer,
      window_start: item.windowStart,
      window_end: item.windowEnd,
      owner: item.owner,
      milestones: JSON.stringify(item.milestones),
      external_id: externalId ?? null,
      created_at: at,
    })
    .onConflict((oc) => oc.column('deal_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const existing = await db
    .selectFrom('delivery_items')
    .select('id')
    .where('deal_id', '=', dealId)
    .executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}
