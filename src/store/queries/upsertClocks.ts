import { sql, type Insertable, type Kysely } from 'kysely';
import type { Clock } from '../../domain/types.js';
import { chunks } from '../rows.js';
import type { ClocksTable, Database } from '../schema.js';

/** The clock rows of one deal's state. */
export function clockRowsOf(dealId: string, clocks: Partial<Record<string, Clock>>): Insertable<ClocksTable>[] {
  return Object.values(clocks).flatMap((clock) =>
    clock
      ? [
          {
            deal_id: dealId,
            name: clock.name,
            state: clock.state,
            started_at: clock.startedAt,
            due_at: clock.dueAt,
            done_at: clock.doneAt ?? null,
            missed_at: clock.missedAt ?? null,
          },
        ]
      : [],
  );
}

/**
 * The clock rows of `after` that differ from `before` (new clocks, and clocks whose state
 * or times changed): a command that fires or stops one clock writes that one row, not
 * every clock of the handoff. Dropped clocks are the caller's to delete.
 */
export function changedClockRows(
  dealId: string,
  before: Partial<Record<string, Clock>>,
  after: Partial<Record<string, Clock>>,
): Insertable<ClocksTable>[] {
  const old = new Map(clockRowsOf(dealId, before).map((row) => [row.name, row]));
  return clockRowsOf(dealId, after).filter((row) => {
    const was = old.get(row.name);
    return (
      !was ||
      was.state !== row.state ||
      was.started_at !== row.started_at ||
      was.due_at !== row.due_at ||
      was.done_at !== row.done_at ||
      was.missed_at !== row.missed_at
    );
  });
}

/**
 * Inserts or updates clock rows, several deals' at once. A scheduler's claim survives an
 * update that leaves the clock pending and due at the same time; it is cleared when the
 * clock stops being pending (fired, done, cancelled) or moves to another due time, so a
 * fired clock never stays claimed and a re-armed one is claimable at its new time.
 * (Internal to the store: `saveDeal` and `saveDeals` use it.)
 */
export async function upsertClocks(db: Kysely<Database>, rows: readonly Insertable<ClocksTable>[]): Promise<void> {
  for (const batch of chunks(rows)) {
    await db
      .insertInto('clocks')
      .values(batch)
      .onConflict((oc) =>
        oc.columns(['deal_id', 'name']).doUpdateSet((eb) => ({
          state: eb.ref('excluded.state'),
          started_at: eb.ref('excluded.started_at'),
          due_at: eb.ref('excluded.due_at'),
          done_at: eb.ref('excluded.done_at'),
          missed_at: eb.ref('excluded.missed_at'),
          claimed_until: sql<number | null>`case when excluded.state = 'pending' and excluded.due_at = clocks.due_at then clocks.claimed_until else null end`,
        })),
      )
      .execute();
  }
}
