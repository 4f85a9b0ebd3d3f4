import type { Kysely } from 'kysely';
import type { NewEvent } from '../records.js';
import { chunks, toJson } from '../rows.js';
import type { Database } from '../schema.js';

/**
 * Appends a deal's events in the order given; the autoincrement id is the order they are
 * read back in (`listEvents`), so the batch is inserted as written.
 */
export async function appendEvents(db: Kysely<Database>, dealId: string, events: readonly NewEvent[]): Promise<void> {
  for (const batch of chunks(events)) {
    await db
      .insertInto('events')
      .values(
        batch.map((e) => ({
          deal_id: dealId,
          at: e.at,
          actor: e.actor,
          type: e.type,
          late_ms: e.lateMs ?? null,
          data: toJson(e.data),
        })),
      )
      .execute();
  }
}
