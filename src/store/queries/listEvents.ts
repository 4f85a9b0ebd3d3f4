import type { Kysely } from 'kysely';
import type { StoredEvent } from '../records.js';
import { toStoredEvent } from '../rows.js';
import type { Database } from '../schema.js';

/** A deal's events in the order they were appended: by id, along the (deal_id, id) index. */
export async function listEvents(db: Kysely<Database>, dealId: string): Promise<StoredEvent[]> {
  const rows = await db.selectFrom('events').selectAll().where('deal_id', '=', dealId).orderBy('id').execute();
  return rows.map(toStoredEvent);
}
