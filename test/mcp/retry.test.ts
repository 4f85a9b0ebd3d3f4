import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Baton, closeVerbalDeal, fillPacket, HOUR, iso, removeTempFolders, tempFolder } from '../support/e2e.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { BatonMcp, problemsOf } from '../support/mcp.js';

/**
 * messages_retry over MCP: a Slack that fails every post makes the announcement `failed`
 * (policy.maxAttempts 1); customer.success may not retry the cro's announcement, chief.staff
 * may, and once Slack answers again the retry delivers it. Its answer matches its schema.
 */

const T0 = Date.parse('2026-05-11T10:00:00.000Z');
const AT = iso(T0 + HOUR);
const ID = 'acme';

let baton: Baton;
let slack: FakeSlack;
const agents: BatonMcp[] = [];

async function agent(role: string): Promise<BatonMcp> {
  const a = await BatonMcp.start({ cwd: baton.cwd, role, now: AT, env: { SLACK_BOT_TOKEN: 'xoxb-test', BATON_SLACK_API_URL: slack.url } });
  agents.push(a);
  return a;
}

beforeAll(async () => {
  slack = await startFakeSlack({ channels: [{ id: 'C0EXEC', name: 'exec-checkins' }] });
  baton = new Baton(tempFolder('baton-mcp-retry-'));
  await baton.ok(['init'], T0 - 2 * HOUR);
  appendFileSync(path.join(baton.cwd, 'baton.config.yaml'), '\npolicy: { maxAttempts: 1 }\n');
  await closeVerbalDeal(baton, { id: ID, company: 'Acme Corp', t0: T0, sowExpected: '2026-05-20' });
});

afterAll(async () => {
  await Promise.all(agents.map((a) => a.close()));
  await slack.close();
  removeTempFolders();
});

describe('messages_retry', () => {
  it('queues a failed message again for chief.staff, and delivers it once Slack answers', async () => {
    const cro = await agent('cro');
    slack.fail('*', { status: 500 }, 1000);
    const draft = (await cro.ok('packet_draft', { id: ID })).structured?.text as string;
    const filed = await cro.ok('packet_file', { id: ID, text: fillPacket(draft) });
    expect(filed.structured?.delivery).toMatchObject({ by: 'call', failed: expect.any(Number) });
    expect((filed.structured?.delivery as { failed: number } | undefined)?.failed).toBeGreaterThan(0);

    const cos = await agent('chief.staff');
    const failed = (await cos.ok('messages', { state: 'failed' })).structured?.messages as { id: number; kind: string; lastError: string | null }[];
    const announcement = failed.find((m) => m.kind === 'announcement');
    expect(announcement?.lastError).toBeTruthy();

    const cs = await agent('customer.success');
    expect(problemsOf(await cs.call('messages_retry', { id: announcement?.id }))).toEqual([expect.objectContaining({ code: 'forbidden', field: 'role' })]);

    // Slack is back: the retry queues it and delivers it before answering.
    slack.reset();
    const { tools } = await cos.client.listTools();
    const retried = await cos.ok('messages_retry', { id: announcement?.id });
    expect(retried.structured).toMatchObject({ id: announcement?.id, requeued: true, delivery: { by: 'call' } });
    const schema = tools.find((t) => t.name === 'messages_retry')?.outputSchema;
    const check = new AjvJsonSchemaValidator().getValidator(schema as never)(retried.structured);
    expect(check.valid, check.errorMessage).toBe(true);
    const after = (await cos.ok('messages', { id: ID })).structured?.messages as { id: number; state: string }[];
    expect(after.find((m) => m.id === announcement?.id)?.state).toBe('delivered');
    expect(slack.messagesIn('C0EXEC').map((m) => m.text)).toEqual([expect.stringContaining('DEAL CLOSED — Acme Corp')]);
    // The retry is in the deal's timeline, by chief.staff.
    const events = (await cos.ok('timeline', { id: ID })).structured?.events as { type: string; actor: string }[];
    expect(events).toContainEqual(expect.objectContaining({ type: 'message.retried', actor: 'chief.staff' }));
  });
});
