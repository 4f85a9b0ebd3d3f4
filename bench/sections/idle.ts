import { tick } from '../../src/engine/tick.js';
import type { BenchContext } from '../lib/context.js';
import { load1 } from '../lib/context.js';
import { countStatements, perFire } from '../lib/counter.js';
import { profiled } from '../lib/profile.js';
import { copyHandoffs } from '../lib/bulk.js';
import { BASE_T0, HOUR, prepareTemplate } from '../lib/seed.js';
import { openBenchStore, type BenchStore, type StoreKind } from '../lib/stores.js';
import { fmt, median, percentile } from '../lib/stats.js';

/**
 * Goal 4: one `tick` (fire what is due, deliver what is queued) with 10k, 100k and 1M open
 * handoffs and nothing due (T0 + 1 h: every packet clock is pending, none is due, the
 * outbox is empty). One store per size; the ticks are taken in blocks that alternate
 * between the sizes, so that the machine's load falls on all of them alike.
 */

/** Where the memory section finds a large store: `big-sqlite` / `big-postgres`. */
export interface BigStore {
  store: BenchStore;
  size: number;
}

const NOW = BASE_T0 + HOUR;
const FLAT = 1.5;

async function seedStore(ctx: BenchContext, kind: StoreKind, size: number): Promise<BenchStore> {
  const store = await openBenchStore(ctx, kind, `idle${size}`);
  const tpl = await prepareTemplate(store, [BASE_T0]);
  const started = Date.now();
  await copyHandoffs(store, tpl, 4, size, (done) => {
    if (size >= 200_000) ctx.log(`idle ${kind}: ${done.toLocaleString('en-US')} of ${size.toLocaleString('en-US')} handoffs (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  });
  return store;
}

async function oneTick(store: BenchStore): Promise<number> {
  const started = performance.now();
  const report = await tick(store.engine, NOW);
  const ms = performance.now() - started;
  if (report.fired + report.delivered + report.retrying + report.failed !== 0) throw new Error(`idle tick did work: ${JSON.stringify(report)}`);
  return ms;
}

export async function idleSection(ctx: BenchContext): Promise<void> {
  const sizes = ctx.quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
  const blocks = ctx.quick ? 10 : 20;
  const perBlock = 20;
  for (const kind of ['sqlite', 'postgres'] as const) {
    const stores: BenchStore[] = [];
    try {
      for (const size of sizes) {
        ctx.log(`idle ${kind}: seeding ${size.toLocaleString('en-US')} open handoffs ...`);
        stores.push(await seedStore(ctx, kind, size));
      }
      const startLoad = load1();
      for (const store of stores) for (let i = 0; i < 20; i++) await oneTick(store); // warm-up
      const samples: number[][] = sizes.map(() => []);
      await profiled(ctx, `idle-${kind}`, async () => {
        for (let b = 0; b < blocks; b++) {
          const order = b % 2 === 0 ? stores.map((_, i) => i) : stores.map((_, i) => stores.length - 1 - i);
          for (const i of order) for (let k = 0; k < perBlock; k++) samples[i]?.push(await oneTick(stores[i] as BenchStore));
        }
      });
      const medians = samples.map((s) => median(s));
      // What one idle tick asks of the store (the tap is on for these ticks only, not the timed ones).
      const { counts } = await countStatements(async () => {
        for (let i = 0; i < 10; i++) await oneTick(stores[0] as BenchStore);
      });
      const perTick = perFire(counts, 10);
      const shape = `${perTick.statements} statements, ${perTick.transactions} transactions per tick: ${Object.entries(perTick.byKind)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`;
      ctx.log(`idle ${kind}: ${shape}`);
      sizes.forEach((size, i) => {
        const s = samples[i] as number[];
        ctx.record({
          section: 'idle',
          name: `idle tick, ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${size.toLocaleString('en-US')} open handoffs (median)`,
          value: medians[i] as number,
          unit: 'ms',
          detail: `p99 ${fmt(percentile(s, 99))} ms over ${s.length} ticks${i === 0 ? `; ${shape}` : ''}`,
          data: { p99: percentile(s, 99), n: s.length, perTick },
          load1: startLoad,
        });
      });
      const first = medians[0] as number;
      const last = medians[medians.length - 1] as number;
      const growth = last / first;
      ctx.record({
        section: 'idle',
        name: `idle tick growth ${kind}, ${sizes[sizes.length - 1]?.toLocaleString('en-US')} / ${sizes[0]?.toLocaleString('en-US')}`,
        value: growth,
        unit: 'x',
        load1: startLoad,
      });
      ctx.goal({
        section: 'idle',
        goal: `idle tick < 5 ms and flat from 10k to ${ctx.quick ? '100k (quick)' : '1M'}, ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`,
        target: `< 5 ms; largest/smallest <= ${FLAT}x`,
        measured: `${medians.map((m) => `${fmt(m)} ms`).join(' / ')} (growth ${fmt(growth)}x)`,
        met: medians.every((m) => m < 5) && growth <= FLAT,
      });
      // The largest store serves the memory section.
      const big: BigStore = { store: stores.pop() as BenchStore, size: sizes[sizes.length - 1] as number };
      ctx.shared.set(`big-${kind}`, big);
      ctx.cleanups.push(() => big.store.destroy());
    } finally {
      for (const s of stores) await s.destroy();
    }
  }
}

export { seedStore };
