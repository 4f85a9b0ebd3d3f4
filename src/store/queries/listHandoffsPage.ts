import type { Kysely, Selectable } from 'kysely';
import type { LoadedDeal } from '../records.js';
import { toDealState } from '../rows.js';
import type { ClocksTable, Database, DealsTable, HandoffsTable } from '../schema.js';
import { handoffFilterCondition, type HandoffFilter } from './handoffFilter.js';

/**
 * One page of handoffs for the dashboard, newest deal first (id breaks ties, so pages are
 * stable), each with its clocks. LIMIT/OFFSET in SQL along deals_created_at_id_idx: a page
 * costs four reads whatever the number of handoffs, and never loads the others.
 *
 * @example
 *   const page = await listHandoffsPage(db, { filter: 'overdue', now, limit: 50, offset: 100 });
 */
export async function listHandoffsPage(db: Kysely<Database>, opts: { filter: HandoffFilter; now: number; limit: number; offset: number }): Promise<LoadedDeal[]> {
  // The page's ids first, along the (created_at, id) index: a filter that must sort sorts
  // narrow rows, and only the page's 50 deals are read in full.
  let query = db
    .selectFrom('handoffs')
    .innerJoin('deals', 'deals.id', 'handoffs.deal_id')
    .select('deals.id')
    .orderBy('deals.created_at', 'desc')
    .orderBy('deals.id', 'desc')
    .limit(opts.limit)
    .offset(opts.offset);
  const condition = handoffFilterCondition(opts.filter, opts.now);
  if (condition) query = query.where(condition);
  const ids = (await query.execute()).map((row) => row.id);
  if (ids.length === 0) return [];

  const deals = new Map<string, Selectable<DealsTable>>();
  for (const row of await db.selectFrom('deals').selectAll().where('id', 'in', ids).execute()) deals.set(row.id, row);
  const handoffs = new Map<string, Selectable<HandoffsTable>>();
  for (const row of await db.selectFrom('handoffs').selectAll().where('deal_id', 'in', ids).execute()) handoffs.set(row.deal_id, row);
  const clocks = new Map<string, Selectable<ClocksTable>[]>();
  for (const row of await db.selectFrom('clocks').selectAll().where('deal_id', 'in', ids).execute()) {
    const list = clocks.get(row.deal_id) ?? [];
    list.push(row);
    clocks.set(row.deal_id, list);
  }
  return ids.flatMap((id) => {
    const deal = deals.get(id);
    return deal ? [{ state: toDealState(deal, handoffs.get(id), clocks.get(id) ?? []), version: deal.version, updatedAt: Number(deal.updated_at) }] : [];
  });
}
