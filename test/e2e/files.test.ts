import { lstatSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HOUR, closeVerbalDeal, fileDraft, initWorkspace, removeTempFolders, tempFolder } from '../support/e2e.js';

/**
 * SPEC §17 files, as a user meets them: a symbolic link planted at every file Baton writes
 * (the packet, the coordination note, the CEO summary), or at a temporary name, is never
 * written through: the link's target keeps its bytes and Baton's file is written correctly.
 */

afterAll(removeTempFolders);

const T0 = Date.parse('2026-05-25T10:00:00.000Z');
const PACKET = 'operations/handoffs/assessment-acme-analytics-2026-05-25.md';
const NOTE = 'sessions/customer.success/handoff-acme-analytics-2026-05-25.md';
const SUMMARY = 'sessions/chief.staff/ceo-daily-summary-2026-05-25.md';

describe('links planted in the workspace are not followed', () => {
  it('packet, coordination note, summary and temporary names: the targets are untouched, the files written', async () => {
    const baton = await initWorkspace(T0 - 2 * HOUR);
    await closeVerbalDeal(baton, { id: 'acme', company: 'Acme Analytics', t0: T0, sowExpected: '2026-05-29' });
    const outside = tempFolder('baton-victims-');
    const victims: Record<string, string> = {};
    const plant = (relative: string) => {
      const victim = path.join(outside, `${relative.replace(/\W+/g, '_')}.txt`);
      writeFileSync(victim, `precious ${relative}`);
      victims[victim] = `precious ${relative}`;
      symlinkSync(victim, path.join(baton.cwd, relative));
    };
    for (const file of [PACKET, NOTE, SUMMARY]) {
      plant(file);
      // The names older versions wrote through (`<file>.<pid>.tmp`), and ones shaped like today's.
      for (let pid = 1; pid < 40; pid += 1) plant(`${file}.${pid}.tmp`);
      const dir = path.dirname(file);
      plant(`${dir}/.${path.basename(file)}.0000000000000000.baton-tmp`);
    }

    const filed = await fileDraft(baton, 'acme', T0 + 30 * 60_000);
    expect(filed).toBe(PACKET);
    await baton.ok(['summary', '--date', '2026-05-25'], T0 + HOUR);

    for (const [victim, bytes] of Object.entries(victims)) expect(readFileSync(victim, 'utf8'), victim).toBe(bytes);
    for (const file of [PACKET, NOTE, SUMMARY]) {
      const full = path.join(baton.cwd, file);
      expect(lstatSync(full).isSymbolicLink(), file).toBe(false);
      expect(readFileSync(full, 'utf8').length, file).toBeGreaterThan(50);
    }
    expect(baton.read(PACKET)).toMatch(/^Customer company: Acme Analytics$/m);
    expect(baton.read(SUMMARY)).toMatch(/DEAL CLOSED — Acme Analytics/);
    // Baton's own temporary files are gone; the planted links (fresh, and not Baton's files) stay links.
    const left = readdirSync(path.join(baton.cwd, 'operations/handoffs')).filter((n) => n.endsWith('.baton-tmp'));
    expect(left).toEqual(['.assessment-acme-analytics-2026-05-25.md.0000000000000000.baton-tmp']);
  });
});
