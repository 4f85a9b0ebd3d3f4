import { sql, type RawBuilder } from 'kysely';
import { fireDueClocks } from '../../src/engine/scheduler.js';
import { openStore } from '../../src/store/index.js';
import type { BenchContext } from '../lib/context.js';
import { load1 } from '../lib/context.js';
import { profiled } from '../lib/profile.js';
import { countStatements, perFire, timeShares, type StatementCounts } from '../lib/counter.js';
import { dropSchema } from '../lib/pg.js';
import { PEER_NAMES, PEER_SETTINGS, runPeer, type Peer } from '../lib/peers.js';
import { rawPg, rawSqlite, type RawSample } from '../lib/raw-floor.js';
import { copyHandoffs } from '../lib/bulk.js';
import { BASE_T0, PACKET_DUE_MS, dealId, prepareTemplate } from '../lib/seed.js';
import { openBenchStore, PACKET_WITHOUT_REMINDER, type BenchStore, type StoreKind } from '../lib/stores.js';
import { fmt, median } from '../lib/stats.js';

/**
 * Goals 1, 2 (drain) and 5: N due packet clocks drained by Baton on SQLite and on
 * PostgreSQL, by the raw floor on each, and N past-due jobs drained by pg-boss 12 and by
 * graphile-worker 0.18 (child processes under Node 22, see ../lib/peers.ts); every side on
 * a fresh store or schema seeded the same way, the sides alternating round by round.
 */

export const DRAIN_SIDES = ['baton-sqlite', 'raw-sqlite', 'baton-pg', 'raw-pg', 'pgboss', 'graphile'] as const;
type Side = (typeof DRAIN_SIDES)[number];

const isPeer = (side: Side): side is Peer => side === 'pgboss' || side === 'graphile';

/** Fire time: two hours and a minute after T0, so every packet clock (and nothing else) is due. */
const FIRE_AT = BASE_T0 + PACKET_DUE_MS + 60_000;

const kindOf = (side: Side): StoreKind => (side.endsWith('sqlite') ? 'sqlite' : 'postgres');

/** The lease Baton's claims take (policy v1.0); the raw floor's claims take the same. */
const LEASE_MS = 30_000;

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
  const store = await openBenchStore(ctx, kind, label, PACKET_WITHOUT_REMINDER);
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
  if (store.kind === 'sqlite') return rawSqlite(store.location, FIRE_AT, cal.txSize, cal.sample, LEASE_MS);
  return rawPg(ctx.args.pgUrl, store.pgSchema as string, FIRE_AT, cal.txSize, cal.sample, LEASE_MS);
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

/** Rows written per fire by table (`update clocks` and `insert clocks` are both clocks). */
function rowsByTable(rows: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [kind, v] of Object.entries(rows)) {
    const table = kind.split(' ')[1] ?? kind;
    out[table] = Math.round(((out[table] ?? 0) + v) * 100) / 100;
  }
  return out;
}

const total = (rows: Record<string, number>) => Math.round(Object.values(rows).reduce((a, b) => a + b, 0) * 100) / 100;

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
    const baton = JSON.stringify(rowsByTable(cal.baton.rows));
    const raw = JSON.stringify(rowsByTable(cal.raw.rows));
    // The floor is only a floor if it writes what Baton writes.
    if (baton !== raw) throw new Error(`the raw floor on ${kind} writes ${raw} rows per fire by table, Baton ${baton}: make them the same (bench/lib/raw-floor.ts)`);
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
  /** Baton: CPU time of the bench process (user + system) per fire, in microseconds. */
  cpuUsPerFire?: number;
  /** Peers: the rate over the first and the last tenth of the drain. */
  tenths?: { first: number; last: number };
  /** Peers: the settings the runner used. */
  settings?: Record<string, unknown>;
}

async function runSide(ctx: BenchContext, side: Side, n: number, cal: Partial<Record<StoreKind, Calibration>>): Promise<SideRun> {
  const startLoad = load1();
  if (isPeer(side)) {
    const sample = (cal.postgres ?? cal.sqlite)?.sample;
    if (!sample) throw new Error(`${side} needs a calibration sample`);
    const schema = ctx.schemaName(side);
    try {
      const r = await runPeer(ctx, side, { mode: 'drain', url: ctx.args.pgUrl, schema, n, windowMs: 0, leadMs: 0, timeoutMs: 120_000 + n * 5, sample, ...settingsFor(ctx, side) });
      if (r.timedOut || r.handled !== n) throw new Error(`${side}: ${r.handled} of ${n} jobs handled in time`);
      const t = r.tenths;
      return { rate: (n / r.ms) * 1000, ms: r.ms, n, load1: startLoad, settings: r.settings, ...(Number.isFinite(t.first) && Number.isFinite(t.last) ? { tenths: t } : {}) };
    } finally {
      if (!ctx.args.keep) await dropSchema(ctx.args.pgUrl, schema);
    }
  }
  const kind = kindOf(side);
  const store = await seeded(ctx, kind, n, side.replace('-', '_'));
  try {
    const runLoad = load1();
    if (side.startsWith('baton')) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const fired = await profiled(ctx, `drain-${side}`, () => fireAll(store));
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpu);
      if (fired !== n) throw new Error(`${side}: fired ${fired} of ${n}`);
      check(side, await counts(store), n);
      return { rate: (n / ms) * 1000, ms, n, load1: runLoad, cpuUsPerFire: Math.round(((used.user + used.system) / n) * 10) / 10 };
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

/** A peer's settings: its defaults (../lib/peers.ts) with `--peer-settings` over them. */
function settingsFor(ctx: BenchContext, peer: Peer): { settings: Record<string, number> } {
  return { settings: { ...PEER_SETTINGS[peer], ...(ctx.args.peerSettings[peer] ?? {}) } };
}

export async function drainSection(ctx: BenchContext): Promise<void> {
  const n = ctx.quick ? 10_000 : 100_000;
  const sides = DRAIN_SIDES.filter((s) => !ctx.args.sides || ctx.args.sides.has(s));
  if (sides.length === 0) return;
  const cal: Partial<Record<StoreKind, Calibration>> = {};
  for (const kind of ['sqlite', 'postgres'] as const) {
    if (sides.some((s) => !isPeer(s) && kindOf(s) === kind) || (kind === 'postgres' && sides.some(isPeer))) {
      cal[kind] = await calibrate(ctx, kind);
    }
  }
  for (const kind of ['sqlite', 'postgres'] as const) {
    const c = cal[kind];
    if (!c) continue;
    const byTable = rowsByTable(c.baton.rows);
    ctx.record({
      section: 'drain',
      name: 'rows per fire',
      value: total(byTable),
      unit: 'rows',
      detail: `${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: ${Object.entries(c.baton.rows)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')} (claim, fired clock, deal, event, message)`,
      data: { store: kind, byTable, byStatement: c.baton.rows, rawFloor: c.raw ? rowsByTable(c.raw.rows) : null, fires: c.fires },
      command: ctx.command('drain', `--sides baton-${kind === 'sqlite' ? 'sqlite' : 'pg'}`),
    });
  }
  if (Object.keys(cal).length > 0) {
    const measured = (['sqlite', 'postgres'] as const).filter((k) => cal[k]).map((k) => `${k} ${total(rowsByTable((cal[k] as Calibration).baton.rows))}`);
    ctx.goal({
      section: 'drain',
      goal: 'rows written per fire <= 5 (claim, clock, deal, event, message)',
      target: '<= 5',
      measured: measured.join(', '),
      met: (['sqlite', 'postgres'] as const).every((k) => !cal[k] || total(rowsByTable((cal[k] as Calibration).baton.rows)) <= 5),
    });
  }

  const runs = new Map<Side, SideRun[]>();
  for (let round = 0; round < ctx.args.rounds; round++) {
    const order = round % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) {
      ctx.log(`drain round ${round + 1}/${ctx.args.rounds}: ${side}, ${n.toLocaleString('en-US')} due ...`);
      const run = await runSide(ctx, side, n, cal);
      ctx.log(
        `drain ${side}: ${fmt(run.rate)} ${isPeer(side) ? 'jobs' : 'fires'}/s (${(run.ms / 1000).toFixed(1)} s)` +
          `${run.cpuUsPerFire !== undefined ? `, ${run.cpuUsPerFire} µs CPU per fire` : ''}${run.tenths ? `; first tenth ${fmt(run.tenths.first)}/s, last tenth ${fmt(run.tenths.last)}/s` : ''}`,
      );
      runs.set(side, [...(runs.get(side) ?? []), run]);
    }
  }

  const rate = (side: Side) => median((runs.get(side) ?? []).map((r) => r.rate));
  const describe: Record<Side, string> = {
    'baton-sqlite': 'Baton fire rate, SQLite (fireDueClocks)',
    'baton-pg': 'Baton fire rate, PostgreSQL (fireDueClocks)',
    'raw-sqlite': 'raw floor, better-sqlite3',
    'raw-pg': 'raw floor, pg',
    pgboss: `${PEER_NAMES.pgboss} work() drain (burstWhenBatchFull, ${Object.entries(settingsFor(ctx, 'pgboss').settings)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')})`,
    graphile: `${PEER_NAMES.graphile} run() drain (${Object.entries(settingsFor(ctx, 'graphile').settings)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}, completeJobBatchDelay 0)`,
  };
  for (const side of sides) {
    const list = runs.get(side) ?? [];
    if (list.length === 0) continue;
    const cmd = ctx.command('drain', `--sides ${side}`);
    ctx.record({
      section: 'drain',
      name: describe[side],
      value: rate(side),
      unit: isPeer(side) ? 'jobs/s' : 'fires/s',
      detail: `n=${list[0]?.n.toLocaleString('en-US')}; runs ${list.map((r) => `${fmt(r.rate)} (${(r.ms / 1000).toFixed(1)} s, load ${r.load1}${r.tenths ? `; first/last tenth ${fmt(r.tenths.first)}/${fmt(r.tenths.last)} per s` : ''})`).join(', ')}`,
      data: { runs: list, ...(isPeer(side) ? {} : { calibration: cal[kindOf(side)] }) },
      load1: list[0]?.load1 ?? load1(),
      command: cmd,
    });
    const cpu = list.map((r) => r.cpuUsPerFire).filter((v): v is number => v !== undefined);
    if (cpu.length > 0) {
      ctx.record({
        section: 'drain',
        name: `Baton CPU per fire, ${kindOf(side) === 'sqlite' ? 'SQLite' : 'PostgreSQL'} (bench process, user + system)`,
        value: median(cpu),
        unit: 'µs',
        detail: `runs ${cpu.join(', ')} µs`,
        load1: list[0]?.load1 ?? load1(),
        command: cmd,
      });
    }
  }

  const ratio = (a: Side, b: Side) => rate(a) / rate(b);
  /** A ratio's load: the highest load either side was measured at. */
  const loadOf = (...list: Side[]) => Math.max(...list.flatMap((s) => (runs.get(s) ?? []).map((r) => r.load1)));
  const has = (s: Side) => (runs.get(s) ?? []).length > 0;
  const cmdBoth = (a: Side, b: Side) => ctx.command('drain', `--sides ${a},${b}`);
  for (const peer of ['pgboss', 'graphile'] as const) {
    if (!has('baton-pg') || !has(peer)) continue;
    const r = ratio('baton-pg', peer);
    ctx.record({
      section: 'drain',
      name: `ratio Baton PostgreSQL / ${PEER_NAMES[peer]}`,
      value: r,
      unit: 'x',
      load1: loadOf('baton-pg', peer),
      detail: `n=${n.toLocaleString('en-US')}`,
      command: cmdBoth('baton-pg', peer),
    });
    ctx.goal({
      section: 'drain',
      goal: `fire rate >= 2x ${PEER_NAMES[peer]} at its fastest (PostgreSQL, 100k due)`,
      target: '>= 2.0x',
      measured: `${fmt(r)}x at ${n.toLocaleString('en-US')} due (Baton ${fmt(rate('baton-pg'))}/s vs ${fmt(rate(peer))} jobs/s)`,
      met: n >= 100_000 ? r >= 2 : null,
      ...(n < 100_000 ? { note: `judged at 100k due (the full run); this run drained ${n.toLocaleString('en-US')}` } : {}),
      command: cmdBoth('baton-pg', peer),
    });
  }
  const floors: string[] = [];
  let floorMet: boolean | null = null;
  for (const [b, r] of [
    ['baton-sqlite', 'raw-sqlite'],
    ['baton-pg', 'raw-pg'],
  ] as const) {
    if (!has(b) || !has(r)) continue;
    const value = ratio(b, r);
    ctx.record({
      section: 'drain',
      name: `ratio Baton / raw floor, ${kindOf(b)}`,
      value,
      unit: 'x',
      load1: loadOf(b, r),
      detail: `raw floor claims and commits ${cal[kindOf(b)]?.txSize} fire(s) per transaction, as Baton's firing transactions do`,
      command: cmdBoth(b, r),
    });
    floors.push(`${kindOf(b)} ${fmt(value * 100)} %`);
    floorMet = (floorMet ?? true) && value >= 0.5;
  }
  if (floors.length > 0) {
    ctx.goal({ section: 'drain', goal: 'fire rate >= 50 % of the raw batched floor, each store', target: '>= 50 %', measured: floors.join(', '), met: floorMet });
  }
}
