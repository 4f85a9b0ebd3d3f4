import type { Kysely } from 'kysely';
import { isDealId } from '../../domain/deal-id.js';
import type { LoadedDeal } from '../records.js';
import { toDealState } from '../rows.js';
import type { Database } from '../schema.js';

/**
 * One deal with its handoff and clocks, rebuilt as the domain `DealState`, and the version
 * to hand back to `saveDeal`.
 *
 * No row lock: concurrency is optimistic. A writer that read an older version fails its
 * `saveDeal` with a ConcurrencyError and `inTransaction` runs the command again.
 */
export async function loadDeal(db: Kysely<Database>, id: string): Promise<LoadedDeal | undefined> {
  // No stored deal has an id deal.add would refuse, and PostgreSQL cannot compare some of them.
  if (!isDealId(id)) return undefined;
  const deal = await db.selectFrom('deals').selectAll().where('id', '=', id).executeTakeFirst();
  if (!deal) return undefined;
  const handoff = await db.selectFrom('handoffs').selectAll().where('deal_id', '=', id).executeTakeFirst();
  const clocks = handoff ? await db.selectFrom('clocks').selectAll().where('deal_id', '=', id).execute() : [];
  return { state: toDealState(deal, handoff, clocks), version: deal.version, updatedAt: Number(deal.updated_at) };
}
