import { sql, type Kysely } from 'kysely';
import type { ClockName } from '../../domain/types.js';
import type { Database } from '../schema.js';

export interface DurationHistogram {
  /** Done clocks per bucket of `bucketMs` (from startedAt to doneAt); the last bucket holds everything longer. */
  buckets: number[];
  done: number;
  /** Done by the due time. */
  onTime: number;
  /** Not done and past the due time (overdue, or pending past due and not fired yet). */
  openPastDue: number;
}

/**
 * How long a clock's work took, for the health report: done clocks of one name grouped in
 * SQL by duration bucket (integer division on both stores), so 100k handoffs cost one
 * aggregate, not 100k rows.
 */
export async function clockDurationHistogram(db: Kysely<Database>, name: ClockName, opts: { bucketMs: number; buckets: number; now: number }): Promise<DurationHistogram> {
  const size = Math.max(1, Math.round(opts.bucketMs));
  const last = Math.max(1, Math.floor(opts.buckets)) - 1;
  const span = sql`(done_at - started_at)`;
  const { rows } = await sql<{ bucket: number | string; n: number | string; on_time: number | string | null }>`
    select case when ${span} < 0 then 0 when ${span} >= ${sql.lit(size * last)} then ${sql.lit(last)} else ${span} / ${sql.lit(size)} end as bucket,
           count(*) as n,
           sum(case when done_at <= due_at then 1 else 0 end) as on_time
    from clocks
    where name = ${name} and state = 'done' and done_at is not null
    group by bucket`.execute(db);
  const buckets = Array.from({ length: last + 1 }, () => 0);
  let done = 0;
  let onTime = 0;
  for (const row of rows) {
    const n = Number(row.n);
    buckets[Math.min(last, Math.max(0, Number(row.bucket)))]! += n;
    done += n;
    onTime += Number(row.on_time ?? 0);
  }
  const open = await db
    .selectFrom('clocks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('name', '=', name)
    .where((eb) => eb.or([eb('state', '=', 'overdue'), eb.and([eb('state', '=', 'pending'), eb('due_at', '<=', opts.now)])]))
    .executeTakeFirst();
  return { buckets, done, onTime, openPastDue: Number(open?.n ?? 0) };
}
