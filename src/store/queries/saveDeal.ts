import type { Kysely } from 'kysely';
import type { DealState } from '../../domain/types.js';
import { ConcurrencyError, isUniqueViolation } from '../errors.js';
import type { Database } from '../schema.js';
import { clockRowsOf, upsertClocks } from './upsertClocks.js';

/**
 * Writes a deal, its handoff and its clocks; returns the new version.
 *
 * `expectedVersion` undefined inserts version 1 (an existing id is a ConcurrencyError);
 * otherwise the update only matches `version = expectedVersion`, so a writer that read a
 * stale deal changes nothing and gets a ConcurrencyError (optimistic locking, retried by
 * `inTransaction`). The rows then mirror the state exactly: clocks no longer in the state
 * are deleted so a replaced cycle cannot leave a stale pending clock to fire; a clock that
 * stops being pending drops a scheduler's claim on it (see `upsertClocks`).
 *
 * @example
 * const loaded = await loadDeal(tx, id);
 * await saveDeal(tx, next, loaded?.version, now);
 */
export async function saveDeal(db: Kysely<Database>, state: DealState, expectedVersion: number | undefined, now: number): Promise<number> {
  const { deal, handoff } = state;
  const columns = { company: deal.company, stage: deal.stage, data: JSON.stringify(deal), updated_at: now };
  let version: number;
  if (expectedVersion === undefined) {
    version = 1;
    const inserted = await db
      .insertInto('deals')
      .values({ id: deal.id, ...columns, version, created_at: now })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) {
      throw new ConcurrencyError(`deal ${deal.id} already exists`);
    }
  } else {
    version = expectedVersion + 1;
    const updated = await db
      .updateTable('deals')
      .set({ ...columns, version })
      .where('id', '=', deal.id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) {
      throw new ConcurrencyError(`deal ${deal.id} is no longer at version ${expectedVersion}`);
    }
  }

  if (!handoff) {
    if (expectedVersion !== undefined) {
      await db.deleteFrom('clocks').where('deal_id', '=', deal.id).execute();
      await db.deleteFrom('handoffs').where('deal_id', '=', deal.id).execute();
    }
    return version;
  }

  const { clocks, ...rest } = handoff;
  const row = {
    state: handoff.state,
    cycle: handoff.cycle,
    t0: handoff.t0,
    packet_path: handoff.packetPath,
    data: JSON.stringify(rest),
    updated_at: now,
  };
  try {
    await db
      .insertInto('handoffs')
      .values({ deal_id: deal.id, ...row })
      .onConflict((oc) => oc.column('deal_id').doUpdateSet(row))
      .execute();
  } catch (error) {
    // Two deals that picked the same packet path at once: the retry sees the other's path.
    if (isUniqueViolation(error)) {
      throw new ConcurrencyError(`packet path ${handoff.packetPath} was taken by another deal`, { cause: error });
    }
    throw error;
  }

  const clockRows = clockRowsOf(deal.id, clocks);
  if (expectedVersion !== undefined) {
    let stale = db.deleteFrom('clocks').where('deal_id', '=', deal.id);
    if (clockRows.length > 0)
      stale = stale.where(
        'name',
        'not in',
        clockRows.map((c) => c.name),
      );
    await stale.execute();
  }
  await upsertClocks(db, clockRows);
  return version;
}
