import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileScheduledSummary, summaryText } from '../../src/app/index.js';
import { parseConfig } from '../../src/config/config.js';
import { closeEngine, openEngine, type Engine } from '../../src/engine/engine.js';
import { listMessages, listOrgEvents } from '../../src/store/index.js';
import { backends, type BackendTarget } from '../support/backends.js';
import { batonBin, run } from '../support/cli.js';
import { pgUrlWithSchema } from '../support/in-process.js';

interface Serve {
  child: ChildProcess;
  log: string[];
  exited: Promise<number | null>;
}

/** The built `baton serve` on a free port, its clock fixed at `now` (BATON_NOW). */
function serve(cwd: string, now: string): Serve {
  const env: NodeJS.ProcessEnv = { ...process.env, BATON_NOW: now };
  for (const name of ['BATON_DATABASE_URL', 'BATON_CONFIG', 'BATON_ROLE', 'SLACK_BOT_TOKEN', 'MONDAY_API_TOKEN']) delete env[name];
  const child = spawn(process.execPath, [batonBin(), 'serve', '--port', '0'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  child.stdout?.on('data', (d) => log.push(String(d)));
  child.stderr?.on('data', (d) => log.push(String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, log, exited };
}

/** Logged once serve handles SIGTERM: a signal sent earlier would kill it. */
const listening = (s: Serve) => s.log.join('').includes('listening on');

function stop(s: Serve): Promise<number | null> {
  s.child.kill('SIGTERM');
  return s.exited;
}

/** The DMs of the 2026-11-28 summary, as `baton messages --json` lists them. */
async function dms(cwd: string, now: string): Promise<{ kind: string; to: string; state: string }[]> {
  const res = await run(['messages', '--json'], { cwd, now });
  if (res.code !== 0) return [];
  return (JSON.parse(res.stdout) as { kind: string; key: string; to: string; state: string }[]).filter((m) => m.key === 'daily-summary:2026-11-28');
}

/** Polls `check` (each try a CLI run or a log read) until it holds; fails with the serves' logs. */
async function waitUntil(check: () => Promise<boolean>, what: string, serves: Serve[], timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}:\n${serves.map((s) => s.log.join('')).join('\n---\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * SPEC §15 `summary.at`: serve files the CEO Daily Summary and DMs it to chief.staff once a
 * day from that org-local time: not before, and never twice, across several serve processes
 * (several engines on one store) and restarts. Time is injected; nothing waits on a clock.
 */

// 08:00 in Paris is 07:00 UTC in November.
const AT = Date.parse('2026-11-26T07:00:00.000Z');
const NEXT_DAY_AT = Date.parse('2026-11-27T07:00:00.000Z');

for (const backend of backends) {
  describe(`SPEC §15 scheduled summary (${backend.name})`, () => {
    let target: BackendTarget;
    let dir: string;
    const engines: Engine[] = [];

    const open = async () => {
      const yaml = `org: { name: "Test Org", timezone: "Europe/Paris" }\nsummary: { at: "08:00" }\nroles: { chief.staff: { slack: "U0COS" } }\n`;
      const config = parseConfig(yaml, { path: path.join(dir, 'baton.config.yaml'), env: { BATON_DATABASE_URL: target.location }, cwd: dir });
      const engine = await openEngine(config, target.pgSchema ? { pgSchema: target.pgSchema } : {});
      engines.push(engine);
      return engine;
    };
    const summaries = async (engine: Engine) => (await listMessages(engine.store.db)).filter((m) => m.kind === 'daily-summary');

    beforeAll(async () => {
      target = await backend.setup();
      dir = mkdtempSync(path.join(tmpdir(), 'baton-summary-at-'));
    });
    afterAll(async () => {
      for (const e of engines.splice(0)) await closeEngine(e).catch(() => {});
      await target.teardown();
      rmSync(dir, { recursive: true, force: true });
    });

    it('SOP-4.3b nothing is filed before summary.at; from it, of two serve processes exactly one files and queues the DM; a restart the same day sends nothing; the next day sends again', async () => {
      const [a, b] = [await open(), await open()];
      // 1 ms before 08:00 Paris: nothing, and the next look is at 08:00.
      expect(await fileScheduledSummary(a, AT - 1)).toEqual({ nextAt: AT });
      expect(await summaries(a)).toEqual([]);

      // At 08:00, both at once: one claims the day. (One process's two SQLite connections would
      // block each other's event loop on the write lock: there they ask one after the other.)
      const both =
        backend.name === 'postgres'
          ? await Promise.all([fileScheduledSummary(a, AT), fileScheduledSummary(b, AT)])
          : [await fileScheduledSummary(a, AT), await fileScheduledSummary(b, AT)];
      expect(both.filter((r) => r.filed).length).toBe(1);
      for (const r of both) expect(r.nextAt).toBe(NEXT_DAY_AT);
      const [dm] = await summaries(a);
      expect(await summaries(a)).toHaveLength(1);
      expect(dm).toMatchObject({ recipient: 'chief.staff', channel: 'slack', key: 'daily-summary:2026-11-26' });
      // The text `baton summary` prints and files, under sessions/chief.staff/.
      const expected = await summaryText(a, '2026-11-26', AT);
      expect(dm?.text).toBe(expected.text);
      expect(readFileSync(path.join(dir, expected.path), 'utf8')).toBe(expected.text);
      const filedEvents = (await listOrgEvents(a.store.db)).filter((e) => e.type === 'summary.filed');
      expect(filedEvents).toEqual([expect.objectContaining({ actor: 'baton', data: { date: '2026-11-26', path: expected.path } })]);

      // A restart later that day (a new process on the same store) sends nothing more.
      await closeEngine(a);
      const restarted = await open();
      expect((await fileScheduledSummary(restarted, AT + 8 * 3_600_000)).filed).toBeUndefined();
      expect(await fileScheduledSummary(b, AT + 9 * 3_600_000)).toEqual({ nextAt: NEXT_DAY_AT });
      expect(await summaries(restarted)).toHaveLength(1);

      // The next day, after 08:00 (a serve started late): sent once more.
      expect((await fileScheduledSummary(b, NEXT_DAY_AT + 30 * 60_000)).filed?.date).toBe('2026-11-27');
      expect((await fileScheduledSummary(restarted, NEXT_DAY_AT + 31 * 60_000)).filed).toBeUndefined();
      expect((await summaries(b)).map((m) => m.key)).toEqual(['daily-summary:2026-11-26', 'daily-summary:2026-11-27']);
    });

    it('SOP-4.3b two baton serve processes started after summary.at, then a restart, deliver the DM to chief.staff once', async () => {
      const cwd = mkdtempSync(path.join(tmpdir(), 'baton-summary-serve-'));
      try {
        const database = target.pgSchema ? pgUrlWithSchema(target.pgSchema) : path.join(dir, 'serve.db');
        writeFileSync(
          path.join(cwd, 'baton.config.yaml'),
          `org: { name: "Test Org", timezone: "Europe/Paris" }\ndatabase: "${database}"\nsummary: { at: "08:00" }\nroles: { chief.staff: { slack: "U0COS" } }\n`,
        );
        // Before 08:00 Paris: the serve says when, and sends nothing.
        const early = serve(cwd, '2026-11-28T06:59:00.000Z');
        await waitUntil(async () => listening(early) && early.log.join('').includes('next at 2026-11-28T07:00:00.000Z'), 'the early serve scheduling the summary', [early]);
        expect(await stop(early)).toBe(0);
        expect(await dms(cwd, '2026-11-28T06:59:00.000Z')).toEqual([]);

        const now = '2026-11-28T10:00:00.000Z';
        const first = [serve(cwd, now), serve(cwd, now)];
        await waitUntil(async () => first.every(listening) && (await dms(cwd, now)).some((m) => m.state === 'delivered'), 'the DM delivered', first);
        for (const s of first) expect(await stop(s)).toBe(0);
        const again = serve(cwd, '2026-11-28T16:00:00.000Z');
        // Its summary timer has looked (the day is claimed) once it names the next day's time.
        await waitUntil(async () => listening(again) && again.log.join('').includes('next at 2026-11-29T07:00:00.000Z'), 'the restarted serve looking', [again]);
        expect(await stop(again)).toBe(0);
        const sent = await dms(cwd, '2026-11-28T16:00:00.000Z');
        expect(sent.map((m) => [m.kind, m.to, m.state])).toEqual([['daily-summary', 'chief.staff', 'delivered']]);
        const filedBy = [...first, again].map((s) => s.log.join('').includes('filed the CEO Daily Summary for 2026-11-28'));
        expect(filedBy.filter(Boolean)).toHaveLength(1);
        expect(existsSync(path.join(cwd, 'sessions/chief.staff/ceo-daily-summary-2026-11-28.md'))).toBe(true);
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    }, 60_000);
  });
}
