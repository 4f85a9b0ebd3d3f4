import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { closeEngine, openEngine, type Engine } from '../../src/engine/engine.js';
import { stopServe, waitFor } from '../multiprocess/cluster.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { dropSchema, freshSchemaName, pgTestUrl, pgUnreachable } from '../support/pg.js';
import { count, freshAppName, linesOf, missesPerClock, postsPerKey, seedDeals, startProxy, startServe, twice, type Proxy, type ServeProcess } from '../support/faults.js';
import { testConfig } from '../support/config.js';

/**
 * SPEC §17 "Database faults": three `baton serve` processes (the built CLI) on one
 * PostgreSQL schema, reaching it through a TCP proxy, while deals close and their clocks
 * fall due. Every half second the test terminates their backends (`pg_terminate_backend`,
 * matched on this run's application_name: what a failover or a connection reaper does);
 * half way through, the proxy goes down for 3 s (every connection reset, new ones
 * refused: a restart). Afterwards every process still runs, logged each outage once (not
 * once per failed query), every clock fired exactly once and every message reached the
 * fake Slack once.
 *
 * ~20 s of faults in `npm test`; `BATON_FAULT_SECONDS=60` (`npm run test:faults`) runs a minute.
 */

const FAULT_SECONDS = Number(process.env.BATON_FAULT_SECONDS ?? 20);
/** Deals seeded per second during the faults: a modest load (two clocks and one message each). */
const DEALS_PER_SECOND = 12;
const KILL_EVERY_MS = 500;
const PROXY_DOWN_MS = 3000;
const LEASE_MS = 2000;

// No reminders (SPEC §15): one message owed per deal, as the counts below say.
const CONFIG = testConfig({ org: 'Fault Co', leaseSeconds: LEASE_MS / 1000, reminders: false });

const unreachable = await pgUnreachable();
if (unreachable && !process.env.CI) console.warn(`PostgreSQL at ${pgTestUrl} is unreachable (${unreachable}); skipping the database fault tests.`);

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(unreachable !== undefined && !process.env.CI)('baton serve when PostgreSQL drops its connections', () => {
  it(
    `3 serves, backends terminated every ${KILL_EVERY_MS} ms for ${FAULT_SECONDS} s and the server unreachable for ${PROXY_DOWN_MS / 1000} s: all still run, each outage logged once, every clock fired once, every message sent once`,
    async () => {
      const schema = freshSchemaName();
      const appName = freshAppName();
      const dir = mkdtempSync(path.join(tmpdir(), 'baton-fault-'));
      writeFileSync(path.join(dir, 'baton.config.yaml'), CONFIG);
      cleanups.push(
        async () => rmSync(dir, { recursive: true, force: true }),
        () => dropSchema(schema),
      );

      const direct = new URL(pgTestUrl);
      direct.searchParams.set('options', `-c search_path=${schema}`);
      const proxy: Proxy = await startProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
      cleanups.push(() => proxy.close());
      const viaProxy = new URL(direct.toString());
      viaProxy.host = `127.0.0.1:${proxy.port}`;
      viaProxy.searchParams.set('application_name', appName);

      const slack: FakeSlack = await startFakeSlack({ channels: [{ id: 'C0EXEC', name: 'exec-checkins' }] });
      cleanups.push(() => slack.close());
      // The test's own engine connects directly, under another name: it seeds and reads.
      const engine: Engine = await openEngine(loadConfig({ cwd: dir, env: { BATON_DATABASE_URL: direct.toString() } }));
      cleanups.push(() => closeEngine(engine));
      const admin = new pg.Client({ connectionString: pgTestUrl });
      admin.on('error', () => undefined);
      await admin.connect();
      cleanups.push(() => admin.end());

      const env = { BATON_DATABASE_URL: viaProxy.toString(), SLACK_BOT_TOKEN: 'xoxb-fault', BATON_SLACK_API_URL: slack.url, BATON_HTTP_TIMEOUT_MS: '1000' };
      const serves: ServeProcess[] = await Promise.all([0, 1, 2].map(() => startServe(dir, env)));
      cleanups.push(async () => {
        for (const s of serves) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
        await Promise.all(serves.map((s) => s.exited));
      });
      const logs = () => serves.map((s, i) => `--- serve ${i}\n${s.log.join('').slice(-2500)}`).join('\n');

      // The faults: terminations every half second, the proxy down for 3 s half way through.
      let rounds = 0;
      let terminated = 0;
      let faulting = true;
      let proxyDown: { from: number; to: number } | undefined;
      const killer = (async () => {
        const started = Date.now();
        while (Date.now() - started < FAULT_SECONDS * 1000) {
          if (!proxyDown && Date.now() - started >= (FAULT_SECONDS * 1000) / 2) {
            const from = Date.now();
            await proxy.down();
            await sleep(PROXY_DOWN_MS);
            await proxy.up();
            proxyDown = { from, to: Date.now() };
            continue;
          }
          const { rows } = await admin.query<{ killed: boolean }>(
            `select pg_terminate_backend(pid) as killed from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid() and application_name = $1`,
            [appName],
          );
          rounds++;
          terminated += rows.filter((r) => r.killed).length;
          await sleep(KILL_EVERY_MS);
        }
        faulting = false;
      })();
      // The load: deals close while the faults go on.
      let deals = 0;
      const seeding = (async () => {
        while (faulting) {
          const tick = Date.now();
          const n = Math.max(1, Math.round(DEALS_PER_SECOND / 4));
          await seedDeals(engine, deals, n);
          deals += n;
          await sleep(Math.max(0, 250 - (Date.now() - tick)));
        }
      })();
      await Promise.all([killer, seeding]);

      const CLOCKS = 2 * deals;
      await waitFor(
        async () =>
          (await count(engine, `select count(*) as n from events where type = 'clock.missed'`)) >= CLOCKS &&
          (await count(engine, `select count(*) as n from messages where state = 'delivered'`)) >= deals,
        'every clock to fire and every message to be delivered',
        120_000,
        logs,
      );

      // Every process still runs and answers.
      for (const s of serves) {
        expect(s.child.exitCode, logs()).toBeNull();
        expect((await fetch(`${s.url}/health`)).status).toBe(200);
      }
      // Exactly once: one miss per clock, one post per message key, nothing claimed.
      const perClock = await missesPerClock(engine);
      expect(perClock.size, 'distinct clocks that fired').toBe(CLOCKS);
      expect(twice(perClock), 'clocks that fired twice').toEqual([]);
      const perKey = postsPerKey(slack.posts());
      expect(perKey.size, 'distinct messages posted').toBe(deals);
      expect(twice(perKey), 'messages posted twice').toEqual([]);
      expect(await count(engine, `select count(*) as n from messages`)).toBe(deals);
      await waitFor(async () => (await count(engine, `select count(*) as n from messages where state <> 'delivered'`)) === 0, 'the store to record every delivery', 30_000, logs);

      // One line per outage: never more outages than fault rounds, each one ended, and the
      // 3 s the server was unreachable is one outage in every process (many failed attempts).
      const outages = serves.map((s) => linesOf(s, /database unreachable since/));
      const backs = serves.map((s) => linesOf(s, /database back after/));
      const absorbed = backs.map((lines) => lines.reduce((sum, line) => sum + Number(/\((\d+) failed attempts?\)/.exec(line)?.[1] ?? 0), 0));
      for (const [i, s] of serves.entries()) {
        expect(outages[i]!.length, `serve ${i} outages\n${logs()}`).toBeGreaterThanOrEqual(1);
        expect(outages[i]!.length, `serve ${i} outages\n${logs()}`).toBeLessThanOrEqual(rounds + 1);
        expect(backs[i]!.length, `serve ${i}: every outage ended\n${logs()}`).toBe(outages[i]!.length);
        expect(linesOf(s, /pass failed|Error|Warning/), `serve ${i}: other failures\n${logs()}`).toEqual([]);
        const during = outages[i]!.filter((line) => {
          const at = Date.parse(/since (\S+):/.exec(line)?.[1] ?? '');
          return at >= proxyDown!.from && at <= proxyDown!.to;
        });
        expect(during.length, `serve ${i}: one line for the 3 s outage\n${logs()}`).toBeLessThanOrEqual(1);
      }

      if (process.env.BATON_FAULT_VERBOSE) console.log(logs());
      const codes = await Promise.all(serves.map(stopServe));
      expect(codes, logs()).toEqual([0, 0, 0]);
      console.log(
        `pg faults: 3 serves, ${FAULT_SECONDS} s of faults: ${rounds} termination rounds (${terminated} backends terminated) and the server unreachable for ${((proxyDown!.to - proxyDown!.from) / 1000).toFixed(1)} s; ` +
          `outages logged per serve ${outages.map((o) => o.length).join('/')} (failed attempts absorbed ${absorbed.join('/')}); ` +
          `${deals} deals, ${CLOCKS} clocks fired (${twice(perClock).length} twice), ${deals} messages, ${perKey.size} posted (${twice(perKey).length} twice); all 3 serves still running, exit 0 on SIGTERM`,
      );
    },
    (FAULT_SECONDS + 240) * 1000,
  );
});
