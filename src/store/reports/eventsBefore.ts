import type { Kysely } from 'kysely';
import type { StoredEvent } from '../records.js';
import { toStoredEvent } from '../rows.js';
import type { Database } from '../schema.js';

/**
 * Every deal's events before `until`, deal by deal in the order appended: what a past day's
 * summary is rebuilt from (not the hot path: it reads the whole history once a day).
 */
export async function eventsBefore(db: Kysely<Database>, until: number): Promise<StoredEvent[]> {
  const rows = await db.selectFrom('events').selectAll().where('at', '<', until).orderBy('deal_id').orderBy('id').execute();
  return rows.map(toStoredEvent);
}
