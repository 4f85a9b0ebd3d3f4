import { createApp } from '../../src/http/app.js';
import { copyHandoffs } from '../lib/bulk.js';
import type { BenchContext } from '../lib/context.js';
import { load1 } from '../lib/context.js';
import { profiled } from '../lib/profile.js';
import { BASE_T0, HOUR, dealId, prepareTemplate } from '../lib/seed.js';
import { openBenchStore, type StoreKind } from '../lib/stores.js';
import { fmt, summary } from '../lib/stats.js';

/**
 * The dashboard at 100,000 handoffs (10,000 with --quick), copied in bulk from one the
 * engine started (../lib/bulk.ts): the server time of the list page `/` (the first page of
 * 50, newest first, with the count of each filter), the list filtered to the overdue ones,
 * and a detail page `/handoffs/<id>` of a handoff picked at random, at T0 + 1 h (every
 * handoff in flight, its packet due in an hour); then the list pages at T0 + 3 h, when
 * every one of them is overdue (the worst case of the overdue count). Each is asked N
 * times of the app in this process (`app.request`: routing, the queries, the rendering;
 * no socket), as a viewer with the viewer token.
 */

const VIEWER = 'bench-viewer-token-0123456789';
const GOAL_LIST_P50_MS = 30;

export async function dashboardSection(ctx: BenchContext): Promise<void> {
  const n = ctx.quick ? 10_000 : 100_000;
  const requests = ctx.quick ? 50 : 200;
  const listP50: [StoreKind, number][] = [];
  for (const kind of ['sqlite', 'postgres'] as StoreKind[]) {
    const store = await openBenchStore(ctx, kind, 'dash');
    ctx.cleanups.push(() => store.destroy());
    const label = kind === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    ctx.log(`dashboard ${kind}: seeding ${n.toLocaleString('en-US')} handoffs ...`);
    const tpl = await prepareTemplate(store, [BASE_T0]);
    await copyHandoffs(store, tpl, 4, n);
    let now = BASE_T0 + HOUR;
    const app = createApp(store.engine, { now: () => now, wake: () => {}, env: { BATON_VIEWER_TOKEN: VIEWER }, listenHost: '127.0.0.1' });
    const get = async (path: string): Promise<number> => {
      const started = performance.now();
      const res = await app.request(`http://127.0.0.1${path}`, { headers: { authorization: `Bearer ${VIEWER}`, host: '127.0.0.1' } });
      const body = await res.text();
      const ms = performance.now() - started;
      if (res.status !== 200) throw new Error(`dashboard: GET ${path} answered ${res.status}: ${body.slice(0, 300)}`);
      return ms;
    };
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pages: { name: string; path: () => string; at: number; when: string }[] = [
      { name: 'list page /', path: () => '/', at: BASE_T0 + HOUR, when: 'in flight' },
      { name: 'list page /?filter=overdue', path: () => '/?filter=overdue', at: BASE_T0 + HOUR, when: 'in flight' },
      { name: 'detail page /handoffs/<id>', path: () => `/handoffs/${dealId(1 + Math.floor(random() * n))}`, at: BASE_T0 + HOUR, when: 'in flight' },
      { name: 'list page /', path: () => '/', at: BASE_T0 + 3 * HOUR, when: 'all overdue' },
      { name: 'list page /?filter=overdue', path: () => '/?filter=overdue', at: BASE_T0 + 3 * HOUR, when: 'all overdue' },
    ];
    const first = await get('/');
    for (const page of pages) {
      now = page.at;
      for (let i = 0; i < 5; i++) await get(page.path()); // warm the caches and the JIT
      const startLoad = load1();
      const samples: number[] = [];
      await profiled(ctx, `dashboard-${page.name.replace(/[^a-z]+/g, '-')}-${kind}`, async () => {
        for (let i = 0; i < requests; i++) samples.push(await get(page.path()));
      });
      const s = summary(samples);
      ctx.log(`dashboard ${kind} ${page.name} (${page.when}): p50 ${fmt(s.p50)} ms, p99 ${fmt(s.p99)} ms`);
      if (page.path() === '/' && page.when === 'in flight') listP50.push([kind, s.p50]);
      for (const [stat, value] of [
        ['p50', s.p50],
        ['p99', s.p99],
      ] as const) {
        ctx.record({
          section: 'dashboard',
          name: `dashboard ${page.name} at ${n.toLocaleString('en-US')} handoffs ${page.when}, ${label}, ${stat}`,
          value,
          unit: 'ms',
          detail: `${requests} requests in process (app.request), server time to the last byte${stat === 'p99' ? `; max ${fmt(s.max)} ms; the very first request ${fmt(first)} ms` : ''}`,
          data: { store: kind, ...(stat === 'p99' ? { samples: s } : {}) },
          load1: startLoad,
        });
      }
    }
    await store.close();
  }
  ctx.goal({
    section: 'dashboard',
    goal: `dashboard list page p50 < ${GOAL_LIST_P50_MS} ms at ${n.toLocaleString('en-US')} handoffs in flight (server time)`,
    target: `< ${GOAL_LIST_P50_MS} ms`,
    measured: listP50.map(([k, v]) => `${k === 'sqlite' ? 'SQLite' : 'PostgreSQL'} ${fmt(v)} ms`).join('; '),
    met: listP50.every(([, v]) => v < GOAL_LIST_P50_MS),
  });
}
