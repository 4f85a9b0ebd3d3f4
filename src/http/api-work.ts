import { Hono } from 'hono';
import { activate, fileSummary, heartbeat, retryMessage } from '../app/index.js';
import { invalid } from '../domain/problem.js';
import { ROLES, type Role } from '../domain/types.js';
import type { AppEnv } from './auth.js';
import type { Deps } from './deps.js';

/**
 * Agents (heartbeat, activation), the tick, retrying a failed message and filing the
 * summary: each a use case, so the domain decides who may (the token's role acts).
 */

function roleParam(value: string): Role {
  if ((ROLES as readonly string[]).includes(value)) return value as Role;
  throw invalid('role', `"${value}" is not a role`, `use one of: ${ROLES.join(', ')}`);
}

export function workRoutes(deps: Deps): Hono<AppEnv> {
  const api = new Hono<AppEnv>();
  const { engine } = deps;

  api.post('/agents/:role/heartbeat', async (c) => {
    const role = roleParam(c.req.param('role'));
    const now = deps.now();
    await heartbeat(engine, role, { now, actor: c.get('role') });
    return c.json({ role, heartbeatAt: new Date(now).toISOString() });
  });

  api.post('/agents/:role/activate', async (c) => {
    const role = roleParam(c.req.param('role'));
    const now = deps.now();
    await activate(engine, role, { now, actor: c.get('role') });
    return c.json({ role, activatedAt: new Date(now).toISOString(), activatedBy: c.get('role') });
  });

  // Fire what is due and deliver what is queued, in turn with the serve loop.
  api.post('/tick', async (c) => c.json(await deps.tick(deps.now())));

  api.post('/messages/:id/retry', async (c) => {
    const text = c.req.param('id');
    const id = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(id) || id <= 0) throw invalid('id', `"${text}" is not a message id`, 'use the id shown by GET /api/messages');
    await retryMessage(engine, id, { now: deps.now(), actor: c.get('role') });
    deps.wake();
    return c.json({ id, requeued: true });
  });

  api.post('/summary', async (c) => c.json(await fileSummary(engine, c.req.query('date'), { now: deps.now(), actor: c.get('role') })));
  return api;
}
