import { Hono } from 'hono';
import { writeFileAtomic } from '../adapters/workspace-files.js';
import { draftPacket } from '../domain/packet/draft.js';
import { dailySummary } from '../domain/summary.js';
import { isIsoDate, localDate } from '../domain/time.js';
import type { DealState } from '../domain/types.js';
import { BatonError, invalid } from '../domain/problem.js';
import { listDeals, listEvents, listMessages, loadDeal } from '../store/index.js';
import { messageJson } from '../views/messages.js';
import { handoffsOnly, statusJson } from '../views/status.js';
import { eventJson } from '../views/timeline.js';
import type { AppEnv } from './auth.js';
import type { Deps } from './deps.js';

/**
 * What any valid token may read, in exactly the JSON the CLI prints with `--json`:
 * status, timeline, messages, the packet draft and the daily summary.
 */

function noDeal(id: string): BatonError {
  return new BatonError('not-found', [{ code: 'invalid', field: 'id', message: `no deal with id "${id}"`, fix: 'GET /api/status lists the deals' }]);
}

export function readRoutes(deps: Deps): Hono<AppEnv> {
  const api = new Hono<AppEnv>();
  const { engine } = deps;

  const deal = async (id: string): Promise<DealState> => {
    const loaded = await loadDeal(engine.store.db, id);
    if (!loaded) throw noDeal(id);
    return loaded.state;
  };

  api.get('/status', async (c) => c.json(handoffsOnly((await listDeals(engine.store.db)).map((d) => d.state)).map(statusJson)));
  // As `baton status <id> --json`: an array of one handoff.
  api.get('/status/:id', async (c) => c.json([statusJson(await deal(c.req.param('id')))]));

  const timeline = async (id: string) => {
    await deal(id);
    return (await listEvents(engine.store.db, id)).map(eventJson);
  };
  api.get('/deals/:id/timeline', async (c) => c.json(await timeline(c.req.param('id'))));
  api.get('/timeline/:id', async (c) => c.json(await timeline(c.req.param('id'))));

  api.get('/messages', async (c) => c.json((await listMessages(engine.store.db)).map(messageJson)));

  api.get('/deals/:id/packet/draft', async (c) => {
    const id = c.req.param('id');
    const text = draftPacket(await deal(id), { policy: engine.config.policy, timezone: engine.config.org.timezone });
    return c.json({ id, text });
  });

  // As `baton summary`: computes chief.staff's section and files it (the same text for the same day).
  api.get('/summary', async (c) => {
    const asked = c.req.query('date');
    if (asked !== undefined && !isIsoDate(asked)) throw invalid('date', `"${asked}" is not a date`, 'write it as ?date=YYYY-MM-DD');
    const now = deps.now();
    const tz = engine.config.org.timezone;
    const date = asked ?? localDate(now, tz);
    const states = (await listDeals(engine.store.db)).map((d) => d.state);
    const text = dailySummary(states, { date, timezone: tz, now });
    const path = `sessions/chief.staff/ceo-daily-summary-${date}.md`;
    writeFileAtomic(engine.config.root, path, text);
    return c.json({ date, path, text });
  });
  return api;
}
