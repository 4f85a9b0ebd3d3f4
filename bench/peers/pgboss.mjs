// pg-boss 12 on the bench's PostgreSQL, in a schema of its own, at the fastest settings
// its documentation gives a worker (types.d.ts `JobPollingOptions`, docs/api/workers.md):
// `work()` with `batchSize` jobs a fetch and `burstWhenBatchFull: true` (while a fetch
// comes back full, fetch again at once instead of sleeping out the poll interval), the
// least `pollingIntervalSeconds` it accepts (0.5), `localConcurrency` workers in the
// process. Maintenance and cron (supervise, schedule) are off: they only add work.
// The handler writes the batch's outbox rows with one multi-row insert; pg-boss completes
// the batch when it returns.
//
// drain: n jobs an hour past due, timed from work() until pg-boss has recorded every job
// completed. lateness: n jobs due over a window (startAfter); handler start − due.
import { dueTimes, dealId, importPeer, log, outboxDdl, outboxInsert, readJob, result, tracker, until } from './common.mjs';

const job = readJob();
const { schema, settings } = job;
const QUEUE = 'deadline';
const { module: pgboss, version } = await importPeer(job.cacheDir, 'pg-boss');
const boss = new pgboss.PgBoss({ connectionString: job.url, schema, supervise: false, schedule: false, migrate: true, max: settings.poolMax });
boss.on('error', (e) => log(`pg-boss error: ${e.message}`));
await boss.start();
await boss.createQueue(QUEUE, { retryLimit: 0 });
const db = boss.getDb();
await db.executeSql(outboxDdl(schema), []);

const dues = dueTimes(job);
for (let i = 0; i < job.n; i += 5000) {
  const slice = dues.slice(i, i + 5000);
  await boss.insert(
    QUEUE,
    slice.map((dueAt, k) => ({ data: { i: i + k, dueAt }, startAfter: new Date(dueAt) })),
  );
}
// Fresh statistics, as autovacuum would give them and as Baton's seeded stores get.
await db.executeSql(`analyze "${schema}".job`, []);
const marginMs = dues[0] - Date.now();

const t = tracker(job.n);
const count = async () => Number((await db.executeSql(`select count(*)::int as n from "${schema}".job where name = $1 and state = 'completed'`, [QUEUE])).rows[0].n);
const options = {
  batchSize: settings.batchSize,
  burstWhenBatchFull: true,
  pollingIntervalSeconds: 0.5,
  localConcurrency: settings.localConcurrency,
};
const started = performance.now();
await boss.work(QUEUE, options, async (jobs) => {
  const at = Date.now();
  for (const j of jobs) t.start(j.data.i, at);
  const [text, values] = outboxInsert(
    schema,
    job.sample,
    jobs.map((j) => dealId(j.data.i + 1)),
    at,
  );
  await db.executeSql(text, values);
  t.done(
    jobs.map((j) => j.data.i),
    Date.now(),
  );
});
const horizon = (job.mode === 'drain' ? 0 : marginMs + job.windowMs) + job.timeoutMs;
let timedOut = false;
try {
  await until(() => t.handled >= job.n, horizon, 'every job handled', 5);
  await until(async () => (await count()) >= job.n, 30_000, 'every completion recorded');
} catch (error) {
  timedOut = true;
  log(`pg-boss: ${error.message} (${t.handled} of ${job.n} handled)`);
}
const ms = performance.now() - started;
await boss.offWork(QUEUE).catch(() => undefined);
await boss.stop({ graceful: true, wait: true, timeout: 5000 });
result({
  peer: 'pg-boss',
  version,
  settings: { ...options, supervise: false, schedule: false, max: settings.poolMax ?? 10 },
  n: job.n,
  handled: t.handled,
  timedOut,
  ms,
  marginMs,
  tenths: t.tenths(started),
  ...(job.mode === 'lateness' ? { lateness: t.lateness(dues) } : {}),
});
