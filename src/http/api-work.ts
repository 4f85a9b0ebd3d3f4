import { Hono } from 'hono';
import { ROLES, type Role } from '../domain/types.js';
import { BatonError, invalid } from '../domain/problem.js';
import { recordActivation, recordHeartbeat, requeueMessage } from '../store/index.js';
import { requireRole, type AppEnv } from './auth.js';
import type { Deps } from './deps.js';

/**
 * Agents (heartbeat, activation), the tick, and retrying a failed message. A token beats
 * only for its own role; only the ceo activates an agent (SOP escalation).
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
    requireRole(c.get('role'), [role], `a heartbeat for ${role}`);
    const now = deps.now();
    await recordHeartbeat(engine.store.db, role, now);
    return c.json({ role, heartbeatAt: new Date(now).toISOString() });
  });

  api.post('/agents/:role/activate', async (c) => {
    const role = roleParam(c.req.param('role'));
    requireRole(c.get('role'), ['ceo'], 'activating an agent');
    const now = deps.now();
    await recordActivation(engine.store.db, role, now, 'ceo');
    return c.json({ role, activatedAt: new Date(now).toISOString(), activatedBy: 'ceo' });
  });

  // Fire what is due and deliver what is queued, in turn with the serve loop.
  api.post('/tick', async (c) => c.json(await deps.tick(deps.now())));

  api.post('/messages/:id/retry', async (c) => {
    const text = c.req.param('id');
    const id = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(id) || id <= 0) throw invalid('id', `"${text}" is not a message id`, 'use the id shown by GET /api/messages');
    if (!(await requeueMessage(engine.store.db, id, deps.now()))) {
      throw invalid('id', `message ${id} is not failed (or does not exist)`, 'GET /api/messages lists the failed ones');
    }
    deps.wake();
    return c.json({ id, requeued: true });
  });
  return api;
}
