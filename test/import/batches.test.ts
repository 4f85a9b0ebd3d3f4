import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSequence } from '../../src/app/sequence.js';
import { parseConfig } from '../../src/config/config.js';
import { BatonError } from '../../src/domain/problem.js';
import { closeEngine, openEngine, type Engine } from '../../src/engine/engine.js';
import { execute } from '../../src/engine/execute.js';
import { IMPORT_COLUMN_DEFAULTS } from '../../src/import/columns.js';
import { addCommand, checkRow, followUps } from '../../src/import/deal-row.js';
import { importCsv } from '../../src/import/importer.js';
import { readBoard } from '../../src/import/read-board.js';
import { listEvents, listMessages, loadDeal } from '../../src/store/index.js';
import { backends, type BackendTarget } from '../support/backends.js';
import { BOM, csvLine, HEADER } from './export.js';

/**
 * The import applies a hundred rows per transaction, their commands decided in memory and
 * written together. Whatever the batch, every deal must end as the CLI's commands would
 * leave it run one row at a time (`runSequence`, one transaction per row): the same state,
 * the same events in the same order, the same messages; a refused row in the middle of a
 * batch writes nothing and its neighbours are written.
 */

const NOW = Date.parse('2026-11-26T09:00:00Z');
const columns = IMPORT_COLUMN_DEFAULTS;
const ROWS = 230;

function row(i: number): string[] {
  const closed = i % 5 === 0;
  return [
    `Batch ${i} Inc`,
    i === 150 ? '#42' : String(5000 + i),
    closed ? 'Closed won' : ['lead', 'Qualified', 'proposal'][i % 3]!,
    `Person ${i}`,
    'CTO',
    `p${i}@batch${i}.example`,
    '',
    closed ? (i % 10 === 0 ? 'written' : 'verbal') : '',
    closed && i % 10 !== 0 ? '2026-12-15' : '',
    'Referral',
    i % 4 === 0 ? `first call ${i}\nsecond call ${i}` : '',
  ];
}

const csv = `${BOM}${[csvLine(HEADER), ...Array.from({ length: ROWS }, (_, i) => csvLine(row(i)))].join('\n')}\n`;

describe.each(backends)('import in batches on $name', (backend) => {
  const targets: BackendTarget[] = [];
  const dirs: string[] = [];
  const engines: Engine[] = [];

  async function open(): Promise<Engine> {
    const target = await backend.setup();
    targets.push(target);
    const dir = mkdtempSync(join(tmpdir(), 'baton-import-batch-'));
    dirs.push(dir);
    const config = parseConfig(`org: { name: "Batch Co", timezone: "UTC" }\nworkspace: "."\ndatabase: "${target.location}"\n`, { path: join(dir, 'baton.config.yaml'), env: {} });
    const engine = await openEngine(config, target.pgSchema ? { pgSchema: target.pgSchema } : {});
    engines.push(engine);
    // Before the import: a deal the import updates, and one changed after the import's time.
    await execute(engine, '5001', { type: 'deal.add', company: 'Batch 1 Inc', contact: { name: 'Earlier' } }, { now: NOW - 60_000, actor: 'cro' });
    await execute(engine, '5002', { type: 'deal.add', company: 'Batch 2 Inc', contact: {} }, { now: NOW + 60_000, actor: 'cro' });
    return engine;
  }

  let batched: Engine;
  let oneByOne: Engine;

  beforeAll(async () => {
    batched = await open();
    oneByOne = await open();
  });

  afterAll(async () => {
    for (const engine of engines) await closeEngine(engine);
    for (const target of targets) await target.teardown();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('leaves every deal as one transaction per row would, and refuses the rows the domain refuses', async () => {
    const report = await importCsv(batched, csv, { now: NOW, columns });

    const refused: number[] = [];
    for (const r of readBoard(csv, columns).rows) {
      const checked = checkRow(r, columns);
      if (!checked.ok) throw new Error(checked.reason);
      const deal = checked.deal;
      try {
        await runSequence(oneByOne, deal.id, [addCommand(deal), (state) => followUps(deal, state)], { now: NOW, actor: 'cro' });
      } catch (error) {
        if (!(error instanceof BatonError)) throw error;
        refused.push(r.line);
      }
    }
    expect(report.refused.map((r) => r.row)).toEqual(refused);
    // Deal 5002 (changed after the import's time), and #42 (an unusable id), in the second batch.
    expect(refused).toHaveLength(2);
    expect(report.refused[0]?.reason).toMatch(/latest event/);
    expect(report.refused[1]?.reason).toMatch(/"#42" is not a usable deal id/);
    expect(report).toMatchObject({ added: ROWS - 3, updated: 1, unchanged: 0, handoffsStarted: ROWS / 5 - 1 }); // row 150 is Closed-won, and refused

    for (let i = 0; i < ROWS; i++) {
      const id = i === 150 ? '#42' : String(5000 + i);
      const a = await loadDeal(batched.store.db, id);
      const b = await loadDeal(oneByOne.store.db, id);
      expect(a?.state, id).toEqual(b?.state);
      const strip = (events: Awaited<ReturnType<typeof listEvents>>) => events.map(({ id: _id, ...e }) => e);
      expect(strip(await listEvents(batched.store.db, id)), id).toEqual(strip(await listEvents(oneByOne.store.db, id)));
    }
    const messages = async (engine: Engine) => (await listMessages(engine.store.db, {})).map(({ id: _id, ...m }) => m);
    expect(await messages(batched)).toEqual(await messages(oneByOne));

    const again = await importCsv(batched, csv, { now: NOW + 1000, columns });
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: ROWS - 2 });
  });
});
