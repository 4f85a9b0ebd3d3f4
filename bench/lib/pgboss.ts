import PgBoss from 'pg-boss';
import { setTimeout as delay } from 'node:timers/promises';
import { assertIdent } from './pg.js';
import type { RawSample } from './raw-floor.js';

/**
 * pg-boss 10.4.2 on the same PostgreSQL, in a schema of its own, set up at its fastest:
 * `batchSize` 100 and `pollingIntervalSeconds` 0.5 (the least it accepts). pg-boss 10 has
 * no `burstWhenBatchFull` (it came with 11, which needs Node 22): a 10.x worker sleeps out
 * the poll interval after every batch, full or not. `burstLoop` does by hand what that
 * option does in 11 (fetch again at once while batches come back full, else wait the poll
 * interval) with the same fetch and complete calls, so the comparison is also made against
 * pg-boss as fast as 11 would run it. Maintenance and cron (supervise, schedule) are off:
 * they only add work. The handler writes the batch's outbox rows, shaped and sized like
 * Baton's messages rows, with one multi-row insert.
 */

export const QUEUE = 'deadline';
export const BATCH_SIZE = 100;
export const POLLING_INTERVAL_SECONDS = 0.5;

export interface BossJobData {
  dealId: string;
  dueAt: number;
}

export interface Boss {
  boss: PgBoss;
  schema: string;
  /** Completion time (Date.now()) of each handled job, by deal id. */
  handledAt: Map<string, number>;
  /** performance.now() after each handled batch, with the number handled so far. */
  progress: { at: number; handled: number }[];
  handler: (jobs: PgBoss.Job<BossJobData>[]) => Promise<void>;
  stop(): Promise<void>;
}

export async function startBoss(url: string, schema: string, sample: RawSample, onError: (e: Error) => void): Promise<Boss> {
  assertIdent(schema);
  const boss = new PgBoss({ connectionString: url, schema, supervise: false, schedule: false, migrate: true });
  boss.on('error', onError);
  await boss.start();
  await boss.createQueue(QUEUE, { name: QUEUE, retryLimit: 0 });
  const db = boss.getDb();
  // The outbox, shaped like Baton's messages table, with the same indexes.
  await db.executeSql(
    `create table if not exists "${schema}".outbox (
       id bigint generated always as identity primary key,
       key text not null unique, deal_id text not null, kind text not null, channel text not null,
       recipient text not null, text text not null, payload text not null, state text not null,
       attempts integer not null, next_attempt_at bigint not null, last_error text,
       created_at bigint not null, delivered_at bigint, external_id text, in_flight_at bigint, claimed_until bigint);
     create index if not exists outbox_state_next_attempt_at_idx on "${schema}".outbox (state, next_attempt_at);
     create index if not exists outbox_deal_id_idx on "${schema}".outbox (deal_id, id);`,
    [],
  );
  const handledAt = new Map<string, number>();
  const progress: { at: number; handled: number }[] = [];
  const insert = `insert into "${schema}".outbox (key, deal_id, kind, channel, recipient, text, payload, state, attempts, next_attempt_at, created_at)
    select k, d, 'packet-overdue', 'slack', 'cro', t, p, 'queued', 0, $4, $4 from unnest($1::text[], $2::text[], $3::text[], $5::text[]) as u(k, d, t, p)
    on conflict (key) do nothing`;
  const handler = async (jobs: PgBoss.Job<BossJobData>[]) => {
    const now = Date.now();
    const ids = jobs.map((j) => j.data.dealId);
    await db.executeSql(insert, [
      ids.map((id) => `${id}/c1/packet-overdue`),
      ids,
      ids.map((id) => sample.text.split(sample.dealId).join(id)),
      now,
      ids.map((id) => JSON.stringify({ dealId: id })),
    ]);
    const done = Date.now();
    for (const id of ids) handledAt.set(id, done);
    progress.push({ at: performance.now(), handled: handledAt.size });
  };
  return {
    boss,
    schema,
    handledAt,
    progress,
    handler,
    async stop() {
      await boss.offWork(QUEUE).catch(() => undefined);
      await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    },
  };
}

/**
 * Jobs a second over the first and the last tenth of a drain that started at `started`
 * (performance.now()): whether the rate holds as the job table fills with finished jobs.
 */
export function tenths(b: Boss, started: number): { first: number; last: number } {
  const p = b.progress;
  const end = p[p.length - 1];
  if (!end) return { first: Number.NaN, last: Number.NaN };
  const tenth = Math.max(1, Math.floor(end.handled / 10));
  const a = p.find((x) => x.handled >= tenth) ?? end;
  const z = p.find((x) => x.handled >= end.handled - tenth) ?? end;
  return {
    first: (a.handled / (a.at - started)) * 1000,
    last: z === end ? Number.NaN : ((end.handled - z.handled) / (end.at - z.at)) * 1000,
  };
}

/** Inserts one job per deadline, due (startAfter) at the given times. */
export async function insertJobs(b: Boss, jobs: readonly BossJobData[]): Promise<void> {
  const chunk = 5000;
  for (let i = 0; i < jobs.length; i += chunk) {
    await b.boss.insert(jobs.slice(i, i + chunk).map((data) => ({ name: QUEUE, data, startAfter: new Date(data.dueAt) })));
  }
  // Fresh statistics, as autovacuum would give them and as Baton's seeded stores get.
  await b.boss.getDb().executeSql(`analyze "${b.schema}".job`, []);
}

export async function completedCount(b: Boss): Promise<number> {
  const { rows } = await b.boss.getDb().executeSql(`select count(*)::int as n from "${b.schema}".job where name = $1 and state = 'completed'`, [QUEUE]);
  return Number(rows[0]?.n ?? 0);
}

/** pg-boss's own worker loop (`work`), at the fastest settings 10.x accepts. */
export async function startWorker(b: Boss): Promise<void> {
  await b.boss.work<BossJobData>(QUEUE, { batchSize: BATCH_SIZE, pollingIntervalSeconds: POLLING_INTERVAL_SECONDS }, b.handler);
}

/**
 * What `burstWhenBatchFull: true` does in pg-boss 11, on 10.x's fetch and complete: while a
 * fetch returns a full batch, fetch again at once; otherwise wait the poll interval.
 * Runs until `until()` is true.
 */
export async function burstLoop(b: Boss, until: () => boolean): Promise<void> {
  while (!until()) {
    const jobs = await b.boss.fetch<BossJobData>(QUEUE, { batchSize: BATCH_SIZE });
    if (jobs.length > 0) {
      await b.handler(jobs);
      await b.boss.complete(QUEUE, jobs.map((j) => j.id));
    }
    if (jobs.length < BATCH_SIZE && !until()) await delay(POLLING_INTERVAL_SECONDS * 1000);
  }
}

/**
 * Waits until every one of `n` jobs is recorded completed (work() completes without
 * waiting); false when the time runs out first.
 */
export async function waitCompleted(b: Boss, n: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (b.handledAt.size < n) {
    if (Date.now() > deadline) return false;
    await delay(20);
  }
  while ((await completedCount(b)) < n) {
    if (Date.now() > deadline) return false;
    await delay(20);
  }
  return true;
}

/** completed_on − start_after of every completed job, in ms (the database's own timestamps). */
export async function completionLateness(b: Boss): Promise<number[]> {
  const { rows } = await b.boss
    .getDb()
    .executeSql(`select (extract(epoch from completed_on - start_after) * 1000)::float8 as late from "${b.schema}".job where name = $1 and completed_on is not null`, [QUEUE]);
  return rows.map((r: { late: number }) => Number(r.late));
}
