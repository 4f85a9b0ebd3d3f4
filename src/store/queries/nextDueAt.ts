import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * When the scheduler must next wake: the earliest due time of a pending clock, overdue or
 * not; undefined when nothing is pending. Served by the (state, due_at) index.
 */
export async function nextDueAt(db: Kysely<Database>): Promise<number | undefined> {
  const row = await db
    .selectFrom('clocks')
    .select((eb) => eb.fn.min('due_at').as('due_at'))
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return row?.due_at === null || row?.due_at === undefined ? undefined : Number(row.due_at);
}
