import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Baton, fieldValue, fillPacket, removeTempFolders, tempFolder, type HandoffJson } from '../support/e2e.js';
import { BatonMcp, problemsOf, refusalOf, startServe, TOKENS, type Serve, type ToolReply, TOOL_NAMES } from '../support/mcp.js';

/**
 * SPEC §16: agents walk the whole verbal-commitment SOP through the SDK's Client, over stdio
 * (`baton mcp`, the role from BATON_ROLE) and over Streamable HTTP (`/mcp` of `baton serve`,
 * the role from the bearer token): the cro adds, commits, closes and files; customer.success
 * acknowledges and starts delivery after its heartbeat; chief.staff files the summary; the ceo
 * activates. Every role is refused what is not its own, naming the role. Every tool's answer
 * validates against the output schema it declares.
 */

const NOW = '2026-05-11T10:00:00.000Z';
const ID = 'acme';
type Role = keyof typeof TOKENS;

/** Every tool `tools/list` offers, with the output schema each declares. */
const declared = new Map<string, { outputSchema?: object; annotations?: Record<string, unknown> }>();
/** Tool name → how many successful answers were checked against its declared output schema. */
const checked = new Map<string, number>();
const validator = new AjvJsonSchemaValidator();

/** A successful call whose structured content is checked against the declared schema here too. */
async function ok(agent: BatonMcp, name: string, args: Record<string, unknown> = {}): Promise<ToolReply> {
  const reply = await agent.ok(name, args);
  const schema = declared.get(name)?.outputSchema;
  expect(schema, `${name} declares an outputSchema`).toBeDefined();
  const result = validator.getValidator(schema as never)(reply.structured);
  expect(result.valid, `${name}: ${result.errorMessage}\n${JSON.stringify(reply.structured, null, 2)}`).toBe(true);
  checked.set(name, (checked.get(name) ?? 0) + 1);
  return reply;
}

/** A refusal for want of the right role: one problem on `role` naming the role that may. */
async function refusedRole(agent: BatonMcp, name: string, args: Record<string, unknown>, owner: string): Promise<void> {
  const reply = await agent.call(name, args);
  expect(reply.isError, `${name} should be refused: ${reply.texts[0]}`).toBe(true);
  expect(refusalOf(reply).error).toBe('forbidden');
  const [problem] = problemsOf(reply);
  expect(problem, reply.texts[0]).toMatchObject({ code: 'forbidden', field: 'role' });
  expect(`${problem?.message} ${problem?.fix}`).toContain(owner);
}

interface Door {
  name: 'stdio' | 'http';
  agent(role: Role): Promise<BatonMcp>;
  /** The messages as the record holds them once the door has delivered what it owes. */
  settled(reader: BatonMcp): Promise<{ kind: string; state: string }[]>;
}

async function walk(door: Door, baton: Baton): Promise<void> {
  const cro = await door.agent('cro');
  const cs = await door.agent('customer.success');
  const cos = await door.agent('chief.staff');
  const ceo = await door.agent('ceo');
  for (const agent of [cro, cs, cos, ceo]) {
    const { tools } = await agent.client.listTools();
    for (const t of tools) declared.set(t.name, t as never);
  }

  // The cro puts the deal on the board, logs the verbal commitment and closes it: T0.
  const added = await ok(cro, 'deal_add', {
    id: ID,
    company: 'Acme Corp',
    contactName: 'Ada Lee',
    contactTitle: 'CTO',
    contactEmail: 'ada@acme.example',
    origin: 'Partner referral',
    briefing: { delivered: true, response: 'the partner benchmark' },
  });
  expect(added.json).toMatchObject({ changed: true, status: { id: ID, state: 'no-handoff' } });
  await ok(cro, 'deal_update', { id: ID, contactPhone: '+1 555 0100' });
  await ok(cro, 'deal_note', { id: ID, text: '2026-04-28 demo, verbal yes' });
  const committed = await ok(cro, 'deal_commit', { id: ID, type: 'verbal', sowExpected: '2026-05-20' });
  expect((committed.json as { changed: boolean }).changed).toBe(true);
  const closed = await ok(cro, 'deal_stage', { id: ID, stage: 'Closed-won' });
  const events = (closed.json as { events: { type: string }[] }).events.map((e) => e.type);
  expect(events).toContain('handoff.started');
  expect((closed.structured?.status as (HandoffJson & { waitingOn: string }) | undefined)?.waitingOn).toBe('cro');
  // The same stage again changes nothing (idempotentHint).
  expect((await ok(cro, 'deal_stage', { id: ID, stage: 'closed-won' })).json).toMatchObject({ changed: false, events: [] });

  // Nobody but the cro moves the board or files the packet.
  await refusedRole(cs, 'deal_stage', { id: ID, stage: 'lead' }, 'cro');
  await refusedRole(cos, 'deal_note', { id: ID, text: 'a note' }, 'cro');
  await refusedRole(ceo, 'sow_signed', { id: ID }, 'cro');

  const draft = (await ok(cro, 'packet_draft', { id: ID })).structured?.text as string;
  expect(fieldValue(draft, 'Customer company')).toBe('Acme Corp');
  const packet = fillPacket(draft);
  // SPEC §15: the cro's inbox names the packet to file first, with the tool to call.
  const owed = await ok(cro, 'inbox');
  expect(owed.structured).toMatchObject({
    role: 'cro',
    items: expect.arrayContaining([expect.objectContaining({ id: ID, clock: 'packet', tool: expect.objectContaining({ name: 'packet_file' }) })]),
  });
  await refusedRole(cs, 'packet_file', { id: ID, text: packet }, 'cro');
  const filed = await ok(cro, 'packet_file', { id: ID, text: packet });
  expect(filed.json).toMatchObject({ changed: true, path: 'operations/handoffs/assessment-acme-corp-2026-05-11.md', revision: 1 });
  expect(baton.read('operations/handoffs/assessment-acme-corp-2026-05-11.md')).toContain('Filed by: cro');

  // Only customer.success acknowledges; delivery waits for the SOW and a live agent.
  await refusedRole(cro, 'ack', { id: ID }, 'customer.success');
  await ok(cs, 'ack', { id: ID });
  expect(baton.read('operations/handoffs/assessment-acme-corp-2026-05-11.md')).toMatch(/Acknowledged by: customer\.success/);
  await ok(cro, 'sow_sent', { id: ID });
  // SPEC §15: chief.staff holds the SOW signature clock (the cro may not), then resumes it.
  await refusedRole(cro, 'clock_hold', { id: ID, clock: 'sow-signature', reason: 'legal review' }, 'chief.staff');
  const held = await ok(cos, 'clock_hold', { id: ID, clock: 'sow-signature', reason: 'legal review at the customer' });
  expect(held.json).toMatchObject({ changed: true, events: [{ type: 'clock.held', clock: 'sow-signature', reason: 'legal review at the customer' }] });
  const resumed = await ok(ceo, 'clock_resume', { id: ID, clock: 'sow-signature' });
  expect(resumed.json).toMatchObject({ changed: true, events: [{ type: 'clock.resumed', clock: 'sow-signature', heldMs: 0 }] });
  await ok(cro, 'sow_signed', { id: ID });
  const gated = await cs.call('delivery_start', { id: ID });
  expect(gated.isError, gated.texts[0]).toBe(true);
  expect(gated.texts[0]).toMatch(/customer\.success/);
  // A heartbeat is its own role's: the role argument never lends another's.
  await refusedRole(cs, 'agent_heartbeat', { role: 'cro' }, 'cro');
  expect((await ok(cs, 'agent_heartbeat')).json).toMatchObject({ role: 'customer.success', heartbeatAt: NOW, by: 'customer.success' });
  await ok(cro, 'agent_heartbeat', { role: 'cro' });
  await refusedRole(cro, 'delivery_start', { id: ID }, 'customer.success');
  const started = await ok(cs, 'delivery_start', { id: ID });
  expect((started.structured?.status as HandoffJson | undefined)?.state).toBe('in-delivery');

  // chief.staff files the daily summary; the cro may not.
  await refusedRole(cro, 'summary', { date: '2026-05-11' }, 'chief.staff');
  const summary = await ok(cos, 'summary', { date: '2026-05-11' });
  expect(summary.structured).toMatchObject({ date: '2026-05-11', path: 'sessions/chief.staff/ceo-daily-summary-2026-05-11.md' });
  expect(summary.structured?.text).toContain('Acme Corp');

  // SPEC §15: the ceo reads the SLA report; the packet clock started on T0's day was done.
  const report = await ok(ceo, 'report', { from: '2026-05-01', to: '2026-05-31' });
  expect(report.structured).toMatchObject({
    from: '2026-05-01',
    to: '2026-05-31',
    report: { clocks: expect.arrayContaining([expect.objectContaining({ clock: 'packet', started: 1, done: 1 })]) },
  });

  // Only the ceo activates an agent manually.
  await refusedRole(cos, 'agent_activate', { role: 'customer.success' }, 'ceo');
  expect((await ok(ceo, 'agent_activate', { role: 'customer.success' })).json).toMatchObject({ role: 'customer.success', activatedBy: 'ceo' });

  await refusedRole(cro, 'delivery_done', { id: ID }, 'customer.success');
  await ok(cs, 'delivery_done', { id: ID });

  // What every role reads is the same record.
  const [handoff] = ((await ok(cos, 'status', { id: ID })).structured?.handoffs ?? []) as HandoffJson[];
  expect(handoff).toMatchObject({ id: ID, state: 'delivered', deliveryItem: { owner: 'customer.success' } });
  expect(handoff?.clocks.find((c) => c.name === 'delivery')).toMatchObject({ state: 'done' });
  const timeline = (await ok(ceo, 'timeline', { id: ID })).structured?.events as { type: string; actor: string }[];
  expect(timeline.map((e) => `${e.type} by ${e.actor}`)).toEqual(
    expect.arrayContaining([
      'packet.filed by cro',
      'packet.acknowledged by customer.success',
      'sow.signed by cro',
      'delivery.started by customer.success',
      'delivery.done by customer.success',
    ]),
  );
  const audit = (await ok(cos, 'audit')).structured?.events as { type: string; actor: string }[];
  expect(audit.map((e) => `${e.type} by ${e.actor}`)).toEqual([
    'agent.heartbeat by customer.success',
    'agent.heartbeat by cro',
    'summary.filed by chief.staff',
    'agent.activated by ceo',
  ]);
  expect((await ok(cro, 'audit', { since: '2026-05-12T00:00:00Z' })).structured?.events).toEqual([]);

  const messages = await door.settled(cos);
  expect(messages.find((m) => m.kind === 'announcement')).toMatchObject({ state: 'delivered' });
  expect(messages.find((m) => m.kind === 'delivery-item')).toMatchObject({ state: 'delivered' });
  const filtered = (await ok(cro, 'messages', { id: ID, state: 'delivered' })).structured?.messages as { state: string }[];
  expect(filtered.length).toBeGreaterThan(0);
  expect(filtered.every((m) => m.state === 'delivered')).toBe(true);

  // Retrying is chief.staff's, the ceo's or the owner's, and only of a failed message.
  const delivered = (await ok(cos, 'messages', { state: 'delivered' })).structured?.messages as { id: number; kind: string }[];
  const announcement = delivered.find((m) => m.kind === 'announcement');
  const retry = await cos.call('messages_retry', { id: announcement?.id });
  expect(problemsOf(retry)).toEqual([expect.objectContaining({ field: 'id', message: expect.stringContaining('not failed') })]);
  await refusedRole(await door.agent('sop.manager'), 'messages_retry', { id: announcement?.id }, 'chief.staff');

  // The resources: each handoff's packet (as filed, signed) and timeline, listed and readable.
  const { resources } = await cs.client.listResources();
  expect(resources.map((r) => r.uri).sort()).toEqual(['baton://handoffs/acme/packet', 'baton://handoffs/acme/timeline']);
  const read = await cs.client.readResource({ uri: 'baton://handoffs/acme/packet' });
  const text = (read.contents[0] as { text: string }).text;
  expect(text).toBe(baton.read('operations/handoffs/assessment-acme-corp-2026-05-11.md'));
  expect(fieldValue(text, 'Acknowledged by')).toMatch(/^customer\.success/);
  const tl = await cos.client.readResource({ uri: 'baton://handoffs/acme/timeline' });
  expect(JSON.parse((tl.contents[0] as { text: string }).text)).toEqual(timeline);
  await expect(cos.client.readResource({ uri: 'baton://handoffs/nope/packet' })).rejects.toThrow(/not found/i);

  // The prompts.
  const { prompts } = await cro.client.listPrompts();
  expect(prompts.map((p) => p.name).sort()).toEqual(['daily_summary', 'file_packet']);
  const filePrompt = await cro.client.getPrompt({ name: 'file_packet', arguments: { id: ID } });
  const promptText = (filePrompt.messages[0]?.content as { text: string } | undefined)?.text ?? '';
  expect(promptText).toContain('packet_file');
  expect(promptText).toContain('Problem statement: to write');
  expect(promptText).toContain('Customer company: pre-filled from the board as "Acme Corp"');
  const daily = await cos.client.getPrompt({ name: 'daily_summary', arguments: { date: '2026-05-11' } });
  expect((daily.messages[0]?.content as { text: string } | undefined)?.text).toContain('KEY COMPLETIONS TODAY');
}

describe.each(['stdio', 'http'] as const)('the verbal-commitment SOP walked by agents over %s', (kind) => {
  let baton: Baton;
  let serve: Serve | undefined;
  const agents = new Map<Role, BatonMcp>();

  beforeAll(async () => {
    baton = new Baton(tempFolder(`baton-mcp-${kind}-`));
    await baton.ok(['init'], NOW);
    if (kind === 'http') serve = await startServe(baton.cwd, { BATON_NOW: NOW });
  });

  afterAll(async () => {
    await Promise.all([...agents.values()].map((a) => a.close()));
    await serve?.stop();
    removeTempFolders();
  });

  const door: Door = {
    name: kind,
    agent: async (role) => {
      const known = agents.get(role);
      if (known) return known;
      const agent = kind === 'stdio' ? await BatonMcp.start({ cwd: baton.cwd, role, now: NOW }) : await BatonMcp.http(`${serve?.base}/mcp`, TOKENS[role]);
      agents.set(role, agent);
      return agent;
    },
    settled: async (reader) => {
      // stdio delivers before it answers; serve delivers right after, from its loop.
      for (let i = 0; i < 100; i++) {
        const list = (await reader.ok('messages')).structured?.messages as { kind: string; state: string }[];
        if (kind === 'stdio' || list.every((m) => m.state !== 'queued')) return list;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('serve did not deliver the queued messages within 5 s');
    },
  };

  it('cro, customer.success, chief.staff and ceo each do their part, and are refused the rest', { timeout: 60_000 }, async () => {
    await walk(door, baton);
    const changeDelivery = (await (await door.agent('cro')).ok('deal_note', { id: ID, text: 'kickoff booked' })).structured?.delivery;
    expect(changeDelivery).toMatchObject({ queued: 0, by: kind === 'stdio' ? 'call' : 'serve' });
  });

  it('every tool offered declares honest hints and an output schema, and every answer above matched it', () => {
    const names = [...declared.keys()].sort();
    expect(names).toEqual(TOOL_NAMES);
    for (const [name, tool] of declared) {
      expect(tool.outputSchema, name).toMatchObject({ type: 'object' });
      const hints = tool.annotations ?? {};
      for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint']) expect(typeof hints[hint], `${name} ${hint}`).toBe('boolean');
      // A tool that queues Slack posts or board items says so.
      if (['packet_file', 'ack', 'sow_signed', 'deal_stage', 'messages_retry'].includes(name)) expect(hints.openWorldHint, name).toBe(true);
      if (hints.readOnlyHint) expect([hints.destructiveHint, hints.openWorldHint], name).toEqual([false, false]);
    }
    // messages_retry succeeds only on a failed message: mcp-retry.test.ts checks its answer.
    const unchecked = names.filter((n) => !checked.has(n) && n !== 'messages_retry');
    expect(unchecked).toEqual([]);
    checked.clear();
    declared.clear();
  });

  it('a role with no SOP step of its own (sop.manager) reads, and is refused each change naming who may', async () => {
    const sop = await door.agent('sop.manager');
    await sop.ok('status');
    for (const [tool, args, owner] of [
      ['deal_add', { id: 'other', company: 'Other' }, 'cro'],
      ['ack', { id: ID }, 'customer.success'],
      ['summary', {}, 'chief.staff'],
      ['agent_activate', { role: 'customer.success' }, 'ceo'],
    ] as const) {
      await refusedRole(sop, tool, args, owner);
    }
  });
});
