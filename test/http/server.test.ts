import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/serve.js';
import type { Sink } from '../../src/adapters/sink.js';
import { BIN, run } from '../support/cli.js';
import { CONTACT, T0, TOKENS, fillPacket, openWorld, type TokenRole, type World } from '../support/http.js';

let world: World | undefined;
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.stop();
  await world?.close();
  server = undefined;
  world = undefined;
});

async function call(method: string, url: string, as: TokenRole, body?: unknown): Promise<any> {
  const res = await fetch(url, {
    method,
    headers: { Authorization: `Bearer ${TOKENS[as]}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = await res.json();
  expect(res.status, `${method} ${url}: ${JSON.stringify(json)}`).toBe(200);
  return json;
}

describe('startServer: the app on a real socket, with the serve loop', () => {
  it('SOP-4.3a serves /health and the API over HTTP; a command wakes the loop, which delivers the announcement; stop() closes cleanly', async () => {
    world = await openWorld();
    const logs: string[] = [];
    // A poll far longer than the test: only the wake after the command can deliver in time.
    server = await startServer(world.engine, { port: 0, host: '127.0.0.1', now: () => T0, pollMs: 3_600_000, log: (l) => logs.push(l), env: world.env });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const base = server.url;

    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    expect((await fetch(`${base}/api/status`)).status).toBe(401);

    await call('POST', `${base}/api/deals/acme`, 'cro', { company: 'Acme Analytics', contact: CONTACT });
    await call('POST', `${base}/api/deals/acme/commit`, 'cro', { type: 'written' });
    await call('POST', `${base}/api/deals/acme/stage`, 'cro', { stage: 'Closed-won' });
    const draft = await call('GET', `${base}/api/deals/acme/packet/draft`, 'cro');
    await call('POST', `${base}/api/deals/acme/packet`, 'cro', { text: fillPacket(draft.text) });

    await vi.waitFor(
      async () => {
        const messages = await call('GET', `${base}/api/messages`, 'ceo');
        expect(messages.find((m: any) => m.to === '#exec-checkins')?.state).toBe('delivered');
      },
      { timeout: 10_000, interval: 20 },
    );
    const [status] = await call('GET', `${base}/api/status/acme`, 'chief.staff');
    expect(status.clocks.find((c: any) => c.name === 'announcement')?.state).toBe('done');

    // POST /api/tick runs in turn with the loop.
    expect(await call('POST', `${base}/api/tick`, 'chief.staff')).toEqual({ fired: 0, delivered: 0, retrying: 0, failed: 0 });

    await server.stop();
    await server.stop(); // idempotent
    server = undefined;
    await expect(fetch(`${base}/health`)).rejects.toThrow();
  });
});

describe('stopping the server', () => {
  it('lets the send in flight complete before stop() resolves; the message is recorded delivered', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sent: string[] = [];
    const slack: Sink = {
      async send(message) {
        sent.push(message.kind);
        await gate;
        return { externalId: `ts-${message.id}` };
      },
    };
    world = await openWorld({}, { sinks: { slack } });
    server = await startServer(world.engine, { port: 0, host: '127.0.0.1', now: () => T0, pollMs: 3_600_000, log: () => {}, env: world.env });
    const base = server.url;
    await call('POST', `${base}/api/deals/acme`, 'cro', { company: 'Acme Analytics', contact: CONTACT });
    await call('POST', `${base}/api/deals/acme/commit`, 'cro', { type: 'written' });
    await call('POST', `${base}/api/deals/acme/stage`, 'cro', { stage: 'Closed-won' });
    const draft = await call('GET', `${base}/api/deals/acme/packet/draft`, 'cro');
    await call('POST', `${base}/api/deals/acme/packet`, 'cro', { text: fillPacket(draft.text) });
    await vi.waitFor(() => expect(sent.length).toBeGreaterThan(0), { timeout: 10_000, interval: 10 });

    let stopped = false;
    const stopping = server.stop().then(() => (stopped = true));
    server = undefined;
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(stopped, 'stop() waits for the send in flight').toBe(false);
    release();
    await stopping;
    const messages = await world.ok('GET', '/api/messages', { as: 'ceo' });
    expect(messages.filter((m: any) => m.state === 'delivered').length).toBeGreaterThan(0);
  });
});

describe('baton serve (the built CLI)', () => {
  it('listens, answers, and on SIGTERM stops and exits 0', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'baton-serve-'));
    try {
      const env = { BATON_NOW: new Date(T0).toISOString(), BATON_TOKEN_CRO: TOKENS.cro };
      expect((await run(['init'], { cwd: dir, env })).code).toBe(0);
      const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
      for (const name of ['BATON_CONFIG', 'BATON_DATABASE_URL', 'BATON_PORT', 'SLACK_BOT_TOKEN', 'MONDAY_API_TOKEN']) delete childEnv[name];
      const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--json'], { cwd: dir, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        await vi.waitFor(() => expect(stdout, stderr).toMatch(/"url"/), { timeout: 15_000, interval: 20 });
        const { url } = JSON.parse(stdout) as { url: string };
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(await (await fetch(`${url}/health`)).json()).toEqual({ ok: true });
        const added = await call('POST', `${url}/api/deals/acme`, 'cro', { company: 'Acme' });
        expect(added.changed).toBe(true);
        expect(stderr).toContain('time fixed at 2026-11-26T09:00:00.000Z');
      } finally {
        child.kill('SIGTERM');
      }
      expect(await exited, stderr).toBe(0);
      expect(stderr).toMatch(/SIGTERM: stopping/);
      // The deal added through the API is in the store the CLI reads.
      const status = await run(['status', 'acme', '--json'], { cwd: dir, env });
      expect(JSON.parse(status.stdout).map((s: any) => s.id)).toEqual(['acme']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
