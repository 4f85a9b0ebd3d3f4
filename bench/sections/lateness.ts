import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { sql } from 'kysely';
import { startServer } from '../../src/server/serve.js';
import type { BenchContext } from '../lib/context.js';
import { load1 } from '../lib/context.js';
import { dropSchema } from '../lib/pg.js';
import { profiled } from '../lib/profile.js';
import { cleanEnv } from '../lib/spawn.js';
import { observeCommits } from '../lib/tap.js';
import { PEER_NAMES, PEER_SETTINGS, runPeer, type Peer } from '../lib/peers.js';
import type { RawSample } from '../lib/raw-floor.js';
import { insertShifted } from '../lib/bulk.js';
import { PACKET_DUE_MS, dealId, prepareTemplate } from '../lib/seed.js';
import { openBenchStore, PACKET_WITHOUT_REMINDER, type StoreKind } from '../lib/stores.js';
import { fmt, summary } from '../lib/stats.js';

/**
 * Goal 3 and the peers' lateness: n packet clocks due evenly over a window of real time,
 * `startServer` (the HTTP app and the serve loop, now = Date.now) running against each
 * store; then the same deadlines as pg-boss 12 jobs (`startAfter`) under `work()` and as
 * graphile-worker 0.18 jobs (`runAt`) under `run()`, each in a child process under Node 22
 * with its drain settings (../lib/peers.ts).
 *
 * `baton-pg-3` is three `baton serve` processes (the built bin/baton, each its own Node) on
 * one PostgreSQL store, splitting the due clocks by claiming them; only the events tell
 * their lateness (the driver tap sees this process only).
 *
 * Baton's lateness is read from the clock.missed events (`at` − `dueAt`: the time the fire
 * acted at), and, stricter, as the moment the transaction holding that event committed
 * (seen on the driver) minus the due time. A peer's is the time its handler was called
 * minus the due time, and, stricter, the time the handler's outbox insert returned.
 */

export const LATENESS_SIDES = ['baton-sqlite', 'baton-pg', 'baton-pg-3', 'pgboss', 'graphile'] as const;
type Side = (typeof LATENESS_SIDES)[number];

const isPeer = (side: Side): side is Peer => side === 'pgboss' || side === 'graphile';

interface Schedule {
  n: number;
  windowMs: number;
  dues: number[];
}

function schedule(n: number, windowMs: number, leadMs: number): Schedule {
  const start = Date.now() + leadMs;
  return { n, windowMs, dues: Array.from({ length: n }, (_, i) => start + Math.floor((i * windowMs) / n)) };
}

interface Lateness {
  primary: number[];
  secondary: number[];
  /** How long before the first due time the seeding finished (must be > 0). */
  marginMs: number;
  /** Peers: jobs not handled by the deadline (counted as infinitely late). */
  unfinished?: number;
  /** Baton: the statements the server ran during the window, by kind. */
  statements?: Record<string, number>;
  load1: number;
}

/** Seeding must end before the first clock is due: a run that overran is done again with a longer lead. */
class Overran extends Error {}

async function baton(ctx: BenchContext, kind: StoreKind, n: number, windowMs: number, processes = 0): Promise<Lateness> {
  for (let lead = 1000 + n * 0.3 + (processes > 0 ? 3000 : 0); ; lead *= 3) {
    try {
      return await batonOnce(ctx, kind, n, windowMs, lead, processes);
    } catch (error) {
      if (!(error instanceof Overran) || lead > 60_000) throw error;
      ctx.log(`lateness ${kind}: ${error.message}; again with a longer lead`);
    }
  }
}

/** `processes` > 0: that many `baton serve` processes on the store instead of `startServer` here. */
async function batonOnce(ctx: BenchContext, kind: StoreKind, n: number, windowMs: number, leadMs: number, processes = 0): Promise<Lateness> {
  const store = await openBenchStore(ctx, kind, 'late', PACKET_WITHOUT_REMINDER);
  try {
    const s = schedule(n, windowMs, leadMs);
    const t0s = s.dues.map((d) => d - PACKET_DUE_MS);
    const tpl = await prepareTemplate(store, t0s.slice(0, 3));
    await insertShifted(store, tpl, t0s);
    // Commit times of the fires, read off the drivers (the loop logs at most once a second).
    const commits = observeCommits((v) => typeof v === 'string' && /^b\d{7}$/.test(v));
    const log = (line: string) => {
      if (/fail/i.test(line) && !/0 failed/.test(line)) ctx.log(`serve: ${line.trim()}`);
    };
    const server =
      processes > 0 ? await serveProcesses(ctx, store.dir, processes, log) : await startServer(store.engine, { port: 0, host: '127.0.0.1', now: () => Date.now(), log });
    const marginMs = (s.dues[0] as number) - Date.now();
    if (marginMs < 200) {
      await server.stop();
      commits.stop();
      throw new Overran(`seeding${processes > 0 ? ' and starting serve' : ''} ended ${200 - marginMs} ms too late for the first clock`);
    }
    const startLoad = load1();
    const deadline = (s.dues[n - 1] as number) + 60_000;
    const db = store.engine.store.db;
    const missed = async () => Number((await sql<{ n: number }>`select count(*) as n from events where type = 'clock.missed'`.execute(db)).rows[0]?.n ?? 0);
    try {
      await profiled(ctx, `lateness-${kind}`, async () => {
        for (;;) {
          if (commits.committedAt.size >= n) break;
          if (Date.now() > deadline) throw new Error(`lateness ${kind}: ${commits.committedAt.size} of ${n} fired by the deadline`);
          // Should the tap miss a commit, the store has the last word once the window is over.
          if (Date.now() > (s.dues[n - 1] as number) + 5000 && (await missed()) >= n) break;
          await delay(50);
        }
      });
    } finally {
      await server.stop();
      commits.stop();
    }
    const rows = (await sql<{ deal_id: string; at: number; late_ms: number }>`select deal_id, at, late_ms from events where type = 'clock.missed'`.execute(db)).rows;
    if (rows.length !== n) throw new Error(`lateness ${kind}: ${rows.length} clock.missed events, expected ${n}`);
    const primary = rows.map((r) => Number(r.late_ms));
    const secondary: number[] = [];
    for (const r of rows) {
      const committed = commits.committedAt.get(r.deal_id);
      if (committed !== undefined) secondary.push(committed - (Number(r.at) - Number(r.late_ms)));
    }
    if (secondary.length !== n && processes === 0) ctx.log(`lateness ${kind}: the driver tap saw the commit of ${secondary.length} of ${n} fires; no commit - due figure`);
    const statements = [...commits.byKind.entries()].sort((a, b) => b[1] - a[1]);
    const total = statements.reduce((a, [, v]) => a + v, 0);
    ctx.log(
      `lateness ${kind}: ${total} statements for ${n} fires: ${statements
        .slice(0, 8)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    const sample = (await sql<{ deal_id: string; text: string }>`select deal_id, text from messages where kind = 'packet-overdue' limit 1`.execute(db)).rows[0];
    if (sample) ctx.shared.set('sample', { text: sample.text, dealId: sample.deal_id });
    return { primary, secondary: secondary.length === n ? secondary : [], marginMs, load1: startLoad, statements: Object.fromEntries(statements) };
  } finally {
    await store.destroy();
  }
}

async function peer(ctx: BenchContext, side: Peer, n: number, windowMs: number): Promise<Lateness> {
  const schema = ctx.schemaName(`${side}_late`);
  const sample = (ctx.shared.get('sample') as RawSample | undefined) ?? { text: SAMPLE_TEXT, dealId: dealId(1) };
  const startLoad = load1();
  try {
    const r = await runPeer(ctx, side, {
      mode: 'lateness',
      url: ctx.args.pgUrl,
      schema,
      n,
      windowMs,
      // Setup (migrations, the outbox table) plus inserting n jobs, before the first is due.
      leadMs: 3000 + n * 0.3,
      timeoutMs: 60_000,
      sample,
      settings: { ...PEER_SETTINGS[side], ...(ctx.args.peerSettings[side] ?? {}) },
    });
    if (r.marginMs < 200) throw new Error(`${side} lateness: inserting ended ${-r.marginMs} ms after the first job was due`);
    const late = r.lateness;
    if (!late) throw new Error(`${side} lateness: the runner returned no lateness`);
    const value = (v: number | null) => (v === null || !Number.isFinite(v) ? Number.POSITIVE_INFINITY : v);
    const primary = late.start.map(value);
    const secondary = late.done.map(value);
    const unfinished = n - r.handled;
    if (unfinished > 0) ctx.log(`lateness ${side}: ${unfinished} of ${n} jobs not handled by the deadline`);
    return { primary, secondary, marginMs: r.marginMs, load1: startLoad, unfinished };
  } finally {
    if (!ctx.args.keep) await dropSchema(ctx.args.pgUrl, schema);
  }
}

const THREE_GOAL_MS = 25;

/**
 * `count` processes of `baton serve --port 0` (the built bin/baton) in the store's folder,
 * each started once it logged its listening line; `stop` sends SIGTERM and waits for each.
 */
async function serveProcesses(ctx: BenchContext, dir: string, count: number, log: (line: string) => void): Promise<{ stop(): Promise<void> }> {
  const bin = join(ctx.repo, 'bin', 'baton');
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
  };
  try {
    await Promise.all(
      Array.from({ length: count }, (_, i) => {
        const child = spawn(bin, ['serve', '--port', '0'], { cwd: dir, env: cleanEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
        children.push(child);
        return new Promise<void>((resolve, reject) => {
          let text = '';
          child.stderr?.setEncoding('utf8');
          child.stderr?.on('data', (chunk: string) => {
            text += chunk;
            let nl = text.indexOf('\n');
            while (nl >= 0) {
              const line = text.slice(0, nl);
              text = text.slice(nl + 1);
              if (/listening on/.test(line)) resolve();
              else log(`[serve ${i + 1}] ${line}`);
              nl = text.indexOf('\n');
            }
          });
          child.once('exit', (code) => reject(new Error(`baton serve ${i + 1} exited ${code} before listening: ${text}`)));
        });
      }),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop };
}

/** A stand-in for Baton's text of a missed packet clock, when no Baton side ran first (pg-boss's outbox rows). */
const SAMPLE_TEXT = `:alarm_clock: Handoff packet for Bench ${dealId(1)} Corp is overdue: it was due 2026-11-26 11:00 UTC and is 0 h late. File it now: baton packet file ${dealId(1)} packet.md`;

export async function latenessSection(ctx: BenchContext): Promise<void> {
  const n = ctx.quick ? 2_000 : 10_000;
  const windowMs = ctx.quick ? 10_000 : 60_000;
  const sides = LATENESS_SIDES.filter((s) => !ctx.args.sides || ctx.args.sides.has(s));
  const out = new Map<Side, Lateness>();
  for (const side of sides) {
    ctx.log(`lateness ${side}: ${n.toLocaleString('en-US')} ${isPeer(side) ? 'jobs' : 'clocks'} due over ${windowMs / 1000} s ...`);
    const r = isPeer(side) ? await peer(ctx, side, n, windowMs) : await baton(ctx, side === 'baton-sqlite' ? 'sqlite' : 'postgres', n, windowMs, side === 'baton-pg-3' ? 3 : 0);
    const p = summary(r.primary);
    ctx.log(`lateness ${side}: p50 ${fmt(p.p50)} ms, p99 ${fmt(p.p99)} ms, max ${fmt(p.max)} ms`);
    out.set(side, r);
  }
  const what = `${n.toLocaleString('en-US')} due over ${windowMs / 1000} s`;
  const label = (side: Side) =>
    side === 'pgboss'
      ? `${PEER_NAMES.pgboss} work() lateness, handler start - startAfter`
      : side === 'graphile'
        ? `${PEER_NAMES.graphile} run() lateness, handler start - runAt`
        : side === 'baton-pg-3'
          ? 'Baton lateness PostgreSQL, 3 serve processes, event at - dueAt'
          : `Baton lateness ${side === 'baton-sqlite' ? 'SQLite' : 'PostgreSQL'}, event at - dueAt`;
  for (const [side, r] of out) {
    const p = summary(r.primary);
    const q = r.secondary.length > 0 ? summary(r.secondary) : undefined;
    const cmd = ctx.command('lateness', `--sides ${side}`);
    for (const [stat, value] of [
      ['p50', p.p50],
      ['p99', p.p99],
      ['max', p.max],
    ] as const) {
      ctx.record({
        section: 'lateness',
        name: `${label(side)}, ${stat}`,
        value,
        unit: 'ms',
        detail:
          stat === 'p99'
            ? `${what}${r.unfinished ? `; ${r.unfinished} not handled by the deadline` : ''}${q ? `; ${isPeer(side) ? 'outbox insert done' : 'commit'} - due: p50 ${fmt(q.p50)}, p99 ${fmt(q.p99)}, max ${fmt(q.max)} ms` : ''}`
            : what,
        ...(stat === 'p99'
          ? {
              data: {
                primary: p,
                secondary: q ?? null,
                marginMs: r.marginMs,
                statements: r.statements ?? null,
                ...(isPeer(side) ? { settings: { ...PEER_SETTINGS[side], ...(ctx.args.peerSettings[side] ?? {}) } } : {}),
              },
            }
          : {}),
        load1: r.load1,
        command: cmd,
      });
    }
  }
  const three = out.get('baton-pg-3');
  if (three) {
    const p99 = summary(three.primary).p99;
    ctx.goal({
      section: 'lateness',
      goal: `lateness p99 < ${THREE_GOAL_MS} ms with 3 serve processes (PostgreSQL, ${what}, clock.missed at - dueAt)`,
      target: `< ${THREE_GOAL_MS} ms`,
      measured: `${fmt(p99)} ms`,
      met: p99 < THREE_GOAL_MS,
      command: ctx.command('lateness', '--sides baton-pg-3'),
    });
  }
  const batonSides = ([...out.keys()] as Side[]).filter((s) => !isPeer(s) && s !== 'baton-pg-3');
  if (batonSides.length > 0) {
    const name = (s: Side) => (s === 'baton-sqlite' ? 'SQLite' : 'PostgreSQL');
    const p99 = (s: Side, which: 'primary' | 'secondary') => summary((out.get(s) as Lateness)[which]).p99;
    ctx.goal({
      section: 'lateness',
      goal: 'lateness p99 < 50 ms (clock.missed at - dueAt, serve loop, real clock)',
      target: '< 50 ms',
      measured: batonSides.map((s) => `${name(s)} ${fmt(p99(s, 'primary'))} ms`).join('; '),
      met: batonSides.every((s) => p99(s, 'primary') < 50),
    });
    ctx.goal({
      section: 'lateness',
      goal: 'lateness p99 < 50 ms, stricter: commit of the fire - dueAt',
      target: '< 50 ms',
      measured: batonSides.map((s) => `${name(s)} ${fmt(p99(s, 'secondary'))} ms`).join('; '),
      met: batonSides.every((s) => (out.get(s) as Lateness).secondary.length > 0 && p99(s, 'secondary') < 50),
    });
  }
  const pgBaton = out.get('baton-pg');
  for (const side of ['pgboss', 'graphile'] as const) {
    const other = out.get(side);
    if (!other || !pgBaton) continue;
    ctx.record({
      section: 'lateness',
      name: `ratio lateness p99 Baton PostgreSQL / ${PEER_NAMES[side]}`,
      value: summary(pgBaton.primary).p99 / summary(other.primary).p99,
      unit: 'x',
      detail:
        side === 'pgboss'
          ? 'pg-boss polls for due jobs every 0.5 s (the least it accepts)'
          : `graphile-worker polls for future jobs every ${PEER_SETTINGS.graphile.pollInterval} ms`,
      load1: Math.max(other.load1, pgBaton.load1),
      command: ctx.command('lateness', `--sides baton-pg,${side}`),
    });
  }
}
