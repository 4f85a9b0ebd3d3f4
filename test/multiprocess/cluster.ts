import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { closeEngine, openEngine, type Engine } from '../../src/engine/engine.js';
import { executeIn } from '../../src/engine/execute.js';
import { inTransaction } from '../../src/store/index.js';
import { BIN } from '../support/cli.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { dropSchema, freshSchemaName, pgTestUrl } from '../support/pg.js';
import { testConfig } from '../support/config.js';

/**
 * Several `baton serve` processes (the BUILT bin/baton) on one PostgreSQL schema, posting
 * to one fake Slack, as the README's "Deployment" section runs them: each process gets
 * the same BATON_DATABASE_URL (the schema chosen in the URL with
 * `options=-c search_path=<schema>`) and the same workspace folder, and its own port.
 * The test process seeds handoffs through its own engine on the same store.
 */

const HOUR = 3_600_000;
/** The lease on claimed clocks and messages: what a killed process holds them for. */
export const LEASE_MS = 2000;

/** No reminders (SPEC §15): the tests count exactly the clocks' own fires and the messages they owe. */
const config = (leaseMs: number) => testConfig({ org: 'Multi Co', leaseSeconds: leaseMs / 1000, reminders: false });

export interface Serve {
  child: ChildProcess;
  log: string[];
  exited: Promise<number | null>;
}

export interface Cluster {
  dir: string;
  url: string;
  schema: string;
  slack: FakeSlack;
  engine: Engine;
  serves: Serve[];
  /**
   * Starts `count` serves. With `leaseMs`, they read their own config file (same folder,
   * so the same workspace) with that lease: a test can then tell their claims apart.
   */
  start(count: number, opts?: { leaseMs?: number }): Promise<Serve[]>;
  /**
   * Seeds `deals` written, closed deals (add, commit, close: the engine's commands) whose
   * packet and announcement clocks fall due 1.5 to 3.5 s after each is seeded.
   */
  seed(deals: number, opts?: { concurrency?: number; onSeeded?: (n: number) => void }): Promise<void>;
  count(query: string): Promise<number>;
  close(): Promise<void>;
}

function batonBin(): string {
  try {
    return inject('batonBin') || BIN;
  } catch {
    return BIN;
  }
}

export async function openCluster(): Promise<Cluster> {
  const schema = freshSchemaName();
  const u = new URL(pgTestUrl);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const url = u.toString();
  const dir = mkdtempSync(path.join(tmpdir(), 'baton-multi-'));
  writeFileSync(path.join(dir, 'baton.config.yaml'), config(LEASE_MS));
  const slack = await startFakeSlack({ channels: [{ id: 'C0EXEC', name: 'exec-checkins' }] });
  // The test's own engine has no Slack token: it only seeds and reads, it never delivers.
  const engine = await openEngine(loadConfig({ cwd: dir, env: { BATON_DATABASE_URL: url } }));
  const serves: Serve[] = [];

  const spawnServe = async (leaseMs: number | undefined): Promise<Serve> => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      BATON_DATABASE_URL: url,
      SLACK_BOT_TOKEN: 'xoxb-multi',
      BATON_SLACK_API_URL: slack.url,
      BATON_HTTP_TIMEOUT_MS: '1000', // at most half the lease (LEASE_MS): see src/config/lease.ts
    };
    for (const name of ['BATON_NOW', 'BATON_CONFIG', 'BATON_ROLE', 'BATON_PORT', 'MONDAY_API_TOKEN']) delete env[name];
    if (leaseMs !== undefined) {
      writeFileSync(path.join(dir, `lease-${leaseMs}.config.yaml`), config(leaseMs));
      env.BATON_CONFIG = path.join(dir, `lease-${leaseMs}.config.yaml`);
    }
    const child = spawn(process.execPath, [batonBin(), 'serve', '--port', '0'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    const log: string[] = [];
    child.stderr?.on('data', (chunk: Buffer) => log.push(chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const serve = { child, log, exited };
    await waitFor(
      () => log.join('').includes('listening on'),
      'baton serve to listen',
      30_000,
      () => log.join(''),
    );
    return serve;
  };

  return {
    dir,
    url,
    schema,
    slack,
    engine,
    serves,
    async start(count, opts = {}) {
      const started = await Promise.all(Array.from({ length: count }, () => spawnServe(opts.leaseMs)));
      serves.push(...started);
      return started;
    },
    async seed(deals, opts = {}) {
      // Through the engine's command path (executeIn), 25 deals to a transaction: the
      // commits, not the commands, are what a seeding lane waits for.
      const perTransaction = 25;
      let next = 0;
      let seeded = 0;
      const chunk = (from: number) =>
        inTransaction(engine.store, async (tx) => {
          for (let i = from; i < Math.min(deals, from + perTransaction); i++) {
            const due = Date.now() + 1500 + (i % 21) * 100;
            const as = { now: due - 2 * HOUR, actor: 'cro' as const };
            const id = `multi-${String(i).padStart(5, '0')}`;
            await executeIn(tx, engine, id, { type: 'deal.add', company: `Multi ${i} Ltd`, contact: { name: 'Ada', title: 'CTO', email: 'ada@multi.example' } }, as);
            await executeIn(tx, engine, id, { type: 'deal.commit', commitment: 'written' }, as);
            await executeIn(tx, engine, id, { type: 'deal.stage', stage: 'closed-won' }, as);
          }
        });
      const lane = async () => {
        for (let from = (next += perTransaction) - perTransaction; from < deals; from = (next += perTransaction) - perTransaction) {
          await chunk(from);
          seeded = Math.min(deals, seeded + perTransaction);
          opts.onSeeded?.(seeded);
        }
      };
      await Promise.all(Array.from({ length: opts.concurrency ?? 4 }, lane));
    },
    async count(query) {
      const { rows } = await sql<{ n: string | number }>`${sql.raw(query)}`.execute(engine.store.db);
      return Number(rows[0]?.n ?? 0);
    },
    async close() {
      for (const s of serves) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
      await Promise.all(serves.map((s) => s.exited));
      await closeEngine(engine);
      await slack.close();
      await dropSchema(schema);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves once `check` holds, looking every 20 ms (no fixed sleeps). */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs: number, context: () => string = () => ''): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${context().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Stops a serve with SIGTERM and returns its exit code. */
export async function stopServe(serve: Serve): Promise<number | null> {
  serve.child.kill('SIGTERM');
  return serve.exited;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** How many clocks each serve says it fired, from its log lines. */
export function firedPerServe(serves: readonly Serve[]): number[] {
  return serves.map((s) => [...s.log.join('').matchAll(/fired (\d+) clock\(s\)/g)].reduce((sum, m) => sum + Number(m[1]), 0));
}
