import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { sql } from 'kysely';
import { inject } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { executeIn } from '../../src/engine/execute.js';
import { inTransaction } from '../../src/store/index.js';
import { waitFor, type Serve } from '../multiprocess/cluster.js';
import { BIN } from './cli.js';

/** Shared pieces of the fault tests: a TCP proxy that can go down, serves with a URL, seeding, counting. */

const HOUR = 3_600_000;

export function batonBin(): string {
  try {
    return inject('batonBin') || BIN;
  } catch {
    return BIN;
  }
}

/** An application_name no other run uses: the terminations hit this run's backends only. */
export function freshAppName(): string {
  return `baton-fault-${randomBytes(4).toString('hex')}`;
}

/**
 * A TCP proxy in front of PostgreSQL: `down()` resets every connection through it and
 * refuses new ones (ECONNRESET, then ECONNREFUSED: what a restart looks like from a client);
 * `up()` accepts again on the same port.
 */
export interface Proxy {
  port: number;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startProxy(target: { host: string; port: number }): Promise<Proxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  const port = await listen(0);
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) {
        try {
          s.resetAndDestroy();
        } catch {
          s.destroy();
        }
      }
      sockets.clear();
    });
  return {
    port,
    down: stop,
    up: async () => {
      await listen(port);
    },
    close: async () => {
      if (server.listening) await stop();
    },
  };
}

export interface ServeProcess extends Serve {
  url: string;
}

/** Starts `bin/baton serve --port 0` in `dir` with `env` (over the runner's, minus its Baton settings); resolves once it listens. */
export async function startServe(dir: string, env: Record<string, string>): Promise<ServeProcess> {
  const full: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['BATON_NOW', 'BATON_CONFIG', 'BATON_ROLE', 'BATON_PORT', 'MONDAY_API_TOKEN', 'BATON_DATABASE_URL', 'SLACK_BOT_TOKEN']) delete full[name];
  Object.assign(full, env);
  const child = spawn(process.execPath, [batonBin(), 'serve', '--port', '0'], { cwd: dir, env: full, stdio: ['ignore', 'ignore', 'pipe'] });
  const log: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => log.push(chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await waitFor(
    () => /listening on (http:\/\/\S+)/.test(log.join('')) || child.exitCode !== null,
    'baton serve to listen',
    60_000,
    () => log.join(''),
  );
  const url = /listening on (http:\/\/\S+)/.exec(log.join(''))?.[1];
  if (!url) throw new Error(`baton serve did not start:\n${log.join('')}`);
  return { child, log, exited, url };
}

/**
 * Seeds deals `from` to `from + count - 1` (written, closed: the engine's commands, one
 * transaction per deal) whose packet and announcement clocks fall due 1.5 to 3.5 s later.
 * Per deal, both clocks are missed and the packet miss owes cro one DM.
 */
export async function seedDeals(engine: Engine, from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i++) {
    const due = Date.now() + 1500 + (i % 21) * 100;
    const as = { now: due - 2 * HOUR, actor: 'cro' as const };
    const id = `fault-${String(i).padStart(5, '0')}`;
    await inTransaction(engine.store, async (tx) => {
      await executeIn(tx, engine, id, { type: 'deal.add', company: `Fault ${i} Ltd`, contact: { name: 'Ada', title: 'CTO', email: 'ada@fault.example' } }, as);
      await executeIn(tx, engine, id, { type: 'deal.commit', commitment: 'written' }, as);
      await executeIn(tx, engine, id, { type: 'deal.stage', stage: 'closed-won' }, as);
    });
  }
}

export async function count(engine: Engine, query: string): Promise<number> {
  const { rows } = await sql<{ n: string | number }>`${sql.raw(query)}`.execute(engine.store.db);
  return Number(rows[0]?.n ?? 0);
}

/** How many clock.missed events each clock has. */
export async function missesPerClock(engine: Engine): Promise<Map<string, number>> {
  const missed = await sql<{ deal_id: string; data: string }>`select deal_id, data from events where type = 'clock.missed'`.execute(engine.store.db);
  const perClock = new Map<string, number>();
  for (const row of missed.rows) {
    const key = `${row.deal_id}/${(JSON.parse(row.data) as { name: string }).name}`;
    perClock.set(key, (perClock.get(key) ?? 0) + 1);
  }
  return perClock;
}

/** How many posts the fake Slack holds per message key (the metadata every post carries). */
export function postsPerKey(posts: readonly { metadata?: { event_payload: Record<string, unknown> } }[]): Map<string, number> {
  const perKey = new Map<string, number>();
  for (const post of posts) {
    const key = String(post.metadata?.event_payload.key ?? '');
    perKey.set(key, (perKey.get(key) ?? 0) + 1);
  }
  return perKey;
}

export const twice = (counts: Map<string, number>) => [...counts].filter(([, n]) => n > 1);

/** The lines of a serve's log that match. */
export function linesOf(serve: Serve, pattern: RegExp): string[] {
  return serve.log
    .join('')
    .split('\n')
    .filter((line) => pattern.test(line));
}
