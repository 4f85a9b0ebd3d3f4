import { sql, type Kysely } from 'kysely';
import type { DealState } from '../../domain/types.js';
import { toDealState } from '../rows.js';
import type { ClocksTable, Database } from '../schema.js';
import type { Selectable } from 'kysely';

/**
 * The handoffs with at least one open clock (pending, overdue or held) among `names`, each with
 * its deal and every clock: what the inbox reads. Two statements whatever the count (deals
 * joined to their handoff, then their clocks), each filtered by the same subquery (the open clocks, on the
 * (state, due_at) index, read once), so neither many small reads nor a read of every handoff ever closed.
 */
export async function openHandoffs(db: Kysely<Database>, names: readonly string[]): Promise<DealState[]> {
  if (names.length === 0) return [];
  const open = (dealId: 'deals.id' | 'clocks.deal_id') =>
    sql<boolean>`${sql.ref(dealId)} in (select o.deal_id from clocks o where o.state in ('pending', 'overdue', 'held') and o.name in (${sql.join([...names])}))`;
  const rows = await db
    .selectFrom('deals')
    .innerJoin('handoffs', 'handoffs.deal_id', 'deals.id')
    .selectAll('deals')
    .select([
      'handoffs.deal_id as h_deal_id',
      'handoffs.state as h_state',
      'handoffs.cycle as h_cycle',
      'handoffs.t0 as h_t0',
      'handoffs.packet_path as h_packet_path',
      'handoffs.data as h_data',
      'handoffs.updated_at as h_updated_at',
    ])
    .where(open('deals.id'))
    .execute();
  const clocks = new Map<string, Selectable<ClocksTable>[]>();
  for (const row of await db.selectFrom('clocks').selectAll().where(open('clocks.deal_id')).execute()) {
    const list = clocks.get(row.deal_id) ?? [];
    list.push(row);
    clocks.set(row.deal_id, list);
  }
  return rows.map((r) =>
    toDealState(
      r,
      { deal_id: r.h_deal_id, state: r.h_state, cycle: r.h_cycle, t0: r.h_t0, packet_path: r.h_packet_path, data: r.h_data, updated_at: r.h_updated_at },
      clocks.get(r.id) ?? [],
    ),
  );
}
