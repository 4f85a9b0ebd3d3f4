import { Hono, type Context } from 'hono';
import { formatProblem } from '../domain/refuse.js';
import { slackEscape } from '../domain/slack-text.js';
import { acknowledge as acknowledgeDeal } from '../app/index.js';
import { BatonError, invalid } from '../domain/problem.js';
import { listDeals, loadDeal } from '../store/index.js';
import { statusDetail, statusLine } from '../views/status.js';
import type { Deps } from './deps.js';
import { notConfigured, unauthorized } from './errors.js';
import { verifySlackSignature } from './slack-verify.js';

/**
 * Slack's requests: the Acknowledge button (`block_actions`, action `baton_ack`, value = the
 * deal id) and the `/baton` slash command (`ack <deal>`, `status [<deal>]`). Each request
 * must carry a valid v0 signature made within 300 s of now. The answer is immediate: the
 * command is local, and delivery of what it owes happens in the serve loop after `wake()`.
 * Refusals are answered 200 with an ephemeral text, since Slack shows a non-200 answer to
 * the clicking user as a bare failure.
 */

export const ACK_ACTION = 'baton_ack';

const reply = (c: Context, text: string) => c.json({ response_type: 'ephemeral', replace_original: false, text });

export function slackRoutes(deps: Deps): Hono {
  const route = new Hono();
  const { engine } = deps;

  /**
   * The form fields of a signed request, or a throw (401, or 503 without a secret). Slack's
   * `ssl_check=1` probe is unsigned and asks for nothing: with `sslCheck`, it gives undefined.
   */
  function signedForm(c: Context): Promise<URLSearchParams>;
  function signedForm(c: Context, opts: { sslCheck: true }): Promise<URLSearchParams | undefined>;
  async function signedForm(c: Context, opts: { sslCheck?: boolean } = {}): Promise<URLSearchParams | undefined> {
    const raw = Buffer.from(await c.req.arrayBuffer());
    const form = new URLSearchParams(raw.toString('utf8'));
    if (opts.sslCheck && form.get('ssl_check') === '1') return undefined;
    const secret = engine.config.slack.signingSecret;
    if (!secret) throw notConfigured('SLACK_SIGNING_SECRET', 'is not set, so Slack requests cannot be verified', "set it to the Slack app's Signing Secret (Basic Information > App Credentials)");
    const check = verifySlackSignature(secret, raw, { timestamp: c.req.header('x-slack-request-timestamp'), signature: c.req.header('x-slack-signature') }, deps.now());
    if (!check.ok) {
      throw unauthorized(check.header, check.reason, "Slack signs every request itself: check that SLACK_SIGNING_SECRET is the app's Signing Secret and that this server's clock is right");
    }
    return form;
  }

  /** SOP-4.4a: only customer.success acknowledges; a second acknowledgement changes nothing. */
  const acknowledge = async (userId: string | undefined, dealId: string): Promise<string> => {
    const cs = engine.config.roles['customer.success']?.slack;
    if (!cs) return 'Only customer.success may acknowledge, and no Slack user is set for customer.success (roles.customer.success.slack in baton.config.yaml). Nothing was changed.';
    if (userId !== cs) return `Only customer.success may acknowledge the Handoff Packet of ${slackEscape(dealId)}. Nothing was changed.`;
    try {
      const result = await acknowledgeDeal(engine, dealId, { now: deps.now(), actor: 'customer.success' });
      const h = result.state?.handoff;
      const company = slackEscape(result.state?.deal.company ?? dealId);
      if (result.events.length === 0) return `Already acknowledged: ${company} (${slackEscape(dealId)}). Nothing changed.`;
      deps.wake();
      const item = h?.deliveryItem;
      return `Acknowledged: ${company}. Packet ${slackEscape(h?.packetPath ?? '')}${item ? `; delivery item "${slackEscape(item.name)}" ${item.windowStart} → ${item.windowEnd}` : ''}.`;
    } catch (error) {
      if (error instanceof BatonError) return `Baton could not acknowledge ${slackEscape(dealId)}:\n${error.problems.map((p) => `• ${slackEscape(formatProblem(p))}`).join('\n')}`;
      throw error;
    }
  };

  const status = async (dealId: string | undefined): Promise<string> => {
    const now = deps.now();
    const tz = engine.config.org.timezone;
    if (dealId === undefined) {
      const deals = await listDeals(engine.store.db);
      if (deals.length === 0) return 'No deals yet.';
      return `\`\`\`\n${slackEscape(deals.map((d) => statusLine(d.state, now, tz)).join('\n'))}\n\`\`\``;
    }
    const loaded = await loadDeal(engine.store.db, dealId);
    if (!loaded) return `No deal with id "${slackEscape(dealId)}". \`/baton status\` lists the deals.`;
    return `\`\`\`\n${slackEscape(statusDetail(loaded.state, now, tz).trimEnd())}\n\`\`\``;
  };

  route.post('/interactions', async (c) => {
    const form = await signedForm(c);
    let payload: any;
    try {
      payload = JSON.parse(form.get('payload') ?? '');
    } catch {
      throw invalid('payload', 'is not JSON', 'send the interaction as a form field payload=<JSON>, as Slack does');
    }
    if (payload?.type !== 'block_actions') return c.json({});
    const action = (Array.isArray(payload.actions) ? payload.actions : []).find((a: any) => a?.action_id === ACK_ACTION);
    if (!action) return reply(c, 'Baton has nothing to do for this button.');
    if (typeof action.value !== 'string' || action.value.trim() === '') return reply(c, 'This Acknowledge button names no deal. Nothing was changed.');
    const userId = typeof payload.user?.id === 'string' ? payload.user.id : undefined;
    return reply(c, await acknowledge(userId, action.value.trim()));
  });

  route.post('/commands', async (c) => {
    const form = await signedForm(c, { sslCheck: true });
    if (!form) return c.body(null, 200);
    const [sub, dealId, ...rest] = (form.get('text') ?? '').trim().split(/\s+/).filter(Boolean);
    const command = form.get('command') || '/baton';
    if (sub === 'ack' && dealId && rest.length === 0) return reply(c, await acknowledge(form.get('user_id') ?? undefined, dealId));
    if (sub === 'status' && rest.length === 0) return reply(c, await status(dealId));
    return reply(c, `Usage: \`${slackEscape(command)} ack <deal>\` (customer.success acknowledges the Handoff Packet) or \`${slackEscape(command)} status [<deal>]\`.`);
  });
  return route;
}
