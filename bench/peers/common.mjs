// Shared by the peer runners (./pgboss.mjs, ./graphile.mjs). Plain JavaScript: they run
// under the Node 22 that bench/lib/peers.ts installs into bench/.cache/peers/, beside the
// peers themselves, as child processes of the bench (which runs on the project's Node 20).
//
// A runner gets one JSON argument (see `PeerJob` in bench/lib/peers.ts), does its work in
// its own PostgreSQL schema, logs to stderr, and prints one line `RESULT <json>` on stdout.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export function readJob() {
  const raw = process.argv[2];
  if (!raw) throw new Error('usage: node <runner>.mjs <json>');
  return JSON.parse(raw);
}

export function log(line) {
  process.stderr.write(`${line}\n`);
}

export function result(value) {
  process.stdout.write(`RESULT ${JSON.stringify(value)}\n`);
}

/** Imports a package installed in the peers' cache (not the project's node_modules). */
export async function importPeer(cacheDir, name) {
  const dir = join(cacheDir, 'node_modules', name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  let entry = pkg.exports?.['.'] ?? pkg.exports ?? pkg.module ?? pkg.main ?? 'index.js';
  while (entry && typeof entry === 'object') entry = entry.import ?? entry.node ?? entry.default ?? entry.require;
  return { module: await import(pathToFileURL(join(dir, entry)).href), version: pkg.version };
}

export const dealId = (i) => `b${String(i).padStart(7, '0')}`;

/**
 * The due times of a run: in the drain, every job an hour past due; in the lateness run,
 * n jobs due evenly over `windowMs`, the first `leadMs` from now.
 */
export function dueTimes(job) {
  const now = Date.now();
  if (job.mode === 'drain') return Array.from({ length: job.n }, () => now - 3_600_000);
  const start = now + job.leadMs;
  return Array.from({ length: job.n }, (_, i) => start + Math.floor((i * job.windowMs) / job.n));
}

/** The outbox, shaped like Baton's messages table, with the same indexes. */
export function outboxDdl(schema) {
  return `create table if not exists "${schema}".outbox (
       id bigint generated always as identity primary key,
       key text not null unique, deal_id text not null, kind text not null, channel text not null,
       recipient text not null, text text not null, payload text not null, state text not null,
       attempts integer not null, next_attempt_at bigint not null, last_error text,
       created_at bigint not null, delivered_at bigint, external_id text, in_flight_at bigint, claimed_until bigint);
     create index if not exists outbox_state_next_attempt_at_idx on "${schema}".outbox (state, next_attempt_at);
     create index if not exists outbox_deal_id_idx on "${schema}".outbox (deal_id, id)`;
}

/**
 * One multi-row insert of the outbox rows of a batch of deals (one row when the peer hands
 * one job): `[text, values]` for pg's query.
 */
export function outboxInsert(schema, sample, ids, now) {
  return [
    `insert into "${schema}".outbox (key, deal_id, kind, channel, recipient, text, payload, state, attempts, next_attempt_at, created_at)
     select k, d, 'packet-overdue', 'slack', 'cro', t, p, 'queued', 0, $4, $4 from unnest($1::text[], $2::text[], $3::text[], $5::text[]) as u(k, d, t, p)
     on conflict (key) do nothing`,
    [ids.map((id) => `${id}/c1/packet-overdue`), ids, ids.map((id) => sample.text.split(sample.dealId).join(id)), now, ids.map((id) => JSON.stringify({ dealId: id }))],
  ];
}

/**
 * Handled-job bookkeeping: when each job's handler started and when its outbox insert
 * returned (Date.now()), and the progress of the drain (performance.now(), handled so far).
 */
export function tracker(n) {
  const startedAt = new Float64Array(n).fill(Number.NaN);
  const doneAt = new Float64Array(n).fill(Number.NaN);
  const progress = [];
  let handled = 0;
  return {
    get handled() {
      return handled;
    },
    start(i, at) {
      if (Number.isNaN(startedAt[i])) startedAt[i] = at;
    },
    done(list, at) {
      for (const i of list) {
        if (Number.isNaN(doneAt[i])) {
          doneAt[i] = at;
          handled++;
        }
      }
      progress.push([performance.now(), handled]);
    },
    /** Lateness in ms of every job: handler start − due, and insert done − due. */
    lateness(dues) {
      return {
        start: Array.from(dues, (d, i) => startedAt[i] - d),
        done: Array.from(dues, (d, i) => doneAt[i] - d),
      };
    },
    /** Jobs a second over the first and the last tenth of a drain that began at `t0`. */
    tenths(t0) {
      const end = progress[progress.length - 1];
      if (!end) return { first: Number.NaN, last: Number.NaN };
      const tenth = Math.max(1, Math.floor(end[1] / 10));
      const a = progress.find((p) => p[1] >= tenth) ?? end;
      const z = progress.find((p) => p[1] >= end[1] - tenth) ?? end;
      return { first: (a[1] / (a[0] - t0)) * 1000, last: z === end ? Number.NaN : ((end[1] - z[1]) / (end[0] - z[0])) * 1000 };
    },
  };
}

/** Resolves once `check()` is true, polling every `everyMs`; rejects after `timeoutMs`. */
export async function until(check, timeoutMs, what, everyMs = 10) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
