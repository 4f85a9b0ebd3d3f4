import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * The deals with at least one open clock (pending or overdue), for the inbox: the index on
 * (state, due_at) serves the filter, so the read grows with what is open, not with every
 * handoff ever closed.
 */
export async function openClockDeals(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('clocks').select('deal_id').distinct().where('state', 'in', ['pending', 'overdue']).execute();
  return rows.map((r) => r.deal_id);
}
