import { sql, type Kysely, type RawBuilder } from 'kysely';
import { dialectOf } from '../dialect.js';
import type { Database } from '../schema.js';

/**
 * The SLA report's numbers (SPEC §15), grouped in SQL so that 100k handoffs cost a few
 * aggregates, not a row each: the clocks started in [start, end), grouped by clock name or
 * by any SQL expression over `name` (the owning role). Percentiles are nearest-rank, picked
 * with window functions (both stores have them), after taking off the time a clock was held
 * (the `clock.resumed` events' `heldMs`).
 */

export interface ClockCounts {
  group: string;
  started: number;
  done: number;
  doneOnTime: number;
  open: number;
  openPastDue: number;
  cancelled: number;
}

export interface ClockPercentiles {
  group: string;
  p50Ms: number | null;
  p90Ms: number | null;
}

export interface HeldTotals {
  clock: string;
  holds: number;
  heldMs: number;
}

export interface ReportRange {
  start: number;
  end: number;
  now: number;
}

const num = (v: unknown): number => Number(v ?? 0);

/** A field of an event's JSON `data`, as text, on either store. */
function jsonField(db: Kysely<Database>, column: string, field: string): RawBuilder<string> {
  return dialectOf(db) === 'postgres' ? sql<string>`(${sql.ref(column)}::jsonb ->> ${sql.lit(field)})` : sql<string>`json_extract(${sql.ref(column)}, ${sql.lit(`$.${field}`)})`;
}

export async function clockCounts(db: Kysely<Database>, group: RawBuilder<string>, range: ReportRange): Promise<ClockCounts[]> {
  const { rows } = await sql<Record<string, unknown>>`
    select ${group} as grp,
           count(*) as started,
           sum(case when state = 'done' then 1 else 0 end) as done,
           sum(case when state = 'done' and done_at <= due_at then 1 else 0 end) as done_on_time,
           sum(case when state in ('pending', 'overdue') then 1 else 0 end) as open,
           sum(case when state = 'overdue' or (state = 'pending' and due_at <= ${range.now}) then 1 else 0 end) as open_past_due,
           sum(case when state = 'cancelled' then 1 else 0 end) as cancelled
    from clocks
    where started_at >= ${range.start} and started_at < ${range.end}
    group by grp`.execute(db);
  return rows.map((r) => ({
    group: String(r.grp),
    started: num(r.started),
    done: num(r.done),
    doneOnTime: num(r.done_on_time),
    open: num(r.open),
    openPastDue: num(r.open_past_due),
    cancelled: num(r.cancelled),
  }));
}

/** p50 and p90 of the time from start to done, held time taken off, per group. */
export async function clockPercentiles(db: Kysely<Database>, group: RawBuilder<string>, range: ReportRange): Promise<ClockPercentiles[]> {
  const { rows } = await sql<{ grp: string; n: number | string; rn: number | string; ms: number | string }>`
    with held as (
      select deal_id, ${jsonField(db, 'data', 'clock')} as clock, sum(cast(${jsonField(db, 'data', 'heldMs')} as bigint)) as held_ms
      from events where type = 'clock.resumed'
      group by deal_id, clock
    ), took as (
      select ${group} as grp, clocks.done_at - clocks.started_at - coalesce(held.held_ms, 0) as ms
      from clocks left join held on held.deal_id = clocks.deal_id and held.clock = clocks.name
      where clocks.state = 'done' and clocks.done_at is not null and clocks.started_at >= ${range.start} and clocks.started_at < ${range.end}
    ), ranked as (
      select grp, ms, row_number() over (partition by grp order by ms) as rn, count(*) over (partition by grp) as n from took
    )
    select grp, n, rn, ms from ranked where rn = (n * 50 + 99) / 100 or rn = (n * 90 + 99) / 100`.execute(db);
  const out = new Map<string, ClockPercentiles>();
  for (const r of rows) {
    const n = num(r.n);
    const rn = num(r.rn);
    const row = out.get(r.grp) ?? { group: r.grp, p50Ms: null, p90Ms: null };
    if (rn === Math.floor((n * 50 + 99) / 100)) row.p50Ms = Math.max(0, num(r.ms));
    if (rn === Math.floor((n * 90 + 99) / 100)) row.p90Ms = Math.max(0, num(r.ms));
    out.set(r.grp, row);
  }
  return [...out.values()];
}

/** Holds placed (`clock.held`) and time held (`clock.resumed` heldMs) per clock, by the events' time in the range. */
export async function heldTotals(db: Kysely<Database>, range: ReportRange): Promise<HeldTotals[]> {
  const { rows } = await sql<{ clock: string; holds: number | string; held_ms: number | string | null }>`
    select ${jsonField(db, 'data', 'clock')} as clock,
           sum(case when type = 'clock.held' then 1 else 0 end) as holds,
           sum(case when type = 'clock.resumed' then cast(${jsonField(db, 'data', 'heldMs')} as bigint) else 0 end) as held_ms
    from events
    where type in ('clock.held', 'clock.resumed') and at >= ${range.start} and at < ${range.end}
    group by clock`.execute(db);
  return rows.map((r) => ({ clock: String(r.clock), holds: num(r.holds), heldMs: num(r.held_ms) }));
}
