import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { createApp } from '../../src/http/app.js';
import { genId, insertHandoffs } from './generate.js';
import { clockStatusIn, openDashboard, rowIds, type DashboardWorld } from '../support/dashboard.js';

/**
 * 100,000 handoffs, inserted through the store in one transaction: every page renders, and
 * no request reads more than a few pages' worth of rows from the store (the list is a
 * LIMIT/OFFSET query and the counts and charts are aggregates). No timed assertion.
 */

const COUNT = 100_000;

/** Counts the rows the store hands back, whatever the query. */
class RowCounter implements KyselyPlugin {
  rows = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.rows += args.result.rows.length;
    return args.result;
  }
}

let d: DashboardWorld;
let counter: RowCounter;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  d = await openDashboard();
  await insertHandoffs(d.world.engine.store, { count: COUNT, now: d.world.now });
  counter = new RowCounter();
  const engine: Engine = { ...d.world.engine, store: { ...d.world.engine.store, db: d.world.engine.store.db.withPlugin(counter) } };
  app = createApp(engine, { now: () => d.world.now, wake: () => {}, env: d.world.env, isLocal: () => true });
}, 180_000);

afterAll(async () => {
  await d?.world.close();
});

async function page(url: string): Promise<{ html: string; rows: number }> {
  counter.rows = 0;
  const res = await app.request(url);
  expect(res.status, url).toBe(200);
  return { html: await res.text(), rows: counter.rows };
}

describe(`the handoffs list with ${COUNT.toLocaleString('en-US')} handoffs`, () => {
  it('renders the first page: 50 rows, newest first, the totals and the page count, reading only that page', async () => {
    const first = await page('/');
    expect(rowIds(first.html)).toEqual(Array.from({ length: 50 }, (_, k) => genId(COUNT - 1 - k)));
    expect(first.html).toContain('1–50 of 100,000 · page 1 of 2,000');
    expect(first.html).toMatch(/data-filter="overdue">Overdue<span class="n">10,000</);
    expect(first.html).toMatch(/data-filter="awaiting-acknowledgement">Awaiting acknowledgement<span class="n">25,000</);
    expect(first.html).toMatch(/data-filter="awaiting-sow">Awaiting SOW<span class="n">20,000</);
    expect(first.html).toContain('href="/?page=2" rel="next"');
    expect(first.rows).toBeLessThan(500);
  });

  it('renders a middle page, the last page and a page past the end', async () => {
    const middle = await page('/?page=1001');
    expect(rowIds(middle.html)[0]).toBe(genId(COUNT - 1 - 1000 * 50));
    expect(middle.html).toContain('50,001–50,050 of 100,000 · page 1,001 of 2,000');
    expect(middle.rows).toBeLessThan(500);

    const last = await page('/?page=2000');
    expect(rowIds(last.html)).toHaveLength(50);
    expect(rowIds(last.html).at(-1)).toBe(genId(0));
    expect(last.html).toContain('<span class="off">Next ›</span>');

    const past = await page('/?page=2001');
    expect(rowIds(past.html)).toEqual([]);
    expect(past.html).toContain('No handoffs on this page.');
    expect((await page('/?page=abc')).html).toContain('page 1 of 2,000');
  });

  it('pages a filter: 10,000 overdue in 200 pages, every row overdue', async () => {
    const overdue = await page('/?filter=overdue&page=200');
    const ids = rowIds(overdue.html);
    expect(ids).toHaveLength(50);
    for (const id of ids) expect(clockStatusIn(overdue.html, id, 'packet')).toBe('overdue');
    expect(overdue.html).toContain('9,951–10,000 of 10,000 · page 200 of 200');
    expect(overdue.html).toContain('href="/?filter=overdue&amp;page=199" rel="prev"');
    expect(overdue.rows).toBeLessThan(500);
    const sow = await page('/?filter=awaiting-sow&page=3');
    expect(sow.html).toContain('of 20,000 · page 3 of 400');
  });

  it('renders one handoff and the health report (aggregates, not rows)', async () => {
    const one = await page(`/handoffs/${genId(42)}`);
    expect(one.html).toContain('Generated Company 42');
    const report = await page('/report');
    expect(report.html).toContain('100,000 handoffs');
    expect(report.html).toMatch(/data-report="acknowledgement"/);
    expect(report.rows).toBeLessThan(200);
  });
});
