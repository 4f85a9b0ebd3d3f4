import { Hono } from 'hono';
import { z } from 'zod';
import { inbox, report } from '../app/index.js';
import { invalid } from '../domain/problem.js';
import { ROLES, type Role } from '../domain/types.js';
import { inboxJson } from '../views/inbox.js';
import { jsonTimes } from '../views/json-times.js';
import { InboxJson, ReportJson } from '../views/schemas.js';
import type { AppEnv } from './auth.js';
import type { Deps } from './deps.js';
import type { RouteDoc } from './openapi-doc.js';

/**
 * SPEC §15's reads, in the JSON of `baton inbox --json` and `baton report --json`: the inbox
 * of the token's role (any token may read another role's with `?role=`, as every read is
 * open to every token), and the SLA report over org-local days.
 */
export function slaRoutes(deps: Deps): Hono<AppEnv> {
  const api = new Hono<AppEnv>();
  const { engine } = deps;

  api.get('/inbox', async (c) => {
    const asked = c.req.query('role');
    if (asked !== undefined && !(ROLES as readonly string[]).includes(asked)) throw invalid('role', `"${asked}" is not a role`, `use one of: ${ROLES.join(', ')}`);
    const role = (asked as Role | undefined) ?? c.get('role');
    return c.json(jsonTimes(inboxJson(role, await inbox(engine, role, deps.now()))));
  });

  api.get('/report', async (c) => {
    const from = c.req.query('from');
    const to = c.req.query('to');
    const numbers = await report(engine, { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), now: deps.now() });
    return c.json(jsonTimes(numbers));
  });
  return api;
}

export const SLA_ROUTE_DOCS: RouteDoc[] = [
  {
    method: 'get',
    path: '/inbox',
    operationId: 'inbox',
    tag: 'Reads',
    summary: "What a role owes, most urgent first, each with the command to run (default: the token's role)",
    query: { role: { description: `Another role's inbox: ${ROLES.join(', ')}`, example: 'customer.success', schema: z.enum(ROLES) } },
    response: InboxJson,
    errors: [400],
  },
  {
    method: 'get',
    path: '/report',
    operationId: 'report',
    tag: 'Reads',
    summary: 'The SLA report: per clock and per role, counts, on-time rate, p50/p90 time to done, held time apart',
    query: {
      from: { description: 'The first org-local day counted, YYYY-MM-DD (default: 29 days before to)', example: '2026-11-01', schema: z.string() },
      to: { description: 'The last org-local day counted, YYYY-MM-DD (default: today)', example: '2026-11-30', schema: z.string() },
    },
    response: ReportJson,
    errors: [400],
  },
];
