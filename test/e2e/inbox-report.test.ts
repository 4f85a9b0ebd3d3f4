import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { closeEngine, openEngine, type Engine } from '../../src/engine/engine.js';
import { createApp } from '../../src/http/app.js';
import { backends, type BackendTarget } from '../support/backends.js';
import { type Baton, HOUR, MINUTE, SCENARIO_TIMEOUT, closeVerbalDeal, fileDraft, initWorkspace, iso, removeTempFolders, CONTACT } from '../support/e2e.js';
import { BASE_ENV, TOKENS, type TokenRole } from '../support/http.js';
import { pgUrlWithSchema } from '../support/in-process.js';

/**
 * SPEC §15 inbox and reports, through the built CLI and the HTTP API on one store (a SQLite
 * file, and a fresh PostgreSQL schema): the same data gives the same list and the same numbers.
 *
 * - `initech`: verbal, closed at T0 - 3 h, packet never filed (3 h 30 min overdue at NOW);
 * - `acme`: verbal, closed at T0, packet never filed (30 min overdue);
 * - `globex`: written, closed at T0 + 1 h, packet filed 30 min later (acknowledgement open).
 */

const T0 = Date.parse('2026-11-26T09:00:00.000Z');
const NOW = T0 + 2 * HOUR + 30 * MINUTE;

for (const backend of backends) {
  describe(`SPEC §15 inbox and report, CLI and API alike (${backend.name})`, () => {
    let baton: Baton;
    let target: BackendTarget;
    let engine: Engine;
    let app: ReturnType<typeof createApp>;

    const api = async (url: string, as: TokenRole) => {
      const res = await app.request(`http://localhost${url}`, { headers: { Authorization: `Bearer ${TOKENS[as]}` } });
      return { status: res.status, json: (await res.json()) as any };
    };

    beforeAll(async () => {
      target = await backend.setup();
      baton = await initWorkspace(T0 - 5 * HOUR);
      const configPath = path.join(baton.cwd, 'baton.config.yaml');
      if (target.pgSchema) {
        const yaml = readFileSync(configPath, 'utf8').replace(/^database: .*$/m, `database: "${pgUrlWithSchema(target.pgSchema)}"`);
        writeFileSync(configPath, yaml);
      }
      await closeVerbalDeal(baton, { id: 'initech', company: 'Initech', t0: T0 - 3 * HOUR, sowExpected: '2026-12-01' });
      await closeVerbalDeal(baton, { id: 'acme', company: 'Acme Corp', t0: T0, sowExpected: '2026-12-01' });
      await baton.ok(['deal', 'add', 'globex', '--company', 'Globex', ...CONTACT], T0);
      await baton.ok(['deal', 'commit', 'globex', '--type', 'written'], T0);
      await baton.ok(['deal', 'stage', 'globex', 'closed-won'], T0 + HOUR);
      await fileDraft(baton, 'globex', T0 + HOUR + 30 * MINUTE);

      const config = parseConfig(readFileSync(configPath, 'utf8'), { path: configPath, env: BASE_ENV, cwd: baton.cwd });
      engine = await openEngine(config);
      app = createApp(engine, { now: () => NOW, wake: () => {}, env: BASE_ENV });
    }, SCENARIO_TIMEOUT);

    afterAll(async () => {
      await closeEngine(engine);
      await target.teardown();
      removeTempFolders();
    });

    it("SOP-3a SOP-4.5a the cro's inbox: every open clock it owns, overdue first by how late, then by due time, each with its command", async () => {
      expect(engine.store.dialect).toBe(backend.name);
      const cli = await baton.json<{ role: string; items: any[] }>(['inbox', '--as', 'cro'], NOW);
      expect(cli.role).toBe('cro');
      expect(cli.items.map((i) => [i.id, i.clock, i.urgency])).toEqual([
        ['initech', 'packet', 'overdue'],
        ['acme', 'packet', 'overdue'],
        ['initech', 'sow-send', 'pending'],
        ['acme', 'sow-send', 'pending'],
        ['initech', 'sow-signature', 'pending'],
        ['acme', 'sow-signature', 'pending'],
      ]);
      expect(cli.items[0]).toMatchObject({
        company: 'Initech',
        dueAt: iso(T0 - HOUR),
        lateMs: 3.5 * HOUR,
        command: 'baton packet file initech FILE --as cro',
        tool: { name: 'packet_file' },
      });
      expect(cli.items[2]).toMatchObject({ command: 'baton sow sent initech --as cro', tool: { name: 'sow_sent', arguments: { id: 'initech' } } });
      // The same list through the API, for the token's role.
      expect((await api('/api/inbox', 'cro')).json).toEqual(cli);

      const text = (await baton.ok(['inbox'], NOW, { env: { BATON_ROLE: 'cro' } })).stdout;
      expect(text).toContain('6 open for cro, most urgent first');
      expect(text).toMatch(/1\. Initech \(initech\), packet: OVERDUE by 3 h 30 min/);
      expect(text).toContain('$ baton packet file initech FILE --as cro');
    });

    it("SOP-4.4a customer.success owes the acknowledgement; chief.staff today's summary; a token may read another role's inbox with ?role=", async () => {
      const cs = await baton.json<{ role: string; items: any[] }>(['inbox', '--as', 'customer.success'], NOW);
      expect(cs.items).toEqual([expect.objectContaining({ id: 'globex', clock: 'acknowledgement', urgency: 'pending', command: 'baton ack globex --as customer.success' })]);
      expect((await api('/api/inbox?role=customer.success', 'cro')).json).toEqual(cs);
      expect((await api('/api/inbox', 'customer.success')).json).toEqual(cs);

      const cos = await baton.json<{ items: any[] }>(['inbox', '--as', 'chief.staff'], NOW);
      expect(cos.items).toEqual([expect.objectContaining({ id: null, clock: null, command: 'baton summary --as chief.staff', tool: { name: 'summary', arguments: {} } })]);

      expect((await api('/api/inbox?role=nobody', 'cro')).status).toBe(400);
      const none = await baton.invalid(['inbox'], NOW, { env: { BATON_ROLE: undefined } });
      expect(none.stderr).toContain('--as');
    });

    it('SPEC §15 report: per clock and per role, counts, on-time rate and p50/p90, the same from the CLI (JSON and CSV) and the API', async () => {
      const cli = await baton.json<any>(['report'], NOW);
      expect(cli).toMatchObject({ from: '2026-10-28', to: '2026-11-26', timezone: 'UTC' });
      const byClock = Object.fromEntries(cli.clocks.map((c: any) => [c.clock, c]));
      expect(byClock.packet).toMatchObject({ started: 3, done: 1, doneOnTime: 1, doneLate: 0, open: 2, openPastDue: 2, onTimeRate: 1 / 3, p50Ms: 30 * MINUTE, p90Ms: 30 * MINUTE });
      expect(byClock.acknowledgement).toMatchObject({ started: 1, done: 0, open: 1, openPastDue: 0, onTimeRate: null, p50Ms: null });
      expect(byClock['sow-send']).toMatchObject({ started: 2, open: 2, openPastDue: 0 });
      const cro = cli.roles.find((r: any) => r.role === 'cro');
      // packet, announcement, sow-send and sow-signature: globex's packet and announcement done on time.
      expect(cro).toMatchObject({ started: 10, done: 2, doneOnTime: 2, openPastDue: 4, onTimeRate: 2 / 6 });
      expect((await api('/api/report', 'ceo')).json).toEqual(cli);

      const later = await baton.json<any>(['report', '--from', '2026-11-27', '--to', '2026-11-30'], NOW);
      expect(later.clocks.every((c: any) => c.started === 0)).toBe(true);
      expect((await api('/api/report?from=2026-11-27&to=2026-11-30', 'cro')).json).toEqual(later);

      const csv = (await baton.ok(['report', '--csv'], NOW)).stdout.trim().split('\n');
      expect(csv[0]).toBe('group,name,started,done,doneOnTime,doneLate,open,openPastDue,cancelled,onTimeRate,p50Ms,p90Ms,holds,heldMs,from,to');
      expect(csv).toContain(`clock,packet,3,1,1,0,2,2,0,${1 / 3},1800000,1800000,0,0,2026-10-28,2026-11-26`);
      expect(csv.filter((l) => l.startsWith('role,')).length).toBe(3);
      expect((await baton.ok(['report'], NOW)).stdout).toMatch(/^packet\s+3\s+1\s+1\s+0\s+2\s+2\s+33%\s+30 min\s+30 min\s+0$/m);
    });

    it('SPEC §15 report: a bad date is refused naming --from or --to and the fix (exit 2; 400 from the API)', async () => {
      const bad = await baton.invalid(['report', '--from', '2026-13-01'], NOW);
      expect(bad.stderr).toContain('--from: "2026-13-01" is not a date');
      expect(bad.stderr).toContain('YYYY-MM-DD');
      const swapped = await baton.invalid(['report', '--from', '2026-11-20', '--to', '2026-11-01'], NOW);
      expect(swapped.stderr).toContain('--from');
      const res = await api('/api/report?to=tomorrow', 'cro');
      expect(res.status).toBe(400);
      expect(res.json.problems[0]).toMatchObject({ field: 'to' });
    });

    it("SPEC §15 a held clock stays in its owner's inbox, held and last; resumed, it is pending again, and the report counts the hold apart", async () => {
      await baton.ok(['clock', 'hold', 'globex', 'acknowledgement', '--reason', 'customer on leave', '--as', 'chief.staff'], NOW);
      const held = await baton.json<{ items: any[] }>(['inbox', '--as', 'customer.success'], NOW + MINUTE);
      expect(held.items.map((i) => [i.id, i.clock, i.urgency])).toEqual([['globex', 'acknowledgement', 'held']]);
      expect((await api('/api/inbox?role=customer.success', 'cro')).json).toMatchObject({ items: [{ id: 'globex', urgency: 'held' }] });
      await baton.ok(['clock', 'resume', 'globex', 'acknowledgement', '--as', 'ceo'], NOW + HOUR);
      const resumed = await baton.json<{ items: any[] }>(['inbox', '--as', 'customer.success'], NOW + HOUR);
      expect(resumed.items).toEqual([expect.objectContaining({ id: 'globex', clock: 'acknowledgement', urgency: 'pending' })]);
      const report = await baton.json<any>(['report'], NOW + HOUR);
      expect(report.clocks.find((c: any) => c.clock === 'acknowledgement')).toMatchObject({ holds: 1, heldMs: HOUR });
    });
  });
}
