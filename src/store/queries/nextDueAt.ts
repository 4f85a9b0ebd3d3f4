import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * The earliest due time of a pending clock, overdue or not, claimed or not; undefined when
 * nothing is pending. Served by the (state, due_at) index. (The serve loop wakes on
 * `nextClockWakeAt`, which also skips what another process holds.)
 */
export async function nextDueAt(db: Kysely<Database>): Promise<number | undefined> {
  const row = await db
    .selectFrom('clocks')
    .select((eb) => eb.fn.min('due_at').as('due_at'))
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return row?.due_at === null || row?.due_at === undefined ? undefined : Number(row.due_at);
}
