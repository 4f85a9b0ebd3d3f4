import { setTimeout as delay } from 'node:timers/promises';
import { draftPacket } from '../../src/domain/packet/draft.js';
import { startServer } from '../../src/server/serve.js';
import { loadDeal } from '../../src/store/index.js';
import { startFakeSlack, type SlackCall } from '../../test/support/fake-slack.js';
import { copyHandoffs } from '../lib/bulk.js';
import type { BenchContext } from '../lib/context.js';
import { load1 } from '../lib/context.js';
import { profiled } from '../lib/profile.js';
import { dealId, prepareTemplate } from '../lib/seed.js';
import { openBenchStore, type StoreKind } from '../lib/stores.js';
import { fmt, summary } from '../lib/stats.js';
import { observeCommits } from '../lib/tap.js';

/**
 * Command to Slack: `startServer` (the HTTP app and the serve loop of `baton serve`, on the
 * wall clock) with a Slack bot token, posting through the real @slack/web-api client to the
 * fake Slack Web API of test/support on 127.0.0.1. 1,000 commands (200 with --quick), one
 * after the other: `POST /api/deals/<id>/packet` as the CRO, each filing the first packet
 * of a handoff started at the wall clock, which owes the announcement in #exec-checkins
 * and the request to acknowledge. The latency is the fake's receipt of the
 * announcement's chat.postMessage minus the commit of the transaction holding the
 * packet.filed event (seen on the driver); the next command is sent once it arrived.
 * slack.postIntervalMs is 0: Slack's pacing of one post a second per channel would be the
 * whole figure.
 */

const TOKEN = 'xoxb-bench-slack';
const CRO = 'bench-cro-token';
const CHANNEL = { id: 'C0EXEC', name: 'exec-checkins' };
const GOAL_P99_MS = 100;

export async function slackSection(ctx: BenchContext): Promise<void> {
  const n = ctx.quick ? 200 : 1_000;
  const p99s: [StoreKind, number][] = [];
  for (const kind of ['sqlite', 'postgres'] as StoreKind[]) {
    const fake = await startFakeSlack({ channels: [CHANNEL], token: TOKEN });
    ctx.cleanups.push(() => fake.close());
    const store = await openBenchStore(ctx, kind, 'slack', {
      yaml: ['slack:', '  postIntervalMs: 0', 'roles:', '  customer.success:', '    slack: U0CSBENCH'],
      env: { SLACK_BOT_TOKEN: TOKEN, BATON_SLACK_API_URL: fake.url },
    });
    ctx.cleanups.push(() => store.destroy());
    const label = kind === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    // Handoffs started now: their packet clocks are due in two hours, none fires meanwhile.
    const t0 = Date.now();
    const tpl = await prepareTemplate(store, [t0]);
    await copyHandoffs(store, tpl, 4, n);
    const db = store.engine.store.db;
    const packets: string[] = [];
    for (let i = 1; i <= n; i++) {
      const state = (await loadDeal(db, dealId(i)))?.state;
      if (!state) throw new Error(`slack: no deal ${dealId(i)}`);
      const draft = draftPacket(state, { policy: store.engine.config.policy, timezone: store.engine.config.org.timezone });
      packets.push(draft.replace(/\{[^}]*\}/g, 'None').replace('Briefing™ delivered: None', 'Briefing™ delivered: N'));
    }
    const commits = observeCommits((v) => typeof v === 'string' && /^b\d{7}$/.test(v), /packet\.filed/);
    const server = await startServer(store.engine, {
      port: 0,
      host: '127.0.0.1',
      now: () => Date.now(),
      env: { BATON_TOKEN_CRO: CRO },
      log: (line) => {
        if (/fail/i.test(line) && !/0 failed/.test(line)) ctx.log(`serve: ${line.trim()}`);
      },
    });
    const latencies: number[] = [];
    const acks: number[] = [];
    const startLoad = load1();
    let seen = 0;
    const announcementOf = new Map<string, SlackCall>();
    const ackOf = new Map<string, SlackCall>();
    const scan = () => {
      for (; seen < fake.calls.length; seen++) {
        const call = fake.calls[seen] as SlackCall;
        if (call.method !== 'chat.postMessage') continue;
        const id = /Bench (b\d{7}) Corp/.exec(String(call.body.text ?? ''))?.[1];
        if (!id) continue;
        if (call.body.channel === CHANNEL.id) announcementOf.set(id, call);
        else ackOf.set(id, call);
      }
    };
    const started = performance.now();
    try {
      await profiled(ctx, `slack-${kind}`, async () => {
        for (let i = 1; i <= n; i++) {
          const id = dealId(i);
          const res = await fetch(`${server.url}/api/deals/${id}/packet`, {
            method: 'POST',
            headers: { authorization: `Bearer ${CRO}`, 'content-type': 'text/markdown' },
            body: packets[i - 1],
          });
          if (res.status !== 200) throw new Error(`slack: POST /api/deals/${id}/packet answered ${res.status}: ${await res.text()}`);
          await res.arrayBuffer().catch(() => undefined);
          const deadline = Date.now() + 10_000;
          for (;;) {
            scan();
            if (announcementOf.has(id)) break;
            if (Date.now() > deadline) throw new Error(`slack: the announcement of ${id} did not reach the fake Slack in 10 s`);
            await delay(1);
          }
        }
        // The requests to acknowledge follow their announcements; wait for the last of them.
        const deadline = Date.now() + 10_000;
        while (ackOf.size < n && Date.now() < deadline) {
          scan();
          await delay(5);
        }
      });
    } finally {
      await server.stop();
      commits.stop();
    }
    const wallMs = performance.now() - started;
    for (let i = 1; i <= n; i++) {
      const id = dealId(i);
      const committed = commits.committedAt.get(id);
      const announced = announcementOf.get(id);
      if (committed === undefined || !announced) continue;
      latencies.push(announced.at - committed);
      const ack = ackOf.get(id);
      if (ack) acks.push(ack.at - committed);
    }
    if (latencies.length !== n) throw new Error(`slack ${kind}: ${latencies.length} of ${n} commands with a commit and an announcement seen`);
    const s = summary(latencies);
    const a = acks.length > 0 ? summary(acks) : undefined;
    ctx.log(`slack ${kind}: commit -> announcement p50 ${fmt(s.p50)} ms, p99 ${fmt(s.p99)} ms, max ${fmt(s.max)} ms; ${fmt(wallMs / 1000)} s for ${n} commands`);
    const what = `${n.toLocaleString('en-US')} packet filings over the API, one after the other`;
    for (const [stat, value] of [
      ['p50', s.p50],
      ['p99', s.p99],
    ] as const) {
      ctx.record({
        section: 'slack',
        name: `command to Slack post (commit - fake Slack's receipt), ${label}, ${stat}`,
        value,
        unit: 'ms',
        detail:
          stat === 'p99'
            ? `${what}; max ${fmt(s.max)} ms${a ? `; the request to acknowledge (second post): p50 ${fmt(a.p50)}, p99 ${fmt(a.p99)} ms` : ''}; slack.postIntervalMs 0`
            : what,
        data: { store: kind, ...(stat === 'p99' ? { announcement: s, ack: a ?? null, wallMs } : {}) },
        load1: startLoad,
      });
    }
    p99s.push([kind, s.p99]);
    await store.close();
    await fake.close();
  }
  ctx.goal({
    section: 'slack',
    goal: `command to Slack post p99 < ${GOAL_P99_MS} ms (commit - fake Slack's receipt, serve running)`,
    target: `< ${GOAL_P99_MS} ms`,
    measured: p99s.map(([k, v]) => `${k === 'sqlite' ? 'SQLite' : 'PostgreSQL'} ${fmt(v)} ms`).join('; '),
    met: p99s.every(([, v]) => v < GOAL_P99_MS),
  });
}
