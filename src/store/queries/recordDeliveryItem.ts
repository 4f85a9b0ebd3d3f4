import type { Kysely } from 'kysely';
import type { DeliveryItem } from '../../domain/types.js';
import type { Database } from '../schema.js';

/**
 * The delivery item as the board now holds it (a projection of the handoff's events, written
 * by the engine when the board confirms it): one row per deal, replaced by each revision.
 */
export async function recordDeliveryItem(db: Kysely<Database>, dealId: string, item: DeliveryItem, externalId: string | undefined, at: number): Promise<void> {
  const values = {
    name: item.name,
    customer: item.customer,
    window_start: item.windowStart,
    window_end: item.windowEnd,
    owner: item.owner,
    milestones: JSON.stringify(item.milestones),
    external_id: externalId ?? null,
  };
  await db
    .insertInto('delivery_items')
    .values({ deal_id: dealId, ...values, created_at: at })
    .onConflict((oc) => oc.column('deal_id').doUpdateSet(values))
    .execute();
}
