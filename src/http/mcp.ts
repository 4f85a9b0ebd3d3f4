import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { Hono, type Context } from 'hono';
import { socketIsLocal, type IsLocal, VIEWER_TOKEN_VAR } from '../dashboard/access.js';
import { BatonError } from '../domain/problem.js';
import { ROLES, type Role } from '../domain/types.js';
import { createMcpServer } from '../mcp/server.js';
import type { ToolContext } from '../mcp/tool.js';
import { safeEqual } from './safe-equal.js';
import { tokensFrom, tokenVar, type AppEnv } from './auth.js';
import type { Deps } from './deps.js';
import { ownOrigins } from './same-origin.js';

/**
 * `/mcp`: the MCP tools, resources and prompts of `baton mcp`, over Streamable HTTP (SPEC §16),
 * stateless (a fresh server and transport per request, answers as JSON, no SSE stream).
 *
 * - Who acts is the bearer token's role (`BATON_TOKEN_<ROLE>`), never anything in the body.
 * - Without a token, a client on this machine (as the dashboard judges it) is a viewer: it
 *   gets the read-only tools, the resources and the prompts. So is `BATON_VIEWER_TOKEN`.
 *   From elsewhere without a token, or with a token that matches nothing: 401.
 * - DNS rebinding: a foreign Host is 421 before this runs (`host-check.ts`, every route);
 *   an `Origin` that is neither this server's, BATON_PUBLIC_URL's nor a loopback page's is 403,
 *   token or not.
 * - A change wakes the serve loop, which delivers what it queued right after the answer.
 */

const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i;

const HOW = `send Authorization: Bearer <token>, the value of ${tokenVar('cro')}, ${tokenVar('customer.success')}, ... for the role this agent fills on the Baton server`;

type Who = { role: Role } | { viewer: true };

function fail(kind: 'unauthorized' | 'forbidden', field: string, message: string, fix: string): BatonError {
  return new BatonError(kind, [{ code: kind, field, message, fix }]);
}

function originAllowed(c: Context, origin: string, publicUrl: string | undefined): boolean {
  return origin !== 'null' && (ownOrigins(c, publicUrl).has(origin) || LOOPBACK_ORIGIN.test(origin));
}

export interface McpRouteOptions {
  isLocal?: IsLocal;
  publicUrl?: string;
}

export function mcpRoutes(deps: Deps, opts: McpRouteOptions = {}): Hono<AppEnv> {
  const tokens = tokensFrom(deps.env);
  const viewerToken = deps.env[VIEWER_TOKEN_VAR]?.trim() || undefined;
  const isLocal = opts.isLocal ?? socketIsLocal;

  const who = (c: Context): Who => {
    const header = c.req.header('authorization');
    if (header === undefined) {
      if (isLocal(c)) return { viewer: true };
      throw fail('unauthorized', 'Authorization', 'this request comes from another machine and carries no token', HOW);
    }
    const match = /^Bearer[ \t]+(\S+)\s*$/i.exec(header);
    if (!match) throw fail('unauthorized', 'Authorization', 'header is not a bearer token', HOW);
    const token = match[1] ?? '';
    let role: Role | undefined;
    for (const t of tokens) if (safeEqual(token, t.token) && role === undefined) role = t.role;
    if (role) return { role };
    if (viewerToken && safeEqual(token, viewerToken)) return { viewer: true };
    throw fail('unauthorized', 'Authorization', 'bearer token matches no role', HOW);
  };

  const context = (caller: Who): ToolContext => ({
    engine: (fn) => fn(deps.engine),
    now: deps.now,
    role: () => ('role' in caller ? caller.role : undefined),
    acting: () => {
      if ('role' in caller) return { now: deps.now(), actor: caller.role };
      throw fail('unauthorized', 'Authorization', 'this connection is a viewer: it reads, and acts as no role', `${HOW} (one of ${ROLES.join(', ')})`);
    },
    deliver: async (_engine, queued) => {
      if (queued > 0) deps.wake();
      return { queued, delivered: 0, retrying: 0, failed: 0, by: 'serve' };
    },
  });

  const mcp = new Hono<AppEnv>();
  mcp.all('/', async (c) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && !originAllowed(c, origin, opts.publicUrl)) {
      throw fail(
        'forbidden',
        'Origin',
        `a request from the page ${origin.length > 100 ? `${origin.slice(0, 99)}…` : origin} is refused (DNS rebinding protection)`,
        'connect from an MCP client, not a web page of another site; behind a proxy, set BATON_PUBLIC_URL',
      );
    }
    let caller: Who;
    try {
      caller = who(c);
    } catch (error) {
      c.header('WWW-Authenticate', 'Bearer realm="baton"');
      throw error;
    }
    if (c.req.method !== 'POST') {
      // Stateless: no session to delete and no stream of server-initiated messages to open.
      c.header('Allow', 'POST');
      return c.json({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed: this server is stateless; send each JSON-RPC message as a POST' }, id: null }, 405);
    }
    const server = createMcpServer(context(caller), {
      readOnly: !('role' in caller),
      actingAs: 'role' in caller ? `${caller.role} (the role of the bearer token)` : 'no role',
      log: deps.log,
    });
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    try {
      // The body-limit middleware may have replaced the request with its buffered copy: read c.req.raw.
      return await transport.handleRequest(c.req.raw);
    } finally {
      await server.close();
    }
  });
  return mcp;
}
