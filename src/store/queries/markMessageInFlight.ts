import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * Marks a message as possibly reaching the service, before the call is made and outside
 * any transaction that waits on it: after a crash or an ambiguous failure, the next
 * attempt sees the mark and looks the message up before sending it again.
 */
export async function markMessageInFlight(db: Kysely<Database>, id: number, at: number): Promise<void> {
  await db.updateTable('messages').set({ in_flight_at: at }).where('id', '=', id).where('in_flight_at', 'is', null).execute();
}
