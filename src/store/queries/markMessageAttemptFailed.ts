import type { Kysely } from 'kysely';
import type { MessageAttemptFailure } from '../records.js';
import type { Database } from '../schema.js';

/**
 * Records a failed attempt: one more attempt, the error, and when to try again; `failed`
 * (out of attempts) parks the message as `failed` until `requeueMessage`.
 */
export async function markMessageAttemptFailed(db: Kysely<Database>, id: number, failure: MessageAttemptFailure): Promise<void> {
  await db
    .updateTable('messages')
    .set((eb) => ({
      state: failure.failed ? 'failed' : 'queued',
      attempts: eb('attempts', '+', 1),
      last_error: failure.error,
      next_attempt_at: failure.nextAttemptAt,
      claimed_until: null,
      ...(failure.certainlyNotSent ? { in_flight_at: null } : {}),
    }))
    .where('id', '=', id)
    .execute();
}
