import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTACT, HOUR, MINUTE, T0, TOKENS, closeDeal, filePacket, fillPacket, openWorld, type World } from '../support/http.js';

let world: World;
beforeEach(async () => {
  world = await openWorld();
});
afterEach(async () => {
  await world.close();
});

describe('the JSON API: a whole deal', () => {
  it('SOP-2 SOP-4 SOP-7: add, commit, close, draft, file, announce, acknowledge, SOW, gate, deliver; reads match the CLI views', async () => {
    world.now = T0 - HOUR;
    const added = await world.ok('POST', '/api/deals/acme', {
      as: 'cro',
      body: { company: 'Acme Analytics', contact: CONTACT, origin: 'Partner referral', briefing: 'Y — the partner benchmark' },
    });
    expect(added.changed).toBe(true);
    expect(added.status).toMatchObject({ id: 'acme', company: 'Acme Analytics', stage: 'lead', state: 'no-handoff' });

    world.now = T0 - 30 * MINUTE;
    await world.ok('POST', '/api/deals/acme/commit', { as: 'cro', body: { type: 'Verbal', sowExpected: '2026-12-01' } });
    await world.ok('POST', '/api/deals/acme/notes', { as: 'cro', body: { text: 'Discovery call, strong interest' } });
    world.now = T0;
    const wakesBefore = world.wakes;
    const closed = await world.ok('POST', '/api/deals/acme/stage', { as: 'cro', body: { stage: 'Closed-won' } });
    expect(closed.status.state).toBe('awaiting-packet');
    expect(closed.status.clocks.find((c: any) => c.name === 'packet')).toMatchObject({ state: 'pending', dueAt: new Date(T0 + 2 * HOUR).toISOString() });
    expect(world.wakes, 'a command that changed something wakes the serve loop').toBeGreaterThan(wakesBefore);

    // The same stage again changes nothing (a repeated delivery).
    expect((await world.ok('POST', '/api/deals/acme/stage', { as: 'cro', body: { stage: 'closed won' } })).changed).toBe(false);

    world.now = T0 + HOUR;
    const draft = await world.ok('GET', '/api/deals/acme/packet/draft', { as: 'cro' });
    expect(draft.id).toBe('acme');
    expect(draft.text).toContain('Acme Analytics');
    // A packet with a placeholder left is refused, naming the field.
    const unfilled = await world.call('POST', '/api/deals/acme/packet', { as: 'cro', body: { text: draft.text } });
    expect(unfilled.status).toBe(400);
    expect(unfilled.json.error).toBe('refused');
    expect(unfilled.json.problems.length).toBeGreaterThan(0);

    const filed = await world.ok('POST', '/api/deals/acme/packet', { as: 'cro', body: { text: fillPacket(draft.text) } });
    expect(filed.path).toBe('operations/handoffs/assessment-acme-analytics-2026-11-26.md');
    expect(filed.revision).toBe(1);
    expect(existsSync(path.join(world.engine.config.root, filed.path))).toBe(true);

    // Delivery is the loop's job: queued until a tick.
    let messages = await world.ok('GET', '/api/messages', { as: 'ceo' });
    const announcement = messages.find((m: any) => m.to === '#exec-checkins');
    expect(announcement).toMatchObject({
      state: 'queued',
      text: '🟢 DEAL CLOSED — Acme Analytics — Assessment™ confirmed\nHandoff packet filed → customer.success\nSOW status: Pending — expected 2026-12-01',
    });
    const ticked = await world.ok('POST', '/api/tick', { as: 'chief.staff' });
    expect(ticked.delivered).toBeGreaterThan(0);
    messages = await world.ok('GET', '/api/messages', { as: 'ceo' });
    expect(messages.find((m: any) => m.to === '#exec-checkins')).toMatchObject({ state: 'delivered', deliveredAt: new Date(T0 + HOUR).toISOString() });

    world.now = T0 + 2 * HOUR;
    const acked = await world.ok('POST', '/api/deals/acme/ack', { as: 'customer.success' });
    expect(acked.status.state).toBe('acknowledged');
    expect(acked.status.deliveryItem).toMatchObject({ name: 'Assessment™ — Acme Analytics', owner: 'customer.success' });
    expect(readFileSync(path.join(world.engine.config.root, filed.path), 'utf8')).toMatch(/^Acknowledged by: customer\.success — /m);

    await world.ok('POST', '/api/deals/acme/sow/sent', { as: 'cro' });
    // The gate: SOW unsigned and no live agent, every unmet condition listed.
    const gated = await world.call('POST', '/api/deals/acme/delivery/start', { as: 'customer.success' });
    expect(gated.status).toBe(400);
    expect(gated.json.problems.map((p: any) => p.field)).toEqual(expect.arrayContaining(['SOW status', 'customer.success agent']));

    world.now = T0 + 3 * HOUR;
    await world.ok('POST', '/api/deals/acme/sow/signed', { as: 'cro' });
    const beat = await world.ok('POST', '/api/agents/customer.success/heartbeat', { as: 'customer.success' });
    expect(beat).toEqual({ role: 'customer.success', heartbeatAt: new Date(T0 + 3 * HOUR).toISOString() });
    expect((await world.ok('POST', '/api/deals/acme/delivery/start', { as: 'customer.success' })).status.state).toBe('in-delivery');
    world.now = T0 + 10 * 24 * HOUR;
    expect((await world.ok('POST', '/api/deals/acme/delivery/done', { as: 'customer.success' })).status.state).toBe('delivered');

    const all = await world.ok('GET', '/api/status', { as: 'chief.staff' });
    expect(all).toHaveLength(1);
    expect(await world.status('acme')).toEqual(all[0]);
    const timeline = await world.timeline('acme');
    expect(timeline.map((e: any) => e.type)).toEqual(
      expect.arrayContaining([
        'deal.added',
        'deal.commitment-logged',
        'deal.note-added',
        'handoff.started',
        'packet.filed',
        'announcement.posted',
        'packet.acknowledged',
        'sow.signed',
        'delivery.started',
        'delivery.done',
      ]),
    );
    expect(timeline.find((e: any) => e.type === 'packet.acknowledged').actor).toBe('customer.success');
    expect(await world.ok('GET', '/api/timeline/acme', { as: 'cro' })).toEqual(timeline);

    // A GET reads; POST files.
    const summary = await world.ok('GET', '/api/summary?date=2026-11-26', { as: 'chief.staff' });
    expect(summary.path).toBe('sessions/chief.staff/ceo-daily-summary-2026-11-26.md');
    expect(summary.text).toContain('- 🟢 DEAL CLOSED — Acme Analytics — Assessment™ confirmed (SOW: Signed)');
    expect(existsSync(path.join(world.engine.config.root, summary.path))).toBe(false);
    const filedSummary = await world.ok('POST', '/api/summary?date=2026-11-26', { as: 'chief.staff' });
    expect(readFileSync(path.join(world.engine.config.root, summary.path), 'utf8')).toBe(filedSummary.text);
    expect(filedSummary.text).toBe(summary.text);
    expect((await world.call('POST', '/api/summary', { as: 'cro' })).status).toBe(403);
  });

  it('GET /health needs no token', async () => {
    expect(await world.call('GET', '/health')).toEqual({ status: 200, json: { ok: true } });
  });

  it('an unknown deal is 404 with the problem and its fix', async () => {
    const res = await world.call('POST', '/api/deals/nope/stage', { as: 'cro', body: { stage: 'qualified' } });
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ error: 'not-found', problems: [{ field: 'id', code: 'not-found' }] });
    expect(res.json.problems[0].fix).toMatch(/POST \/api\/deals\/nope/);
    expect((await world.call('GET', '/api/status/nope', { as: 'cro' })).status).toBe(404);
    expect((await world.call('GET', '/api/deals/nope/timeline', { as: 'cro' })).status).toBe(404);
  });

  it('a failed message is retried through the API; anything else is refused', async () => {
    const res = await world.call('POST', '/api/messages/999/retry', { as: 'chief.staff' });
    expect(res.status).toBe(404);
    expect(res.json.problems[0]).toMatchObject({ field: 'id' });
    expect((await world.call('POST', '/api/messages/abc/retry', { as: 'chief.staff' })).json.problems[0].message).toMatch(/not a message id/);
  });
});

describe('the API: who may act (the token decides the role)', () => {
  it('SOP-4.4a only customer.success acknowledges: the cro token gets 403 and nothing changes', async () => {
    await closeDeal(world, 'acme');
    await filePacket(world, 'acme');
    const before = await world.timeline('acme');
    const res = await world.call('POST', '/api/deals/acme/ack', { as: 'cro' });
    expect(res.status).toBe(403);
    expect(res.json.error).toBe('forbidden');
    expect(res.json.problems[0]).toMatchObject({ field: 'role' });
    expect(res.json.problems[0].message).toMatch(/ack is for customer\.success, not cro/);
    expect(res.json.problems[0].fix).toMatch(/BATON_TOKEN_CUSTOMER_SUCCESS/);
    expect(await world.timeline('acme')).toEqual(before);
    expect((await world.status('acme')).state).toBe('awaiting-acknowledgement');
  });

  it('SOP-8 only the ceo activates an agent: cro gets 403, ceo succeeds', async () => {
    const res = await world.call('POST', '/api/agents/customer.success/activate', { as: 'cro' });
    expect(res.status).toBe(403);
    expect(res.json.problems[0].fix).toMatch(/BATON_TOKEN_CEO/);
    const ok = await world.ok('POST', '/api/agents/customer.success/activate', { as: 'ceo' });
    expect(ok).toEqual({ role: 'customer.success', activatedAt: new Date(T0).toISOString(), activatedBy: 'ceo' });
  });

  it("a heartbeat is only for the token's own role", async () => {
    expect((await world.call('POST', '/api/agents/customer.success/heartbeat', { as: 'cro' })).status).toBe(403);
    expect((await world.call('POST', '/api/agents/cro/heartbeat', { as: 'cro' })).status).toBe(200);
    expect((await world.call('POST', '/api/agents/robot/heartbeat', { as: 'cro' })).status).toBe(400);
  });

  it('SOP-4.1 the board belongs to the cro: customer.success cannot move a stage (403)', async () => {
    await world.ok('POST', '/api/deals/acme', { as: 'cro', body: { company: 'Acme' } });
    const res = await world.call('POST', '/api/deals/acme/stage', { as: 'customer.success', body: { stage: 'closed-won' } });
    expect(res.status).toBe(403);
    expect((await world.status('acme')).stage).toBe('lead');
  });

  it('reads are open to any valid token', async () => {
    for (const role of ['cro', 'customer.success', 'chief.staff', 'ceo'] as const) {
      expect((await world.call('GET', '/api/status', { as: role })).status).toBe(200);
      expect((await world.call('GET', '/api/messages', { as: role })).status).toBe(200);
    }
  });

  it('no token, a malformed header or an unknown token: 401 naming the Authorization header and the fix', async () => {
    const none = await world.call('GET', '/api/status');
    expect(none.status).toBe(401);
    expect(none.json.error).toBe('unauthorized');
    expect(none.json.message).toMatch(/Authorization/);
    expect(none.json.message).toMatch(/BATON_TOKEN_<ROLE>/);
    const basic = await world.call('GET', '/api/status', { headers: { Authorization: `Basic ${TOKENS.cro}` } });
    expect(basic.status).toBe(401);
    const wrong = await world.call('POST', '/api/deals/acme', { headers: { Authorization: 'Bearer not-a-token' }, body: { company: 'Acme' } });
    expect(wrong.status).toBe(401);
    expect(wrong.json.message).toMatch(/matches no role/);
    expect((await world.call('GET', '/api/status', { as: 'cro' })).json).toEqual([]);
  });

  it('a role with no token configured cannot act; with no tokens at all the API is closed', async () => {
    const closed = await openWorld({ BATON_TOKEN_CRO: undefined, BATON_TOKEN_CUSTOMER_SUCCESS: undefined, BATON_TOKEN_CHIEF_STAFF: undefined, BATON_TOKEN_CEO: undefined });
    try {
      const res = await closed.call('GET', '/api/status', { as: 'cro' });
      expect(res.status).toBe(401);
      expect(res.json.message).toMatch(/BATON_TOKEN_CRO/);
    } finally {
      await closed.close();
    }
  });
});

describe('the API: bad bodies are 400 naming the field and the fix', () => {
  it('deal add: missing company, bad e-mail, unknown field', async () => {
    const res = await world.call('POST', '/api/deals/acme', { as: 'cro', body: { contact: { email: 'not-an-email' }, compnay: 'Acme' } });
    expect(res.status).toBe(400);
    const fields = res.json.problems.map((p: any) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['company', 'contact.email', 'compnay']));
    expect(res.json.problems.find((p: any) => p.field === 'company')).toMatchObject({ message: 'is required', fix: expect.stringMatching(/"company"/) });
    expect((await world.call('GET', '/api/status', { as: 'cro' })).json).toEqual([]);
  });

  it('deal commit: a type that is not written or verbal, a malformed date', async () => {
    await world.ok('POST', '/api/deals/acme', { as: 'cro', body: { company: 'Acme' } });
    const res = await world.call('POST', '/api/deals/acme/commit', { as: 'cro', body: { type: 'spoken', sowExpected: '12/01/2026' } });
    expect(res.status).toBe(400);
    expect(res.json.problems.map((p: any) => p.field).sort()).toEqual(['sowExpected', 'type']);
    expect(res.json.problems.find((p: any) => p.field === 'type').fix).toMatch(/written.*verbal/);
  });

  it('a domain refusal names the API field (verbal without sowExpected)', async () => {
    await world.ok('POST', '/api/deals/acme', { as: 'cro', body: { company: 'Acme' } });
    const res = await world.call('POST', '/api/deals/acme/commit', { as: 'cro', body: { type: 'verbal' } });
    expect(res.status).toBe(400);
    expect(res.json.problems[0].field).toBe('sowExpected');
  });

  it('not JSON, and a stage that is not a stage', async () => {
    await world.ok('POST', '/api/deals/acme', { as: 'cro', body: { company: 'Acme' } });
    const notJson = await world.call('POST', '/api/deals/acme/stage', { as: 'cro', body: '{stage', headers: { 'Content-Type': 'application/json' } });
    expect(notJson.status).toBe(400);
    expect(notJson.json.problems[0]).toMatchObject({ field: 'body', message: 'is not valid JSON' });
    const bad = await world.call('POST', '/api/deals/acme/stage', { as: 'cro', body: { stage: 'won-ish' } });
    expect(bad.status).toBe(400);
    expect(bad.json.problems[0]).toMatchObject({ field: 'stage', fix: expect.stringMatching(/closed-won/) });
  });

  it('summary with a bad date', async () => {
    const res = await world.call('GET', '/api/summary?date=26-11-2026', { as: 'chief.staff' });
    expect(res.status).toBe(400);
    expect(res.json.problems[0].field).toBe('date');
  });
});
