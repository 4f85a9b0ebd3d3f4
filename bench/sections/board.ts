import { mondayReader } from '../../src/adapters/monday-read.js';
import { syncBoard, type SyncReport } from '../../src/app/board-sync.js';
import type { ProspectsColumns } from '../../src/config/monday.js';
import { FAKE_PROSPECTS_COLUMNS, startFakeMonday } from '../../test/support/fake-monday.js';
import type { BenchContext } from '../lib/context.js';
import { load1 } from '../lib/context.js';
import { profiled } from '../lib/profile.js';
import { BASE_T0 } from '../lib/seed.js';
import { openBenchStore, type StoreKind } from '../lib/stores.js';
import { fmt } from '../lib/stats.js';

/**
 * SPEC §14: `baton board sync` of 10,000 Prospects board items (2,000 with --quick) from the
 * fake monday.com on 127.0.0.1 (every query parsed and validated against the 2026-07 schema
 * subset, as the tests run it), through the real @mondaydotcomorg/api client with the pages
 * `baton serve` reads (100 items, items_page then next_items_page). One item in ten is
 * Closed-won with a written, signed SOW: its handoff starts. Two figures per store: the first
 * sync (every item a new deal, one transaction each) and a second one (every item unchanged:
 * read, planned, nothing written), in items per second.
 */

const TOKEN = 'bench-board-token';
// No handoff column: the bench measures reading the board, not writing it back.
const { handoff: _writeBack, ...COLUMNS }: ProspectsColumns = FAKE_PROSPECTS_COLUMNS;

const item = (i: number): Record<string, unknown> => ({
  stage: i % 10 === 0 ? 'Closed-won' : 'Qualified',
  ...(i % 10 === 0 ? { commitment: 'Written', sow_status: 'Signed' } : {}),
  contact_name: `Contact ${i}`,
  contact_title: 'CTO',
  contact_email: { email: `c${i}@example.com`, text: `c${i}@example.com` },
  contact_phone: { phone: '+12025550169', countryShortName: 'US' },
  origin: 'Outbound',
});

export async function boardSection(ctx: BenchContext): Promise<void> {
  const size = ctx.quick ? 2_000 : 10_000;
  const fake = await startFakeMonday({ token: TOKEN, apiVersions: ['2026-07'] });
  ctx.cleanups.push(() => fake.close());
  ctx.log(`board: seeding ${size.toLocaleString('en-US')} Prospects board items in the fake monday.com ...`);
  fake.seedProspects(size, item, 'Company');

  for (const kind of ['sqlite', 'postgres'] as StoreKind[]) {
    const store = await openBenchStore(ctx, kind, 'board');
    ctx.cleanups.push(() => store.destroy());
    const reader = mondayReader({ token: TOKEN, apiUrl: fake.url, apiVersion: '2026-07', boardId: fake.prospectsBoardId, columns: Object.values(COLUMNS) });
    const label = kind === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    const run = async (name: string, at: number): Promise<{ ms: number; report: SyncReport; load: number }> => {
      const load = load1();
      const requests = fake.requests.length;
      const started = performance.now();
      let report: SyncReport | undefined;
      await profiled(ctx, `board-${name}-${kind}`, async () => {
        report = await syncBoard(store.engine, reader, { boardId: fake.prospectsBoardId, columns: COLUMNS, now: at });
      });
      const ms = performance.now() - started;
      ctx.log(
        `board ${kind} ${name}: ${fmt(ms)} ms, ${fake.requests.length - requests} monday.com requests, ${JSON.stringify({ added: report!.added, unchanged: report!.unchanged, problems: report!.problemItems, handoffs: report!.handoffsStarted })}`,
      );
      return { ms, report: report!, load };
    };
    const first = await run('first', BASE_T0);
    if (first.report.added !== size || first.report.handoffsStarted !== size / 10)
      throw new Error(`board sync: expected ${size} added and ${size / 10} handoffs, got ${JSON.stringify(first.report)}`);
    const second = await run('again', BASE_T0 + 60_000);
    if (second.report.unchanged !== size) throw new Error(`board sync again: expected ${size} unchanged, got ${JSON.stringify(second.report)}`);
    const pages = first.report.pages;
    ctx.record({
      section: 'board',
      name: `board sync, ${size.toLocaleString('en-US')} new items, ${label}`,
      value: (size / first.ms) * 1000,
      unit: 'rows/s',
      detail: `${fmt(first.ms / 1000)} s; ${pages} pages of 100 from the fake monday.com; ${first.report.handoffsStarted} handoffs started; one transaction per item`,
      data: { ms: first.ms, items: size, pages },
      load1: first.load,
    });
    ctx.record({
      section: 'board',
      name: `board sync again, ${size.toLocaleString('en-US')} unchanged items, ${label}`,
      value: (size / second.ms) * 1000,
      unit: 'rows/s',
      detail: `${fmt(second.ms / 1000)} s; nothing written but the board.synced event`,
      data: { ms: second.ms, items: size, pages: second.report.pages },
      load1: second.load,
    });
    await store.close();
  }
}
