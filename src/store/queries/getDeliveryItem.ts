import type { Kysely } from 'kysely';
import type { StoredDeliveryItem } from '../records.js';
import { toStoredDeliveryItem } from '../rows.js';
import type { Database } from '../schema.js';

/** The deal's delivery-board item, if one was recorded. */
export async function getDeliveryItem(db: Kysely<Database>, dealId: string): Promise<StoredDeliveryItem | undefined> {
  const row = await db.selectFrom('delivery_items').selectAll().where('deal_id', '=', dealId).executeTakeFirst();
  return row ? toStoredDeliveryItem(row) : undefined;
}
