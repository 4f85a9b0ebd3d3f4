import type { Kysely, Selectable } from 'kysely';
import type { LoadedDeal } from '../records.js';
import { chunks, toDealState } from '../rows.js';
import type { ClocksTable, Database, HandoffsTable } from '../schema.js';

/**
 * Deals in the order they were created (id breaks ties, so pages are stable), each with
 * its handoff and clocks. Three reads per page, whatever its size: handoffs and clocks are
 * fetched for the whole page at once rather than deal by deal.
 */
export async function listDeals(db: Kysely<Database>, opts: { limit?: number; offset?: number } = {}): Promise<LoadedDeal[]> {
  let query = db.selectFrom('deals').selectAll().orderBy('created_at').orderBy('id');
  // SQLite needs a LIMIT before an OFFSET; this one means "no limit" on both stores.
  if (opts.limit !== undefined || opts.offset !== undefined) query = query.limit(opts.limit ?? Number.MAX_SAFE_INTEGER);
  if (opts.offset !== undefined) query = query.offset(opts.offset);
  const deals = await query.execute();

  const handoffs = new Map<string, Selectable<HandoffsTable>>();
  const clocks = new Map<string, Selectable<ClocksTable>[]>();
  for (const ids of chunks(deals.map((d) => d.id))) {
    for (const row of await db.selectFrom('handoffs').selectAll().where('deal_id', 'in', ids).execute()) {
      handoffs.set(row.deal_id, row);
    }
    for (const row of await db.selectFrom('clocks').selectAll().where('deal_id', 'in', ids).execute()) {
      const list = clocks.get(row.deal_id) ?? [];
      list.push(row);
      clocks.set(row.deal_id, list);
    }
  }
  return deals.map((deal) => ({
    state: toDealState(deal, handoffs.get(deal.id), clocks.get(deal.id) ?? []),
    version: deal.version,
    updatedAt: Number(deal.updated_at),
  }));
}
