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
  const changed: Partial<Record<string, Clock>> = {};
  for (const [name, clock] of Object.entries(after)) {
    const was = before[name];
    // evolve keeps the objects it does not change: the same object is the same row.
    if (clock && clock !== was && !(was && sameClock(was, clock))) changed[name] = clock;
  }
  return clockRowsOf(dealId, changed);
}

function sameClock(a: Clock, b: Clock): boolean {
  return a.state === b.state && a.startedAt === b.startedAt && a.dueAt === b.dueAt && a.doneAt === b.doneAt && a.missedAt === b.missedAt;
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
