import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { closeEngine, openEngine, type Engine } from '../../src/engine/engine.js';
import { execute } from '../../src/engine/execute.js';
import { fireDueClocks } from '../../src/engine/scheduler.js';
import { loadDeal, saveDeals, type Database } from '../../src/store/index.js';
import { backends, type BackendTarget } from '../support/backends.js';

/**
 * Row versions a fire writes, counted by triggers on every table the engine writes: a
 * missed packet clock costs its claim, the clock row itself, the deal row (its version),
 * one event and one outbox message. Neither the handoff row nor the other clocks of the
 * handoff are written again when they did not change.
 */

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-26T09:00:00.000Z');
const TABLES = ['deals', 'handoffs', 'clocks', 'events', 'messages', 'delivery_items', 'agents', 'inbound_events'] as const;
const DEALS = 3;

/** The announcement at 3 h, as in the bench: at T0 + 2 h only the packet clock is due. */
function config(dir: string, database: string) {
  const text = `org: { name: "Rows Co", timezone: "UTC" }\nworkspace: "."\ndatabase: "${database}"\npolicy:\n  clocks:\n    announcementHours: 3\n`;
  return parseConfig(text, { path: join(dir, 'baton.config.yaml'), env: {} });
}

async function installCounters(db: Kysely<Database>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await sql`create table write_counts (t text not null, op text not null, n integer not null, primary key (t, op))`.execute(db);
  if (dialect === 'postgres') {
    await sql
      .raw(
        `create function count_write() returns trigger language plpgsql as $$
         begin
           insert into write_counts values (tg_table_name, lower(tg_op), 1) on conflict (t, op) do update set n = write_counts.n + 1;
           return null;
         end $$`,
      )
      .execute(db);
    for (const t of TABLES) await sql.raw(`create trigger count_${t} after insert or update or delete on ${t} for each row execute function count_write()`).execute(db);
    return;
  }
  for (const t of TABLES) {
    for (const op of ['insert', 'update', 'delete']) {
      await sql.raw(`insert into write_counts values ('${t}', '${op}', 0)`).execute(db);
      await sql.raw(`create trigger count_${t}_${op} after ${op} on ${t} begin update write_counts set n = n + 1 where t = '${t}' and op = '${op}'; end`).execute(db);
    }
  }
}

async function counts(db: Kysely<Database>): Promise<Record<string, number>> {
  const { rows } = await sql<{ t: string; op: string; n: number }>`select t, op, n from write_counts where n > 0 order by t, op`.execute(db);
  return Object.fromEntries(rows.map((r) => [`${r.op} ${r.t}`, Number(r.n)]));
}

describe.each(backends)('rows written per fire on $name', (backend) => {
  let target: BackendTarget;
  let dir: string;
  let engine: Engine;

  beforeAll(async () => {
    target = await backend.setup();
    dir = mkdtempSync(join(tmpdir(), 'baton-rows-'));
    engine = await openEngine(config(dir, target.location), target.pgSchema ? { pgSchema: target.pgSchema } : {});
    for (let i = 1; i <= DEALS; i++) {
      const id = `r${i}`;
      const at = { now: T0, actor: 'cro' as const };
      await execute(engine, id, { type: 'deal.add', company: `Rows ${i} Corp`, contact: { name: 'Ada', title: 'CTO', email: `ada${i}@rows.example` } }, at);
      await execute(engine, id, { type: 'deal.commit', commitment: 'written' }, at);
      await execute(engine, id, { type: 'deal.stage', stage: 'closed-won' }, at);
    }
    // SPEC §15: the packet's 30-minute reminder goes first, as it does when serve runs; the fire measured is the miss alone.
    expect((await fireDueClocks(engine, T0 + 2 * HOUR - 30 * 60_000)).fired).toBe(DEALS);
    await installCounters(engine.store.db, engine.store.dialect);
  });

  afterAll(async () => {
    if (engine) await closeEngine(engine);
    await target?.teardown();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a missed packet clock writes at most 5 row versions: claim, clock, deal, event, message', async () => {
    const before = await loadDeal(engine.store.db, 'r1');
    const report = await fireDueClocks(engine, T0 + 2 * HOUR + 60_000);
    expect(report.fired).toBe(DEALS);
    const c = await counts(engine.store.db);
    expect(c).toEqual({ 'update clocks': 2 * DEALS, 'update deals': DEALS, 'insert events': DEALS, 'insert messages': DEALS });
    const total = Object.values(c).reduce((a, b) => a + b, 0);
    expect(total / DEALS).toBeLessThanOrEqual(5);

    // The rows still mirror the state: the packet clock overdue and unclaimed, the others as they were.
    const after = await loadDeal(engine.store.db, 'r1');
    expect(after?.version).toBe((before?.version ?? 0) + 1);
    const { packet, ...others } = after?.state.handoff?.clocks ?? {};
    const { packet: packetBefore, ...othersBefore } = before?.state.handoff?.clocks ?? {};
    expect(packet).toEqual({ ...packetBefore, state: 'overdue', missedAt: T0 + 2 * HOUR + 60_000 });
    expect(others).toEqual(othersBefore);
    const claims = await engine.store.db.selectFrom('clocks').select(['name', 'claimed_until']).where('deal_id', '=', 'r1').execute();
    expect(claims.every((r) => r.claimed_until === null)).toBe(true);
  });

  it('a changed handoff row is still written, with only the clocks that changed', async () => {
    const loaded = await loadDeal(engine.store.db, 'r2');
    if (!loaded?.state.handoff) throw new Error('r2 has no handoff');
    const { handoff } = loaded.state;
    const after = {
      ...loaded.state,
      handoff: {
        ...handoff,
        announcedAt: T0 + 3 * HOUR,
        clocks: { ...handoff.clocks, announcement: { ...handoff.clocks.announcement!, state: 'done' as const, doneAt: T0 + 3 * HOUR } },
      },
    };
    const start = await counts(engine.store.db);
    const written = await saveDeals(engine.store.db, [{ before: loaded, after }], T0 + 3 * HOUR);
    expect([...written]).toEqual(['r2']);
    const end = await counts(engine.store.db);
    const delta = Object.fromEntries(
      Object.entries(end)
        .map(([k, v]) => [k, v - (start[k] ?? 0)])
        .filter(([, v]) => (v as number) > 0),
    );
    expect(delta).toEqual({ 'update clocks': 1, 'update deals': 1, 'update handoffs': 1 });
    expect((await loadDeal(engine.store.db, 'r2'))?.state).toEqual(after);
  });
});
