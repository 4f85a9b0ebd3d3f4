// graphile-worker 0.18 on the bench's PostgreSQL, in a schema of its own, at the settings
// its performance page gives for its fastest run (website/docs/performance.md, "With
// batching"): `concurrency` 24 jobs at once, a pool of 25, `localQueue.size` 500 (the
// pool fetches and locks 500 jobs a round trip and hands them out locally), and completions
// batched with `completeJobBatchDelay: 0` / `failJobBatchDelay: 0`. Jobs are added in bulk
// with `addJobs` (no job key). graphile-worker hands a task one job: the task writes that
// job's outbox row with one insert (a prepared statement on the worker's pool).
//
// drain: n jobs an hour past due, timed from run() until the job table is empty (a job is
// deleted when it completes). lateness: n jobs due over a window (runAt); graphile-worker
// picks future jobs up by polling, every `pollInterval` ms; handler start − due.
import { dueTimes, dealId, importPeer, log, outboxDdl, outboxInsert, readJob, result, tracker, until } from './common.mjs';

const job = readJob();
const { schema, settings } = job;
const { module: gw, version } = await importPeer(job.cacheDir, 'graphile-worker');
const logger = new gw.Logger(() => (level, message) => {
  if (level === 'error' || level === 'warning') log(`graphile-worker ${level}: ${message}`);
});
const common = { connectionString: job.url, schema, logger };

const utils = await gw.makeWorkerUtils(common);
await utils.migrate();
await utils.withPgClient((c) => c.query(outboxDdl(schema)));
const dues = dueTimes(job);
for (let i = 0; i < job.n; i += 5000) {
  const slice = dues.slice(i, i + 5000);
  await utils.addJobs(slice.map((dueAt, k) => ({ identifier: 'fire', payload: { i: i + k, dueAt }, runAt: new Date(dueAt), maxAttempts: 1 })));
}
await utils.withPgClient((c) => c.query(`analyze "${schema}"._private_jobs`));
const remaining = async () => Number((await utils.withPgClient((c) => c.query(`select count(*)::int as n from "${schema}"._private_jobs`))).rows[0].n);
const marginMs = dues[0] - Date.now();

const t = tracker(job.n);
const options = {
  concurrency: settings.concurrency,
  maxPoolSize: settings.maxPoolSize,
  pollInterval: settings.pollInterval,
  preset: { worker: { localQueue: { size: settings.localQueueSize }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
};
const started = performance.now();
const runner = await gw.run({
  ...common,
  ...options,
  noHandleSignals: true,
  crontab: '',
  taskList: {
    fire: async (payload, helpers) => {
      const at = Date.now();
      t.start(payload.i, at);
      const [text, values] = outboxInsert(schema, job.sample, [dealId(payload.i + 1)], at);
      await helpers.withPgClient((c) => c.query({ name: 'bench_outbox', text, values }));
      t.done([payload.i], Date.now());
    },
  },
});
const horizon = (job.mode === 'drain' ? 0 : marginMs + job.windowMs) + job.timeoutMs;
let timedOut = false;
try {
  await until(() => t.handled >= job.n, horizon, 'every job handled', 5);
  await until(async () => (await remaining()) === 0, 30_000, 'every completion recorded');
} catch (error) {
  timedOut = true;
  log(`graphile-worker: ${error.message} (${t.handled} of ${job.n} handled)`);
}
const ms = performance.now() - started;
await runner.stop();
await utils.release();
result({
  peer: 'graphile-worker',
  version,
  settings: { ...options, completeJobBatchDelay: 0, failJobBatchDelay: 0 },
  n: job.n,
  handled: t.handled,
  timedOut,
  ms,
  marginMs,
  tenths: t.tenths(started),
  ...(job.mode === 'lateness' ? { lateness: t.lateness(dues) } : {}),
});
