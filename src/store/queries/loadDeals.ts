import type { Kysely, Selectable } from 'kysely';
import type { LoadedDeal } from '../records.js';
import { chunks, toDealState } from '../rows.js';
import type { ClocksTable, Database, HandoffsTable } from '../schema.js';
import { inTextList } from './bulkRows.js';

/**
 * Several deals by id, each with its handoff, clocks and version (as `loadDeal` gives one):
 * three reads per 1000 ids, each with one parameter (`inTextList`). Unknown ids are
 * absent from the map. No row lock: `saveDeals` checks each version when it writes.
 */
export async function loadDeals(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, LoadedDeal>> {
  const out = new Map<string, LoadedDeal>();
  for (const batch of chunks([...new Set(ids)], 1000)) {
    const deals = await db
      .selectFrom('deals')
      .selectAll()
      .where(inTextList(db, 'id', batch))
      .execute();
    if (deals.length === 0) continue;
    const found = deals.map((d) => d.id);
    const handoffs = new Map<string, Selectable<HandoffsTable>>();
    for (const row of await db
      .selectFrom('handoffs')
      .selectAll()
      .where(inTextList(db, 'deal_id', found))
      .execute())
      handoffs.set(row.deal_id, row);
    const clocks = new Map<string, Selectable<ClocksTable>[]>();
    for (const row of await db
      .selectFrom('clocks')
      .selectAll()
      .where(inTextList(db, 'deal_id', found))
      .execute()) {
      clocks.set(row.deal_id, [...(clocks.get(row.deal_id) ?? []), row]);
    }
    for (const deal of deals) {
      const handoff = handoffs.get(deal.id);
      out.set(deal.id, { state: toDealState(deal, handoff, handoff ? (clocks.get(deal.id) ?? []) : []), version: deal.version, updatedAt: Number(deal.updated_at) });
    }
  }
  return out;
}
