import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { closeEngine, openEngine, type Engine } from '../../src/engine/engine.js';
import { execute } from '../../src/engine/execute.js';
import { startServer, type RunningServer } from '../../src/server/serve.js';
import { listEvents } from '../../src/store/index.js';
import { backends, type BackendTarget } from '../support/backends.js';
import { waitFor } from './cluster.js';
import { testConfig } from '../support/config.js';

/**
 * The serve loop sleeps until the next due clock, not a poll interval: with a poll of an
 * hour, a clock written after the loop went to sleep still fires, because the command
 * that wrote it re-arms the timer: in the same process through the engine's hook, and
 * from another process (another engine here) through PostgreSQL's LISTEN/NOTIFY.
 */

const HOUR = 3_600_000;
const CONFIG = testConfig({ org: 'Wake Co', bare: true });

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

async function engineOn(dir: string, target: BackendTarget): Promise<Engine> {
  const config = loadConfig({ cwd: dir, env: { BATON_DATABASE_URL: target.location } });
  const engine = await openEngine(config, target.pgSchema ? { pgSchema: target.pgSchema } : {});
  cleanup.push(() => closeEngine(engine));
  return engine;
}

/** A closed, written deal whose packet and announcement clocks fall due `inMs` from now. */
async function closeDealDueIn(engine: Engine, id: string, inMs: number): Promise<number> {
  const due = Date.now() + inMs;
  const as = { now: due - 2 * HOUR, actor: 'cro' as const };
  await execute(engine, id, { type: 'deal.add', company: `${id} Ltd`, contact: { name: 'Ada', title: 'CTO', email: 'ada@wake.example' } }, as);
  await execute(engine, id, { type: 'deal.commit', commitment: 'written' }, as);
  await execute(engine, id, { type: 'deal.stage', stage: 'closed-won' }, as);
  return due;
}

describe.each(backends)('the serve loop wakes for the next due clock on $name', (backend) => {
  it('fires a clock written by this process (the engine hook) with a poll of an hour', async () => {
    const target = await backend.setup();
    cleanup.push(() => target.teardown());
    const dir = mkdtempSync(path.join(tmpdir(), 'baton-wake-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, 'baton.config.yaml'), CONFIG);
    const engine = await engineOn(dir, target);
    const server: RunningServer = await startServer(engine, { port: 0, host: '127.0.0.1', pollMs: HOUR, log: () => {}, env: {} });
    cleanup.push(() => server.stop());
    // The loop's first pass found nothing: it sleeps for the poll, an hour.
    await closeDealDueIn(engine, 'hooked', 300);
    await waitFor(async () => (await listEvents(engine.store.db, 'hooked')).filter((e) => e.type === 'clock.missed').length === 2, 'the clocks to fire', 20_000);
    const missed = (await listEvents(engine.store.db, 'hooked')).filter((e) => e.type === 'clock.missed');
    expect(missed.map((e) => e.data.name).sort()).toEqual(['announcement', 'packet']);
    expect(missed.every((e) => (e.lateMs ?? -1) >= 0)).toBe(true);
  });

  it.runIf(backend.name === 'postgres')('fires a clock written by another process (LISTEN/NOTIFY) with a poll of an hour', async () => {
    const target = await backend.setup();
    cleanup.push(() => target.teardown());
    const dir = mkdtempSync(path.join(tmpdir(), 'baton-wake-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, 'baton.config.yaml'), CONFIG);
    const serving = await engineOn(dir, target);
    const other = await engineOn(dir, target);
    let hooked = 0;
    serving.clockListeners = new Set([() => hooked++]);
    const server = await startServer(serving, { port: 0, host: '127.0.0.1', pollMs: HOUR, log: () => {}, env: {} });
    cleanup.push(() => server.stop());
    // Let the LISTEN connection come up; a notification sent before it would be caught by
    // its "look again" on connecting anyway.
    await closeDealDueIn(other, 'notified', 500);
    await waitFor(async () => (await listEvents(other.store.db, 'notified')).filter((e) => e.type === 'clock.missed').length === 2, 'the clocks to fire', 20_000);
    // The serving engine's own hook heard nothing of the other engine's commands.
    expect(hooked).toBe(0);
  });
});
