import { Hono } from 'hono';
import { z } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { SERVER_VERSION } from '../mcp/server.js';
import { ProblemJson } from '../views/schemas.js';
import { DEAL_ROUTE_DOCS } from './api-deals-docs.js';
import { READ_ROUTE_DOCS } from './api-read.js';
import { WORK_ROUTE_DOCS } from './api-work.js';
import { SLA_ROUTE_DOCS } from './api-sla.js';
import type { AppEnv } from './auth.js';
import { docsPage } from './docs.js';
import type { RouteDoc } from './openapi-doc.js';

/**
 * `GET /openapi.json`: the API as OpenAPI 3.1, generated from the route modules' own zod
 * schemas (the ones that validate the request bodies) and the views' answer schemas, with
 * zod-to-json-schema: the project is on zod 3, and @hono/zod-openapi needs zod 4. `GET /docs`
 * renders the same document as one self-contained page (no script, no CDN).
 */

const HEALTH: RouteDoc = {
  method: 'get',
  path: '/health',
  operationId: 'health',
  tag: 'Server',
  summary: 'Whether this Baton server answers',
  public: true,
  response: z.object({ ok: z.literal(true) }),
  errors: [],
};

/** The document's order: the SOP's, so that calling them in turn walks one deal through it. */
const ORDER = [
  'health',
  'addDeal',
  'updateDeal',
  'commitDeal',
  'stageDeal',
  'noteDeal',
  'draftPacket',
  'filePacket',
  'acknowledgePacket',
  'sowSent',
  'holdClock',
  'resumeClock',
  'sowSigned',
  'heartbeat',
  'activateAgent',
  'startDelivery',
  'finishDelivery',
  'tick',
  'listStatus',
  'getStatus',
  'dealTimeline',
  'timeline',
  'listMessages',
  'retryMessage',
  'listAudit',
  'inbox',
  'report',
  'readSummary',
  'fileSummary',
];

/** Every documented route, `/api` ones with their full path, in the document's order. */
export function routeDocs(): RouteDoc[] {
  const api = [...DEAL_ROUTE_DOCS, ...READ_ROUTE_DOCS, ...WORK_ROUTE_DOCS, ...SLA_ROUTE_DOCS].map((d) => ({ ...d, path: `/api${d.path}` }));
  const all = [HEALTH, ...api];
  const rank = (d: RouteDoc) => (ORDER.includes(d.operationId) ? ORDER.indexOf(d.operationId) : ORDER.length);
  return all.sort((a, b) => rank(a) - rank(b));
}

type JsonSchema = Record<string, unknown>;

/** JSON Schema (the 2020-12 dialect of OpenAPI 3.1 reads draft-07 output as it is) without `$schema`. */
export function jsonSchemaOf(schema: z.ZodTypeAny): JsonSchema {
  const { $schema: _, ...rest } = zodToJsonSchema(schema, { $refStrategy: 'none', target: 'jsonSchema7' }) as JsonSchema;
  return rest;
}

/** `/deals/:id` → `/deals/{id}`. */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z]\w*)/g, '{$1}');

const ERRORS: Record<number, string> = {
  400: 'Bad input, or an action the SOP refuses now: every problem names the field and the fix',
  401: 'No bearer token, or one that matches no role',
  403: "The token's role may not do this (the problem names who may), or a cross-site request",
  404: 'No such deal, message or route',
  413: 'The body is over 1 MB (refused before it is read)',
  421: 'The Host is not an address this server answers to (DNS rebinding)',
};

const ErrorJson = z
  .object({
    error: z.string().describe('invalid, refused, forbidden, not-found, unauthorized, too-large, misdirected, ...'),
    message: z.string().describe('every problem as "field: message. Fix: fix", one per line'),
    problems: z.array(ProblemJson).optional(),
  })
  .passthrough();

function operation(doc: RouteDoc): JsonSchema {
  const roles = doc.roles ? ` Only ${doc.roles.join(' or ')} may (the domain decides, the same at every door).` : '';
  const parameters = [
    ...Object.entries(doc.params ?? {}).map(([name, p]) => ({ name, in: 'path', required: true, description: p.description, schema: { type: 'string' }, example: p.example })),
    ...Object.entries(doc.query ?? {}).map(([name, q]) => ({
      name,
      in: 'query',
      required: false,
      description: q.description,
      schema: jsonSchemaOf(q.schema),
      ...(q.example !== undefined ? { example: q.example } : {}),
    })),
  ];
  const body = doc.body && {
    required: !doc.body.schema.safeParse({}).success,
    content: {
      'application/json': { schema: jsonSchemaOf(doc.body.schema), example: doc.body.example },
      ...(doc.body.text
        ? Object.fromEntries(
            ['text/plain', 'text/markdown'].map((type) => [
              type,
              { schema: { type: 'string', description: doc.body?.text?.description }, example: (doc.body?.example as { text?: string } | undefined)?.text },
            ]),
          )
        : {}),
    },
  };
  const statuses = [...new Set([...doc.errors, ...(doc.public ? [] : [401]), 413, 421])].sort();
  return {
    operationId: doc.operationId,
    summary: doc.summary,
    ...(doc.description || roles ? { description: `${doc.description ?? ''}${roles}`.trim() } : {}),
    tags: [doc.tag],
    security: doc.public ? [] : [{ bearerAuth: [] }],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body ? { requestBody: body } : {}),
    responses: {
      200: { description: 'OK', content: { 'application/json': { schema: jsonSchemaOf(doc.response) } } },
      ...Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/E${s}` }])),
    },
    ...(doc.roles ? { 'x-baton-roles': doc.roles } : {}),
    'x-baton-example': { role: doc.public ? null : (doc.exampleRole ?? 'cro'), status: doc.exampleStatus ?? 200 },
  };
}

let cached: JsonSchema | undefined;

/** The OpenAPI 3.1 document; `serverUrl` (this server's origin, or BATON_PUBLIC_URL) goes in `servers`. */
export function openApiDocument(serverUrl?: string): JsonSchema {
  cached ??= build();
  return serverUrl ? { ...cached, servers: [{ url: serverUrl, description: 'this Baton server' }] } : cached;
}

function build(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const doc of routeDocs()) {
    const path = openApiPath(doc.path);
    paths[path] ??= {};
    (paths[path] as Record<string, JsonSchema>)[doc.method] = operation(doc);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Baton API',
      version: SERVER_VERSION,
      summary: 'The sales-to-onboarding handoff SOP as an API: one route per command of the CLI, answering what `baton <command> --json` prints.',
      description:
        'Authenticate with `Authorization: Bearer <token>`, the value of `BATON_TOKEN_<ROLE>` for your role on the server: the token decides who acts, and the domain decides what that role may do. ' +
        'Times are ISO 8601 UTC. A refusal is JSON with `problems`, each naming the field and the fix. Agents can also use MCP at `/mcp` (Streamable HTTP), with the same tokens.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/', description: 'this Baton server' }],
    tags: [
      { name: 'Deals', description: 'The Prospects board: deals, stages, commitments, notes (the cro)' },
      { name: 'Handoffs', description: 'The packet, the acknowledgement, the SOW and delivery' },
      { name: 'Agents', description: 'Heartbeats and manual activation' },
      { name: 'Work', description: 'Ticks, retries, the daily summary' },
      { name: 'Reads', description: 'What any role token may read, as the CLI prints it with --json' },
      { name: 'Server', description: 'The server itself' },
    ],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'BATON_TOKEN_<ROLE>, e.g. BATON_TOKEN_CRO, BATON_TOKEN_CUSTOMER_SUCCESS' } },
      schemas: { Error: jsonSchemaOf(ErrorJson) },
      responses: Object.fromEntries(
        Object.entries(ERRORS).map(([status, description]) => [`E${status}`, { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]),
      ),
    },
  };
}

/** `GET /openapi.json` and `GET /docs`, open to anyone the Host check lets in: the description holds no data. */
export function openApiRoutes(publicUrl: string | undefined): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const origin = (url: string) => publicUrl ?? new URL(url).origin;
  routes.get('/openapi.json', (c) => c.json(openApiDocument(origin(c.req.url))));
  routes.get('/docs', (c) => c.html(docsPage(openApiDocument(origin(c.req.url)))));
  return routes;
}
