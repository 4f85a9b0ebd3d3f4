import { IMPORT_COLUMN_DEFAULTS } from '../../src/import/columns.js';
import { importCsv, type ImportReport } from '../../src/import/importer.js';
import { BOM, csvLine, HEADER } from '../../test/import/export.js';
import type { BenchContext } from '../lib/context.js';
import { load1 } from '../lib/context.js';
import { profiled } from '../lib/profile.js';
import { BASE_T0 } from '../lib/seed.js';
import { openBenchStore, type StoreKind } from '../lib/stores.js';
import { fmt } from '../lib/stats.js';

/**
 * `baton import` of a monday.com Prospects board export of 10,000 rows (2,000 with --quick),
 * the rows of test/import/large.test.ts: every 10th Closed-won with a verbal commitment (a
 * handoff each), every 25th Closed-won without one, every 7th with a two-line note, every
 * 1,000th refused for its e-mail. Two figures per store: the first import (every row a new
 * deal) and the same file again (every row unchanged), in rows per second of the file.
 */

const GOAL_ROWS_PER_S = 5_000;
const STAGES = ['lead', 'Qualified', 'proposal', 'Negotiation'];

function row(i: number): string[] {
  const closed = i % 10 === 0;
  const closedUncommitted = !closed && i % 25 === 0;
  return [
    `Company ${i}, Ltd`,
    String(100_000 + i),
    closed || closedUncommitted ? 'Closed won' : (STAGES[i % STAGES.length] as string),
    `Contact ${i}`,
    'CTO',
    i % 1000 === 999 ? `contact${i}@example` : `contact${i}@company${i}.example`,
    '',
    closed ? 'verbal' : '',
    closed ? '2026-12-15' : '',
    i % 2 === 0 ? 'Partner referral' : 'Cold outreach',
    i % 7 === 0 ? `2026-11-01 first call\n2026-11-10 follow-up ${i}` : '',
  ];
}

export function boardExport(rows: number): string {
  const lines = ['Prospects', 'Pipeline', csvLine(HEADER)];
  for (let i = 0; i < rows; i++) lines.push(csvLine(row(i)));
  return `${BOM}${lines.join('\n')}\n`;
}

export async function importSection(ctx: BenchContext): Promise<void> {
  const rows = ctx.quick ? 2_000 : 10_000;
  const csv = boardExport(rows);
  const refusedExpected = Math.floor((rows + 1) / 1000);
  const firstRate: Partial<Record<StoreKind, number>> = {};
  for (const kind of ['sqlite', 'postgres'] as StoreKind[]) {
    const store = await openBenchStore(ctx, kind, 'import');
    ctx.cleanups.push(() => store.destroy());
    const label = kind === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    const run = async (name: string): Promise<{ ms: number; report: ImportReport; load: number }> => {
      const load = load1();
      const started = performance.now();
      let report: ImportReport | undefined;
      await profiled(ctx, `import-${name}-${kind}`, async () => {
        report = await importCsv(store.engine, csv, { now: BASE_T0, columns: IMPORT_COLUMN_DEFAULTS });
      });
      const ms = performance.now() - started;
      const r = report as ImportReport;
      ctx.log(
        `import ${kind} ${name}: ${fmt(ms)} ms, ${JSON.stringify({ added: r.added, updated: r.updated, unchanged: r.unchanged, refused: r.refused.length, handoffs: r.handoffsStarted })}`,
      );
      return { ms, report: r, load };
    };
    const first = await run('first');
    if (first.report.added !== rows - refusedExpected || first.report.refused.length !== refusedExpected || first.report.handoffsStarted !== rows / 10)
      throw new Error(
        `import: expected ${rows - refusedExpected} added, ${refusedExpected} refused, ${rows / 10} handoffs; got ${JSON.stringify({ ...first.report, refused: first.report.refused.length })}`,
      );
    const again = await run('again');
    if (again.report.unchanged !== rows - refusedExpected) throw new Error(`import again: expected ${rows - refusedExpected} unchanged, got ${again.report.unchanged}`);
    firstRate[kind] = (rows / first.ms) * 1000;
    ctx.record({
      section: 'import',
      name: `import of a ${rows.toLocaleString('en-US')}-row board export, ${label}`,
      value: (rows / first.ms) * 1000,
      unit: 'rows/s',
      detail: `${fmt(first.ms / 1000)} s; ${first.report.added} deals added, ${first.report.handoffsStarted} handoffs started, ${first.report.refused.length} rows refused`,
      data: { ms: first.ms, rows, store: kind },
      load1: first.load,
    });
    ctx.record({
      section: 'import',
      name: `the same export again (every row unchanged), ${label}`,
      value: (rows / again.ms) * 1000,
      unit: 'rows/s',
      detail: `${fmt(again.ms / 1000)} s; nothing written`,
      data: { ms: again.ms, rows, store: kind },
      load1: again.load,
    });
    await store.close();
  }
  const rates = Object.entries(firstRate) as [StoreKind, number][];
  ctx.goal({
    section: 'import',
    goal: `import >= ${GOAL_ROWS_PER_S.toLocaleString('en-US')} rows/s at ${rows.toLocaleString('en-US')} rows (SQLite)`,
    target: `>= ${GOAL_ROWS_PER_S.toLocaleString('en-US')} rows/s`,
    measured: rates.map(([k, v]) => `${k === 'sqlite' ? 'SQLite' : 'PostgreSQL'} ${fmt(v)} rows/s`).join('; '),
    met: (firstRate.sqlite ?? 0) >= GOAL_ROWS_PER_S,
  });
}
