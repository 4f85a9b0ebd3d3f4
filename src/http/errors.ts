import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { BatonError, capProblems, httpStatusOf, type Problem, type ProblemCode } from '../domain/problem.js';
import type { Role } from '../domain/types.js';

/**
 * The HTTP edge has one way to fail: every handler throws, and `errorResponse` turns the
 * throw into JSON. A `BatonError`'s kind is its status (400 invalid or refused, 401, 403,
 * 404, 413, 421, 503); anything else is a 500 that names no internals.
 */

const error = (kind: 'unauthorized' | 'forbidden' | 'not-configured', code: ProblemCode) => (field: string, message: string, fix: string) =>
  new BatonError(kind, [{ code, field, message, fix }]);

export const unauthorized = error('unauthorized', 'unauthorized');
export const forbidden = error('forbidden', 'forbidden');
export const notConfigured = error('not-configured', 'environment');

/** The domain's field names as the API's body fields. */
const API_FIELDS: Record<string, string> = { commitment: 'type', text: 'text' };

/** The routes a fix can point to. */
const ROUTES: Record<string, (id: string) => string> = {
  'deal.add': (id) => `POST /api/deals/${id} with {"company": "..."}`,
  'deal.update': (id) => `PATCH /api/deals/${id}`,
  'deal.stage': (id) => `POST /api/deals/${id}/stage with {"stage": "closed-won"}`,
  'deal.commit': (id) => `POST /api/deals/${id}/commit with {"type": "verbal", "sowExpected": "YYYY-MM-DD"}`,
  'packet.draft': (id) => `GET /api/deals/${id}/packet/draft`,
  'packet.file': (id) => `POST /api/deals/${id}/packet`,
  ack: (id) => `POST /api/deals/${id}/ack with the customer.success token`,
  'sow.sent': (id) => `POST /api/deals/${id}/sow/sent`,
  'sow.signed': (id) => `POST /api/deals/${id}/sow/signed`,
  'delivery.start': (id) => `POST /api/deals/${id}/delivery/start`,
  'clock.hold': (id) => `POST /api/deals/${id}/clocks/{clock}/hold with {"reason": "..."} and the chief.staff token`,
  'clock.resume': (id) => `POST /api/deals/${id}/clocks/{clock}/resume with the chief.staff token`,
  'agent.heartbeat': () => 'POST /api/agents/customer.success/heartbeat with the customer.success token',
  'agent.activate': () => 'POST /api/agents/customer.success/activate with the ceo token',
  messages: () => 'GET /api/messages',
  status: () => 'GET /api/status',
};

export function tokenVar(role: Role): string {
  return `BATON_TOKEN_${role.replace(/\./g, '_').toUpperCase()}`;
}

/** A domain problem as the API shows it: body field names, fixes in API words. */
export function apiProblem(p: Problem): Problem {
  const field = API_FIELDS[p.field] ?? p.field;
  if (p.code === 'forbidden' && p.roles && p.roles.length > 0) {
    return { ...p, field, fix: `${p.fix}: call with the bearer token of ${p.roles[0]} (${tokenVar(p.roles[0] as Role)})` };
  }
  const route = p.next && ROUTES[p.next.command]?.(p.next.id ?? '{id}');
  return { ...p, field, fix: route ? `${p.fix}: ${route}` : p.fix };
}

export function errorResponse(err: unknown, c: Context, log: (line: string) => void): Response {
  if (err instanceof BatonError) {
    const problems = capProblems(err.problems).map(apiProblem);
    const message = problems.map((p) => `${p.field}: ${p.message}. Fix: ${p.fix}`).join('\n');
    return c.json({ error: err.kind, message, problems }, httpStatusOf(err.kind));
  }
  if (err instanceof HTTPException) return err.getResponse();
  log(`baton serve: unexpected error on ${c.req.method} ${c.req.path}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return c.json({ error: 'unexpected', message: 'Baton could not complete the request; the server log has the details' }, 500);
}
