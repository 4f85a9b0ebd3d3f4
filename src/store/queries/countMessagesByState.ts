import type { Kysely } from 'kysely';
import type { MessageState } from '../records.js';
import type { Database } from '../schema.js';

/** How many messages are queued, delivered and failed: one grouped count. */
export async function countMessagesByState(db: Kysely<Database>): Promise<Record<MessageState, number>> {
  const rows = await db
    .selectFrom('messages')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('state')
    .execute();
  const counts: Record<MessageState, number> = { queued: 0, delivered: 0, failed: 0 };
  for (const row of rows) if (row.state in counts) counts[row.state as MessageState] = Number(row.n);
  return counts;
}
