import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { closeEngine, openEngine, type Engine } from '../../src/engine/engine.js';
import { createApp } from '../../src/http/app.js';
import { createMcpServer } from '../../src/mcp/server.js';
import { stdioContext } from '../../src/mcp/session.js';
import { slackSignature } from '../../src/http/slack-verify.js';
import { InProcessCli } from '../support/in-process.js';
import { fillPacket } from '../support/e2e.js';

// SPEC §13 "authority lives in the domain and is the same at every door": one table of
// what a role may not do, tried through the CLI, the HTTP API, MCP and Slack against the
// same workspace. Every attempt is refused naming the role, and nothing is recorded.

const NOW = '2026-11-26T12:00:00Z';
const TOKENS: Record<string, string> = { cro: 'tok-cro-0123456789', 'customer.success': 'tok-cs-0123456789', 'chief.staff': 'tok-cos-0123456789', ceo: 'tok-ceo-0123456789' };
const SLACK_SECRET = 'slack-signing-secret-for-doors';
const SLACK_USER: Record<string, string> = { cro: 'U0CRO', 'customer.success': 'U0CS' };
const ID = 'acme';

interface Row {
  what: string;
  as: 'cro' | 'customer.success';
  cli?: string[];
  http?: [string, string];
  mcp?: [string, Record<string, unknown>];
  slack?: string;
}

const TABLE: Row[] = [
  {
    what: 'a heartbeat for customer.success by the cro (it would open the delivery gate)',
    as: 'cro',
    cli: ['agent', 'heartbeat', 'customer.success', '--as', 'cro'],
    http: ['POST', '/api/agents/customer.success/heartbeat'],
    mcp: ['agent_heartbeat', { role: 'customer.success' }],
  },
  { what: 'a manual activation by the cro', as: 'cro', cli: ['agent', 'activate', 'customer.success', '--as', 'cro'], http: ['POST', '/api/agents/customer.success/activate'] },
  { what: 'an acknowledgement by the cro', as: 'cro', cli: ['ack', ID, '--as', 'cro'], http: ['POST', `/api/deals/${ID}/ack`], mcp: ['ack', { id: ID }], slack: `ack ${ID}` },
  {
    what: 'the SOW signed by customer.success',
    as: 'customer.success',
    cli: ['sow', 'signed', ID, '--as', 'customer.success'],
    http: ['POST', `/api/deals/${ID}/sow/signed`],
    mcp: ['sow_signed', { id: ID }],
  },
];

let cli: InProcessCli;
let engine: Engine;
let env: Record<string, string | undefined>;

/** Everything recorded: the deal's timeline and the org's audit, as the CLI prints them. */
async function record(): Promise<string> {
  const timeline = await cli.run(['timeline', ID, '--json']);
  const audit = await cli.run(['audit', '--json']);
  return timeline.stdout + audit.stdout;
}

beforeAll(async () => {
  cli = await InProcessCli.open('sqlite', '2026-11-26T09:00:00Z');
  const ok = async (args: string[], input?: string) => {
    const res = await cli.run(args, input !== undefined ? { input } : {});
    expect(res.code, `${args.join(' ')}: ${res.stderr}`).toBe(0);
    return res.stdout;
  };
  await ok(['deal', 'add', ID, '--company', 'Acme Corp', '--contact-name', 'Ada Lee', '--contact-title', 'CTO', '--contact-email', 'ada@acme.example']);
  await ok(['deal', 'commit', ID, '--type', 'verbal', '--sow-expected', '2026-12-01']);
  await ok(['deal', 'stage', ID, 'closed-won']);
  await ok(['packet', 'file', ID, '-', '--now', '2026-11-26T10:00:00Z'], fillPacket(await ok(['packet', 'draft', ID])));
  env = {
    ...cli.env,
    BATON_NOW: NOW,
    SLACK_SIGNING_SECRET: SLACK_SECRET,
    ...Object.fromEntries(Object.entries(TOKENS).map(([r, t]) => [`BATON_TOKEN_${r.replace('.', '_').toUpperCase()}`, t])),
  };
  engine = await openEngine(loadConfig({ cwd: cli.cwd, env }));
});

afterAll(async () => {
  await closeEngine(engine);
  await cli.close();
});

describe.each(TABLE)('SOP-5c one permission table, four doors: $what', (row) => {
  it.runIf(row.cli !== undefined)('the CLI refuses it (exit 2) naming the role, and records nothing', async () => {
    const before = await record();
    const res = await cli.run(row.cli!, { env: { BATON_NOW: NOW } });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--as: .*(is for|comes from|only the ceo)/);
    expect(await record()).toBe(before);
  });

  it.runIf(row.http !== undefined)('the HTTP API refuses it (403) naming the role and the token to use', async () => {
    const before = await record();
    const app = createApp(engine, {
      now: () => Date.parse(NOW),
      wake: () => undefined,
      env,
      log: () => undefined,
      tick: async () => ({ fired: 0, delivered: 0, retrying: 0, failed: 0 }),
    });
    const [method, url] = row.http!;
    const res = await app.request(url, { method, headers: { Authorization: `Bearer ${TOKENS[row.as]}`, Host: 'localhost' } });
    const json = (await res.json()) as { error: string; problems: { field: string; fix: string }[] };
    expect(res.status).toBe(403);
    expect(json).toMatchObject({ error: 'forbidden', problems: [{ field: 'role' }] });
    expect(json.problems[0]?.fix).toMatch(/bearer token of|BATON_TOKEN_/);
    expect(await record()).toBe(before);
  });

  it.runIf(row.mcp !== undefined)('MCP refuses it as a tool error naming the role', async () => {
    const before = await record();
    const session = { cwd: cli.cwd, env: { ...env, BATON_ROLE: row.as }, globals: {}, log: () => undefined, wallClock: () => Date.parse(NOW) };
    const server = createMcpServer(stdioContext(session), { actingAs: row.as, log: () => undefined });
    const [a, b] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: 'doors-test', version: '1.0.0' });
    await Promise.all([server.connect(a), client.connect(b)]);
    try {
      const [tool, args] = row.mcp!;
      const result = (await client.callTool({ name: tool, arguments: args })) as { isError?: boolean; content: { text: string }[] };
      expect(result.isError).toBe(true);
      // A tool error's second text is its {error, problems} (no structuredContent: that is for successes).
      expect(JSON.parse(result.content[1]?.text ?? '{}')).toMatchObject({ error: 'forbidden', problems: [{ field: 'role' }] });
    } finally {
      await client.close();
      await server.close();
    }
    expect(await record()).toBe(before);
  });

  it.runIf(row.slack !== undefined)('Slack refuses it from the wrong Slack user, and records nothing', async () => {
    const before = await record();
    const app = createApp(engine, {
      now: () => Date.parse(NOW),
      wake: () => undefined,
      env,
      log: () => undefined,
      tick: async () => ({ fired: 0, delivered: 0, retrying: 0, failed: 0 }),
    });
    const body = new URLSearchParams({ command: '/baton', text: row.slack!, user_id: SLACK_USER[row.as] ?? '' }).toString();
    const ts = String(Math.floor(Date.parse(NOW) / 1000));
    const res = await app.request('/slack/commands', {
      method: 'POST',
      headers: {
        Host: 'localhost',
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Slack-Request-Timestamp': ts,
        'X-Slack-Signature': slackSignature(SLACK_SECRET, ts, body),
      },
      body,
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { text: string }).text).toMatch(/Only customer\.success may acknowledge/);
    expect(await record()).toBe(before);
  });
});
