import { sql, type RawBuilder } from 'kysely';
import { fireDueClocks } from '../../src/engine/scheduler.js';
import { openStore } from '../../src/store/index.js';
import type { BenchContext } from '../lib/context.js';
import { load1 } from '../lib/context.js';
import { profiled } from '../lib/profile.js';
import { countStatements, perFire, timeShares, type StatementCounts } from '../lib/counter.js';
import { dropSchema } from '../lib/pg.js';
import { BATCH_SIZE, POLLING_INTERVAL_SECONDS, burstLoop, insertJobs, startBoss, startWorker, tenths, waitCompleted } from '../lib/pgboss.js';
import { rawPg, rawSqlite, type RawSample } from '../lib/raw-floor.js';
import { copyHandoffs } from '../lib/bulk.js';
import { BASE_T0, PACKET_DUE_MS, dealId, prepareTemplate } from '../lib/seed.js';
import { openBenchStore, type BenchStore, type StoreKind } from '../lib/stores.js';
import { fmt, median } from '../lib/stats.js';

/**
 * Goals 1, 2 (drain) and 5: N due packet clocks drained by Baton on SQLite and on
 * PostgreSQL, by the raw floor on each, and N past-due pg-boss jobs drained by pg-boss;
 * every side on a fresh store seeded the same way, the sides alternating round by round.
 */

export const DRAIN_SIDES = ['baton-sqlite', 'raw-sqlite', 'baton-pg', 'raw-pg', 'pgboss-work', 'pgboss-burst'] as const;
type Side = (typeof DRAIN_SIDES)[number];

/** Fire time: two hours and a minute after T0, so every packet clock (and nothing else) is due. */
const FIRE_AT = BASE_T0 + PACKET_DUE_MS + 60_000;

const kindOf = (side: Side): StoreKind => (side.endsWith('sqlite') ? 'sqlite' : 'postgres');

interface Calibration {
  kind: StoreKind;
  fires: number;
  /** Fires in Baton's largest firing transaction: the raw floor commits this many at a time. */
  txSize: number;
  /** Baton's firing transactions and all its transactions (claims included) during calibration. */
  fireTransactions: number;
  transactions: number;
  /** Where the time in statements went, by kind (calibration run). */
  statementTime?: string;
  baton: ReturnType<typeof perFire>;
  raw?: ReturnType<typeof perFire>;
  sample: RawSample;
}

async function seeded(ctx: BenchContext, kind: StoreKind, n: number, label: string): Promise<BenchStore> {
  const store = await openBenchStore(ctx, kind, label);
  const tpl = await prepareTemplate(store, [BASE_T0]);
  await copyHandoffs(store, tpl, 4, n);
  return store;
}

async function counts(store: BenchStore): Promise<{ messages: number; missed: number; pendingDue: number }> {
  const db = store.engine.store.db;
  const one = async (q: RawBuilder<{ n: number | string }>) => Number((await q.execute(db)).rows[0]?.n ?? Number.NaN);
  return {
    messages: await one(sql<{ n: number | string }>`select count(*) as n from messages where kind = 'packet-overdue'`),
    missed: await one(sql<{ n: number | string }>`select count(*) as n from events where type = 'clock.missed'`),
    pendingDue: await one(sql<{ n: number | string }>`select count(*) as n from clocks where state = 'pending' and due_at <= ${FIRE_AT}`),
  };
}

async function fireAll(store: BenchStore): Promise<number> {
  let fired = 0;
  for (;;) {
    const report = await fireDueClocks(store.engine, FIRE_AT);
    fired += report.fired;
    if (report.fired === 0) return fired;
  }
}

function check(what: string, got: { messages: number; missed: number; pendingDue: number }, n: number): void {
  if (got.messages !== n || got.missed !== n || got.pendingDue !== 0) {
    throw new Error(`${what}: expected ${n} messages and missed events and no due clock left, got ${JSON.stringify(got)}`);
  }
}

async function runRaw(ctx: BenchContext, store: BenchStore, cal: Calibration): Promise<{ fired: number; ms: number }> {
  // The raw loop has the store to itself.
  await store.close();
  if (store.kind === 'sqlite') return rawSqlite(store.location, FIRE_AT, cal.txSize, cal.sample);
  return rawPg(ctx.args.pgUrl, store.pgSchema as string, FIRE_AT, cal.txSize, cal.sample);
}

/** Counts on a store whose engine is closed (after a raw run), through a plain store. */
async function rawCounts(ctx: BenchContext, store: BenchStore): Promise<{ messages: number; missed: number; pendingDue: number }> {
  const s = await openStore(store.kind === 'sqlite' ? store.location : ctx.args.pgUrl, store.pgSchema ? { pgSchema: store.pgSchema } : {});
  try {
    return await counts({ ...store, engine: { ...store.engine, store: s } });
  } finally {
    await s.close();
  }
}

function rowsPerFire(c: StatementCounts, fires: number): string {
  const f = perFire(c, fires);
  return Object.entries(f.rows)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

async function calibrate(ctx: BenchContext, kind: StoreKind): Promise<Calibration> {
  const fires = 1000;
  const store = await seeded(ctx, kind, fires, 'cal');
  let cal: Calibration;
  try {
    const { result, counts: c } = await countStatements(() => fireAll(store));
    if (result !== fires) throw new Error(`calibration fired ${result} of ${fires}`);
    const db = store.engine.store.db;
    const row = (await sql<{ deal_id: string; text: string }>`select deal_id, text from messages order by id limit 1`.execute(db)).rows[0];
    if (!row) throw new Error('calibration: no message was queued');
    const txSize = Math.max(1, c.largestFireTransaction);
    cal = { kind, fires, txSize, fireTransactions: c.fireTransactions, transactions: c.commits, baton: perFire(c, fires), sample: { text: row.text, dealId: row.deal_id } };
    ctx.shared.set('sample', cal.sample);
    ctx.log(
      `calibration ${kind}: ${fires} fires in ${c.fireTransactions} firing transactions (largest ${txSize} fires; ${c.commits} transactions in all), ` +
        `${cal.baton.statements} statements per fire; rows per fire: ${rowsPerFire(c, fires)}; time in statements: ${timeShares(c)}`,
    );
    cal.statementTime = timeShares(c);
  } finally {
    await store.destroy();
  }
  const rawStore = await seeded(ctx, kind, fires, 'calraw');
  try {
    const { result, counts: c } = await countStatements(() => runRaw(ctx, rawStore, cal));
    if (result.fired !== fires) throw new Error(`raw calibration fired ${result.fired} of ${fires}`);
    cal.raw = perFire(c, fires);
    // better-sqlite3's transaction() begins and commits without prepare(): count them here.
    cal.raw.transactions = Math.round((Math.ceil(fires / cal.txSize) / fires) * 100) / 100;
    ctx.log(`calibration raw ${kind}: ${cal.raw.statements} statements per fire, ${cal.txSize} fires per transaction; rows per fire: ${rowsPerFire(c, fires)}`);
  } finally {
    await rawStore.destroy();
  }
  return cal;
}

interface SideRun {
  rate: number;
  ms: number;
  n: number;
  load1: number;
  /** pg-boss: the rate over the first and the last tenth of the drain. */
  tenths?: { first: number; last: number };
}

async function runSide(ctx: BenchContext, side: Side, n: number, cal: Partial<Record<StoreKind, Calibration>>): Promise<SideRun> {
  const startLoad = load1();
  if (side === 'pgboss-work' || side === 'pgboss-burst') {
    const sample = (cal.postgres ?? cal.sqlite)?.sample;
    if (!sample) throw new Error('pg-boss needs a calibration sample');
    const schema = ctx.schemaName('pgboss');
    const b = await startBoss(ctx.args.pgUrl, schema, sample, (e) => ctx.log(`pg-boss error: ${e.message}`));
    try {
      const past = Date.now() - 3_600_000;
      await insertJobs(
        b,
        Array.from({ length: n }, (_, i) => ({ dealId: dealId(i + 1), dueAt: past })),
      );
      const started = performance.now();
      if (side === 'pgboss-work') {
        await startWorker(b);
        if (!(await waitCompleted(b, n, 60_000 + n * 20))) throw new Error(`pg-boss work(): ${b.handledAt.size} of ${n} jobs handled in time`);
      } else {
        await burstLoop(b, () => b.handledAt.size >= n);
        if (!(await waitCompleted(b, n, 60_000))) throw new Error('pg-boss: not every completion was recorded in time');
      }
      const ms = performance.now() - started;
      const t = tenths(b, started);
      // The burst loop's rate over the drain shows pg-boss's fetch getting cheaper as the backlog shrinks.
      return { rate: (n / ms) * 1000, ms, n, load1: startLoad, ...(side === 'pgboss-burst' && Number.isFinite(t.first) && Number.isFinite(t.last) ? { tenths: t } : {}) };
    } finally {
      await b.stop();
      if (!ctx.args.keep) await dropSchema(ctx.args.pgUrl, schema);
    }
  }
  const kind = kindOf(side);
  const store = await seeded(ctx, kind, n, side.replace('-', '_'));
  try {
    const runLoad = load1();
    if (side.startsWith('baton')) {
      const started = performance.now();
      const fired = await profiled(ctx, `drain-${side}`, () => fireAll(store));
      const ms = performance.now() - started;
      if (fired !== n) throw new Error(`${side}: fired ${fired} of ${n}`);
      check(side, await counts(store), n);
      return { rate: (n / ms) * 1000, ms, n, load1: runLoad };
    }
    const c = cal[kind];
    if (!c) throw new Error(`raw floor needs the ${kind} calibration`);
    const { fired, ms } = await runRaw(ctx, store, c);
    if (fired !== n) throw new Error(`${side}: fired ${fired} of ${n}`);
    check(side, await rawCounts(ctx, store), n);
    return { rate: (n / ms) * 1000, ms, n, load1: runLoad };
  } finally {
    await store.destroy();
  }
}

export async function drainSection(ctx: BenchContext): Promise<void> {
  const n = ctx.quick ? 10_000 : 100_000;
  // pg-boss 10's worker drains at most one batch per poll interval: 10k jobs take 50 s,
  // longer than all of --quick; there it drains a 500-job sample (its rate is the same).
  const nWork = ctx.quick ? 500 : n;
  const sides = DRAIN_SIDES.filter((s) => !ctx.args.sides || ctx.args.sides.has(s));
  if (sides.length === 0) return;
  const cal: Partial<Record<StoreKind, Calibration>> = {};
  for (const kind of ['sqlite', 'postgres'] as const) {
    if (sides.some((s) => kindOf(s) === kind && !s.startsWith('pgboss')) || (kind === 'postgres' && sides.some((s) => s.startsWith('pgboss')))) {
      cal[kind] = await calibrate(ctx, kind);
    }
  }

  const runs = new Map<Side, SideRun[]>();
  for (let round = 0; round < ctx.args.rounds; round++) {
    const order = round % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) {
      // pg-boss 10's own worker is poll-bound (one batch per interval): one round is enough.
      if (side === 'pgboss-work' && round > 0) continue;
      const size = side === 'pgboss-work' ? nWork : n;
      ctx.log(`drain round ${round + 1}/${ctx.args.rounds}: ${side}, ${size.toLocaleString('en-US')} due ...`);
      const run = await runSide(ctx, side, size, cal);
      ctx.log(`drain ${side}: ${fmt(run.rate)} ${side.startsWith('pgboss') ? 'jobs' : 'fires'}/s (${(run.ms / 1000).toFixed(1)} s)${run.tenths ? `; first tenth ${fmt(run.tenths.first)}/s, last tenth ${fmt(run.tenths.last)}/s` : ''}`);
      runs.set(side, [...(runs.get(side) ?? []), run]);
    }
  }

  const rate = (side: Side) => median((runs.get(side) ?? []).map((r) => r.rate));
  const describe: Record<Side, string> = {
    'baton-sqlite': 'Baton fire rate, SQLite (fireDueClocks)',
    'baton-pg': 'Baton fire rate, PostgreSQL (fireDueClocks)',
    'raw-sqlite': 'raw floor, better-sqlite3',
    'raw-pg': 'raw floor, pg',
    'pgboss-work': `pg-boss 10.4.2 work() drain (batchSize ${BATCH_SIZE}, poll ${POLLING_INTERVAL_SECONDS} s; no burstWhenBatchFull in 10.x)`,
    'pgboss-burst': `pg-boss 10.4.2 drain, burstWhenBatchFull emulated (fetch/complete, batch ${BATCH_SIZE})`,
  };
  for (const side of sides) {
    const list = runs.get(side) ?? [];
    if (list.length === 0) continue;
    const cmd = ctx.command('drain', `--sides ${side}`);
    ctx.record({
      section: 'drain',
      name: describe[side],
      value: rate(side),
      unit: side.startsWith('pgboss') ? 'jobs/s' : 'fires/s',
      detail: `n=${list[0]?.n.toLocaleString('en-US')}; runs ${list.map((r) => `${fmt(r.rate)} (${(r.ms / 1000).toFixed(1)} s, load ${r.load1}${r.tenths ? `; first/last tenth ${fmt(r.tenths.first)}/${fmt(r.tenths.last)} per s` : ''})`).join(', ')}`,
      data: { runs: list, ...(side.startsWith('pgboss') ? {} : { calibration: cal[kindOf(side)] }) },
      load1: list[0]?.load1 ?? load1(),
      command: cmd,
    });
  }

  const ratio = (a: Side, b: Side) => rate(a) / rate(b);
  /** A ratio's load: the highest load either side was measured at. */
  const loadOf = (...list: Side[]) => Math.max(...list.flatMap((s) => (runs.get(s) ?? []).map((r) => r.load1)));
  const has = (s: Side) => (runs.get(s) ?? []).length > 0;
  const cmdBoth = (a: Side, b: Side) => ctx.command('drain', `--sides ${a},${b}`);
  if (has('baton-pg') && (has('pgboss-work') || has('pgboss-burst'))) {
    const peers = (['pgboss-work', 'pgboss-burst'] as const).filter(has);
    for (const p of peers) {
      ctx.record({ section: 'drain', name: `ratio Baton PostgreSQL / ${p}`, value: ratio('baton-pg', p), unit: 'x', load1: loadOf('baton-pg', p), command: cmdBoth('baton-pg', p) });
    }
    const fastest = peers.reduce((a, b) => (rate(a) >= rate(b) ? a : b));
    const r = ratio('baton-pg', fastest);
    ctx.goal({
      section: 'drain',
      goal: 'fire rate >= 2x pg-boss at its fastest (PostgreSQL)',
      target: '>= 2.0x',
      measured: `${fmt(r)}x (Baton ${fmt(rate('baton-pg'))}/s vs ${fastest} ${fmt(rate(fastest))}/s${peers.length > 1 ? `; vs ${peers.filter((p) => p !== fastest).map((p) => `${p} ${fmt(ratio('baton-pg', p))}x`).join('')}` : ''})`,
      met: r >= 2,
      note: 'pg-boss 10.4.2 has no burstWhenBatchFull; "its fastest" is the faster of its own worker at batchSize 100 / poll 0.5 s and the burst emulation',
      command: cmdBoth('baton-pg', fastest),
    });
  }
  const floors: string[] = [];
  let floorMet: boolean | null = null;
  for (const [b, r] of [['baton-sqlite', 'raw-sqlite'], ['baton-pg', 'raw-pg']] as const) {
    if (!has(b) || !has(r)) continue;
    const value = ratio(b, r);
    ctx.record({ section: 'drain', name: `ratio Baton / raw floor, ${kindOf(b)}`, value, unit: 'x', load1: loadOf(b, r), detail: `raw floor commits ${cal[kindOf(b)]?.txSize} fire(s) per transaction, as Baton's firing transactions do`, command: cmdBoth(b, r) });
    floors.push(`${kindOf(b)} ${fmt(value * 100)} %`);
    floorMet = (floorMet ?? true) && value >= 0.3;
  }
  if (floors.length > 0) {
    ctx.goal({ section: 'drain', goal: 'fire rate >= 30 % of the raw floor', target: '>= 30 %', measured: floors.join(', '), met: floorMet });
  }
}
