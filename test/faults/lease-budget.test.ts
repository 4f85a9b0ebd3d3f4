import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sink } from '../../src/adapters/sink.js';
import { ConfigError, loadConfig, parseConfig } from '../../src/config/config.js';
import { sendBudgetMs } from '../../src/config/lease.js';
import { draftPacket } from '../../src/domain/packet/draft.js';
import { dispatch } from '../../src/engine/dispatcher.js';
import { closeEngine, openEngine, type Engine } from '../../src/engine/engine.js';
import { execute } from '../../src/engine/execute.js';
import { databaseNow } from '../../src/store/index.js';
import { backends, type BackendTarget } from '../support/backends.js';

/**
 * A sender stops before its lease ends, counting the call in flight (SPEC §17): the lease
 * must be at least twice the longest send (a config that says otherwise is refused, naming
 * both settings), and the dispatcher starts a send only while the lease, on the database's
 * clock, has room for the whole call.
 */

const YAML = (leaseSeconds?: number, postIntervalMs = 0) => `org: { name: "Lease Co", timezone: "UTC" }
workspace: "."
database: "baton.db"
roles:
  cro: { slack: "U0CRO" }
  customer.success: { slack: "U0CS" }
slack: { channel: "#exec-checkins", postIntervalMs: ${postIntervalMs} }
${leaseSeconds === undefined ? '' : `policy: { deliveryLeaseSeconds: ${leaseSeconds} }`}
`;

const parse = (yaml: string, env: Record<string, string>) => parseConfig(yaml, { path: '/tmp/baton-lease/baton.config.yaml', env });

describe('the delivery lease against the longest send (config)', () => {
  it('refuses a lease shorter than twice the longest send, naming the key, both settings and the fix', () => {
    let error: unknown;
    try {
      parse(YAML(2), { SLACK_BOT_TOKEN: 'xoxb-x', BATON_HTTP_TIMEOUT_MS: '5000' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      'baton.config.yaml: policy.deliveryLeaseSeconds: 2 s is shorter than twice the longest Slack send (BATON_HTTP_TIMEOUT_MS 5000 ms): ' +
        'a call could outlive its lease, and another process send the message again. Fix: set policy.deliveryLeaseSeconds to 10 or more, or lower BATON_HTTP_TIMEOUT_MS to 1000 or less.',
    );
    // monday.com's default timeout (15 s) decides when its token is set; Slack's turn counts.
    expect(() => parse(YAML(20), { MONDAY_API_TOKEN: 'm' })).toThrow(
      /20 s is shorter than twice the longest monday.com send \(the monday.com default timeout 15000 ms\).*deliveryLeaseSeconds to 30 or more/,
    );
    expect(() => parse(YAML(4, 1000), { SLACK_BOT_TOKEN: 'xoxb-x', BATON_HTTP_TIMEOUT_MS: '1500' })).toThrow(
      /plus slack.postIntervalMs 1000 ms.*lower BATON_HTTP_TIMEOUT_MS to 1000 or less/,
    );
  });

  it('accepts the defaults, a lease of twice the timeout, and any lease when no service is called', () => {
    expect(parse(YAML(), { SLACK_BOT_TOKEN: 'xoxb-x', MONDAY_API_TOKEN: 'm' }).policy.delivery.leaseMs).toBe(30_000);
    expect(parse(YAML(2), { SLACK_BOT_TOKEN: 'xoxb-x', BATON_HTTP_TIMEOUT_MS: '1000' }).policy.delivery.leaseMs).toBe(2000);
    expect(parse(YAML(0.5), {}).policy.delivery.leaseMs).toBe(500);
  });

  it('asks a send for its timeout plus half of it (at most 1 s) of lease left', () => {
    const config = parse(YAML(5), { SLACK_BOT_TOKEN: 'xoxb-x', BATON_HTTP_TIMEOUT_MS: '2000' });
    expect(sendBudgetMs(config, 'slack')).toBe(3000);
    expect(sendBudgetMs(config, 'board')).toBe(0);
    expect(sendBudgetMs(parse(YAML(), { SLACK_BOT_TOKEN: 'xoxb-x' }), 'slack')).toBe(11_000);
  });
});

describe.each(backends)('the dispatcher on $name starts a send only with room for it on its lease', (backend) => {
  let target: BackendTarget | undefined;
  let engine: Engine | undefined;
  let dir: string | undefined;

  afterEach(async () => {
    if (engine) await closeEngine(engine);
    await target?.teardown();
    if (dir) rmSync(dir, { recursive: true, force: true });
    engine = target = dir = undefined;
  });

  it('sends while the lease has the timeout plus margin left, then gives the rest back unclaimed', async () => {
    target = await backend.setup();
    dir = mkdtempSync(path.join(tmpdir(), 'baton-lease-'));
    writeFileSync(path.join(dir, 'baton.config.yaml'), YAML(2));
    const env = { SLACK_BOT_TOKEN: 'xoxb-lease', BATON_HTTP_TIMEOUT_MS: '1000', BATON_DATABASE_URL: target.location };
    const config = loadConfig({ cwd: dir, env });
    const leftAtStart: number[] = [];
    // A slow Slack: 400 ms a post. Lease 2 s, budget 1.5 s: two sends fit, the third does not.
    const slow: Sink = {
      marksInFlight: true,
      async send(message) {
        const row = await engine!.store.db.selectFrom('messages').select('claimed_until').where('id', '=', message.id).executeTakeFirstOrThrow();
        leftAtStart.push(Number(row.claimed_until) - (await databaseNow(engine!.store.db)));
        await new Promise((r) => setTimeout(r, 400));
        return { externalId: `ts-${message.id}` };
      },
    };
    engine = await openEngine(config, { sinks: { slack: slow }, ...(target.pgSchema ? { pgSchema: target.pgSchema } : {}) });
    const now = Date.parse('2026-11-26T09:00:00Z');
    for (let i = 0; i < 3; i++) {
      const as = { now, actor: 'cro' as const };
      const id = `lease-${i}`;
      await execute(engine, id, { type: 'deal.add', company: `Lease ${i} Ltd`, contact: { name: 'Ada', title: 'CTO', email: 'ada@lease.example' } }, as);
      await execute(engine, id, { type: 'deal.commit', commitment: 'written' }, as);
      const closed = await execute(engine, id, { type: 'deal.stage', stage: 'closed-won' }, as);
      const draft = draftPacket(closed.state!, { policy: engine.config.policy, timezone: 'UTC' });
      await execute(engine, id, { type: 'packet.file', text: draft.replace(/\{[^}]*\}/g, 'None').replace('Briefing™ delivered: None', 'Briefing™ delivered: N') }, as);
    }
    const queued = await engine.store.db.selectFrom('messages').select('id').where('state', '=', 'queued').execute();
    expect(queued.length).toBeGreaterThan(2);

    const report = await dispatch(engine, now, { batch: 50 });
    // Two on an idle machine; one if the first took over 0.5 s to start (a loaded CI); never three.
    expect(report.delivered).toBeGreaterThanOrEqual(1);
    expect(report.delivered).toBeLessThanOrEqual(2);
    expect(leftAtStart).toHaveLength(report.delivered);
    // Every send started with at least its timeout (1 s) left on its lease, by the database clock.
    for (const left of leftAtStart) expect(left).toBeGreaterThanOrEqual(1000);
    const rows = await engine.store.db.selectFrom('messages').select(['state', 'claimed_until']).execute();
    expect(rows.filter((r) => r.state === 'delivered')).toHaveLength(report.delivered);
    expect(
      rows.filter((r) => r.claimed_until !== null),
      'claims left behind',
    ).toEqual([]);
  });
});
