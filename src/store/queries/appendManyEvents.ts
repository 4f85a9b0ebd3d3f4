import type { Kysely } from 'kysely';
import type { NewEvent } from '../records.js';
import { chunks, toJson } from '../rows.js';
import type { Database } from '../schema.js';

/**
 * Appends the events of several deals in multi-row inserts, in the order given; within a
 * deal, the autoincrement id is the order they are read back in (`listEvents`), as with
 * `appendEvents`.
 */
export async function appendManyEvents(db: Kysely<Database>, events: readonly (NewEvent & { dealId: string })[]): Promise<void> {
  for (const batch of chunks(events)) {
    await db
      .insertInto('events')
      .values(
        batch.map((e) => ({
          deal_id: e.dealId,
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
