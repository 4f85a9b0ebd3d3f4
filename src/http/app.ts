import { Hono } from 'hono';
import { dashboardRoutes } from '../dashboard/routes.js';
import type { IsLocal } from '../dashboard/access.js';
import type { Engine } from '../engine/engine.js';
import { tick as runTick, type TickReport } from '../engine/tick.js';
import { dealRoutes } from './api-deals.js';
import { readRoutes } from './api-read.js';
import { slaRoutes } from './api-sla.js';
import { workRoutes } from './api-work.js';
import { bearerAuth, tokensFrom, type AppEnv } from './auth.js';
import { bodyLimit } from './body-limit.js';
import type { Deps } from './deps.js';
import { errorResponse } from './errors.js';
import { hostCheck } from './host-check.js';
import { mcpRoutes } from './mcp.js';
import { openApiRoutes } from './openapi.js';
import { mondayRoutes } from './monday.js';
import { foreignOrigin } from './same-origin.js';
import { slackRoutes } from './slack.js';

export interface AppOptions {
  /** The time every request acts at. */
  now: () => number;
  /** Called after a command that changed something: the serve loop delivers at once. */
  wake: () => void;
  /** Tokens (BATON_TOKEN_<ROLE>) and webhook secrets (BATON_MONDAY_WEBHOOK_SECRET, MONDAY_SIGNING_SECRET, BATON_PUBLIC_URL). */
  env: Record<string, string | undefined>;
  /** Where warnings and unexpected errors go (default: nowhere). */
  log?: (line: string) => void;
  /** `POST /api/tick`; the serve loop passes its own so that ticks never overlap. */
  tick?: (now: number) => Promise<TickReport>;
  /** Whether a dashboard request comes from this machine (default: the socket's address; tests inject it). */
  isLocal?: IsLocal;
  /** The address `serve` listens on (`--host`): a Host header naming it is served (see `host-check.ts`). */
  listenHost?: string;
}

/**
 * Baton's HTTP front door, as a Hono app (testable with `app.request()`, no socket):
 *
 * - `GET /health`
 * - `/api/...`: the commands of SPEC §10 as JSON, with a bearer token per role
 * - `POST /webhooks/monday/:secret`: Prospects board status changes
 * - `POST /slack/interactions`, `POST /slack/commands`: the Acknowledge button and `/baton`
 * - `/mcp`: the MCP tools over Streamable HTTP, acting as the bearer token's role (see `mcp.ts`)
 * - `GET /openapi.json`, `GET /docs`: the API described (OpenAPI 3.1, see `openapi.ts`)
 * - `/`, `/handoffs/:id`, `/report`: the dashboard, as HTML (see `dashboard/routes.tsx`)
 *
 * Before any route, on every path: a Host that is not this server's is 421 (DNS rebinding,
 * `host-check.ts`), a body over 1 MB is 413 before it is read in full (`body-limit.ts`),
 * and a state-changing request from another site's page is 403 (`same-origin.ts`); all of
 * it before authentication.
 *
 * Every failure is JSON through one handler (see `errors.ts`).
 *
 * @example
 *   const app = createApp(engine, { now: () => Date.now(), wake: () => {}, env: process.env });
 *   const res = await app.request('/api/status', { headers: { Authorization: `Bearer ${token}` } });
 */
export function createApp(engine: Engine, opts: AppOptions): Hono<AppEnv> {
  const log = opts.log ?? (() => {});
  const deps: Deps = {
    engine,
    now: opts.now,
    wake: opts.wake,
    tick: opts.tick ?? ((now) => runTick(engine, now)),
    log,
    env: opts.env,
  };
  const tokens = tokensFrom(opts.env);

  const app = new Hono<AppEnv>();
  app.onError((error, c) => errorResponse(error, c, log));
  app.notFound((c) => c.json({ error: 'not-found', message: `no route ${c.req.method} ${c.req.path}` }, 404));
  const publicUrl = opts.env.BATON_PUBLIC_URL?.trim() || undefined;
  app.use('*', hostCheck({ ...(opts.listenHost ? { listenHost: opts.listenHost } : {}), ...(publicUrl ? { publicUrl } : {}) }));
  app.use('*', bodyLimit());
  app.use('*', foreignOrigin(publicUrl));
  app.get('/health', (c) => c.json({ ok: true }));

  const api = new Hono<AppEnv>();
  api.use('*', bearerAuth(tokens));
  api.route('/', dealRoutes(deps));
  api.route('/', readRoutes(deps));
  api.route('/', workRoutes(deps));
  api.route('/', slaRoutes(deps));
  app.route('/api', api);
  app.route('/webhooks/monday', mondayRoutes(deps));
  app.route('/slack', slackRoutes(deps));
  app.route('/', openApiRoutes(publicUrl));
  app.route('/mcp', mcpRoutes(deps, { ...(opts.isLocal ? { isLocal: opts.isLocal } : {}), ...(publicUrl ? { publicUrl } : {}) }));
  app.route('/', dashboardRoutes(deps, opts.isLocal ? { isLocal: opts.isLocal } : {}));
  return app;
}
