import { createHmac } from 'node:crypto';
import { safeEqual } from './safe-equal.js';

/**
 * HS256 JSON Web Tokens, verified with node:crypto: what monday.com puts in the
 * `Authorization` header of a webhook created with an app's OAuth token (signed with the
 * app's Signing Secret; `aud` is the endpoint URL). Only HS256 is accepted: a token that
 * names another algorithm (`none` included) is refused before any signature is computed.
 */

export type JwtCheck = { ok: true; claims: Record<string, unknown> } | { ok: false; reason: string };

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Verifies the signature, `exp` (required, in the future at `nowMs`), `nbf` when present,
 * and `aud` (one of `audiences`; a trailing `/` is ignored on both sides).
 *
 * @example
 *   verifyHs256(token, secret, { audiences: ['https://baton.example/webhooks/monday/s3cret'], nowMs: now })
 */
export function verifyHs256(token: string, secret: string, opts: { audiences: readonly string[]; nowMs: number }): JwtCheck {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return { ok: false, reason: 'is not a JWT (three base64url parts)' };
  const [head, body, signature] = parts as [string, string, string];
  const header = decodeJson(head);
  if (!isObject(header) || header.alg !== 'HS256') return { ok: false, reason: 'is not signed with HS256' };
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  if (!safeEqual(signature, expected)) return { ok: false, reason: 'has a signature that does not match the signing secret' };
  const claims = decodeJson(body);
  if (!isObject(claims)) return { ok: false, reason: 'has no JSON claims' };
  const nowSec = opts.nowMs / 1000;
  if (typeof claims.exp !== 'number') return { ok: false, reason: 'has no exp claim' };
  if (claims.exp <= nowSec) return { ok: false, reason: `expired at ${new Date(claims.exp * 1000).toISOString()}` };
  if (typeof claims.nbf === 'number' && claims.nbf > nowSec) return { ok: false, reason: 'is not valid yet (nbf)' };
  const audiences = (Array.isArray(claims.aud) ? claims.aud : [claims.aud]).filter((a): a is string => typeof a === 'string');
  const trim = (u: string) => u.replace(/\/+$/, '');
  if (!audiences.some((a) => opts.audiences.some((want) => trim(a) === trim(want)))) {
    return { ok: false, reason: `is for another audience (aud ${JSON.stringify(claims.aud ?? null)})` };
  }
  return { ok: true, claims };
}

/** Signs claims with HS256; tests use it to play monday.com. */
export function signHs256(claims: Record<string, unknown>, secret: string): string {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify(claims));
  return `${head}.${body}.${createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url')}`;
}
