import { Hono } from 'hono';
import { z } from 'zod';
import { activate, fileSummary, heartbeat, retryMessage } from '../app/index.js';
import { invalid } from '../domain/problem.js';
import { ROLES, type Role } from '../domain/types.js';
import { ActivationJson, DeliveryReportJson, HeartbeatJson, RetryJson, SummaryJson } from '../views/schemas.js';
import type { AppEnv } from './auth.js';
import type { Deps } from './deps.js';
import type { RouteDoc } from './openapi-doc.js';

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

// For GET /openapi.json.
const ROLE_PARAM = (example: Role) => ({ role: { description: `The role: ${ROLES.join(', ')}`, example } });
const DATE_QUERY = { date: { description: 'The org-local day, YYYY-MM-DD (default today)', example: '2026-11-26', schema: z.string() } };
const TickJson = DeliveryReportJson.extend({ fired: z.number().int(), held: z.string().optional().describe('why nothing was fired: the record is later than this time') });

export const WORK_ROUTE_DOCS: RouteDoc[] = [
  {
    method: 'post',
    path: '/agents/:role/heartbeat',
    operationId: 'heartbeat',
    tag: 'Agents',
    summary: "Record that a role's agent is live now",
    description: "Only that role's own token may: a customer.success heartbeat opens the delivery gate.",
    params: ROLE_PARAM('customer.success'),
    exampleRole: 'customer.success',
    response: HeartbeatJson,
    errors: [400, 403],
  },
  {
    method: 'post',
    path: '/agents/:role/activate',
    operationId: 'activateAgent',
    tag: 'Agents',
    summary: "The ceo activates a role's agent manually",
    roles: ['ceo'],
    params: ROLE_PARAM('customer.success'),
    exampleRole: 'ceo',
    response: ActivationJson,
    errors: [400, 403],
  },
  {
    method: 'post',
    path: '/tick',
    operationId: 'tick',
    tag: 'Work',
    summary: 'Fire what is due and deliver what is queued',
    description: 'In turn with the serve loop; safe to call as often as you like.',
    exampleRole: 'chief.staff',
    response: TickJson,
    errors: [],
  },
  {
    method: 'post',
    path: '/messages/:id/retry',
    operationId: 'retryMessage',
    tag: 'Work',
    summary: 'Queue a failed message again',
    description: "chief.staff, the ceo, or the role that owns the message's clock; only a failed message. (The example message was delivered: its answer is the refusal, 400.)",
    params: { id: { description: 'The message id (GET /api/messages)', example: '1' } },
    exampleRole: 'chief.staff',
    exampleStatus: 400,
    response: RetryJson,
    errors: [400, 403, 404],
  },
  {
    method: 'post',
    path: '/summary',
    operationId: 'fileSummary',
    tag: 'Work',
    summary: "File chief.staff's section of the CEO Daily Summary",
    description: 'Writes sessions/chief.staff/ceo-daily-summary-<date>.md and records it (chief.staff or the ceo).',
    roles: ['chief.staff', 'ceo'],
    query: DATE_QUERY,
    exampleRole: 'chief.staff',
    response: SummaryJson,
    errors: [400, 403],
  },
];
