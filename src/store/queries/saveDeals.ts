import { sql, type Kysely } from 'kysely';
import type { Handoff } from '../../domain/types.js';
import type { DealWrite } from '../records.js';
import { ConcurrencyError, isUniqueViolation } from '../errors.js';
import { chunks } from '../rows.js';
import type { Database } from '../schema.js';
import { bulkRows } from './bulkRows.js';
import { changedClockRows, clockRowsOf, upsertClocks } from './upsertClocks.js';

/**
 * Writes several loaded deals at once, as `saveDeal` writes one, in a handful of
 * multi-row statements; returns the ids written.
 *
 * Each deal row is updated only if it is still at the version it was loaded at (one
 * `update ... from (values ...)` for the batch, `returning` the ids that matched). A deal
 * another writer changed meanwhile is NOT written, and not an error: its id is missing
 * from the result and the caller runs that one again on its own. Only the written deals'
 * handoffs and clocks are then written, mirroring their states (dropped clocks deleted),
 * and of those only the rows that changed: the loaded state is what the rows held at the
 * version that matched, so a handoff row or a clock row equal to it is left as it is. A
 * fired clock thus costs its deal row (the version), its own clock row, and no other.
 * On PostgreSQL a deal row locked by another transaction is waited for, then re-checked.
 *
 * @example
 * const written = await saveDeals(tx, [{ before: loaded, after: next }], now);
 * if (!written.has(loaded.state.deal.id)) { ... run it again alone ... }
 */
export async function saveDeals(db: Kysely<Database>, writes: readonly DealWrite[], now: number): Promise<Set<string>> {
  const written = new Set<string>();
  for (const batch of chunks(writes, 1000)) {
    const v = bulkRows(
      db,
      'v',
      { id: 'text', expected: 'int4', company: 'text', stage: 'text', data: 'text' },
      batch.map(({ before, after }) => {
        const { deal } = after;
        // A deal the command left as it was (the same object: evolve keeps what it does not
        // change) keeps its columns; only its version moves.
        const same = deal === before.state.deal;
        return [deal.id, before.version, same ? null : deal.company, same ? null : deal.stage, same ? null : JSON.stringify(deal)];
      }),
    );
    const { rows } = await sql<{ id: string }>`
      update deals set company = coalesce(v.company, deals.company), stage = coalesce(v.stage, deals.stage), data = coalesce(v.data, deals.data),
        version = v.expected + 1, updated_at = ${now}
      from ${v} where deals.id = v.id and deals.version = v.expected
      returning deals.id as id`.execute(db);
    for (const row of rows) written.add(row.id);
  }
  const mine = writes.filter((w) => written.has(w.after.deal.id));

  const gone = mine.filter((w) => !w.after.handoff && w.before.state.handoff).map((w) => w.after.deal.id);
  for (const ids of chunks(gone)) {
    await db.deleteFrom('clocks').where('deal_id', 'in', ids).execute();
    await db.deleteFrom('handoffs').where('deal_id', 'in', ids).execute();
  }

  const handoffRows = mine.flatMap(({ before, after: { deal, handoff } }) => {
    if (!handoff) return [];
    const was = before.state.handoff;
    if (was && sameHandoff(was, handoff)) return [];
    return [{ deal_id: deal.id, ...handoffRowOf(handoff), updated_at: now }];
  });
  for (const batch of chunks(handoffRows)) {
    try {
      await db
        .insertInto('handoffs')
        .values(batch)
        .onConflict((oc) =>
          oc.column('deal_id').doUpdateSet((eb) => ({
            state: eb.ref('excluded.state'),
            cycle: eb.ref('excluded.cycle'),
            t0: eb.ref('excluded.t0'),
            packet_path: eb.ref('excluded.packet_path'),
            data: eb.ref('excluded.data'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConcurrencyError('a packet path was taken by another deal', { cause: error });
      throw error;
    }
  }

  const stale = mine.flatMap(({ before, after }) => {
    if (!after.handoff) return [];
    const kept = new Set(clockRowsOf(after.deal.id, after.handoff.clocks).map((r) => r.name));
    return clockRowsOf(before.state.deal.id, before.state.handoff?.clocks ?? {})
      .filter((row) => !kept.has(row.name))
      .map((row) => sql`(${after.deal.id}, ${row.name})`);
  });
  for (const batch of chunks(stale)) {
    await db
      .deleteFrom('clocks')
      .where(sql<boolean>`(deal_id, name) in (values ${sql.join(batch)})`)
      .execute();
  }

  await upsertClocks(
    db,
    mine.flatMap(({ before, after }) => (after.handoff ? changedClockRows(after.deal.id, before.state.handoff?.clocks ?? {}, after.handoff.clocks) : [])),
  );
  return written;
}

/** The handoffs row of a handoff, but for its key and `updated_at`. */
function handoffRowOf(handoff: Handoff): { state: string; cycle: number; t0: number; packet_path: string; data: string } {
  const { clocks: _clocks, ...rest } = handoff;
  return { state: handoff.state, cycle: handoff.cycle, t0: handoff.t0, packet_path: handoff.packetPath, data: JSON.stringify(rest) };
}

/**
 * Whether two handoffs have the same row (clocks aside). evolve keeps the values it does
 * not change, so a fire that only moves a clock leaves every other property the same
 * object: compared by reference first, by value (the row) only when that differs.
 */
function sameHandoff(a: Handoff, b: Handoff): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  const keys = Object.keys(y).filter((k) => k !== 'clocks');
  if (keys.length === Object.keys(x).filter((k) => k !== 'clocks').length && keys.every((k) => k in x && x[k] === y[k])) return true;
  const rowA = handoffRowOf(a);
  const rowB = handoffRowOf(b);
  return rowA.state === rowB.state && rowA.cycle === rowB.cycle && rowA.t0 === rowB.t0 && rowA.packet_path === rowB.packet_path && rowA.data === rowB.data;
}
