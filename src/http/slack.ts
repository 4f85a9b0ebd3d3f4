import { Hono, type Context } from 'hono';
import { ACK_ACTION } from '../adapters/slack-blocks.js';
import { formatProblem } from '../domain/refuse.js';
import { handoffPageUrl } from '../domain/slack-limits.js';
import { slackEscape } from '../domain/slack-text.js';
import { acknowledge as acknowledgeDeal } from '../app/index.js';
import { localDateTime } from '../domain/time.js';
import { BatonError, invalid } from '../domain/problem.js';
import { listDeals, loadDeal } from '../store/index.js';
import { statusDetail, statusLine } from '../views/status.js';
import type { Deps } from './deps.js';
import { notConfigured, unauthorized } from './errors.js';
import { acknowledgedLine, acknowledgedMessage, refusal } from './slack-outcome.js';
import { respondLater, responseUrlOf, type SlackResponse } from './slack-respond.js';
import { verifySlackSignature } from './slack-verify.js';

/**
 * Slack's requests: the Acknowledge button (`block_actions`, action `baton_ack`, value = the
 * deal id) and the `/baton` slash command (`ack <deal>`, `status [<deal>]`). Each request
 * must carry a valid v0 signature made within 300 s of now. The command is local, and
 * delivery of what it owes happens in the serve loop after `wake()`.
 *
 * A click is answered with an empty 200 once its command has committed (Slack ignores that
 * body); its outcome goes to the payload's `response_url` beside the answer (see
 * `slack-respond.ts`): the message replaced, without its button, by one that says who
 * acknowledged and when, or an ephemeral note to the clicker saying why nothing changed.
 * A slash command is answered in the body, refusals included, with 200: Slack shows a
 * non-200 answer to the user as a bare failure.
 */

export { ACK_ACTION };

const reply = (c: Context, text: string) => c.json({ response_type: 'ephemeral', replace_original: false, text });

/** An acknowledgement done (now, or earlier: `already`), or why not, in Slack text. */
type AckOutcome = { done: true; already: boolean; at: number; text: string } | { done: false; text: string };

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
    if (!secret)
      throw notConfigured(
        'SLACK_SIGNING_SECRET',
        'is not set, so Slack requests cannot be verified',
        "set it to the Slack app's Signing Secret (Basic Information > App Credentials)",
      );
    const check = verifySlackSignature(secret, raw, { timestamp: c.req.header('x-slack-request-timestamp'), signature: c.req.header('x-slack-signature') }, deps.now());
    if (!check.ok) {
      throw unauthorized(
        check.header,
        check.reason,
        "Slack signs every request itself: check that SLACK_SIGNING_SECRET is the app's Signing Secret and that this server's clock is right",
      );
    }
    return form;
  }

  /** The one call that acknowledges (the use-case layer takes its place when it lands). */
  const runAck = (dealId: string) => acknowledgeDeal(engine, dealId, { now: deps.now(), actor: 'customer.success' });

  /** SOP-4.4a: only customer.success acknowledges; a second acknowledgement changes nothing. */
  const acknowledge = async (userId: string | undefined, dealId: string): Promise<AckOutcome> => {
    const cs = engine.config.roles['customer.success']?.slack;
    if (!cs) {
      return {
        done: false,
        text: 'Only customer.success may acknowledge, and no Slack user is set for customer.success (roles.customer.success.slack in baton.config.yaml). Nothing was changed.',
      };
    }
    if (userId !== cs) return { done: false, text: `Only customer.success may acknowledge the Handoff Packet of ${slackEscape(dealId)}. Nothing was changed.` };
    try {
      const result = await runAck(dealId);
      const h = result.state?.handoff;
      const company = slackEscape(result.state?.deal.company ?? dealId);
      const at = h?.acknowledgedAt ?? deps.now();
      if (result.events.length === 0) return { done: true, already: true, at, text: `Already acknowledged: ${company} (${slackEscape(dealId)}). Nothing changed.` };
      deps.wake();
      const item = h?.deliveryItem;
      const text = `Acknowledged: ${company}. Packet ${slackEscape(h?.packetPath ?? '')}${item ? `; delivery item "${slackEscape(item.name)}" ${item.windowStart} → ${item.windowEnd}` : ''}.`;
      return { done: true, already: false, at, text };
    } catch (error) {
      if (error instanceof BatonError) {
        return { done: false, text: `Baton could not acknowledge ${slackEscape(dealId)}:\n${error.problems.map((p) => `• ${slackEscape(formatProblem(p))}`).join('\n')}` };
      }
      throw error;
    }
  };

  /**
   * What a click comes to, for its `response_url`: acknowledged (now or before), the message
   * loses its button and says who acknowledged and when; refused, a note to the clicker.
   */
  const clicked = async (c: Context, payload: any): Promise<SlackResponse> => {
    const action = (Array.isArray(payload.actions) ? payload.actions : []).find((a: any) => a?.action_id === ACK_ACTION);
    if (!action) return refusal('Baton has nothing to do for this button.');
    const dealId = typeof action.value === 'string' ? action.value.trim() : '';
    if (dealId === '') return refusal('This Acknowledge button names no deal. Nothing was changed.');
    const userId = typeof payload.user?.id === 'string' ? payload.user.id : undefined;
    const outcome = await acknowledge(userId, dealId);
    if (!outcome.done || userId === undefined) return refusal(outcome.text);
    const line = acknowledgedLine(userId, localDateTime(outcome.at, engine.config.org.timezone));
    const base = deps.env.BATON_PUBLIC_URL?.trim() || new URL(c.req.url).origin;
    return acknowledgedMessage(payload.message, line, handoffPageUrl(dealId, base));
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
    if (payload?.type !== 'block_actions') return c.body(null, 200);
    const outcome = await clicked(c, payload);
    const url = responseUrlOf(payload.response_url);
    if (url) void respondLater(url, outcome, { log: deps.log });
    else deps.log(`baton serve: a Slack click came without an http(s) response_url, so its outcome is not shown: ${outcome.replace_original ? 'acknowledged' : outcome.text}`);
    return c.body(null, 200);
  });

  route.post('/commands', async (c) => {
    const form = await signedForm(c, { sslCheck: true });
    if (!form) return c.body(null, 200);
    const [sub, dealId, ...rest] = (form.get('text') ?? '').trim().split(/\s+/).filter(Boolean);
    const command = form.get('command') || '/baton';
    if (sub === 'ack' && dealId && rest.length === 0) return reply(c, (await acknowledge(form.get('user_id') ?? undefined, dealId)).text);
    if (sub === 'status' && rest.length === 0) return reply(c, await status(dealId));
    return reply(c, `Usage: \`${slackEscape(command)} ack <deal>\` (customer.success acknowledges the Handoff Packet) or \`${slackEscape(command)} status [<deal>]\`.`);
  });
  return route;
}
