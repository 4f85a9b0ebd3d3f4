import type { MiddlewareHandler } from 'hono';
import { ROLES, type Role } from '../domain/types.js';
import { BatonError, invalid } from '../domain/problem.js';
import { forbidden, unauthorized } from './errors.js';
import { safeEqual } from './safe-equal.js';

/**
 * API authentication: one bearer token per role, from the environment
 * (`BATON_TOKEN_CRO`, `BATON_TOKEN_CUSTOMER_SUCCESS`, ...). The token decides who acts; a
 * role with no token configured cannot act through the API. Every configured token is
 * compared, in constant time, whatever the first match.
 */

export type AppEnv = { Variables: { role: Role } };

/** `customer.success` → `BATON_TOKEN_CUSTOMER_SUCCESS`. */
export function tokenVar(role: Role): string {
  return `BATON_TOKEN_${role.replace(/\./g, '_').toUpperCase()}`;
}

export type Tokens = ReadonlyArray<{ role: Role; token: string }>;

/** The configured tokens; two roles sharing one token is refused (it could not say who acts). */
export function tokensFrom(env: Record<string, string | undefined>): Tokens {
  const tokens: { role: Role; token: string }[] = [];
  for (const role of ROLES) {
    const token = env[tokenVar(role)]?.trim();
    if (!token) continue;
    const twin = tokens.find((t) => t.token === token);
    if (twin) throw invalid(tokenVar(role), `is the same token as ${tokenVar(twin.role)}`, 'give every role its own token (e.g. openssl rand -hex 32)');
    tokens.push({ role, token });
  }
  return tokens;
}

const HOW = 'send Authorization: Bearer <token>, where <token> is the value of BATON_TOKEN_<ROLE> for your role on the Baton server';

/** Sets `role` from the bearer token, or answers 401. */
export function bearerAuth(tokens: Tokens): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (!header) throw unauthorized('Authorization', 'header is missing', HOW);
    const match = /^Bearer[ \t]+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthorized('Authorization', 'header is not a bearer token', HOW);
    if (tokens.length === 0) {
      throw unauthorized('Authorization', 'no role has an API token on this server', `set ${ROLES.map(tokenVar).join(', ')} (one per role) where baton serve runs`);
    }
    let role: Role | undefined;
    for (const t of tokens) if (safeEqual(match[1] ?? '', t.token) && role === undefined) role = t.role;
    if (!role) throw unauthorized('Authorization', 'bearer token matches no role', HOW);
    c.set('role', role);
    await next();
  };
}

/** 403 unless the token's role is one of `roles`. */
export function requireRole(role: Role, allowed: readonly Role[], what: string): void {
  if (!allowed.includes(role)) {
    throw forbidden('role', `${what} is for ${allowed.join(' or ')}, not ${role}`, `call with the bearer token of ${allowed[0]} (${tokenVar(allowed[0] as Role)})`);
  }
}
