import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HOUR, initWorkspace, removeTempFolders, snapshot, type HandoffJson } from '../support/e2e.js';
import { csvLine, EXPECTED_REFUSED_ROWS, exportCsv } from './export.js';

/** `baton import` as a user runs it: the built CLI, in a folder `baton init` prepared. */

const T0 = Date.parse('2026-11-26T09:00:00Z');

afterAll(removeTempFolders);

interface ImportJson {
  added: number;
  updated: number;
  unchanged: number;
  refused: { row: number; reason: string }[];
  handoffsStarted: number;
}

describe('baton import', () => {
  it('imports an export, starts the committed close, and changes nothing the second time', async () => {
    const baton = await initWorkspace(T0);
    writeFileSync(path.join(baton.cwd, 'prospects.csv'), exportCsv());

    const first = await baton.ok(['import', 'prospects.csv'], T0);
    expect(first.stdout).toContain('Imported prospects.csv.');
    for (const line of ['5 added', '0 updated', '0 unchanged', '6 refused', '2 handoffs started']) expect(first.stdout).toContain(`  ${line}\n`);
    expect(first.stdout).toMatch(/^ {2}row 9: column "Status": "Working on it" is not a stage\. Fix: /m);
    expect(first.stdout).toMatch(/^ {2}row 13: column "Item ID" "1001": duplicate of row 4\. Fix: /m);
    expect(first.stderr).not.toContain('\r'); // stderr is not a terminal: no progress bar

    const handoffs = await baton.status(T0);
    expect(handoffs.map((h) => h.id).sort()).toEqual(['1001', '1006']);
    const acme = handoffs.find((h) => h.id === '1001') as HandoffJson;
    expect(acme.company).toBe('Acme, Inc.');
    expect(acme.clocks.map((c) => [c.name, c.state, c.dueAt])).toEqual(
      expect.arrayContaining([
        ['packet', 'pending', new Date(T0 + 2 * HOUR).toISOString()],
        ['sow-signature', 'pending', new Date(T0 + 48 * HOUR).toISOString()],
      ]),
    );
    const detail = await baton.ok(['status', '1001'], T0);
    expect(detail.stdout).toContain('packet');
    expect((await baton.ok(['status', '1002'], T0)).stdout).not.toMatch(/sow-signature/);

    const before = await snapshot(baton, T0 + HOUR);
    const again = await baton.run(['import', 'prospects.csv', '--json'], T0 + HOUR);
    expect(again.code, again.stderr).toBe(0);
    const report = JSON.parse(again.stdout) as ImportJson;
    expect(Object.keys(report)).toEqual(['added', 'updated', 'unchanged', 'refused', 'handoffsStarted']);
    expect(report).toMatchObject({ added: 0, updated: 0, unchanged: 5, handoffsStarted: 0 });
    expect(report.refused.map((r) => r.row)).toEqual(EXPECTED_REFUSED_ROWS);
    expect(await snapshot(baton, T0 + HOUR)).toEqual(before);
  });

  it('writes nothing on --dry-run, from a file or stdin', async () => {
    const baton = await initWorkspace(T0);
    writeFileSync(path.join(baton.cwd, 'prospects.csv'), exportCsv());
    const dry = await baton.ok(['import', 'prospects.csv', '--dry-run', '--json'], T0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ added: 5, updated: 0, unchanged: 0, handoffsStarted: 2 });
    expect((await baton.ok(['status'], T0)).stdout).toContain('No deals yet');
    expect((await baton.ok(['import', 'prospects.csv', '--dry-run'], T0)).stdout).toContain('Dry run of prospects.csv: nothing was written.');
    const piped = await baton.ok(['import', '-', '--dry-run', '--json'], T0, { input: exportCsv() });
    expect(JSON.parse(piped.stdout)).toEqual(JSON.parse(dry.stdout));
  });

  it('exits 2 when the file cannot be read or has no header row, naming the columns and the config key', async () => {
    const baton = await initWorkspace(T0);
    const missing = await baton.invalid(['import', 'nowhere.csv'], T0);
    expect(missing.stderr).toMatch(/file: "nowhere\.csv" not found .*Fix: /);

    writeFileSync(path.join(baton.cwd, 'other.csv'), `${csvLine(['Deal', 'Stage'])}\r\n${csvLine(['Acme', 'lead'])}\r\n`);
    const noHeader = await baton.invalid(['import', 'other.csv'], T0);
    expect(noHeader.stderr).toContain('"Name" (import.columns.company) and "Status" (import.columns.stage)');
    expect(noHeader.stderr).toContain('import: { columns: { company: "Deal", stage: "Stage" } }');
    expect(noHeader.stdout).toBe('');
  });

  it('reads the column names the config maps, and says which mapped columns the file lacks', async () => {
    const baton = await initWorkspace(T0);
    const configPath = path.join(baton.cwd, 'baton.config.yaml');
    writeFileSync(configPath, `${readFileSync(configPath, 'utf8')}\nimport:\n  columns: { company: "Deal", stage: "Stage" }\n`);
    writeFileSync(path.join(baton.cwd, 'other.csv'), `${csvLine(['Deal', 'Stage'])}\n${csvLine(['Acme Corp', 'Negotiation'])}\n`);
    const res = await baton.ok(['import', 'other.csv', '--json'], T0);
    expect(JSON.parse(res.stdout)).toMatchObject({ added: 1, refused: [] });
    expect(res.stderr).toContain('no "Item ID" column (import.columns.id)');
    expect(res.stderr).toContain('"Email" (import.columns.contactEmail)');
    expect((await baton.ok(['timeline', 'acme-corp'], T0)).stdout).toContain('Acme Corp');

    writeFileSync(configPath, `${readFileSync(configPath, 'utf8')}`.replace('stage: "Stage"', 'stag: "Stage"'));
    const bad = await baton.invalid(['import', 'other.csv'], T0);
    expect(bad.stderr).toContain('import.columns.stag: unknown key "stag"');
    expect(bad.stderr).toContain('rename it to stage');
  });

  it('says in --help that refused rows still exit 0', async () => {
    const baton = await initWorkspace(T0);
    const help = await baton.ok(['import', '--help']);
    expect(help.stdout).toContain('0 when the file was read, even if some rows were refused');
    expect(help.stdout).toContain('"SOW Expected"');
    expect(baton.read('baton.config.yaml')).toMatch(/^# import:\n# {3}columns:\n# {5}id: "Item ID"/m);
  });
});
