import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { listMessages, loadDeal } from '../../src/store/index.js';
import { clockWords } from '../../src/views/status.js';
import { HOUR, T0, TOKENS } from '../support/http.js';
import { VIEWER_TOKEN, clockStatusIn, get, openDashboard, rowIds, seedFour, tick, type DashboardWorld } from '../support/dashboard.js';

/** The dashboard's routes through `app.request()`: what they show, who may read, who may act. */

let d: DashboardWorld | undefined;
afterEach(async () => {
  await d?.world.close();
  d = undefined;
});

async function seeded(): Promise<DashboardWorld> {
  d = await openDashboard();
  await seedFour(d);
  d.local.value = true;
  return d;
}

describe('the handoffs list (/)', () => {
  it('SOP-3 lists every handoff with company, state, who it waits on, SOW status, and a bar per clock coloured on time / due soon / overdue / done / done late', async () => {
    const d = await seeded();
    const res = await get(d, '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.html.startsWith('<!doctype html>')).toBe(true);
    expect(rowIds(res.html)).toEqual(['hooli', 'initech', 'globex', 'acme']);
    for (const text of [
      'Acme Analytics',
      'Globex Corporation',
      'Initech',
      'Hooli',
      'awaiting-packet',
      'awaiting-acknowledgement',
      'acknowledged',
      'Pending — expected 2026-12-01',
      'Signed',
      '>customer.success<',
    ]) {
      expect(res.html).toContain(text);
    }
    expect(res.html).toMatch(/<td class="nowrap" data-field="waiting-on">cro<div class="muted small">due /);
    expect(clockStatusIn(res.html, 'acme', 'packet')).toBe('overdue');
    expect(clockStatusIn(res.html, 'acme', 'sow-signature')).toBe('on-time');
    expect(clockStatusIn(res.html, 'hooli', 'packet')).toBe('due-soon');
    expect(clockStatusIn(res.html, 'initech', 'packet')).toBe('done');
    expect(clockStatusIn(res.html, 'initech', 'announcement')).toBe('overdue');
    expect(clockStatusIn(res.html, 'globex', 'packet')).toBe('done-late');
    expect(clockStatusIn(res.html, 'globex', 'acknowledgement')).toBe('overdue');
    // The words are the CLI's: `baton status` and the dashboard cannot disagree.
    const acme = (await loadDeal(d.world.engine.store.db, 'acme'))!.state.handoff!.clocks.packet!;
    expect(res.html).toContain(`title="packet: ${clockWords(acme, d.world.now, 'UTC')}"`);
    expect(res.html).toContain('overdue by 1 d 4 h');
  });

  it('filters overdue, awaiting acknowledgement and awaiting SOW (?filter=), with counts; an unknown filter is a readable 400', async () => {
    const d = await seeded();
    const overdue = await get(d, '/?filter=overdue');
    expect(rowIds(overdue.html)).toEqual(['initech', 'globex', 'acme']);
    expect(overdue.html).toMatch(/class="active" data-filter="overdue">Overdue<span class="n">3</);
    expect(rowIds((await get(d, '/?filter=awaiting-acknowledgement')).html)).toEqual(['globex']);
    expect(rowIds((await get(d, '/?filter=awaiting-ack')).html)).toEqual(['globex']);
    expect(rowIds((await get(d, '/?filter=awaiting-sow')).html)).toEqual(['acme']);

    const bad = await get(d, '/?filter=late');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/text\/html/);
    expect(bad.html).toContain('No such filter');
    expect(bad.html).toContain('href="/?filter=overdue"');
  });

  it('says what to do when there is no handoff yet', async () => {
    d = await openDashboard();
    d.local.value = true;
    const res = await get(d, '/');
    expect(res.status).toBe(200);
    expect(rowIds(res.html)).toEqual([]);
    expect(res.html).toContain('No handoffs yet');
  });
});

describe('one handoff (/handoffs/:id)', () => {
  it('SOP-5a shows the timeline (who, what, when, how late), the packet, the messages, escalations and the delivery item', async () => {
    const d = await seeded();
    const globex = await get(d, '/handoffs/globex');
    expect(globex.status).toBe(200);
    expect(globex.html).toContain('<h1>Globex Corporation');
    expect(globex.html).toMatch(
      /<tr data-event="handoff.started"><td class="nowrap">2026-11-26 09:00 UTC<\/td><td class="nowrap mono">cro<\/td><td>handoff started \(T0, cycle 1\)/,
    );
    expect(globex.html).toMatch(/clock packet done, 1 h 00 min late<\/td><td class="nowrap"><span class="late">1 h 00 min late</);
    expect(globex.html).toContain('data-escalation="escalation.chief-staff"');
    expect(globex.html).toContain('escalated to chief.staff');
    expect(globex.html).toMatch(/<pre id="packet">ASSESSMENT™ HANDOFF PACKET/);
    expect(globex.html).toContain('Filed by: cro — 2026-11-26 12:00 UTC');
    expect(globex.html).toContain('Created on the delivery board when customer.success acknowledges');
    expect(globex.html).toMatch(/data-kind="announcement"[\s\S]*?data-field="message-state">delivered</);

    const initech = await get(d, '/handoffs/initech');
    expect(initech.html).toContain('Assessment™ — Initech');
    expect(initech.html).toMatch(/<td>Kickoff<\/td><td class="mono">2026-11-26<\/td>/);
    expect(initech.html).toContain('Acknowledged by: customer.success — 2026-11-26 10:59 UTC');
    expect(initech.html).toMatch(/data-kind="announcement"[\s\S]*?data-field="message-state">failed</);
    expect(initech.html).toContain('last error: channel_not_found');
    expect(initech.html).toContain('No escalations.');
    // A failed message has a Retry form, a POST, with a field for the role token.
    expect(initech.html).toMatch(/<form class="retry" method="post" action="\/handoffs\/initech\/messages\/\d+\/retry"><input type="password" name="token"/);

    const missing = await get(d, '/handoffs/nope');
    expect(missing.status).toBe(404);
    expect(missing.html).toContain('No such handoff');
  });
});

describe('health (/report, /health-report)', () => {
  it('draws time-to-packet and time-to-acknowledgement against their targets, the weekly on-time rate, and agent liveness', async () => {
    const d = await seeded();
    await d.world.ok('POST', '/api/agents/customer.success/heartbeat', { as: 'customer.success' });
    for (const path of ['/report', '/health-report']) {
      const res = await get(d, path);
      expect(res.status).toBe(200);
      expect(res.html).toContain('<svg class="chart" id="chart-packet"');
      expect(res.html).toContain('<svg class="chart" id="chart-acknowledgement"');
      expect(res.html).toContain('<svg class="chart" id="chart-weekly"');
      expect(res.html).toContain('target 2 h');
      expect(res.html).toContain('target 24 h');
    }
    const html = (await get(d, '/report')).html;
    // initech filed after 1 h (bucket [1 h, 1 h 30)), globex after 3 h (bucket [3 h, 3 h 30)).
    expect(html).toMatch(/class="within"[^>]*data-bucket="2" data-count="1"/);
    expect(html).toMatch(/class="beyond"[^>]*data-bucket="6" data-count="1"/);
    expect(html).toMatch(/data-report="packet"[\s\S]*?data-stat="done">2<[\s\S]*?data-stat="on-time">50%</);
    expect(html).toMatch(/<tr data-role="customer.success" data-live="yes">/);
    expect(html).toMatch(/<tr data-role="ceo" data-live="no">/);
    expect(html).toMatch(/data-stat="failed">2</);
  });
});

describe('reading needs a viewer token or a request from this machine', () => {
  it('refuses a remote request without a token with a readable 401 page, and lets a local one in', async () => {
    d = await openDashboard();
    await seedFour(d);
    for (const path of ['/', '/handoffs/acme', '/report', '/health-report']) {
      const refused = await get(d, path);
      expect(refused.status, path).toBe(401);
      expect(refused.headers.get('content-type')).toMatch(/text\/html/);
      expect(refused.html).toContain('Sign in to the Baton dashboard');
      expect(refused.html).toContain('?token=');
    }
    d.local.value = true;
    expect((await get(d, '/')).status).toBe(200);
  });

  it('takes ?token= once (a cookie, then the address without it), a bearer header, or the cookie; refuses a wrong token', async () => {
    d = await openDashboard();
    await seedFour(d);
    const first = await get(d, `/?filter=overdue&token=${VIEWER_TOKEN}`);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/?filter=overdue');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^baton_viewer=${VIEWER_TOKEN}; .*HttpOnly`));
    expect(cookie).toMatch(/SameSite=Lax/);
    const withCookie = await get(d, '/?filter=overdue', { Cookie: `baton_viewer=${VIEWER_TOKEN}` });
    expect(withCookie.status).toBe(200);
    expect(rowIds(withCookie.html)).toEqual(['initech', 'globex', 'acme']);

    expect((await get(d, '/handoffs/acme', { Authorization: `Bearer ${VIEWER_TOKEN}` })).status).toBe(200);
    expect((await get(d, '/report', { Authorization: `Bearer ${TOKENS.ceo}` })).status).toBe(200);
    expect((await get(d, '/', { Authorization: 'Bearer not-a-token' })).status).toBe(401);
    expect((await get(d, '/', { Cookie: 'baton_viewer=stale' })).status).toBe(401);
    const wrong = await get(d, '/?token=not-a-token');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('without an injected check, app.request() (no socket) is not local; the API and /health are unchanged', async () => {
    d = await openDashboard();
    const plain = createApp(d.world.engine, { now: () => d!.world.now, wake: () => {}, env: d.world.env });
    expect((await plain.request('/')).status).toBe(401);
    expect((await plain.request('/', { headers: { Authorization: `Bearer ${VIEWER_TOKEN}` } })).status).toBe(200);
    const api = await plain.request('/api/status');
    expect(api.status).toBe(401);
    expect(((await api.json()) as { error: string }).error).toBe('unauthorized');
    expect(await (await plain.request('/health')).json()).toEqual({ ok: true });
  });

  it('refuses a viewer token that is also a role token (the server does not start)', async () => {
    d = await openDashboard();
    const env = { ...d.world.env, BATON_VIEWER_TOKEN: TOKENS.cro };
    expect(() => createApp(d!.world.engine, { now: () => 0, wake: () => {}, env })).toThrow(/BATON_VIEWER_TOKEN.*BATON_TOKEN_CRO/);
  });

  it('tells the reader to ask for BATON_VIEWER_TOKEN when none is configured', async () => {
    d = await openDashboard({ BATON_VIEWER_TOKEN: undefined });
    const res = await get(d, '/');
    expect(res.status).toBe(401);
    expect(res.html).toContain('set BATON_VIEWER_TOKEN');
  });
});

describe('the retry button (POST /handoffs/:id/messages/:messageId/retry)', () => {
  async function failedAnnouncement(d: DashboardWorld): Promise<number> {
    const messages = await listMessages(d.world.engine.store.db, { dealId: 'initech' });
    const m = messages.find((x) => x.kind === 'announcement');
    expect(m?.state).toBe('failed');
    return m!.id;
  }
  // As a browser posts the dashboard's own form: with the page's Origin.
  const post = (d: DashboardWorld, url: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
    d.app.request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost', ...headers },
      body: new URLSearchParams(form).toString(),
    });
  const stateOf = async (d: DashboardWorld, id: number) => (await listMessages(d.world.engine.store.db)).find((m) => m.id === id)?.state;

  it('SOP-4.3a needs a role token: none is 401, the viewer token 403, a wrong one 401, another site 403; nothing is requeued', async () => {
    const d = await seeded();
    const id = await failedAnnouncement(d);
    const url = `/handoffs/initech/messages/${id}/retry`;
    const wakes = d.world.wakes;

    const none = await post(d, url, {});
    expect(none.status).toBe(401);
    const page = await none.text();
    expect(page).toContain('A role token is needed');
    expect(page).toContain('BATON_TOKEN_CRO');
    expect((await post(d, url, { token: VIEWER_TOKEN })).status).toBe(403);
    expect((await post(d, url, { token: 'wrong' })).status).toBe(401);
    // A viewer cookie is for reading only.
    expect((await post(d, url, {}, { Cookie: `baton_viewer=${VIEWER_TOKEN}` })).status).toBe(401);
    expect((await post(d, url, { token: TOKENS.cro }, { Origin: 'https://evil.example' })).status).toBe(403);
    expect(await stateOf(d, id)).toBe('failed');
    expect(d.world.wakes).toBe(wakes);
  });

  it('SOP-4.3a with a role token (form field) requeues the failed message, wakes the loop and shows it; a second click is a 409', async () => {
    const d = await seeded();
    const id = await failedAnnouncement(d);
    const url = `/handoffs/initech/messages/${id}/retry`;
    const wakes = d.world.wakes;
    const res = await post(d, url, { token: TOKENS['chief.staff'] }, { Origin: 'http://localhost' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/handoffs/initech?retried=${id}#message-${id}`);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await stateOf(d, id)).toBe('queued');
    expect(d.world.wakes).toBe(wakes + 1);
    expect(d.world.logs.join('\n')).toContain(`chief.staff queued message #${id}`);

    const shown = await get(d, `/handoffs/initech?retried=${id}`);
    expect(shown.html).toContain(`Message #${id} is queued again`);
    expect(shown.html).toMatch(new RegExp(`data-message="${id}"[\\s\\S]*?data-field="message-state">queued<`));

    await tick(d.world);
    expect(await stateOf(d, id)).toBe('delivered');
    expect(d.slack.sent).toContain('initech/announcement');
    const again = await post(d, url, { token: TOKENS.cro });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('Nothing to retry');
  });

  it('takes the role token from the cookie `token`; "remember" sets that cookie; a message of another handoff is a 404', async () => {
    const d = await seeded();
    const [announcement, ackRequest] = (await listMessages(d.world.engine.store.db, { dealId: 'initech' })).filter((m) => m.state === 'failed');
    expect(ackRequest).toBeDefined();

    const remembered = await post(d, `/handoffs/initech/messages/${announcement!.id}/retry`, { token: TOKENS.cro, remember: '1' });
    expect(remembered.status).toBe(303);
    expect(remembered.headers.get('set-cookie')).toMatch(new RegExp(`^token=${TOKENS.cro}; .*HttpOnly.*SameSite=Strict`));

    const page = await get(d, '/handoffs/initech', { Cookie: `token=${TOKENS.cro}` });
    expect(page.html).not.toContain('name="token"');
    expect(page.html).toMatch(/<form class="retry" method="post" action="[^"]+"><button type="submit">Retry<\/button>/);

    expect((await post(d, `/handoffs/globex/messages/${ackRequest!.id}/retry`, {}, { Cookie: `token=${TOKENS.cro}` })).status).toBe(404);
    // The acknowledgement request is customer.success's: the cro may not retry it (SPEC §13), chief.staff may.
    expect((await post(d, `/handoffs/initech/messages/${ackRequest!.id}/retry`, {}, { Cookie: `token=${TOKENS.cro}` })).status).toBe(403);
    const byCookie = await post(d, `/handoffs/initech/messages/${ackRequest!.id}/retry`, {}, { Cookie: `token=${TOKENS['chief.staff']}` });
    expect(byCookie.status).toBe(303);
    expect(await stateOf(d, ackRequest!.id)).toBe('queued');
  });
});

describe('the clocks move with time', () => {
  it('an on-time clock becomes due soon at 75% of its window and overdue at its due time', async () => {
    const d = await seeded();
    // hooli closed at T0 + 28 h 15: packet due at T0 + 30 h 15.
    d.world.now = T0 + 28 * HOUR + 15 * 60_000 + 89 * 60_000;
    expect(clockStatusIn((await get(d, '/')).html, 'hooli', 'packet')).toBe('on-time');
    d.world.now += 60_000;
    expect(clockStatusIn((await get(d, '/')).html, 'hooli', 'packet')).toBe('due-soon');
    d.world.now = T0 + 30 * HOUR + 15 * 60_000;
    expect(clockStatusIn((await get(d, '/')).html, 'hooli', 'packet')).toBe('overdue');
  });
});
