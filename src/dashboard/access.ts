import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { tokensFrom, tokenVar, type Tokens } from '../http/auth.js';
import { parseHost } from '../http/host-check.js';
import { safeEqual } from '../http/safe-equal.js';
import type { Role } from '../domain/types.js';
import { BatonError, invalid } from '../domain/problem.js';

/**
 * Who may see the dashboard and who may act on it.
 *
 * Reading: a request from this machine (the socket's remote address is loopback and no
 * proxy header says otherwise), or a token: the viewer token (`BATON_VIEWER_TOKEN`) or any
 * role token, given as `?token=` once (it becomes the `baton_viewer` cookie), as the cookie,
 * or as `Authorization: Bearer`.
 *
 * Acting (the retry button): a role token (`BATON_TOKEN_<ROLE>`), as the form field `token`
 * or the cookie `token`, exactly as the API takes it as a bearer token. The viewer token
 * reads and never acts.
 */

export const VIEWER_COOKIE = 'baton_viewer';
export const ACTION_COOKIE = 'token';
export const VIEWER_TOKEN_VAR = 'BATON_VIEWER_TOKEN';

/** Whether a request comes from this machine; `app.request()` has no socket, so tests inject it. */
export type IsLocal = (c: Context) => boolean;

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

const LOCAL_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The default: the socket @hono/node-server hands over as `c.env.incoming`. A request that a
 * proxy on this machine forwarded (Forwarded, X-Forwarded-For) is not local: the person is
 * elsewhere. Nor is one whose Host is not a localhost name: a page of another site whose
 * name was re-pointed at 127.0.0.1 (DNS rebinding) comes over a loopback socket too; the
 * app answers those 421 before this (`http/host-check.ts`), and this holds without it.
 */
export const socketIsLocal: IsLocal = (c) => {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  const address = env?.incoming?.socket?.remoteAddress;
  if (!address || !LOOPBACK.test(address)) return false;
  const host = parseHost(c.req.header('host'));
  if (!host || !LOCAL_HOSTNAMES.has(host.hostname)) return false;
  return c.req.header('forwarded') === undefined && c.req.header('x-forwarded-for') === undefined;
};

export interface Access {
  tokens: Tokens;
  viewerToken: string | undefined;
  isLocal: IsLocal;
}

/** The configured tokens; a viewer token equal to a role token is refused (reading would let it act). */
export function accessFrom(env: Record<string, string | undefined>, isLocal: IsLocal = socketIsLocal): Access {
  const viewer = env[VIEWER_TOKEN_VAR]?.trim() || undefined;
  const tokens = tokensFrom(env);
  const twin = viewer === undefined ? undefined : tokens.find((t) => t.token === viewer);
  if (twin) throw invalid(VIEWER_TOKEN_VAR, `is the same token as ${tokenVar(twin.role)}`, 'give the viewer its own token (e.g. openssl rand -hex 32)');
  return { tokens, viewerToken: viewer, isLocal };
}

/** The role whose token this is, compared in constant time against every configured token. */
export function roleOfToken(access: Access, token: string | undefined): Role | undefined {
  if (!token) return undefined;
  let role: Role | undefined;
  for (const t of access.tokens) if (safeEqual(token, t.token) && role === undefined) role = t.role;
  return role;
}

function isViewerToken(access: Access, token: string | undefined): boolean {
  return Boolean(token && access.viewerToken && safeEqual(token, access.viewerToken));
}

/** A token that may read: the viewer token or any role token. */
export function mayRead(access: Access, token: string | undefined): boolean {
  const viewer = isViewerToken(access, token);
  const role = roleOfToken(access, token) !== undefined;
  return viewer || role;
}

export function bearerOf(c: Context): string | undefined {
  const match = /^Bearer[ \t]+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
  return match?.[1];
}

export type ReadDecision =
  | { ok: true; via: 'local' | 'cookie' | 'bearer' }
  /** `?token=` was right: set the cookie and send the browser to the same page without it. */
  | { ok: true; via: 'query'; token: string }
  | { ok: false; reason: string };

export function readAccess(access: Access, c: Context): ReadDecision {
  const query = c.req.query('token');
  if (query !== undefined) {
    if (mayRead(access, query)) return { ok: true, via: 'query', token: query };
    return { ok: false, reason: 'the token in the address matches neither BATON_VIEWER_TOKEN nor a role token on this server' };
  }
  const bearer = bearerOf(c);
  if (bearer !== undefined) {
    if (mayRead(access, bearer)) return { ok: true, via: 'bearer' };
    return { ok: false, reason: 'the bearer token matches neither BATON_VIEWER_TOKEN nor a role token on this server' };
  }
  const cookie = getCookie(c, VIEWER_COOKIE) ?? getCookie(c, ACTION_COOKIE);
  if (cookie !== undefined && mayRead(access, cookie)) return { ok: true, via: 'cookie' };
  if (access.isLocal(c)) return { ok: true, via: 'local' };
  if (cookie !== undefined) return { ok: false, reason: 'the token saved in this browser is no longer valid on this server' };
  return { ok: false, reason: 'this request comes from another machine and carries no token' };
}

export type ActDecision = { ok: true; role: Role } | { ok: false; status: 401 | 403; reason: string; fix: string };

const ACT_FIX = `enter the token of your role (the value of ${tokenVar('cro')}, ${tokenVar('customer.success')}, ... on the Baton server)`;

/** An action needs a role token, from the form field `token` or the cookie `token`. */
export function actAccess(access: Access, c: Context, formToken: string | undefined): ActDecision {
  const token = formToken?.trim() || getCookie(c, ACTION_COOKIE) || bearerOf(c);
  if (!token) return { ok: false, status: 401, reason: 'no role token was given', fix: ACT_FIX };
  const role = roleOfToken(access, token);
  if (role) return { ok: true, role };
  if (isViewerToken(access, token)) {
    return { ok: false, status: 403, reason: 'the viewer token can read the dashboard but not act on it', fix: ACT_FIX };
  }
  if (access.tokens.length === 0) {
    return { ok: false, status: 401, reason: 'no role has a token on this server', fix: 'set BATON_TOKEN_<ROLE> (one per role) where baton serve runs' };
  }
  return { ok: false, status: 401, reason: 'the token matches no role', fix: ACT_FIX };
}
