import { afterEach, describe, expect, it } from 'vitest';
import { onClockWritten } from '../../src/engine/engine.js';
import { execute } from '../../src/engine/execute.js';
import { BatonError } from '../../src/domain/problem.js';
import { parseConfig } from '../../src/config/config.js';
import { starterConfig } from '../../src/config/template.js';
import { IMPORT_COLUMN_DEFAULTS } from '../../src/import/columns.js';
import { importCsv, type ImportReport } from '../../src/import/importer.js';
import { progressBar, progressReporter } from '../../src/import/progress.js';
import { readBoard } from '../../src/import/read-board.js';
import { listEvents, loadDeal } from '../../src/store/index.js';
import { BOM, csvLine, EXPECTED_REFUSED_ROWS, EXPORT_ROWS, exportCsv, HEADER, tableCounts, tempEngine, type TempEngine } from './export.js';

const NOW = Date.parse('2026-11-26T09:00:00Z');
const LATER = NOW + 3_600_000;
const columns = IMPORT_COLUMN_DEFAULTS;

let open: TempEngine | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

async function fresh(extra = ''): Promise<TempEngine> {
  open = await tempEngine(extra);
  return open;
}

function reasonOf(report: ImportReport, row: number): string {
  const found = report.refused.find((r) => r.row === row);
  expect(found, `row ${row} is not refused: ${JSON.stringify(report.refused, null, 2)}`).toBeDefined();
  return found!.reason;
}

describe('importing a monday.com board export', () => {
  it('adds the good rows and refuses each bad one with its row, column and fix', async () => {
    const { engine } = await fresh();
    const report = await importCsv(engine, exportCsv(), { now: NOW, columns });

    expect({ added: report.added, updated: report.updated, unchanged: report.unchanged, handoffsStarted: report.handoffsStarted }).toEqual({
      added: 5,
      updated: 0,
      unchanged: 0,
      handoffsStarted: 2,
    });
    expect(report.refused.map((r) => r.row)).toEqual(EXPECTED_REFUSED_ROWS);
    expect(reasonOf(report, 9)).toMatch(/^column "Status": "Working on it" is not a stage\. Fix: write one of lead, .*closed-won/);
    expect(reasonOf(report, 10)).toMatch(/^column "Email": "alice@umbrella" is not an e-mail address\. Fix: /);
    expect(reasonOf(report, 13)).toMatch(/^column "Item ID" "1001": duplicate of row 4\. Fix: /);
    expect(reasonOf(report, 18)).toMatch(/^column "SOW Expected": "2026-13-45" is not a date\. Fix: write the date as YYYY-MM-DD/);
    expect(reasonOf(report, 19)).toMatch(/^column "Commitment": "maybe" is not a commitment type\. Fix: write written .* or verbal/);
    expect(reasonOf(report, 20)).toMatch(/^column "Name": the company name is empty\. Fix: /);
    // Blank rows, the second group's line and its repeated header are skipped, not refused.
    expect(report.skipped).toBe(5);
    expect(report.missingColumns).toEqual([]);
  });

  it('keeps quoted commas and line breaks, and starts the handoff of a committed Closed-won row only', async () => {
    const { engine } = await fresh();
    const heard: number[] = [];
    onClockWritten(engine, (dueAt) => heard.push(dueAt));
    await importCsv(engine, exportCsv(), { now: NOW, columns });
    // A scheduler in this process hears of both handoffs, at their first due row: the packet's reminder, 30 minutes before its 2 h.
    expect(heard).toEqual([NOW + 1.5 * 3_600_000, NOW + 1.5 * 3_600_000]);

    const acme = (await loadDeal(engine.store.db, '1001'))!.state;
    expect(acme.deal).toMatchObject({
      company: 'Acme, Inc.',
      stage: 'closed-won',
      contact: { name: 'Ada Lee', title: 'CTO', email: 'ada@acme.example', phone: '+1 555 0100' },
      origin: 'Partner referral',
      commitment: { type: 'verbal', sowExpected: '2026-12-01', loggedAt: NOW },
    });
    expect(acme.deal.notes.map((n) => n.text)).toEqual(['2026-11-20 discovery call', '2026-11-24 demo, verbal yes']);
    expect(acme.handoff?.t0).toBe(NOW);
    expect(Object.keys(acme.handoff?.clocks ?? {}).sort()).toEqual(['announcement', 'packet', 'sow-send', 'sow-signature']);
    // add, commit, then stage: the trigger fires on the stage change, as at the CLI.
    const types = (await listEvents(engine.store.db, '1001')).map((e) => e.type);
    expect(types.slice(0, 4)).toEqual(['deal.added', 'deal.commitment-logged', 'deal.stage-changed', 'handoff.started']);
    expect((await listEvents(engine.store.db, '1001')).every((e) => e.actor === 'cro' || e.type === 'clock.started')).toBe(true);

    const globex = (await loadDeal(engine.store.db, '1002'))!.state;
    expect(globex.deal.stage).toBe('closed-won');
    expect(globex.handoff).toBeUndefined();

    const stark = (await loadDeal(engine.store.db, '1006'))!.state;
    expect(stark.handoff?.packetPath).toBe('operations/handoffs/assessment-stark-industries-2026-11-26.md');
    expect((await loadDeal(engine.store.db, '1005'))!.state.handoff).toBeUndefined();
    // A refused row wrote nothing.
    for (const id of ['1003', '1004', '1008', '1009', '1010']) expect(await loadDeal(engine.store.db, id)).toBeUndefined();
    expect((await loadDeal(engine.store.db, '1001'))!.state.deal.company).toBe('Acme, Inc.'); // not "Acme again"
  });

  it('changes nothing the second time: every row unchanged, no new event, clock or message', async () => {
    const { engine } = await fresh();
    await importCsv(engine, exportCsv(), { now: NOW, columns });
    const before = await tableCounts(engine);

    const again = await importCsv(engine, exportCsv(), { now: LATER, columns });
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 5, handoffsStarted: 0 });
    expect(again.refused.map((r) => r.row)).toEqual(EXPECTED_REFUSED_ROWS);
    expect(await tableCounts(engine)).toEqual(before);
  });

  it('updates a deal only where a cell changed, and a new commitment on a Closed-won deal starts its handoff', async () => {
    const { engine } = await fresh();
    await importCsv(engine, exportCsv(), { now: NOW, columns });
    const rows = EXPORT_ROWS.map((r) => [...r]);
    const globex = rows.find((r) => r[1] === '1002')!;
    globex[7] = 'verbal';
    globex[8] = '2026-12-10';
    const hooli = rows.find((r) => r[1] === '1005')!;
    hooli[4] = 'Chief Executive';

    const report = await importCsv(engine, exportCsv(rows), { now: LATER, columns });
    expect(report).toMatchObject({ added: 0, updated: 2, unchanged: 3, handoffsStarted: 1 });
    const state = (await loadDeal(engine.store.db, '1002'))!.state;
    expect(state.handoff?.t0).toBe(LATER);
    expect((await loadDeal(engine.store.db, '1005'))!.state.deal.contact.title).toBe('Chief Executive');
  });

  it('updates a deal the CLI added before, and leaves a signed SOW alone when the board still says verbal', async () => {
    const { engine } = await fresh();
    await execute(engine, '1001', { type: 'deal.add', company: 'Acme, Inc.', contact: { name: 'Ada Lee' } }, { now: NOW - 1000, actor: 'cro' });
    const first = await importCsv(engine, exportCsv(), { now: NOW, columns });
    expect(first).toMatchObject({ added: 4, updated: 1 });

    await execute(engine, '1001', { type: 'sow.signed' }, { now: LATER, actor: 'cro' });
    const second = await importCsv(engine, exportCsv(), { now: LATER + 1000, columns });
    expect(second).toMatchObject({ added: 0, updated: 0, unchanged: 5 });
  });

  it('refuses a row the domain refuses, naming the column, and writes none of that row', async () => {
    const { engine } = await fresh();
    await importCsv(engine, exportCsv(), { now: NOW, columns });
    const rows = EXPORT_ROWS.map((r) => [...r]);
    const acme = rows.find((r) => r[1] === '1001' && r[0] === 'Acme, Inc.')!;
    acme[4] = 'Chief Technology Officer'; // would update the deal, but the row is refused
    acme[7] = 'written'; // the handoff started on a verbal commitment: `sow signed` records it
    rows.push(['Bad id', '#42', 'lead', '', '', '', '', '', '', '', '']);

    const report = await importCsv(engine, exportCsv(rows), { now: LATER, columns });
    expect(reasonOf(report, 4)).toMatch(/^column "Commitment": the handoff started on a verbal commitment.*Fix: record the signature: baton sow signed 1001/);
    expect(reasonOf(report, 21)).toMatch(/^column "Item ID": "#42" is not a usable deal id\. Fix: /);
    expect((await loadDeal(engine.store.db, '1001'))!.state.deal.contact.title).toBe('CTO');
  });

  it('refuses every later row with an id seen before, even when the first was refused', async () => {
    const { engine } = await fresh();
    const csv = [csvLine(['Name', 'Item ID', 'Status', 'Email']), csvLine(['Acme', '7', 'lead', 'ada@']), csvLine(['Acme Corp', '7', 'lead', ''])].join('\n');
    const report = await importCsv(engine, csv, { now: NOW, columns });
    expect(report.refused).toEqual([
      { row: 2, reason: expect.stringMatching(/^column "Email": "ada@" is not an e-mail address\. Fix: /) },
      { row: 3, reason: expect.stringMatching(/^column "Item ID" "7": duplicate of row 2\. Fix: /) },
    ]);
    expect(await loadDeal(engine.store.db, '7')).toBeUndefined();
  });

  it('writes nothing on a dry run, and counts what the import would do', async () => {
    const { engine } = await fresh();
    const empty = await tableCounts(engine);
    const heard: number[] = [];
    onClockWritten(engine, (dueAt) => heard.push(dueAt));
    const dry = await importCsv(engine, exportCsv(), { now: NOW, columns, dryRun: true });
    expect(await tableCounts(engine)).toEqual(empty);
    expect(heard).toEqual([]);
    const real = await importCsv(engine, exportCsv(), { now: NOW, columns });
    expect(dry).toEqual(real);
  });

  it('reports progress once per row, and draws the bar', async () => {
    const { engine } = await fresh();
    const seen: [number, number][] = [];
    await importCsv(engine, exportCsv(), { now: NOW, columns, onProgress: (done, total) => seen.push([done, total]) });
    expect(seen).toHaveLength(11); // 16 rows after the header, less 5 blank, group or header lines
    expect(seen.at(-1)).toEqual([11, 11]);

    expect(progressBar(5000, 10000, 10)).toBe('[#####.....] 5,000/10,000 rows');
    const drawn: string[] = [];
    const report = progressReporter((t) => drawn.push(t));
    for (let i = 1; i <= 10000; i++) report(i, 10000);
    expect(drawn.length).toBeLessThanOrEqual(201);
    expect(drawn.every((t) => t.startsWith('\r['))).toBe(true);
    expect(drawn.at(-1)).toBe('\r[####################] 10,000/10,000 rows\n');
  });
});

describe('reading the export', () => {
  it('refuses a file with no header row, naming the columns and the config key', () => {
    const csv = `${csvLine(['Deal', 'Stage'])}\n${csvLine(['Acme', 'lead'])}\n`;
    const attempt = () => readBoard(csv, columns);
    expect(attempt).toThrow(BatonError);
    expect(attempt).toThrow(/no header row: expected a row with the columns "Name" \(import\.columns\.company\) and "Status" \(import\.columns\.stage\)/);
    expect(() => readBoard('', columns)).toThrow(/is empty/);
    expect(() => readBoard(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]), columns)).toThrow(/Excel workbook/);
  });

  it('refuses a quote that is never closed, with the line', () => {
    expect(() => readBoard(`${csvLine(HEADER)}\nAcme,1,lead,"Ada\n`, columns)).toThrow(/cannot be read as CSV near line/);
  });

  it('finds columns in any case and order, numbers rows by line with LF, CRLF or CR', () => {
    const body = (eol: string) => `${BOM}My board${eol}status,NAME${eol}lead,"Two${eol}lines"${eol}${eol}closed won,Beta${eol}`;
    for (const eol of ['\n', '\r\n', '\r']) {
      const board = readBoard(body(eol), columns);
      expect(board.headerLine).toBe(2);
      expect(board.rows.map((r) => [r.line, r.cells.company, r.cells.stage])).toEqual([
        [3, `Two${eol}lines`, 'lead'],
        [6, 'Beta', 'closed won'],
      ]);
      expect(board.missing).toContain('id');
    }
  });
});

describe('mapped columns', () => {
  it('documents the defaults in the starter config: uncommented, its import block parses to them', () => {
    const [head, rest] = starterConfig().split('# import:');
    const block = (rest ?? '').split('\n\n')[0] ?? '';
    const text = `${head}import:${block.replace(/^# /gm, '')}\n`;
    expect(text).toMatch(/^import:\n {2}columns:\n {4}id: "Item ID"/m);
    expect(parseConfig(text, { path: '/tmp/baton.config.yaml', env: {} }).import.columns).toEqual(IMPORT_COLUMN_DEFAULTS);
  });

  it('reads the columns the config names, and takes the id from the name when the file has none', async () => {
    const { engine, config } = await fresh('import:\n  columns: { company: "Deal", stage: "Deal stage", contactEmail: "E-mail" }\n');
    expect(config.import.columns).toEqual({ ...IMPORT_COLUMN_DEFAULTS, company: 'Deal', stage: 'Deal stage', contactEmail: 'E-mail' });
    const csv = [csvLine(['Deal', 'Deal stage', 'E-mail']), csvLine(['Société Générale™ (EU)', 'Qualified', 'anna@sg.example']), csvLine(['Societe Generale EU', 'lead', ''])].join(
      '\n',
    );
    const report = await importCsv(engine, csv, { now: NOW, columns: config.import.columns });
    expect(report.added).toBe(1);
    expect(report.missingColumns).toContain('id');
    expect(report.refused).toEqual([
      { row: 3, reason: expect.stringMatching(/^column "Deal" \(its id "societe-generale-eu" is the name's slug\): duplicate of row 2\. Fix: .*"Item ID" column/) },
    ]);
    expect((await loadDeal(engine.store.db, 'societe-generale-eu'))!.state.deal).toMatchObject({ stage: 'qualified', contact: { email: 'anna@sg.example' } });
  });
});
