import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * When a dispatcher must next look at the outbox: the earliest time a queued message can
 * be claimed. That is the next attempt time of an unclaimed message, or the end of the
 * lease on a claimed one (a process killed mid-send frees its messages then). Undefined
 * when nothing is queued.
 *
 * Two reads that each stop at their first row: the earliest unclaimed message along the
 * (state, next_attempt_at) index, and the earliest lease along the claimed_until index
 * (claims are few: a message drops its claim when it is delivered, retried or failed).
 */
export async function nextMessageWakeAt(db: Kysely<Database>): Promise<number | undefined> {
  const due = await db
    .selectFrom('messages')
    .select('next_attempt_at')
    .where('state', '=', 'queued')
    .where('claimed_until', 'is', null)
    .orderBy('next_attempt_at')
    .limit(1)
    .executeTakeFirst();
  const leased = await db
    .selectFrom('messages')
    .select('claimed_until')
    .where('claimed_until', 'is not', null)
    .where('state', '=', 'queued')
    .orderBy('claimed_until')
    .limit(1)
    .executeTakeFirst();
  const times = [due?.next_attempt_at, leased?.claimed_until].filter((t): t is number => t !== undefined && t !== null).map(Number);
  return times.length > 0 ? Math.min(...times) : undefined;
}
