import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface WeekOnTime {
  /** Monday 00:00 UTC of the week, epoch ms. */
  weekStart: number;
  /** Clocks decided that week: done on time (at doneAt), or late (at their due time). */
  total: number;
  onTime: number;
}

const WEEK = 7 * 86_400_000;
/** 1970-01-05, the first Monday after the epoch. */
const MONDAY = 4 * 86_400_000;

/**
 * The on-time rate per week (Monday to Sunday, UTC) for the health report, grouped in SQL.
 * A clock counts in the week it was decided: done on time at its doneAt, otherwise at its
 * due time, whether it was done late or is still open. Cancelled clocks and the
 * ceo-escalation timer (a second look at the acknowledgement) do not count.
 */
export async function weeklyOnTimeRate(db: Kysely<Database>, opts: { now: number; weeks: number }): Promise<WeekOnTime[]> {
  const firstWeek = Math.floor((opts.now - MONDAY) / WEEK) - (opts.weeks - 1);
  const since = MONDAY + firstWeek * WEEK;
  const { rows } = await sql<{ week: number | string; total: number | string; on_time: number | string | null }>`
    select (decided - ${sql.lit(MONDAY)}) / ${sql.lit(WEEK)} as week, count(*) as total, sum(on_time) as on_time
    from (
      select case when done_at is not null and done_at <= due_at then done_at else due_at end as decided,
             case when done_at is not null and done_at <= due_at then 1 else 0 end as on_time
      from clocks
      where state in ('pending', 'overdue', 'done', 'held') and name <> 'ceo-escalation'
    ) decided_clocks
    where decided <= ${opts.now} and decided >= ${since}
    group by week
    order by week`.execute(db);
  const byWeek = new Map(rows.map((r) => [Number(r.week), r]));
  return Array.from({ length: opts.weeks }, (_, i) => {
    const week = firstWeek + i;
    const row = byWeek.get(week);
    return { weekStart: MONDAY + week * WEEK, total: Number(row?.total ?? 0), onTime: Number(row?.on_time ?? 0) };
  });
}
