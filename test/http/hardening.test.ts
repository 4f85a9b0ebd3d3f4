import { afterEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/http/body-limit.js';
import { isServedHost } from '../../src/http/host-check.js';
import { listMessages } from '../../src/store/index.js';
import { seedFour, openDashboard, type DashboardWorld } from '../support/dashboard.js';
import { SLACK_SECRET, TOKENS, WEBHOOK_SECRET, closeDeal, openWorld, type World } from '../support/http.js';
import { slackSignature } from '../../src/http/slack-verify.js';

/**
 * SPEC §17 HTTP, through `app.request()`: a Host serve does not serve is 421 (DNS
 * rebinding), a state-changing form from another site is 403, a body over 1 MB is 413
 * before it is read and before authentication, on every kind of route.
 */

let world: World | undefined;
let d: DashboardWorld | undefined;
afterEach(async () => {
  await world?.close();
  await d?.world.close();
  world = undefined;
  d = undefined;
});

const MB20 = 20 * 1024 * 1024;

/** Every kind of route, as the request that would be refused for want of credentials. */
const ROUTES: { kind: string; method: string; path: string }[] = [
  { kind: 'health', method: 'POST', path: '/health' },
  { kind: 'API', method: 'POST', path: '/api/deals/acme' },
  { kind: 'API (packet)', method: 'POST', path: '/api/deals/acme/packet' },
  { kind: 'Slack interactions', method: 'POST', path: '/slack/interactions' },
  { kind: 'Slack commands', method: 'POST', path: '/slack/commands' },
  { kind: 'monday.com webhook (wrong secret)', method: 'POST', path: '/webhooks/monday/wrong' },
  { kind: 'monday.com webhook', method: 'POST', path: `/webhooks/monday/${WEBHOOK_SECRET}` },
  { kind: 'dashboard form', method: 'POST', path: '/handoffs/acme/messages/1/retry' },
  { kind: 'a future route (/mcp)', method: 'POST', path: '/mcp' },
];

/** A body that counts what was read of it: `chunks` of 64 KiB, as a socket would deliver them. */
function countingBody(total: number): { stream: ReadableStream<Uint8Array>; read: () => number } {
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const n = Math.min(chunk.length, total - sent);
      sent += n;
      controller.enqueue(n === chunk.length ? chunk : chunk.subarray(0, n));
    },
  });
  return { stream, read: () => sent };
}

describe('a body over 1 MB is 413 before it is read and before authentication, on every route', () => {
  it('declared by Content-Length: refused at once, not a byte read', async () => {
    world = await openWorld();
    for (const route of ROUTES) {
      const body = countingBody(MB20);
      const res = await world.app.request(route.path, {
        method: route.method,
        headers: { 'Content-Length': String(MB20), 'Content-Type': 'text/plain' },
        body: body.stream,
        duplex: 'half',
      } as RequestInit);
      expect(res.status, route.kind).toBe(413);
      const json = await res.json();
      expect(json.error, route.kind).toBe('too-large');
      expect(json.problems[0].field).toBe('body');
      expect(json.message).toContain('1 MB');
      // Pulls ahead of the reader are a chunk or two at most; nothing like the body.
      expect(body.read(), route.kind).toBeLessThanOrEqual(2 * 64 * 1024);
    }
  });

  it('streamed (chunked, no length): read up to the limit, then refused; no authentication error first', async () => {
    world = await openWorld();
    for (const route of ROUTES) {
      const body = countingBody(MB20);
      const res = await world.app.request(route.path, {
        method: route.method,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: body.stream,
        duplex: 'half',
      } as RequestInit);
      expect(res.status, route.kind).toBe(413);
      expect(body.read(), route.kind).toBeLessThanOrEqual(MAX_BODY_BYTES + 2 * 64 * 1024);
    }
  });

  it('a body of exactly 1 MB reaches the route (and its authentication)', async () => {
    world = await openWorld();
    const res = await world.app.request('/api/deals/acme/packet', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'x'.repeat(MAX_BODY_BYTES) });
    expect(res.status).toBe(401);
    const signed = await world.app.request('/slack/commands', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'y'.repeat(MAX_BODY_BYTES),
    });
    expect(signed.status).toBe(401);
  });
});

describe('a Host that serve does not serve is 421 (DNS rebinding)', () => {
  it('on the dashboard, the API, the webhooks and /health, before authentication', async () => {
    world = await openWorld();
    await closeDeal(world, 'acme');
    const ts = String(Math.floor(world.now / 1000));
    const form = 'command=%2Fbaton&text=status&user_id=U0CS';
    const requests: [string, RequestInit][] = [
      ['/', {}],
      ['/handoffs/acme', {}],
      ['/health', {}],
      ['/api/status', { headers: { Authorization: `Bearer ${TOKENS.ceo}` } }],
      [
        '/slack/commands',
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Slack-Request-Timestamp': ts, 'X-Slack-Signature': slackSignature(SLACK_SECRET, ts, form) },
          body: form,
        },
      ],
      [`/webhooks/monday/${WEBHOOK_SECRET}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ challenge: 'abc' }) }],
    ];
    for (const [path, init] of requests) {
      expect((await world.app.request(`http://localhost${path}`, init)).status, `localhost ${path}`).not.toBe(421);
      for (const host of ['evil.example', 'rebind.attacker.test:8080', '127.0.0.1.nip.io']) {
        const res = await world.app.request(`http://${host}${path}`, init);
        expect(res.status, `${host} ${path}`).toBe(421);
        const json = await res.json();
        expect(json.problems[0]).toMatchObject({ code: 'misdirected', field: 'Host' });
        expect(json.message).toContain('BATON_PUBLIC_URL');
      }
    }
    // The dashboard is not served to the rebinding page even when the socket is local.
    expect(await listMessages(world.engine.store.db)).toBeDefined();
  });

  it("BATON_PUBLIC_URL's host is served, with its port", async () => {
    world = await openWorld({ BATON_PUBLIC_URL: 'https://baton.example.com' });
    expect((await world.app.request('http://baton.example.com/health')).status).toBe(200);
    expect((await world.app.request('http://baton.example.com:443/health')).status).toBe(200);
    expect((await world.app.request('http://baton.example.com:8443/health')).status).toBe(421);
    expect((await world.app.request('http://other.example.com/health')).status).toBe(421);
  });

  it('the rule: localhost names on the serve port, the --host address, the connection address as an IP, the public URL', () => {
    const socket = { localPort: 8080, localAddress: '127.0.0.1' };
    const yes = (host: string, opts = {}, s: object = socket) => expect(isServedHost(host, opts, s), host).toBe(true);
    const no = (host: string | undefined, opts = {}, s: object = socket) => expect(isServedHost(host, opts, s), String(host)).toBe(false);
    for (const h of ['localhost:8080', 'LOCALHOST:8080', '127.0.0.1:8080', '[::1]:8080']) yes(h);
    for (const h of ['localhost', 'localhost:9090', 'evil.example:8080', 'localhost.evil.example:8080', 'a@localhost:8080', 'localhost:8080/x', '', undefined]) no(h);
    yes('localhost', {}, { localPort: 80 });
    yes('baton.internal:8080', { listenHost: 'baton.internal' });
    no('0.0.0.0:8080', { listenHost: '0.0.0.0' }, { localPort: 8080, localAddress: '10.0.0.5' });
    yes('10.0.0.5:8080', { listenHost: '0.0.0.0' }, { localPort: 8080, localAddress: '::ffff:10.0.0.5' });
    no('10.0.0.6:8080', { listenHost: '0.0.0.0' }, { localPort: 8080, localAddress: '10.0.0.5' });
    yes('[fe80::1]:8080', { listenHost: '::' }, { localPort: 8080, localAddress: 'fe80::1' });
    yes('baton.example.com', { publicUrl: 'https://baton.example.com/' });
    yes('baton.example.com:8443', { publicUrl: 'https://baton.example.com:8443' });
    no('baton.example.com:8080', { publicUrl: 'https://baton.example.com' });
  });
});

describe('a state-changing form from another site is 403; webhooks and bearer calls are not forms', () => {
  const retryUrl = async (dw: DashboardWorld) => {
    const failed = (await listMessages(dw.world.engine.store.db, { dealId: 'initech' })).find((m) => m.state === 'failed');
    expect(failed).toBeDefined();
    return `/handoffs/initech/messages/${failed!.id}/retry`;
  };
  const post = (dw: DashboardWorld, url: string, headers: Record<string, string>, token: string = TOKENS.cro) =>
    dw.app.request(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams({ token }).toString() });

  it('the retry form needs a same-origin Origin, or a same-origin Referer when there is no Origin', async () => {
    d = await openDashboard();
    await seedFour(d);
    const url = await retryUrl(d);
    const cases: Record<string, string>[] = [
      {},
      { Origin: 'https://evil.example' },
      { Origin: 'null' },
      { Referer: 'https://evil.example/page' },
      { Origin: 'http://localhost', 'Sec-Fetch-Site': 'cross-site' },
      { Origin: 'http://localhost:8080' },
    ];
    for (const headers of cases) {
      const res = await post(d, url, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(await res.text()).toMatch(/refused/i);
    }
    // A role token in a cookie does not make another site's form succeed either.
    const cookie = await post(d, url, { Origin: 'https://evil.example', Cookie: `token=${TOKENS.cro}` }, '');
    expect(cookie.status).toBe(403);
    expect((await listMessages(d.world.engine.store.db, { dealId: 'initech' })).some((m) => m.state === 'failed')).toBe(true);

    expect((await post(d, url, { Referer: 'http://localhost/handoffs/initech' })).status).toBe(303);
  });

  it('BATON_PUBLIC_URL is the same origin behind a TLS proxy', async () => {
    d = await openDashboard({ BATON_PUBLIC_URL: 'https://baton.example.com' });
    await seedFour(d);
    const url = await retryUrl(d);
    const res = await d.app.request(`http://baton.example.com${url}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://baton.example.com' },
      body: new URLSearchParams({ token: TOKENS.cro }).toString(),
    });
    expect(res.status).toBe(303);
  });

  it('any route: a POST with a foreign Origin and no Authorization is 403; with a bearer token it is not a form', async () => {
    world = await openWorld();
    const body = JSON.stringify({ company: 'Acme' });
    const foreign = await world.app.request('/api/deals/acme', {
      method: 'POST',
      headers: { Origin: 'https://evil.example', 'Content-Type': 'application/json', Cookie: `token=${TOKENS.cro}` },
      body,
    });
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).problems[0].field).toBe('Origin');
    const bearer = await world.app.request('/api/deals/acme', {
      method: 'POST',
      headers: { Origin: 'https://evil.example', 'Content-Type': 'application/json', Authorization: `Bearer ${TOKENS.cro}` },
      body,
    });
    expect(bearer.status).toBe(200);
    // Slack and monday.com send no Origin and keep working.
    const challenge = await world.app.request(`/webhooks/monday/${WEBHOOK_SECRET}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ challenge: 'c-1' }),
    });
    expect(await challenge.json()).toEqual({ challenge: 'c-1' });
    const slack = await world.slack('/slack/commands', { command: '/baton', text: 'status', user_id: 'U0CS' });
    expect(slack.status).toBe(200);
  });
});
