import { sql, type Insertable, type Kysely } from 'kysely';
import type { Clock } from '../../domain/types.js';
import { chunks, present } from '../rows.js';
import { reminderRowName } from '../../domain/clock-time.js';
import type { ClocksTable, Database } from '../schema.js';
import { bulkRows } from './bulkRows.js';

/**
 * The clock rows of one deal's state: each clock's own row (state `held` while held, which
 * no scheduler claims), and a row per reminder, due at the reminder's time: `armed` while
 * it is owed (the scheduler claims it like a clock), `reminded` once sent, `void` when the
 * clock no longer needs it (done, missed, cancelled or held).
 */
export function clockRowsOf(dealId: string, clocks: Partial<Record<string, Clock>>): Insertable<ClocksTable>[] {
  return Object.values(clocks).flatMap((clock) => {
    if (!clock) return [];
    const held = clock.heldAt !== undefined && (clock.state === 'pending' || clock.state === 'overdue');
    const own: Insertable<ClocksTable> = {
      deal_id: dealId,
      name: clock.name,
      state: held ? 'held' : clock.state,
      started_at: clock.startedAt,
      due_at: clock.dueAt,
      done_at: clock.doneAt ?? null,
      missed_at: clock.missedAt ?? null,
      data: clockData(clock, held),
    };
    const sent = clock.reminded ?? 0;
    const reminders = (clock.remindAt ?? []).map(
      (at, i): Insertable<ClocksTable> => ({
        deal_id: dealId,
        name: reminderRowName(clock.name, i),
        state: i < sent ? 'reminded' : clock.state === 'pending' && !held ? 'armed' : 'void',
        started_at: clock.startedAt,
        due_at: at,
        done_at: null,
        missed_at: null,
        data: null,
      }),
    );
    return [own, ...reminders];
  });
}

/** What a clock's row holds besides its times, as JSON; null when there is nothing. */
function clockData(clock: Clock, held: boolean): string | null {
  const data = present({
    remindAt: clock.remindAt,
    reminded: clock.reminded,
    soonAt: clock.soonAt,
    heldAt: clock.heldAt,
    heldMs: clock.heldMs,
    calendar: clock.calendar,
    // The row says `held`; the clock's own state comes back from here.
    state: held ? clock.state : undefined,
  });
  return Object.keys(data).length > 0 ? JSON.stringify(data) : null;
}

/**
 * The clock rows of `after` that differ from `before` (new clocks, and clocks whose state
 * or times changed): a command that fires or stops one clock writes that one row, not
 * every clock of the handoff. Dropped clocks are the caller's to delete.
 */
export function changedClockRows(dealId: string, before: Partial<Record<string, Clock>>, after: Partial<Record<string, Clock>>): Insertable<ClocksTable>[] {
  const changed: Partial<Record<string, Clock>> = {};
  for (const [name, clock] of Object.entries(after)) {
    const was = before[name];
    // evolve keeps the objects it does not change: the same object is the same row.
    if (clock && clock !== was && !(was && sameClock(was, clock))) changed[name] = clock;
  }
  // Of a changed clock's reminder rows, only those whose state or time moved.
  const previous = new Map(clockRowsOf(dealId, before).map((r) => [r.name, r]));
  return clockRowsOf(dealId, changed).filter((row) => {
    const was = previous.get(row.name);
    return !was || !row.name.includes('#') || was.state !== row.state || was.due_at !== row.due_at || was.started_at !== row.started_at;
  });
}

function sameClock(a: Clock, b: Clock): boolean {
  return (
    a.state === b.state &&
    a.startedAt === b.startedAt &&
    a.dueAt === b.dueAt &&
    a.doneAt === b.doneAt &&
    a.missedAt === b.missedAt &&
    clockData(a, a.heldAt !== undefined) === clockData(b, b.heldAt !== undefined)
  );
}

/**
 * Inserts or updates clock rows, several deals' at once (a batch in one statement, see
 * `bulkRows`). A scheduler's claim survives an update that leaves the clock pending and
 * due at the same time; it is cleared when the clock stops being pending (fired, done,
 * cancelled) or moves to another due time, so a fired clock never stays claimed and a
 * re-armed one is claimable at its new time.
 * (Internal to the store: `saveDeal` and `saveDeals` use it.)
 */
export async function upsertClocks(db: Kysely<Database>, rows: readonly Insertable<ClocksTable>[]): Promise<void> {
  for (const batch of chunks(rows, 1000)) {
    const v = bulkRows(
      db,
      'v',
      { deal_id: 'text', name: 'text', state: 'text', started_at: 'int8', due_at: 'int8', done_at: 'int8', missed_at: 'int8', data: 'text' },
      batch.map((r) => [r.deal_id, r.name, r.state, r.started_at, r.due_at, r.done_at ?? null, r.missed_at ?? null, r.data ?? null]),
    );
    // `where true`: SQLite's upsert after `insert ... select` needs a WHERE to parse.
    await sql`insert into clocks (deal_id, name, state, started_at, due_at, done_at, missed_at, data)
      select v.deal_id, v.name, v.state, v.started_at, v.due_at, v.done_at, v.missed_at, v.data from ${v} where true
      on conflict (deal_id, name) do update set
        state = excluded.state, started_at = excluded.started_at, due_at = excluded.due_at,
        done_at = excluded.done_at, missed_at = excluded.missed_at, data = excluded.data,
        claimed_until = case when excluded.state in ('pending', 'armed') and excluded.due_at = clocks.due_at then clocks.claimed_until else null end`.execute(db);
  }
}
