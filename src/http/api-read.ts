import { Hono } from 'hono';
import { allDeals, audit, dealState, messages, packetDraft, summaryText, timeline } from '../app/index.js';
import { invalid } from '../domain/problem.js';
import { orgEventJson } from '../views/audit.js';
import { messageJson } from '../views/messages.js';
import { handoffsOnly, statusJson } from '../views/status.js';
import { eventJson } from '../views/timeline.js';
import type { AppEnv } from './auth.js';
import type { Deps } from './deps.js';

/**
 * What any valid token may read, in exactly the JSON the CLI prints with `--json`:
 * status, timeline, messages, audit, the packet draft and the daily summary. No GET writes.
 */
export function readRoutes(deps: Deps): Hono<AppEnv> {
  const api = new Hono<AppEnv>();
  const { engine } = deps;

  api.get('/status', async (c) => c.json(handoffsOnly(await allDeals(engine)).map(statusJson)));
  // As `baton status <id> --json`: an array of one handoff.
  api.get('/status/:id', async (c) => c.json([statusJson(await dealState(engine, c.req.param('id')))]));

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
