import type { Kysely } from 'kysely';
import type { StoredMessage } from '../records.js';
import { toStoredMessage } from '../rows.js';
import type { Database } from '../schema.js';

/**
 * Queued messages whose next attempt is due, oldest first (by id, so a deal's messages go
 * out in the order they were owed); filtered on the (state, next_attempt_at) index.
 * No lock: delivery is an HTTP call made outside any transaction, and each message is
 * marked afterwards by id.
 */
export async function findQueuedMessages(db: Kysely<Database>, now: number, limit: number): Promise<StoredMessage[]> {
  const rows = await db
    .selectFrom('messages')
    .selectAll()
    .where('state', '=', 'queued')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toStoredMessage);
}
