import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { report } from '../../src/app/index.js';
import { parseConfig } from '../../src/config/config.js';
import { closeEngine, openEngine, type Engine } from '../../src/engine/engine.js';
import { appendEvents, inTransaction } from '../../src/store/index.js';
import { genId, insertHandoffs } from '../dashboard/generate.js';
import { backends, type BackendTarget } from '../support/backends.js';

/**
 * SPEC §15 reports count held time apart: the `clock.held` / `clock.resumed` events
 * (`{clock, reason}`, `{clock, heldMs}`) are read from the store's JSON on both stores, and a
 * held clock's time to done has its held time taken off.
 */

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-26T15:00:00.000Z');

for (const backend of backends) {
  describe(`SPEC §15 report, held time apart (${backend.name})`, () => {
    let target: BackendTarget;
    let dir: string;
    let engine: Engine;

    beforeAll(async () => {
      target = await backend.setup();
      dir = mkdtempSync(path.join(tmpdir(), 'baton-report-'));
      const config = parseConfig('org: { name: "R", timezone: "UTC" }\n', { path: path.join(dir, 'baton.config.yaml'), env: { BATON_DATABASE_URL: target.location }, cwd: dir });
      engine = await openEngine(config, target.pgSchema ? { pgSchema: target.pgSchema } : {});
      // 20 handoffs: 5 packets done on time in 1 h, 2 overdue, 13 pending (see generate.ts).
      await insertHandoffs(engine.store, { count: 20, now: NOW });
      await inTransaction(engine.store, async (tx) => {
        for (const i of [0, 4, 8]) {
          await appendEvents(tx, genId(i), [
            { at: NOW - 2.9 * HOUR, actor: 'chief.staff', type: 'clock.held', data: { clock: 'packet', reason: 'customer asked to wait' } },
            { at: NOW - 2.4 * HOUR, actor: 'chief.staff', type: 'clock.resumed', data: { clock: 'packet', heldMs: 0.5 * HOUR } },
          ]);
        }
        await appendEvents(tx, genId(1), [{ at: NOW - 0.5 * HOUR, actor: 'ceo', type: 'clock.held', data: { clock: 'packet', reason: 'still held' } }]);
      });
    });
    afterAll(async () => {
      await closeEngine(engine);
      await target.teardown();
      rmSync(dir, { recursive: true, force: true });
    });

    it('counts holds and held time per clock and role, and takes held time off the time to done', async () => {
      const r = await report(engine, { now: NOW });
      const packet = r.clocks.find((c) => c.clock === 'packet');
      expect(packet).toMatchObject({ started: 20, done: 5, doneOnTime: 5, doneLate: 0, open: 15, openPastDue: 2, onTimeRate: 5 / 7, holds: 4, heldMs: 1.5 * HOUR });
      // Done in 1 h each; three of them were held 30 min: [30, 30, 30, 60, 60] min.
      expect([packet?.p50Ms, packet?.p90Ms]).toEqual([0.5 * HOUR, HOUR]);
      const cro = r.roles.find((x) => x.role === 'cro');
      expect(cro).toMatchObject({ holds: 4, heldMs: 1.5 * HOUR, p50Ms: 0.5 * HOUR });
      expect(r.clocks.find((c) => c.clock === 'acknowledgement')).toMatchObject({ started: 5, open: 5, holds: 0, heldMs: 0, p50Ms: null, onTimeRate: null });
    });

    it('counts only the clocks started on the days asked, and the holds placed on them', async () => {
      const r = await report(engine, { from: '2026-11-27', to: '2026-11-27', now: NOW });
      expect(r.clocks.every((c) => c.started === 0 && c.holds === 0)).toBe(true);
      expect(r.roles.map((x) => x.role)).toEqual(['cro', 'customer.success', 'chief.staff']);
    });
  });
}
