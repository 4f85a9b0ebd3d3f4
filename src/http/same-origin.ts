import type { Context, MiddlewareHandler } from 'hono';
import { BatonError } from '../domain/problem.js';

/**
 * SPEC §17: a state-changing request from another site's page must not succeed on the
 * strength of a cookie. Two rules:
 *
 * - `sameOriginForm` (the dashboard's POST forms): the request must say where it comes
 *   from, and that must be this server: a same-origin `Origin`, or when a browser sent
 *   none, a same-origin `Referer`. Neither, `Origin: null`, or `Sec-Fetch-Site` other than
 *   same-origin is refused.
 * - `foreignOrigin` (every route): a POST, PUT, PATCH or DELETE that carries an `Origin`
 *   of another site is refused, unless it authenticates with `Authorization` (a bearer
 *   token is not sent by a browser on its own; a cross-site page cannot add it without a
 *   CORS preflight, which Baton never grants). Slack and monday.com send no Origin.
 *
 * "This server" is the request's own origin, or the origin of BATON_PUBLIC_URL (behind a
 * TLS proxy the browser's origin is https://…, the request Baton sees http://…).
 */

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function ownOrigins(c: Context, publicUrl: string | undefined): Set<string> {
  const origins = new Set([new URL(c.req.url).origin]);
  if (publicUrl) {
    try {
      origins.add(new URL(publicUrl).origin);
    } catch {
      // A malformed BATON_PUBLIC_URL adds nothing.
    }
  }
  return origins;
}

function originOf(value: string): string | undefined {
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

export type OriginDecision = { ok: true } | { ok: false; reason: string };

const shown = (value: string) => (value.length > 100 ? `${value.slice(0, 99)}…` : value);

/** Whether a form POST comes from a page of this server. */
export function sameOriginForm(c: Context, publicUrl: string | undefined): OriginDecision {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin') return { ok: false, reason: `the browser says it was sent from ${site === 'none' ? 'outside any page' : `a ${site} page`}` };
  const own = ownOrigins(c, publicUrl);
  const origin = c.req.header('origin');
  if (origin !== undefined) {
    if (origin !== 'null' && own.has(origin)) return { ok: true };
    return { ok: false, reason: `it was sent from ${origin === 'null' ? 'a page with no origin' : `another site's page (${shown(origin)})`}` };
  }
  const referer = c.req.header('referer');
  if (referer !== undefined) {
    const from = originOf(referer);
    if (from !== undefined && own.has(from)) return { ok: true };
    return { ok: false, reason: `it was sent from another site's page (${shown(from ?? referer)})` };
  }
  return { ok: false, reason: 'the request says neither where it comes from (Origin) nor which page sent it (Referer)' };
}

/** 403 for a state-changing request whose `Origin` is another site, unless it carries `Authorization`. */
export function foreignOrigin(publicUrl: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && UNSAFE.has(c.req.method) && c.req.header('authorization') === undefined && !ownOrigins(c, publicUrl).has(origin)) {
      throw new BatonError('forbidden', [
        {
          code: 'forbidden',
          field: 'Origin',
          message: `a ${c.req.method} from another site's page (${shown(origin)}) is refused`,
          fix: "act from Baton's own pages, or call the API with Authorization: Bearer <token>",
        },
      ]);
    }
    await next();
  };
}
