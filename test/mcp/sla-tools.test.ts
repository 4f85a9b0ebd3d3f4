import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Acting } from '../../src/app/index.js';
import type { Role } from '../../src/domain/types.js';
import { createMcpServer, TOOLS } from '../../src/mcp/server.js';
import type { ToolContext } from '../../src/mcp/tool.js';
import { closeDeal, openWorld, type World } from '../support/http.js';

/**
 * The SLA tools (tools-sla.ts) with the real use cases, in process: clock_hold and
 * clock_resume (src/app/holds.ts), inbox (src/app/inbox.ts) and report (src/app/report.ts),
 * the last two answering what the API answers for the same store at the same time.
 */

let world: World;

async function client(role: Role | undefined): Promise<Client> {
  const ctx: ToolContext = {
    engine: (fn) => fn(world.engine),
    now: () => world.now,
    role: () => role,
    acting: (): Acting => {
      if (!role) throw new Error('no role');
      return { now: world.now, actor: role };
    },
    deliver: async (_engine, queued) => ({ queued, delivered: 0, retrying: 0, failed: 0, by: 'serve' }),
  };
  const server = createMcpServer(ctx, { actingAs: role ?? 'no role', readOnly: role === undefined, log: () => {}, tools: TOOLS });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const c = new Client({ name: 'sla-test', version: '0' });
  await c.connect(b);
  await c.listTools();
  return c;
}

beforeAll(async () => {
  world = await openWorld();
  await closeDeal(world, 'acme');
});
afterAll(() => world.close());

describe('the SLA tools', () => {
  it('SPEC §15 clock_hold and clock_resume hold and resume the clock as the acting role, and only chief.staff or the ceo may', async () => {
    const cos = await client('chief.staff');
    const held = await cos.callTool({ name: 'clock_hold', arguments: { id: 'acme', clock: 'packet', reason: 'customer asked to wait' } });
    expect(held.isError, JSON.stringify(held.content)).toBeFalsy();
    expect(held.structuredContent).toMatchObject({
      changed: true,
      events: [{ type: 'clock.held', clock: 'packet', reason: 'customer asked to wait', actor: 'chief.staff' }],
      status: { clocks: expect.arrayContaining([expect.objectContaining({ name: 'packet', held: true, urgency: 'held' })]) },
      delivery: { queued: 0 },
    });
    const ceo = await client('ceo');
    const resumed = await ceo.callTool({ name: 'clock_resume', arguments: { id: 'acme', clock: 'packet' } });
    expect(resumed.structuredContent).toMatchObject({ changed: true, events: [{ type: 'clock.resumed', clock: 'packet', heldMs: 0, actor: 'ceo' }] });
    const again = await ceo.callTool({ name: 'clock_resume', arguments: { id: 'acme', clock: 'packet' } });
    expect(again.isError).toBe(true);
    const cro = await client('cro');
    const refused = await cro.callTool({ name: 'clock_hold', arguments: { id: 'acme', clock: 'packet', reason: 'x' } });
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toContain('chief.staff');
    // An unknown clock is refused by the input schema before any use case runs.
    const bad = await cos.callTool({ name: 'clock_hold', arguments: { id: 'acme', clock: 'lunch', reason: 'x' } });
    expect(bad.isError).toBe(true);
  });

  it("SPEC §15 inbox is the acting role's by default, any role's when named, a viewer must name one, and it is the API's list", async () => {
    const cro = await client('cro');
    const mine = await cro.callTool({ name: 'inbox', arguments: {} });
    expect(mine.isError, JSON.stringify(mine.content)).toBeFalsy();
    const api = await world.call('GET', '/api/inbox', { as: 'cro' });
    expect(api.status).toBe(200);
    expect(mine.structuredContent).toEqual(api.json);
    expect(mine.structuredContent).toMatchObject({
      role: 'cro',
      items: expect.arrayContaining([expect.objectContaining({ id: 'acme', clock: 'packet', tool: expect.objectContaining({ name: 'packet_file' }) })]),
    });
    const viewer = await client(undefined);
    const tools = (await viewer.listTools()).tools.map((t) => t.name);
    expect(tools).toEqual(expect.arrayContaining(['inbox', 'report']));
    expect(tools).not.toContain('clock_hold');
    expect((await viewer.callTool({ name: 'inbox', arguments: {} })).isError).toBe(true);
    expect((await viewer.callTool({ name: 'inbox', arguments: { role: 'customer.success' } })).structuredContent).toMatchObject({ role: 'customer.success' });
  });

  it("SPEC §15 report answers {from, to, report} with the API's numbers for the same period", async () => {
    const ceo = await client('ceo');
    const answer = await ceo.callTool({ name: 'report', arguments: { from: '2026-11-01', to: '2026-12-31' } });
    expect(answer.isError, JSON.stringify(answer.content)).toBeFalsy();
    const api = await world.call('GET', '/api/report?from=2026-11-01&to=2026-12-31', { as: 'ceo' });
    expect(api.status).toBe(200);
    expect(answer.structuredContent).toMatchObject({ from: '2026-11-01', to: '2026-12-31' });
    expect((answer.structuredContent as { report: unknown }).report).toEqual(api.json);
    expect(api.json.clocks).toEqual(expect.arrayContaining([expect.objectContaining({ clock: 'packet', started: 1 })]));
    const { tools } = await ceo.listTools();
    const hints = (name: string) => tools.find((t) => t.name === name)?.annotations;
    expect(hints('report')).toMatchObject({ readOnlyHint: true, destructiveHint: false, openWorldHint: false });
    expect(hints('clock_hold')).toMatchObject({ readOnlyHint: false, idempotentHint: true });
  });
});
