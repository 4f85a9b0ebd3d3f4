import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { handoffFilterCondition, type HandoffFilter } from './handoffFilter.js';

/**
 * How many handoffs match the dashboard filter at `now`: a count in SQL, no rows loaded.
 * A clock row exists only for a handoff (clocks.deal_id references handoffs), so the two
 * clock filters count clock rows alone along clocks_state_due_at_idx, without the join.
 */
export async function countHandoffs(db: Kysely<Database>, filter: HandoffFilter, now: number): Promise<number> {
  if (filter === 'overdue') {
    const { rows } = await sql<{ n: number | string }>`select count(distinct deal_id) as n from clocks where state = 'overdue' or (state = 'pending' and due_at <= ${now})`.execute(
      db,
    );
    return Number(rows[0]?.n ?? 0);
  }
  if (filter === 'awaiting-sow') {
    // (deal_id, name) is the primary key: one sow-signature clock per handoff.
    const row = await db
      .selectFrom('clocks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('state', 'in', ['pending', 'overdue'])
      .where('name', '=', 'sow-signature')
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
  let query = db.selectFrom('handoffs').select((eb) => eb.fn.countAll<number>().as('n'));
  const condition = handoffFilterCondition(filter, now);
  if (condition) query = query.where(condition);
  const row = await query.executeTakeFirst();
  return Number(row?.n ?? 0);
}
