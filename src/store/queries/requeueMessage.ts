import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * Puts a failed message back in the queue, due now, with a fresh attempt count (the last
 * error is kept for the record). The `state = 'failed'` condition makes a retry from the
 * CLI and one from the dashboard at the same time requeue it once; false when the message
 * is unknown or not failed.
 */
export async function requeueMessage(db: Kysely<Database>, id: number, now: number): Promise<boolean> {
  const result = await db.updateTable('messages').set({ state: 'queued', attempts: 0, next_attempt_at: now }).where('id', '=', id).where('state', '=', 'failed').executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
