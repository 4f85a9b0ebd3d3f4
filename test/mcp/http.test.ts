import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Baton, removeTempFolders, tempFolder } from '../support/e2e.js';
import { openWorld, type World } from '../support/http.js';
import { BatonMcp, problemsOf, startServe, TOKENS, TOOL_NAMES, type Serve } from '../support/mcp.js';

/**
 * `/mcp` of `baton serve` (SPEC §16): who acts is the bearer token's role, never the body; a
 * localhost client without a token is a viewer with the read-only tools; a foreign Host is
 * 421 and a foreign Origin 403 (DNS rebinding); a token that matches nothing is 401.
 */

const NOW = '2026-05-11T10:00:00.000Z';
const READ_ONLY = ['audit', 'inbox', 'messages', 'packet_draft', 'report', 'status', 'timeline'];
const VIEWER_TOKEN = 'mcp-viewer-token-0123456789';

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
});
const MCP_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };

let baton: Baton;
let serve: Serve;
const agents: BatonMcp[] = [];

async function agent(token?: string): Promise<BatonMcp> {
  const a = await BatonMcp.http(`${serve.base}/mcp`, token);
  agents.push(a);
  return a;
}

/** A raw request over its own socket, with headers fetch would not let us set (Host). */
function raw(path: string, headers: Record<string, string>, body?: string, method = 'POST'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const url = new URL(path, serve.base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method,
        agent: false,
        headers: { ...(body ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}), ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  baton = new Baton(tempFolder('baton-mcp-http-'));
  await baton.ok(['init'], NOW);
  serve = await startServe(baton.cwd, { BATON_NOW: NOW, BATON_VIEWER_TOKEN: VIEWER_TOKEN });
});

afterAll(async () => {
  await Promise.all(agents.map((a) => a.close()));
  await serve.stop();
  removeTempFolders();
});

describe('/mcp over Streamable HTTP', () => {
  it('a role token gets every tool, and acts as that role', async () => {
    const cro = await agent(TOKENS.cro);
    const { tools } = await cro.client.listTools();
    expect(tools.length).toBe(TOOL_NAMES.length);
    expect(cro.client.getInstructions()).toContain('cro (the role of the bearer token)');
    await cro.ok('deal_add', { id: 'acme', company: 'Acme Corp' });
    const [event] = ((await cro.ok('timeline', { id: 'acme' })).structured?.events ?? []) as { type: string; actor: string }[];
    expect(event).toMatchObject({ type: 'deal.added', actor: 'cro' });
  });

  it('a localhost client without a token is a viewer: the read-only tools, the resources and the prompts', async () => {
    const viewer = await agent();
    const { tools } = await viewer.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(READ_ONLY);
    expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
    expect(viewer.client.getInstructions()).toContain('viewer');
    await viewer.ok('status');
    const change = await viewer.call('deal_add', { id: 'viewer-deal', company: 'Nope' });
    expect(change.isError).toBe(true);
    expect(change.texts[0]).toMatch(/not found/);
    expect((await viewer.client.listPrompts()).prompts.length).toBe(2);
    // BATON_VIEWER_TOKEN reads the same way from anywhere.
    const token = await agent(VIEWER_TOKEN);
    expect((await token.client.listTools()).tools.map((t) => t.name).sort()).toEqual(READ_ONLY);
  });

  it("the role is the token's, never the body's: arguments and _meta naming another role change nothing", async () => {
    const res = await fetch(`${serve.base}/mcp`, {
      method: 'POST',
      headers: { ...MCP_HEADERS, Authorization: `Bearer ${TOKENS['customer.success']}` },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'deal_stage', arguments: { id: 'acme', stage: 'lead', as: 'cro', role: 'cro' }, _meta: { role: 'cro', actor: 'cro' } },
      }),
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { result: { isError: boolean; content: { text: string }[] } };
    expect(answer.result.isError).toBe(true);
    expect(problemsOf({ isError: true, texts: answer.result.content.map((c) => c.text), structured: undefined, json: undefined })).toEqual([
      expect.objectContaining({ code: 'forbidden', field: 'role', message: expect.stringContaining('customer.success') }),
    ]);
  });

  it('a token that matches no role is 401 with WWW-Authenticate, and so is a header that is not a bearer token', async () => {
    for (const authorization of ['Bearer not-a-token', 'Basic Y3JvOmNybw==']) {
      const res = await fetch(`${serve.base}/mcp`, { method: 'POST', headers: { ...MCP_HEADERS, Authorization: authorization }, body: INITIALIZE });
      expect(res.status, authorization).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(((await res.json()) as { problems: { field: string }[] }).problems[0]?.field).toBe('Authorization');
    }
    await expect(BatonMcp.http(`${serve.base}/mcp`, 'wrong')).rejects.toThrow();
  });

  it('DNS rebinding: a foreign Host is 421, a foreign Origin 403 even with a token; a loopback Origin is served', async () => {
    const port = new URL(serve.base).port;
    const foreignHost = await raw('/mcp', { ...MCP_HEADERS, Host: 'evil.example.com', Origin: 'http://evil.example.com' }, INITIALIZE);
    expect(foreignHost.status).toBe(421);
    const foreignOrigin = await raw('/mcp', { ...MCP_HEADERS, Host: `127.0.0.1:${port}`, Origin: 'http://evil.example.com', Authorization: `Bearer ${TOKENS.cro}` }, INITIALIZE);
    expect(foreignOrigin.status).toBe(403);
    expect(JSON.parse(foreignOrigin.body).problems[0].field).toBe('Origin');
    // This server's own origin, as the conformance suite sends it, with or without a token.
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const ok = await raw('/mcp', { ...MCP_HEADERS, Host: host, Origin: `http://${host}` }, INITIALIZE);
      expect(ok.status, host).toBe(200);
      expect(JSON.parse(ok.body).result.serverInfo.name).toBe('baton');
    }
    // A page of another local program (an MCP inspector on its own port) acts with a token only:
    // without one, a cross-origin POST is refused like on every route.
    const inspector = { ...MCP_HEADERS, Host: `localhost:${port}`, Origin: 'http://localhost:6274' };
    expect((await raw('/mcp', { ...inspector, Authorization: `Bearer ${TOKENS.cro}` }, INITIALIZE)).status).toBe(200);
    expect((await raw('/mcp', inspector, INITIALIZE)).status).toBe(403);
  });

  it('stateless: GET and DELETE are 405 with Allow: POST', async () => {
    for (const method of ['GET', 'DELETE']) {
      const res = await raw('/mcp', { Accept: 'text/event-stream', Authorization: `Bearer ${TOKENS.cro}` }, undefined, method);
      expect(res.status, method).toBe(405);
      expect(res.headers.allow).toBe('POST');
    }
  });
});

describe('/mcp from another machine (app.request: no loopback socket)', () => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld();
  });
  afterAll(() => world.close());

  it('without a token is 401; with a role token it serves', async () => {
    const anonymous = await world.app.request('http://localhost/mcp', { method: 'POST', headers: MCP_HEADERS, body: INITIALIZE });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { message: string }).message).toMatch(/another machine.*Bearer/s);
    const cro = await world.app.request('http://localhost/mcp', { method: 'POST', headers: { ...MCP_HEADERS, Authorization: 'Bearer tok-cro-0123456789' }, body: INITIALIZE });
    expect(cro.status).toBe(200);
    expect(((await cro.json()) as { result: { capabilities: Record<string, unknown> } }).result.capabilities).toMatchObject({ tools: {}, resources: {}, prompts: {} });
  });
});
