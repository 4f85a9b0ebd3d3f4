import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_DEAL_ID, EXAMPLE_NOW } from '../../src/http/openapi-examples.js';
import { openWorld, TOKENS, type TokenRole, type World } from '../support/http.js';

/**
 * SPEC §16: `GET /openapi.json` is a valid OpenAPI 3.1 document (checked by a real OpenAPI
 * validator, @seriousme/openapi-schema-validator) that describes every API route; calling
 * every documented route in the document's order, with its example and the example's
 * token, gets the documented status and an answer that matches the documented schema.
 * `GET /docs` renders it as a page that fetches nothing.
 */

type Json = Record<string, any>;
const METHODS = ['get', 'post', 'patch', 'put', 'delete'];

let world: World;
let doc: Json;

beforeAll(async () => {
  world = await openWorld();
  world.now = Date.parse(EXAMPLE_NOW);
  const res = await world.app.request('http://localhost/openapi.json');
  expect(res.status).toBe(200);
  doc = (await res.json()) as Json;
});

afterAll(() => world.close());

const operations = () =>
  Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] as Json })));

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('describes every route of /api, and names this server', async () => {
    const served = new Set(
      world.app.routes
        .filter((r) => r.path.startsWith('/api/') && METHODS.includes(r.method.toLowerCase()))
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    const documented = new Set(operations().map(({ method, path }) => `${method} ${path}`));
    expect([...served].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => r.includes(' /api/') && !served.has(r))).toEqual([]);
    // SPEC §15 adds the clock hold and resume routes, GET /api/inbox and GET /api/report.
    expect(served.size).toBe(29 - 1);
    expect(doc.servers).toEqual([{ url: 'http://localhost', description: 'this Baton server' }]);
    // Every operation: an id, a summary, a 200 schema, the edge's errors, the example's token.
    for (const { method, path, op } of operations()) {
      const what = `${method} ${path}`;
      expect(op.operationId, what).toMatch(/^[a-z][A-Za-z]+$/);
      expect(op.summary, what).toBeTruthy();
      expect(op.responses['200'].content['application/json'].schema, what).toBeTruthy();
      expect(Object.keys(op.responses), what).toEqual(expect.arrayContaining(['413', '421']));
      if (path !== '/health') expect(op.security, what).toEqual([{ bearerAuth: [] }]);
    }
  });

  it('the request schemas are the zod schemas that validate the bodies', () => {
    const body = (path: string, method = 'post') => doc.paths[path][method].requestBody.content['application/json'].schema;
    expect(body('/api/deals/{id}/commit').properties.type.enum).toEqual(['written', 'verbal']);
    expect(body('/api/deals/{id}/commit').additionalProperties).toBe(false);
    expect(body('/api/deals/{id}').required).toEqual(['company']);
    expect(body('/api/deals/{id}').properties.briefing.anyOf).toHaveLength(2);
    expect(doc.paths['/api/deals/{id}'].patch.requestBody.required).toBe(false);
    expect(Object.keys(doc.paths['/api/deals/{id}/packet'].post.requestBody.content)).toEqual(['application/json', 'text/plain', 'text/markdown']);
    expect(doc.paths['/api/deals/{id}/ack'].post['x-baton-roles']).toEqual(['customer.success']);
  });

  it('every documented route, called in order with its example, answers as documented', async () => {
    const ajv = new AjvJsonSchemaValidator();
    const errorSchema = doc.components.schemas.Error;
    const called: string[] = [];
    for (const { path, method, op } of operations()) {
      const example = op['x-baton-example'] as { role: TokenRole | null; status: number };
      let url = path;
      const query = new URLSearchParams();
      for (const p of (op.parameters ?? []) as Json[]) {
        if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(String(p.example)));
        else if (p.example !== undefined) query.set(p.name, String(p.example));
      }
      const headers: Record<string, string> = {};
      if (example.role) headers.Authorization = `Bearer ${TOKENS[example.role]}`;
      let body: string | undefined;
      const json = op.requestBody?.content['application/json'];
      if (json) {
        headers['Content-Type'] = 'application/json';
        body = JSON.stringify(json.example);
      }
      const res = await world.app.request(`http://localhost${url}${query.size > 0 ? `?${query}` : ''}`, {
        method: method.toUpperCase(),
        headers,
        ...(body !== undefined ? { body } : {}),
      });
      const answer = await res.json();
      const what = `${method.toUpperCase()} ${url} as ${example.role}: ${res.status} ${JSON.stringify(answer).slice(0, 600)}`;
      expect(res.status, what).toBe(example.status);
      const schema = res.status === 200 ? op.responses['200'].content['application/json'].schema : errorSchema;
      expect(op.responses[String(res.status)], what).toBeDefined();
      const check = ajv.getValidator(schema)(answer);
      expect(check.valid, `${what}\n${check.errorMessage}`).toBe(true);
      called.push(op.operationId);
    }
    expect(called.length).toBe(operations().length);
    // The walk did what the SOP says: the deal was delivered, and the summary filed.
    const status = await world.ok('GET', `/api/status/${EXAMPLE_DEAL_ID}`, { as: 'cro' });
    expect(status[0]).toMatchObject({ state: 'delivered', packetRevision: 1 });
  });

  it('the packet example is also accepted as the text/plain body it documents', async () => {
    const op = doc.paths['/api/deals/{id}/packet'].post;
    const res = await world.app.request(`http://localhost/api/deals/${EXAMPLE_DEAL_ID}/packet`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKENS.cro}`, 'Content-Type': 'text/plain' },
      body: op.requestBody.content['text/plain'].example,
    });
    // After delivery started, a re-filing is decided by the domain; it is an answer the document names.
    expect(op.responses[String(res.status)]).toBeDefined();
  });
});

describe('GET /docs', () => {
  it('renders every operation of the document on one page that fetches nothing', async () => {
    const res = await world.app.request('http://localhost/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const page = await res.text();
    for (const { op, path } of operations()) {
      expect(page).toContain(`id="${op.operationId}"`);
      expect(page).toContain(path);
    }
    expect(page).toContain('Baton API');
    expect(page).not.toMatch(/<script|<link|src=|@import|url\(/i);
    expect(page.match(/href="(?!#|\/openapi\.json)[^"]*"/g) ?? []).toEqual([]);
    // Examples are escaped text, not markup.
    expect(page).toContain('ASSESSMENT™ HANDOFF PACKET');
    expect(page).not.toContain('<Acme');
  });

  it('is served behind the Host check like every route', async () => {
    expect((await world.app.request('http://evil.example/openapi.json')).status).toBe(421);
    expect((await world.app.request('http://evil.example/docs')).status).toBe(421);
  });
});
