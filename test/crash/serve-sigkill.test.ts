import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { draftPacket } from '../../src/domain/packet/draft.js';
import { closeEngine, openEngine, type Engine } from '../../src/engine/engine.js';
import { execute } from '../../src/engine/execute.js';
import { listMessages } from '../../src/store/index.js';
import { BIN } from '../support/cli.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { testConfig } from '../support/config.js';

/**
 * Crash safety of the outbox (DESIGN: "kill -9 the worker at random points"): `baton serve`
 * delivers to a fake Slack and is killed with SIGKILL again and again, half of the time
 * while a post is in flight (the fake has stored it but not answered). After the last
 * restart every message must have arrived, and none twice: a send that may have landed is
 * looked up by its metadata key before it is sent again.
 */

const DEALS = 80;
const KILLS = 50;
const CONFIG = testConfig({ org: 'Crash Co', leaseSeconds: 1 });

let dir: string;
let slack: FakeSlack;
const serveLog: string[] = [];

function keyOf(post: { metadata?: { event_payload: Record<string, unknown> } }): string {
  return String(post.metadata?.event_payload.key ?? '');
}

/** Resolves once `check` holds, polling the fake's in-memory record (no fixed sleeps). */
async function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}; serve said:\n${serveLog.slice(-20).join('')}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function serve(): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, SLACK_BOT_TOKEN: 'xoxb-crash', BATON_SLACK_API_URL: slack.url, BATON_HTTP_TIMEOUT_MS: '500' }; // at most half the 1 s lease
  for (const name of ['BATON_NOW', 'BATON_CONFIG', 'BATON_DATABASE_URL', 'BATON_ROLE']) delete env[name];
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => serveLog.push(chunk.toString('utf8')));
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** Queues two messages per deal (the announcement and the request to acknowledge), sending none. */
async function seed(engine: Engine, now: number): Promise<void> {
  for (let i = 0; i < DEALS; i++) {
    const id = `crash-${i}`;
    const as = { now, actor: 'cro' as const };
    await execute(engine, id, { type: 'deal.add', company: `Crash ${i} Ltd`, contact: { name: 'Ada', title: 'CTO', email: 'ada@crash.example' } }, as);
    await execute(engine, id, { type: 'deal.commit', commitment: 'written' }, as);
    const closed = await execute(engine, id, { type: 'deal.stage', stage: 'closed-won' }, as);
    const draft = draftPacket(closed.state!, { policy: engine.config.policy, timezone: 'UTC' });
    const text = draft.replace(/\{[^}]*\}/g, 'None').replace('Briefing™ delivered: None', 'Briefing™ delivered: N');
    await execute(engine, id, { type: 'packet.file', text }, as);
  }
}

beforeAll(async () => {
  slack = await startFakeSlack({ channels: [{ id: 'C0EXEC', name: 'exec-checkins' }] });
  dir = mkdtempSync(path.join(tmpdir(), 'baton-crash-'));
  writeFileSync(path.join(dir, 'baton.config.yaml'), CONFIG);
  const engine = await openEngine(loadConfig({ cwd: dir, env: {} }));
  try {
    await seed(engine, Date.now());
  } finally {
    await closeEngine(engine);
  }
});

afterAll(async () => {
  await slack?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('crash safety: baton serve killed with SIGKILL while it delivers', () => {
  it(`delivers every queued message exactly once across ${KILLS} SIGKILLs`, async () => {
    const posted = () => slack.calls.filter((c) => c.method === 'chat.postMessage').length;
    let inFlightKills = 0;
    for (let k = 0; k < KILLS; k++) {
      const child = serve();
      const before = posted();
      if (k % 2 === 0) {
        // The next post is stored by the fake but answered only after the kill: in flight.
        slack.fail('chat.postMessage', { delayMs: 10_000 });
        await until(() => posted() > before, `post ${before + 1} to reach the fake (kill ${k + 1})`);
        inFlightKills++;
      } else {
        const more = 1 + (k % 3);
        await until(() => posted() >= before + more, `${more} more posts (kill ${k + 1})`);
      }
      await kill(child);
    }

    const finalRun = serve();
    const total = DEALS * 2;
    await until(() => new Set(slack.posts().map(keyOf)).size >= total, 'every message to arrive', 120_000);
    // A post that landed just before a kill is recorded once its lease runs out and the
    // look-up finds it: wait for the store to agree, then stop.
    const db = new SqliteDatabase(path.join(dir, 'baton.db'), { readonly: true });
    try {
      const undelivered = db.prepare("select count(*) as n from messages where state != 'delivered'");
      await until(() => (undelivered.get() as { n: number }).n === 0, 'the store to record every delivery', 60_000);
    } finally {
      db.close();
    }
    const stopped = new Promise((resolve) => finalRun.once('exit', resolve));
    finalRun.kill('SIGTERM');
    await stopped;

    const perKey = new Map<string, number>();
    for (const post of slack.posts()) perKey.set(keyOf(post), (perKey.get(keyOf(post)) ?? 0) + 1);
    const twice = [...perKey].filter(([, n]) => n > 1);
    const historyLookups = slack.calls.filter((c) => c.method === 'conversations.history').length;
    console.log(
      `crash test: ${KILLS} SIGKILLs (${inFlightKills} with a post in flight), ${total} messages, ` +
        `${perKey.size} distinct keys arrived, ${twice.length} arrived twice, ${historyLookups} history look-ups`,
    );
    expect(perKey.size).toBe(total);
    expect(twice).toEqual([]);

    const engine = await openEngine(loadConfig({ cwd: dir, env: {} }));
    try {
      const states = (await listMessages(engine.store.db)).map((m) => m.state);
      expect(states.filter((s) => s !== 'delivered')).toEqual([]);
    } finally {
      await closeEngine(engine);
    }
  }, 600_000);
});
