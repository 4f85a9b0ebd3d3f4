import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_COLUMN_DEFAULTS } from '../../src/import/columns.js';
import { importCsv, type ImportReport } from '../../src/import/importer.js';
import { loadDeal } from '../../src/store/index.js';
import { BOM, csvLine, HEADER, tableCounts, tempEngine, type TempEngine } from './export.js';

/**
 * 10,000 generated rows in one export: every 10th Closed-won with a verbal commitment
 * (a handoff each), every 25th Closed-won without one, every 7th with a two-line note
 * (so row numbers run ahead of record numbers), and every 1,000th with a bad e-mail.
 * No timed assertion: set BATON_IMPORT_VERBOSE=1 to print how long the imports take.
 */

const ROWS = 10_000;
const NOW = Date.parse('2026-11-26T09:00:00Z');
const STAGES = ['lead', 'Qualified', 'proposal', 'Negotiation'];

function row(i: number): string[] {
  const closed = i % 10 === 0;
  const closedUncommitted = !closed && i % 25 === 0;
  const badEmail = i % 1000 === 999;
  return [
    `Company ${i}, Ltd`,
    String(100_000 + i),
    closed || closedUncommitted ? 'Closed won' : STAGES[i % STAGES.length]!,
    `Contact ${i}`,
    'CTO',
    badEmail ? `contact${i}@example` : `contact${i}@company${i}.example`,
    '',
    closed ? 'verbal' : '',
    closed ? '2026-12-15' : '',
    i % 2 === 0 ? 'Partner referral' : 'Cold outreach',
    i % 7 === 0 ? `2026-11-01 first call\n2026-11-10 follow-up ${i}` : '',
  ];
}

function generated(): { csv: string; lineOf: Map<number, number> } {
  const lines = ['Prospects', 'Pipeline', csvLine(HEADER)];
  const lineOf = new Map<number, number>();
  let line = 4;
  for (let i = 0; i < ROWS; i++) {
    const text = csvLine(row(i));
    lineOf.set(i, line);
    line += text.split('\n').length;
    lines.push(text);
  }
  return { csv: `${BOM}${lines.join('\n')}\n`, lineOf };
}

const verbose = Boolean(process.env.BATON_IMPORT_VERBOSE);
let open: TempEngine;
let first: ImportReport;
let firstMs = 0;
const { csv, lineOf } = generated();

beforeAll(async () => {
  open = await tempEngine();
  const started = performance.now();
  first = await importCsv(open.engine, csv, { now: NOW, columns: IMPORT_COLUMN_DEFAULTS });
  firstMs = performance.now() - started;
  if (verbose) console.info(`import of ${ROWS} rows: ${Math.round(firstMs)} ms`);
}, 300_000);

afterAll(async () => {
  await open?.close();
});

describe(`an export of ${ROWS.toLocaleString('en-US')} rows`, () => {
  it('adds every good row, refuses the bad ones by row number, and starts every committed close', async () => {
    const bad = [...Array(ROWS).keys()].filter((i) => i % 1000 === 999);
    expect(first.added).toBe(ROWS - bad.length);
    expect(first.updated + first.unchanged).toBe(0);
    expect(first.handoffsStarted).toBe(ROWS / 10);
    expect(first.refused.map((r) => r.row)).toEqual(bad.map((i) => lineOf.get(i)));
    expect(first.refused[0]?.reason).toMatch(/^column "Email": "contact999@example" is not an e-mail address/);
    expect(lineOf.get(999)).toBeGreaterThan(999 + 3 + 1); // the two-line notes moved it down
    expect((await tableCounts(open.engine)).deals).toBe(ROWS - bad.length);
  });

  it('stores a sample of rows as written', async () => {
    for (const i of [0, 1, 7, 25, 4_242, 9_990, 9_998]) {
      const state = (await loadDeal(open.engine.store.db, String(100_000 + i)))?.state;
      const cells = row(i);
      expect(state?.deal.company, `row ${i}`).toBe(cells[0]);
      expect(state?.deal.contact.email).toBe(cells[5]);
      expect(state?.deal.notes.length).toBe(i % 7 === 0 ? 2 : 0);
      expect(state?.handoff !== undefined, `row ${i} handoff`).toBe(i % 10 === 0);
      if (i % 10 === 0) expect(Object.keys(state?.handoff?.clocks ?? {})).toContain('sow-signature');
      if (i % 25 === 0 && i % 10 !== 0) expect(state?.deal.stage).toBe('closed-won');
    }
  });

  it('changes nothing when imported again', async () => {
    const before = await tableCounts(open.engine);
    const started = performance.now();
    const again = await importCsv(open.engine, csv, { now: NOW + 60_000, columns: IMPORT_COLUMN_DEFAULTS });
    if (verbose) console.info(`second import of ${ROWS} rows (all unchanged): ${Math.round(performance.now() - started)} ms`);
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: first.added, handoffsStarted: 0 });
    expect(again.refused).toEqual(first.refused);
    expect(await tableCounts(open.engine)).toEqual(before);
  }, 300_000);
});
