import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Baton, HOUR, MINUTE, closeVerbalDeal, fieldValue, fillPacket, iso, removeTempFolders, tempFolder, type HandoffJson } from '../support/e2e.js';
import { BatonMcp, batonBin, problemsOf, refusalOf, type Problem, TOOL_NAMES } from '../support/mcp.js';

/**
 * `baton mcp` end to end: the built CLI serves the tools over stdio; a cro agent drafts,
 * files (refused, then mended) and a customer.success agent acknowledges, each through the
 * SDK's Client, with the CLI reading the same record.
 */

const T0 = Date.parse('2026-05-11T10:00:00.000Z');
const CRO_AT = iso(T0 + 30 * MINUTE);
const CS_AT = iso(T0 + 2 * HOUR);
const ID = 'acme';

/** Every `Label: value` line whose value is still a `{...}` placeholder. */
function placeholderLabels(packet: string): string[] {
  return packet.split('\n').flatMap((line) => {
    const m = /^([^:{}\n]+): ?(.*)$/.exec(line);
    return m && /\{[^{}]*\}/.test(m[2] ?? '') ? [m[1] ?? ''] : [];
  });
}

/** What an agent does with a refusal: rewrite exactly the lines the problems name. */
function mend(packet: string, problems: Problem[]): string {
  const named = new Set(problems.map((p) => p.field));
  const filled = fillPacket(packet).split('\n');
  return packet
    .split('\n')
    .map((line, i) => {
      const label = /^([^:\n]+):/.exec(line)?.[1];
      return label !== undefined && named.has(label) ? (filled[i] ?? line) : line;
    })
    .join('\n');
}

let baton: Baton;
let cro: BatonMcp;
const servers: BatonMcp[] = [];

async function server(role: string | undefined, now: string): Promise<BatonMcp> {
  const started = await BatonMcp.start({ cwd: baton.cwd, now, ...(role !== undefined ? { role } : {}) });
  servers.push(started);
  return started;
}

beforeAll(async () => {
  baton = new Baton(tempFolder('baton-mcp-'));
  await baton.ok(['init'], T0 - 2 * HOUR);
  await closeVerbalDeal(baton, { id: ID, company: 'Acme Corp', t0: T0, sowExpected: '2026-05-20' });
  cro = await server('cro', CRO_AT);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  removeTempFolders();
});

describe('baton mcp', () => {
  it('lists the tools named after the commands, each with an input schema and a description', async () => {
    const { tools } = await cro.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(TOOL_NAMES);
    for (const tool of tools) {
      expect(tool.inputSchema.type, tool.name).toBe('object');
      expect(tool.description?.length ?? 0, tool.name).toBeGreaterThan(60);
    }
    const schema = (name: string) => tools.find((t) => t.name === name)?.inputSchema;
    expect(schema('packet_file')?.required).toEqual(['id', 'text']);
    expect(schema('status')?.required ?? []).toEqual([]);
    expect(schema('timeline')?.required).toEqual(['id']);
    expect(Object.keys(schema('agent_heartbeat')?.properties ?? {})).toEqual(['role']);
    expect(Object.keys(schema('summary')?.properties ?? {})).toEqual(['date']);
  });

  it('SOP-3c packet_draft returns the pre-filled packet with visible placeholders, as packet draft --json does', async () => {
    const reply = await cro.ok('packet_draft', { id: ID });
    const cli = await baton.json<{ id: string; text: string }>(['packet', 'draft', ID], CRO_AT);
    expect(reply.json).toEqual(cli);
    expect(reply.structured).toEqual(cli);
    expect(reply.texts[1]).toBe(cli.text);
    expect(fieldValue(cli.text, 'Customer company')).toBe('Acme Corp');
    expect(placeholderLabels(cli.text)).toContain('Problem statement');
  });

  it('SOP-3c packet_file with the unfilled draft is a tool error naming every placeholder field, and writes nothing', async () => {
    const draft = (await cro.ok('packet_draft', { id: ID })).texts[1] ?? '';
    const before = await baton.status(CRO_AT);
    const reply = await cro.call('packet_file', { id: ID, text: draft });
    expect(reply.isError).toBe(true);
    expect(refusalOf(reply).error).toBe('refused');
    expect(reply.structured).toBeUndefined();
    const problems = problemsOf(reply);
    const fields = problems.map((p) => p.field);
    const labels = placeholderLabels(draft);
    expect(labels.length).toBeGreaterThan(5);
    for (const label of labels) expect(fields, `a problem for ${label}`).toContain(label);
    // The text lists every problem as `field: message. Fix: fix`.
    for (const p of problems) expect(reply.texts[0]).toContain(`${p.field}: ${p.message}. Fix: ${p.fix}`);
    expect(await baton.status(CRO_AT)).toEqual(before);
    expect(existsSync(path.join(baton.cwd, before[0]?.packetPath ?? 'missing'))).toBe(false);
  });

  it('SOP-3b SOP-4.2a packet_file with every problem mended files the packet: the path is returned and the file exists', async () => {
    const draft = (await cro.ok('packet_draft', { id: ID })).texts[1] ?? '';
    const problems = problemsOf(await cro.call('packet_file', { id: ID, text: draft }));
    const mended = mend(draft, problems);
    expect(placeholderLabels(mended)).toEqual([]);
    const reply = await cro.ok('packet_file', { id: ID, text: mended });
    const filed = reply.json as { changed: boolean; path: string; revision: number; events: { type: string }[] };
    expect(filed).toMatchObject({ changed: true, path: 'operations/handoffs/assessment-acme-corp-2026-05-11.md', revision: 1 });
    expect(filed.events.map((e) => e.type)).toContain('packet.filed');
    expect(reply.structured).toEqual(reply.json);
    const file = readFileSync(path.join(baton.cwd, filed.path), 'utf8');
    expect(fieldValue(file, 'Filed by')).toMatch(/^cro — 2026-05-11/);
    expect(fieldValue(file, 'Problem statement')).not.toMatch(/\{/);
  });

  it('SOP-3g SOP-4.4a ack as cro is a tool error naming the role, and changes nothing', async () => {
    const reply = await cro.call('ack', { id: ID });
    expect(reply.isError).toBe(true);
    const problems = problemsOf(reply);
    expect(problems).toEqual([expect.objectContaining({ field: 'role' })]);
    expect(problems[0]?.message).toContain('customer.success');
    expect(problems[0]?.message).toContain('cro');
    expect(problems[0]?.fix).toContain('BATON_ROLE=customer.success');
    expect((await baton.handoff(ID, CRO_AT)).deliveryItem).toBeUndefined();
  });

  it('SOP-3g SOP-4.4a SOP-4.4b ack as customer.success acknowledges, and status shows the delivery item', async () => {
    const cs = await server('customer.success', CS_AT);
    const reply = await cs.ok('ack', { id: ID });
    expect(reply.json).toMatchObject({ changed: true });
    const status = (await cs.ok('status', { id: ID })).json as HandoffJson[];
    expect(status[0]?.deliveryItem).toMatchObject({ name: 'Assessment™ — Acme Corp', owner: 'customer.success' });
    expect(status[0]?.clocks.find((c) => c.name === 'acknowledgement')).toMatchObject({ state: 'done', doneAt: CS_AT });
    const packet = readFileSync(path.join(baton.cwd, status[0]?.packetPath ?? ''), 'utf8');
    expect(fieldValue(packet, 'Acknowledged by')).toMatch(/^customer\.success — 2026-05-11/);
    // Acknowledging twice changes nothing.
    expect((await cs.ok('ack', { id: ID })).json).toMatchObject({ changed: false, events: [] });
  });

  it('status and timeline return the JSON the CLI prints with --json', async () => {
    const status = await cro.ok('status');
    expect(status.json).toEqual(await baton.json(['status'], CS_AT));
    expect(status.structured).toEqual({ handoffs: status.json });
    const one = await cro.ok('status', { id: ID });
    expect(one.json).toEqual(await baton.json(['status', ID], CS_AT));
    const timeline = await cro.ok('timeline', { id: ID });
    const cli = await baton.json<{ type: string; actor: string }[]>(['timeline', ID], CS_AT);
    expect(timeline.json).toEqual(cli);
    expect(timeline.structured).toEqual({ events: cli });
    expect(cli.map((e) => `${e.type} by ${e.actor}`)).toEqual(expect.arrayContaining(['packet.filed by cro', 'packet.acknowledged by customer.success']));
  });

  it('an unknown deal is a tool error with the problem, not a protocol error', async () => {
    const reply = await cro.call('timeline', { id: 'nope' });
    expect(reply.isError).toBe(true);
    expect(problemsOf(reply)).toEqual([expect.objectContaining({ field: 'id' })]);
  });

  it('without BATON_ROLE a change is a tool error saying how to set it; reads still work', async () => {
    const anonymous = await server(undefined, CS_AT);
    const reply = await anonymous.call('sow_sent', { id: ID });
    expect(reply.isError).toBe(true);
    expect(problemsOf(reply)).toEqual([expect.objectContaining({ field: 'BATON_ROLE' })]);
    expect(reply.texts[0]).toMatch(/BATON_ROLE.*Fix: .*BATON_ROLE/s);
    expect((await anonymous.call('agent_heartbeat')).isError).toBe(true);
    await anonymous.ok('status');
    const bogus = await server('sales.bot', CS_AT);
    expect(problemsOf(await bogus.call('ack', { id: ID }))).toEqual([expect.objectContaining({ field: 'BATON_ROLE', message: expect.stringContaining('sales.bot') })]);
  });

  it('SOP-5c agent_heartbeat records the acting role live at BATON_NOW', async () => {
    const cs = await server('customer.success', CS_AT);
    expect((await cs.ok('agent_heartbeat')).json).toEqual({ role: 'customer.success', heartbeatAt: CS_AT, by: 'customer.success' });
  });

  it("SOP-4.3b summary writes chief.staff's section and returns it, as summary --json does", async () => {
    // The summary is chief.staff's to file: the cro's agent is refused, naming the role.
    expect(problemsOf(await cro.call('summary', { date: '2026-05-11' }))).toEqual([expect.objectContaining({ field: 'role', code: 'forbidden' })]);
    expect(problemsOf(await cro.call('summary', { date: 'yesterday' }))).toEqual([expect.objectContaining({ field: 'date' })]);
  });

  it('stdout carries only the MCP protocol, logs go to stderr, and the server exits 0 when stdin closes', async () => {
    const child = spawn(process.execPath, [batonBin(), 'mcp'], {
      cwd: baton.cwd,
      env: { ...getDefaultEnvironment(), BATON_ROLE: 'cro', BATON_NOW: CS_AT },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const send = (message: object) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
    send({ id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } });
    send({ method: 'notifications/initialized' });
    send({ id: 2, method: 'tools/call', params: { name: 'status', arguments: {} } });
    send({ id: 3, method: 'tools/call', params: { name: 'sow_sent', arguments: { id: ID } } });
    // Closed at once: the calls already written are still answered before the exit.
    child.stdin.end();
    expect(await exited).toBe(0);
    const lines = Buffer.concat(out)
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '');
    const messages = lines.map((l) => JSON.parse(l) as { jsonrpc: string; id?: number });
    expect(messages.every((m) => m.jsonrpc === '2.0')).toBe(true);
    expect(messages.map((m) => m.id).sort()).toEqual([1, 2, 3]);
    expect(Buffer.concat(err).toString('utf8')).toContain('baton mcp: stdin closed; stopped');
  });
});
