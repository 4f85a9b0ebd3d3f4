import type { Kysely } from 'kysely';
import type { NewEvent } from '../records.js';
import type { Database } from '../schema.js';
import { appendManyEvents } from './appendManyEvents.js';

/**
 * Appends a deal's events in the order given; the autoincrement id is the order they are
 * read back in (`listEvents`), so the batch is inserted as written.
 */
export async function appendEvents(db: Kysely<Database>, dealId: string, events: readonly NewEvent[]): Promise<void> {
  await appendManyEvents(
    db,
    events.map((e) => ({ ...e, dealId })),
  );
}
