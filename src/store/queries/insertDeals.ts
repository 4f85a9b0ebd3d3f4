import type { Kysely } from 'kysely';
import type { DealState } from '../../domain/types.js';
import { ConcurrencyError, isUniqueViolation } from '../errors.js';
import { chunks } from '../rows.js';
import type { Database } from '../schema.js';
import { clockRowsOf, upsertClocks } from './upsertClocks.js';

/**
 * Inserts several new deals at version 1, as `saveDeal` inserts one, with their handoffs
 * and clocks, in multi-row statements. An id that exists already (another writer created
 * it since it was looked up) or a packet path another deal took is a ConcurrencyError:
 * `inTransaction` runs the whole transaction again, and the next look sees them.
 *
 * @example
 * await insertDeals(tx, [stateOfA, stateOfB], now);
 */
export async function insertDeals(db: Kysely<Database>, states: readonly DealState[], now: number): Promise<void> {
  for (const batch of chunks(states, 500)) {
    const inserted = await db
      .insertInto('deals')
      .values(batch.map(({ deal }) => ({ id: deal.id, company: deal.company, stage: deal.stage, data: JSON.stringify(deal), version: 1, created_at: now, updated_at: now })))
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .execute();
    if (inserted.length !== batch.length) throw new ConcurrencyError(`${batch.length - inserted.length} of ${batch.length} deals exist already`);
    const handoffs = batch.flatMap(({ deal, handoff }) => {
      if (!handoff) return [];
      const { clocks: _clocks, ...rest } = handoff;
      return [{ deal_id: deal.id, state: handoff.state, cycle: handoff.cycle, t0: handoff.t0, packet_path: handoff.packetPath, data: JSON.stringify(rest), updated_at: now }];
    });
    if (handoffs.length > 0) {
      try {
        await db.insertInto('handoffs').values(handoffs).execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConcurrencyError('a packet path was taken by another deal', { cause: error });
        throw error;
      }
    }
    await upsertClocks(
      db,
      batch.flatMap(({ deal, handoff }) => (handoff ? clockRowsOf(deal.id, handoff.clocks) : [])),
    );
  }
}
