import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Problem } from '../domain/types.js';
import { Refused } from '../engine/refused.js';

/**
 * The HTTP edge has one way to fail: every handler throws, and `errorResponse` turns the
 * throw into JSON. `Refused` (the SOP says no, or the input cannot be used) is 400, 403
 * when the acting role may not run the command, 404 when the deal does not exist;
 * `HttpError` carries the authentication answers (401, 403) and the unconfigured ones
 * (503); anything else is a 500 that names no internals.
 */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly problems: Problem[],
  ) {
    super(problems.map((p) => `${p.field}: ${p.message}. Fix: ${p.fix}`).join('\n'));
    this.name = 'HttpError';
  }
}

export const unauthorized = (field: string, message: string, fix: string) => new HttpError(401, 'unauthorized', [{ field, message, fix }]);
export const forbidden = (field: string, message: string, fix: string) => new HttpError(403, 'forbidden', [{ field, message, fix }]);
export const notConfigured = (field: string, message: string, fix: string) => new HttpError(503, 'not-configured', [{ field, message, fix }]);

/** The CLI's option names in domain refusals, as the API's body fields. */
const API_FIELDS: Record<string, string> = {
  '--company': 'company',
  '--contact-name': 'contact.name',
  '--contact-title': 'contact.title',
  '--contact-email': 'contact.email',
  '--contact-phone': 'contact.phone',
  '--origin': 'origin',
  '--briefing': 'briefing',
  '--type': 'type',
  '--sow-expected': 'sowExpected',
  '--date': 'date',
};

const TOKEN_FIX = (role: string) => `call with the bearer token of ${role} (BATON_TOKEN_${role.replace(/\./g, '_').toUpperCase()})`;

/** A domain problem as the API shows it: body field names, and the role fix in API words. */
export function apiProblem(p: Problem): Problem {
  if (p.field === 'role') {
    const role = /act as ([\w.]+)/.exec(p.fix)?.[1];
    return { ...p, fix: role ? TOKEN_FIX(role) : p.fix };
  }
  return { ...p, field: API_FIELDS[p.field] ?? p.field };
}

export function statusOfRefusal(error: Refused): ContentfulStatusCode {
  if (error.reason === 'not-found') return 404;
  // decide() refuses a command given to another role with the field `role`.
  if (error.reason === 'refused' && error.problems.some((p) => p.field === 'role')) return 403;
  return 400;
}

export function errorResponse(error: unknown, c: Context, log: (line: string) => void): Response {
  if (error instanceof Refused) {
    return c.json({ error: 'refused', reason: error.reason, problems: error.problems.map(apiProblem) }, statusOfRefusal(error));
  }
  if (error instanceof HTTPException) return error.getResponse();
  if (error instanceof HttpError) {
    const message = error.problems.map((p) => `${p.field} ${p.message}; ${p.fix}`).join('\n');
    return c.json({ error: error.code, message, problems: error.problems }, error.status);
  }
  log(`baton serve: unexpected error on ${c.req.method} ${c.req.path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return c.json({ error: 'unexpected', message: 'Baton could not complete the request; the server log has the details' }, 500);
}
