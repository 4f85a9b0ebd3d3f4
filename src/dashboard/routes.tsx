import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { packetFileText } from '../domain/packet-file.js';
import { audit, inbox, report as slaReport, retryMessage } from '../app/index.js';
import { AuditPage } from './audit-page.js';
import { BatonError } from '../domain/problem.js';
import { ROLES, type Role } from '../domain/types.js';
import type { Deps } from '../http/deps.js';
import { sameOriginForm } from '../http/same-origin.js';
import { countHandoffs, getDeliveryItem, HANDOFF_FILTERS, listEvents, listHandoffsPage, listMessages, loadDeal, type HandoffFilter } from '../store/index.js';
import { ACTION_COOKIE, VIEWER_COOKIE, VIEWER_TOKEN_VAR, accessFrom, actAccess, readAccess, roleOfToken, type IsLocal } from './access.js';
import { HandoffPage } from './handoff-page.js';
import { FILTER_LABEL, HandoffsPage, PAGE_SIZE, listHref } from './handoffs-page.js';
import { HealthPage } from './health-page.js';
import { healthView } from './health-view.js';
import { InboxPage, InboxesPage } from './inbox-page.js';
import { ErrorPage, type Frame } from './layout.js';

/** How far back the dashboard's audit page reads; `baton audit --since` reads further. */
const AUDIT_DAYS = 30;

/**
 * The dashboard, server-rendered with Hono JSX: `/` (handoffs, `?filter=`, `?page=`),
 * `/handoffs/:id` (one handoff, with a Retry button per failed message), `/report` and
 * `/health-report` (charts and agents). Pages work without JavaScript; the one action is a
 * plain POST form. Reading and acting are checked per route (see `access.ts`): the routes
 * are mounted at `/` beside the API, so nothing here may apply to every path.
 */

export interface DashboardOptions {
  /** Whether a request comes from this machine; default: the socket's remote address. */
  isLocal?: IsLocal;
}

type Handler = (c: Context) => Promise<Response>;

async function render(c: Context, node: unknown, status: ContentfulStatusCode = 200): Promise<Response> {
  const text = await (node as { toString(): string | Promise<string> }).toString();
  c.header('Cache-Control', 'no-store');
  return c.html(`<!doctype html>${text}`, status);
}

function parseFilter(raw: string | undefined): HandoffFilter | undefined {
  if (raw === undefined || raw === '') return 'all';
  const alias: Record<string, HandoffFilter> = { 'awaiting-ack': 'awaiting-acknowledgement', ack: 'awaiting-acknowledgement', sow: 'awaiting-sow' };
  const value = alias[raw] ?? raw;
  return (HANDOFF_FILTERS as readonly string[]).includes(value) ? (value as HandoffFilter) : undefined;
}

function parsePage(raw: string | undefined): number {
  if (raw === undefined || !/^\d{1,9}$/.test(raw)) return 1;
  return Math.max(1, Number(raw));
}

export function dashboardRoutes(deps: Deps, opts: DashboardOptions = {}): Hono {
  const { engine } = deps;
  const access = accessFrom(deps.env, opts.isLocal);
  const app = new Hono();

  const frame = (active?: Frame['active']): Frame => ({
    org: engine.config.org.name,
    timezone: engine.config.org.timezone,
    now: deps.now(),
    ...(active ? { active } : {}),
  });

  app.onError((error, c) => {
    deps.log(`baton serve: dashboard error on ${c.req.method} ${c.req.path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return render(
      c,
      <ErrorPage
        title="Something went wrong"
        status={500}
        message="Baton could not show this page; the server log has the details."
        fix="reload the page; if it keeps failing, look at the log of baton serve."
      />,
      500,
    );
  });

  /** Reading needs localhost or a token; `?token=` becomes a cookie and leaves the address. */
  const viewer =
    (handler: Handler): Handler =>
    async (c) => {
      const decision = readAccess(access, c);
      if (!decision.ok) {
        const configured = access.viewerToken !== undefined;
        return render(
          c,
          <ErrorPage
            title="Sign in to the Baton dashboard"
            status={401}
            message={`The dashboard is open without a token only to this machine; ${decision.reason}.`}
            fix={
              configured
                ? `open this page with ?token=<the value of ${VIEWER_TOKEN_VAR}> once (the browser keeps it), or send Authorization: Bearer <token>.`
                : `ask whoever runs baton serve to set ${VIEWER_TOKEN_VAR} (a viewer token) and give it to you, then open this page with ?token=<that value> once.`
            }
          />,
          401,
        );
      }
      if (decision.via === 'query') {
        setCookie(c, VIEWER_COOKIE, decision.token, { path: '/', httpOnly: true, sameSite: 'Lax', secure: c.req.url.startsWith('https:') });
        const url = new URL(c.req.url);
        url.searchParams.delete('token');
        return c.redirect(`${url.pathname}${url.search}`, 303);
      }
      return handler(c);
    };

  app.get(
    '/',
    viewer(async (c) => {
      const filter = parseFilter(c.req.query('filter'));
      if (!filter) {
        return render(
          c,
          <ErrorPage title="No such filter" status={400} message={`"${c.req.query('filter')}" is not a filter of the handoffs list.`} fix="pick one of these:">
            <ul>
              {HANDOFF_FILTERS.map((f) => (
                <li>
                  <a href={listHref(f)}>{FILTER_LABEL[f]}</a>
                </li>
              ))}
            </ul>
          </ErrorPage>,
          400,
        );
      }
      const page = parsePage(c.req.query('page'));
      const f = frame('handoffs');
      const db = engine.store.db;
      const counts = {} as Record<HandoffFilter, number>;
      for (const name of HANDOFF_FILTERS) counts[name] = await countHandoffs(db, name, f.now);
      const deals = await listHandoffsPage(db, { filter, now: f.now, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
      return render(c, <HandoffsPage view={{ frame: f, filter, counts, page, deals: deals.map((d) => d.state) }} />);
    }),
  );

  app.get(
    '/handoffs/:id',
    viewer(async (c) => {
      const id = c.req.param('id') ?? '';
      const db = engine.store.db;
      const loaded = await loadDeal(db, id);
      if (!loaded) {
        return render(c, <ErrorPage title="No such handoff" status={404} message={`There is no deal with id "${id}".`} fix="go back to the list of handoffs: /" />, 404);
      }
      const f = frame('handoffs');
      const retried = c.req.query('retried');
      const h = loaded.state.handoff;
      return render(
        c,
        <HandoffPage
          view={{
            frame: f,
            state: loaded.state,
            events: await listEvents(db, id),
            messages: await listMessages(db, { dealId: id }),
            deliveryItem: await getDeliveryItem(db, id),
            packetText: h ? packetFileText(h, f.timezone) : undefined,
            ...(retried && /^\d+$/.test(retried) ? { retried: Number(retried) } : {}),
            hasActionToken: roleOfToken(access, getCookie(c, ACTION_COOKIE)) !== undefined,
          }}
        />,
      );
    }),
  );

  app.post('/handoffs/:id/messages/:messageId/retry', async (c) => {
    const id = c.req.param('id');
    const back = `/handoffs/${encodeURIComponent(id)}`;
    const backLink = (
      <p>
        <a href={back}>← Back to the handoff</a>
      </p>
    );
    // A form acts only when sent from one of this server's pages (belt and braces with SameSite cookies).
    const from = sameOriginForm(c, deps.env.BATON_PUBLIC_URL?.trim() || undefined);
    if (!from.ok) {
      return render(c, <ErrorPage title="Refused" status={403} message={`This retry was refused: ${from.reason}.`} fix={`use the Retry button on ${back}.`} />, 403);
    }
    const form = await c.req.parseBody();
    const token = typeof form.token === 'string' ? form.token : undefined;
    const decision = actAccess(access, c, token);
    if (!decision.ok) {
      return render(
        c,
        <ErrorPage
          title={decision.status === 401 ? 'A role token is needed' : 'Not allowed'}
          status={decision.status}
          message={`Retrying a message is an action: ${decision.reason}.`}
          fix={decision.fix}
        >
          {backLink}
        </ErrorPage>,
        decision.status,
      );
    }
    const text = c.req.param('messageId');
    const messageId = Number(text);
    const message = /^\d{1,15}$/.test(text) ? (await listMessages(engine.store.db, { dealId: id })).find((m) => m.id === messageId) : undefined;
    if (!message) {
      return render(
        c,
        <ErrorPage title="No such message" status={404} message={`Handoff "${id}" has no message #${text}.`} fix={`open ${back} and use the Retry button of a failed message.`} />,
        404,
      );
    }
    try {
      await retryMessage(engine, messageId, { now: deps.now(), actor: decision.role });
    } catch (error) {
      if (!(error instanceof BatonError)) throw error;
      const forbidden = error.kind === 'forbidden';
      return render(
        c,
        <ErrorPage
          title={forbidden ? 'Not allowed' : 'Nothing to retry'}
          status={forbidden ? 403 : 409}
          message={
            forbidden ? `${error.problems[0]?.message ?? 'not allowed'}.` : `Message #${messageId} is ${message.state}, not failed: only a failed message can be queued again.`
          }
          fix={forbidden ? 'use the token of chief.staff, the ceo, or the role that owns this message.' : 'reload the handoff to see where the message stands.'}
        >
          {backLink}
        </ErrorPage>,
        forbidden ? 403 : 409,
      );
    }
    if (token && form.remember === '1') {
      setCookie(c, ACTION_COOKIE, token.trim(), { path: '/', httpOnly: true, sameSite: 'Strict', secure: c.req.url.startsWith('https:') });
    }
    deps.log(`baton serve: ${decision.role} queued message #${messageId} (${message.kind}, deal ${id}) again from the dashboard`);
    deps.wake();
    return c.redirect(`${back}?retried=${messageId}#message-${messageId}`, 303);
  });

  const report = viewer(async (c) => {
    const f = frame('report');
    const from = c.req.query('from') || undefined;
    const to = c.req.query('to') || undefined;
    let sla: Awaited<ReturnType<typeof slaReport>>;
    try {
      sla = await slaReport(engine, { ...(from ? { from } : {}), ...(to ? { to } : {}), now: f.now });
    } catch (error) {
      if (!(error instanceof BatonError)) throw error;
      const p = error.problems[0];
      return render(c, <ErrorPage title="No such period" status={400} message={`${p?.field}: ${p?.message}.`} fix={`${p?.fix}; or open /report for the last 30 days.`} />, 400);
    }
    return render(c, <HealthPage view={await healthView(engine, f, sla)} />);
  });
  app.get(
    '/inbox',
    viewer(async (c) => {
      const f = frame('inbox');
      const roles = [];
      for (const role of ROLES) {
        const items = await inbox(engine, role, f.now);
        roles.push({ role, open: items.length, overdue: items.filter((i) => i.urgency === 'overdue').length });
      }
      return render(c, <InboxesPage frame={f} roles={roles} />);
    }),
  );
  app.get(
    '/inbox/:role',
    viewer(async (c) => {
      const role = c.req.param('role') ?? '';
      if (!(ROLES as readonly string[]).includes(role)) {
        return render(c, <ErrorPage title="No such role" status={404} message={`"${role}" is not a role.`} fix={`open /inbox/ followed by one of: ${ROLES.join(', ')}`} />, 404);
      }
      const f = frame('inbox');
      return render(c, <InboxPage frame={f} role={role as Role} items={await inbox(engine, role as Role, f.now)} />);
    }),
  );
  app.get('/report', report);
  app.get('/health-report', report);
  app.get(
    '/audit',
    viewer(async (c) => render(c, <AuditPage frame={frame('audit')} events={await audit(engine, { since: deps.now() - AUDIT_DAYS * 86_400_000 })} />)),
  );
  return app;
}
