import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { draftPacket } from '../../src/domain/packet/draft.js';
import { closeEngine, openEngine, type Engine } from '../../src/engine/engine.js';
import { execute } from '../../src/engine/execute.js';
import { stopServe, waitFor } from '../multiprocess/cluster.js';
import { backends, type BackendTarget } from '../support/backends.js';
import { run } from '../support/cli.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { count, postsPerKey, startServe, twice, type ServeProcess } from '../support/faults.js';
import { testConfig } from '../support/config.js';

/**
 * SPEC §17 "Leases use the database's clock": `baton serve` on the wall clock, beside CLI
 * commands run at `--now` a day back and a day ahead (each delivers what it queued, as
 * every CLI command does), with a Slack that takes 1.5 s to answer each post and a 5 s
 * lease. Before leases moved to the database clock, serve found the leases of a CLI a day
 * back long expired and posted the same message while the CLI's post was in flight.
 * No message may reach Slack twice, on either store.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Deals filed by the CLI: even ones a day back, odd ones a day ahead. */
const DEALS = 8;
const LANES = 3;
const SLACK_ANSWERS_AFTER_MS = 1500;

const CONFIG = testConfig({ org: 'Skew Co', leaseSeconds: 5 });

describe.each(backends)('serve on the wall clock beside CLI runs a day back and a day ahead, on $name', (backend) => {
  let target: BackendTarget | undefined;
  let dir: string | undefined;
  let slack: FakeSlack | undefined;
  let engine: Engine | undefined;
  let serve: ServeProcess | undefined;

  afterEach(async () => {
    if (serve && serve.child.exitCode === null && serve.child.signalCode === null) serve.child.kill('SIGKILL');
    await serve?.exited;
    if (engine) await closeEngine(engine);
    await slack?.close();
    await target?.teardown();
    if (dir) rmSync(dir, { recursive: true, force: true });
    target = dir = slack = engine = serve = undefined;
  });

  it('posts no message twice, with a Slack that answers in 1.5 s and a 5 s lease', async () => {
    target = await backend.setup();
    dir = mkdtempSync(path.join(tmpdir(), 'baton-skew-'));
    writeFileSync(path.join(dir, 'baton.config.yaml'), CONFIG);
    slack = await startFakeSlack({ channels: [{ id: 'C0EXEC', name: 'exec-checkins' }] });
    // Every post is stored at once and answered 1.5 s later: a send in flight that long.
    slack.fail('chat.postMessage', { delayMs: SLACK_ANSWERS_AFTER_MS }, 100_000);
    let database = target.location;
    if (target.pgSchema) {
      const url = new URL(target.location);
      url.searchParams.set('options', `-c search_path=${target.pgSchema}`);
      database = url.toString();
    }
    const env = { BATON_DATABASE_URL: database, SLACK_BOT_TOKEN: 'xoxb-skew', BATON_SLACK_API_URL: slack.url, BATON_HTTP_TIMEOUT_MS: '2000' };
    // The test's engine has no Slack token: it closes the deals and reads, it never delivers.
    engine = await openEngine(loadConfig({ cwd: dir, env: { BATON_DATABASE_URL: database } }));
    serve = await startServe(dir, env);

    const wall = Date.now();
    const atOf = (i: number) => (i % 2 === 0 ? wall - DAY : wall + DAY) + i * 60_000;
    const packets: string[] = [];
    for (let i = 0; i < DEALS; i++) {
      const id = `skew-${i}`;
      const as = { now: atOf(i) - HOUR, actor: 'cro' as const };
      await execute(engine, id, { type: 'deal.add', company: `Skew ${i} Ltd`, contact: { name: 'Ada', title: 'CTO', email: 'ada@skew.example' } }, as);
      await execute(engine, id, { type: 'deal.commit', commitment: 'written' }, as);
      const closed = await execute(engine, id, { type: 'deal.stage', stage: 'closed-won' }, as);
      const draft = draftPacket(closed.state!, { policy: engine.config.policy, timezone: 'UTC' });
      packets.push(draft.replace(/\{[^}]*\}/g, 'None').replace('Briefing™ delivered: None', 'Briefing™ delivered: N'));
    }

    // Filing queues the announcement and the request to acknowledge; each CLI delivers
    // what it can within its lease, serve takes the rest. A tick a day ahead fires the
    // acknowledgement clocks of the deals filed a day back: more messages, more contention.
    let deliveredByCli = 0;
    let refusedBehind = 0;
    let next = 0;
    const cli = async (args: string[], now: number, input?: string) => {
      const res = await run([...args, '--json'], { cwd: dir!, now: new Date(now).toISOString(), env, ...(input !== undefined ? { input } : {}), timeoutMs: 120_000 });
      // A day back, serve may already have fired the deal's packet clock on the wall clock:
      // the record only moves forward (SPEC §13, §18), so that filing is refused, not applied.
      if (res.code === 2 && /--now: is before this deal's latest event/.test(res.stderr)) {
        refusedBehind++;
        return;
      }
      expect(res.code, `baton ${args.join(' ')}\n${res.stdout}\n${res.stderr}`).toBe(0);
      deliveredByCli += (JSON.parse(res.stdout) as { delivery?: { delivered: number } }).delivery?.delivered ?? 0;
    };
    // The first of the CLI runs a day ahead also fires the acknowledgement clocks due by then.
    const lane = async () => {
      for (let i = next++; i < DEALS; i = next++) {
        await cli(['packet', 'file', `skew-${i}`, '-'], atOf(i), packets[i]);
        if (i === DEALS / 2) await cli(['tick'], wall + DAY + HOUR);
      }
    };
    await Promise.all(Array.from({ length: LANES }, lane));

    // What serve finds due on the wall clock, serve delivers. What the CLI runs a day ahead
    // queued and did not send is due only a day ahead: later CLI ticks there deliver it.
    const logs = () => serve!.log.join('').slice(-3000);
    const left = () => count(engine!, `select count(*) as n from messages where state <> 'delivered' or claimed_until is not null`);
    const aheadLeft = () => count(engine!, `select count(*) as n from messages where state = 'queued' and next_attempt_at > ${Date.now() + HOUR}`);
    let ticksAhead = 0;
    await waitFor(
      async () => {
        if ((await aheadLeft()) > 0) {
          ticksAhead++;
          await cli(['tick'], wall + 2 * DAY);
        }
        return (await left()) === 0;
      },
      'every message to be delivered',
      180_000,
      logs,
    );
    const messages = await count(engine, `select count(*) as n from messages`);
    const perKey = postsPerKey(slack.posts());
    expect(twice(perKey), 'messages posted twice').toEqual([]);
    expect(perKey.size).toBe(messages);
    expect(await stopServe(serve)).toBe(0);
    const lookups = slack.calls.filter((c) => c.method === 'conversations.history').length;
    console.log(
      `skew on ${backend.name}: serve on the wall clock, ${DEALS} CLI packet files at --now ±1 day and a tick a day ahead, Slack answering in ${SLACK_ANSWERS_AFTER_MS} ms, lease 5 s: ` +
        `${messages} messages, ${slack.posts().length} posts (${twice(perKey).length} twice), ${refusedBehind} filings a day back refused as earlier than the record, ${deliveredByCli} delivered by the CLI runs (${ticksAhead} ticks 2 days ahead for the rest), ${lookups} history look-ups`,
    );
  }, 300_000);
});
