import { Hono } from 'hono';
import { z } from 'zod';
import { allDeals, currentPolicy, audit, dealState, messages, packetDraft, summaryText, timeline } from '../app/index.js';
import { invalid } from '../domain/problem.js';
import { orgEventJson } from '../views/audit.js';
import { messageJson } from '../views/messages.js';
import { handoffsOnly, statusJson } from '../views/status.js';
import { HandoffJson, MessageJson, OrgEventJson, PacketDraftJson, SummaryJson, TimelineEventJson } from '../views/schemas.js';
import { eventJson } from '../views/timeline.js';
import type { AppEnv } from './auth.js';
import type { Deps } from './deps.js';
import type { RouteDoc } from './openapi-doc.js';
import { EXAMPLE_DEAL_ID } from './openapi-examples.js';

/**
 * What any valid token may read, in exactly the JSON the CLI prints with `--json`:
 * status, timeline, messages, audit, the packet draft and the daily summary. No GET writes.
 */
export function readRoutes(deps: Deps): Hono<AppEnv> {
  const api = new Hono<AppEnv>();
  const { engine } = deps;

  api.get('/status', async (c) => c.json(handoffsOnly(await allDeals(engine)).map((s) => statusJson(s, deps.now(), currentPolicy(engine)))));
  // As `baton status <id> --json`: an array of one handoff.
  api.get('/status/:id', async (c) => c.json([statusJson(await dealState(engine, c.req.param('id')), deps.now(), currentPolicy(engine))]));

  const events = async (id: string) => (await timeline(engine, id)).events.map(eventJson);
  api.get('/deals/:id/timeline', async (c) => c.json(await events(c.req.param('id'))));
  api.get('/timeline/:id', async (c) => c.json(await events(c.req.param('id'))));

  api.get('/messages', async (c) => c.json((await messages(engine)).map(messageJson)));

  api.get('/audit', async (c) => {
    const since = c.req.query('since');
    const at = since !== undefined ? Date.parse(since) : undefined;
    if (since !== undefined && (at === undefined || Number.isNaN(at))) throw invalid('since', `"${since}" is not an ISO 8601 time`, 'write it like 2026-11-26T09:30:00Z');
    return c.json((await audit(engine, at !== undefined ? { since: at } : {})).map(orgEventJson));
  });

  api.get('/deals/:id/packet/draft', async (c) => {
    const id = c.req.param('id');
    return c.json({ id, text: await packetDraft(engine, id) });
  });

  // As `baton summary` prints it; POST /api/summary files it.
  api.get('/summary', async (c) => c.json(await summaryText(engine, c.req.query('date'), deps.now())));
  return api;
}

// For GET /openapi.json: what each read answers (the JSON of `baton ... --json`).
const ID_PARAM = { id: { description: 'The deal id', example: EXAMPLE_DEAL_ID } };
const read = (doc: Omit<RouteDoc, 'method' | 'tag' | 'errors'> & Partial<Pick<RouteDoc, 'errors'>>): RouteDoc => ({ method: 'get', tag: 'Reads', errors: [], ...doc });

export const READ_ROUTE_DOCS: RouteDoc[] = [
  read({ path: '/status', operationId: 'listStatus', summary: 'Every handoff: state, who it waits on, clocks, delivery item', response: z.array(HandoffJson) }),
  read({
    path: '/status/:id',
    operationId: 'getStatus',
    summary: "One deal's status, as an array of one (as baton status <id> --json)",
    params: ID_PARAM,
    response: z.array(HandoffJson),
    errors: [404],
  }),
  read({
    path: '/deals/:id/timeline',
    operationId: 'dealTimeline',
    summary: 'Every event of a deal, in order',
    params: ID_PARAM,
    response: z.array(TimelineEventJson),
    errors: [404],
  }),
  read({
    path: '/timeline/:id',
    operationId: 'timeline',
    summary: 'The same timeline, as baton timeline <id>',
    params: ID_PARAM,
    response: z.array(TimelineEventJson),
    errors: [404],
  }),
  read({ path: '/messages', operationId: 'listMessages', summary: 'Every message owed or sent, exactly as delivered', response: z.array(MessageJson) }),
  read({
    path: '/audit',
    operationId: 'listAudit',
    summary: 'Org events: heartbeats, activations, summaries filed, board syncs',
    query: { since: { description: 'Only events at or after this time (ISO 8601)', example: '2026-11-26T00:00:00Z', schema: z.string() } },
    response: z.array(OrgEventJson),
    errors: [400],
  }),
  read({
    path: '/deals/:id/packet/draft',
    operationId: 'draftPacket',
    summary: 'The packet pre-filled from the board, every {...} a field to write',
    params: ID_PARAM,
    response: PacketDraftJson,
    errors: [404],
  }),
  read({
    path: '/summary',
    operationId: 'readSummary',
    summary: "chief.staff's section of the CEO Daily Summary, read without filing",
    query: { date: { description: 'The org-local day, YYYY-MM-DD (default today)', example: '2026-11-26', schema: z.string() } },
    response: SummaryJson,
    errors: [400],
  }),
];
