import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { parseStage } from '../domain/stages.js';
import { runSequence } from '../app/index.js';
import { prospectsSetup } from '../app/board-reader.js';
import { fromItem } from './monday-item.js';
import { parseWith, readJson } from './body.js';
import type { Deps } from './deps.js';
import { notConfigured, unauthorized } from './errors.js';
import { verifyHs256 } from './jwt.js';
import { safeEqual } from './safe-equal.js';

/**
 * `POST /webhooks/monday/:secret`, the Prospects board webhook (column value changes).
 *
 * 1. The path secret (BATON_MONDAY_WEBHOOK_SECRET) is compared in constant time: wrong is 401.
 * 2. `{challenge}` is echoed (monday.com's handshake when the webhook is created).
 * 3. With MONDAY_SIGNING_SECRET set, the HS256 JWT in `Authorization` must verify, with `aud`
 *    the endpoint URL (the request URL, or BATON_PUBLIC_URL + path behind a proxy) and `exp`
 *    in the future: otherwise 401.
 * 4. An event from another board than `monday.prospectsBoardId` is answered 200
 *    `{ignored: 'unknown board'}` and logged: monday.com retries every non-2xx for 30 minutes,
 *    and a subscription on the wrong board will not fix itself by retrying.
 * 5. With `monday.prospectsColumns` set, the event only says which item to read: Baton reads
 *    it through the API and applies it whole (./monday-item.ts, SPEC §14).
 * 6. Without it (a config that maps no columns), a status label that reads as a stage runs
 *    `deal.stage` as `monday` on deal `pulseId` (adding the deal first, named after the item),
 *    in the transaction that records the delivery's key, so that a redelivery changes nothing.
 */

/** What keys and ids may hold: PostgreSQL cannot store NUL, and no monday.com id has a control character. */
const PRINTABLE = /^[^\u0000-\u001f\u007f-\u009f]*$/;
const printable = z.string().regex(PRINTABLE, 'holds a control character');
const id = z.union([z.string().trim().min(1).regex(PRINTABLE, 'holds a control character'), z.number().int()]).transform(String);

const label = z.union([z.string(), z.object({ text: z.string().nullish() }).passthrough()]).nullish();

const eventBody = z
  .object({
    event: z
      .object({
        boardId: id,
        pulseId: id,
        pulseName: z.string().nullish(),
        columnId: printable.nullish(),
        value: z.object({ label }).passthrough().nullish(),
        triggerUuid: printable.nullish(),
        originalTriggerUuid: printable.nullish(),
        subscriptionId: id.nullish(),
        changedAt: z.union([z.number(), z.string()]).nullish(),
      })
      .passthrough(),
  })
  .passthrough();

const EVENT_FIXES = { '*': 'send monday.com\'s webhook body: { "event": { "boardId", "pulseId", "value": { "label": { "text" } }, "triggerUuid", ... } }' };

type MondayEvent = z.output<typeof eventBody>['event'];

/**
 * The delivery's identity: the trigger id (the original one on a retry), else the
 * subscription, item, column and change time. Without either there is no reliable key, and
 * the stage command's own idempotence (same stage, no change) is the only guard.
 */
export function dedupeKey(e: MondayEvent): string | undefined {
  const trigger = e.originalTriggerUuid || e.triggerUuid;
  if (trigger) return `monday:${trigger}`;
  if (e.subscriptionId && e.changedAt !== undefined && e.changedAt !== null) return `monday:${e.subscriptionId}:${e.pulseId}:${e.columnId ?? ''}:${e.changedAt}`;
  return undefined;
}

function labelText(e: MondayEvent): string | undefined {
  const l = e.value?.label;
  return typeof l === 'string' ? l : (l?.text ?? undefined);
}

/** The URLs monday.com may have signed as `aud`. */
function audiences(c: Context, publicUrl: string | undefined): string[] {
  const url = new URL(c.req.url);
  const own = `${url.origin}${url.pathname}`;
  return publicUrl ? [own, `${publicUrl.replace(/\/+$/, '')}${url.pathname}`] : [own];
}

export function mondayRoutes(deps: Deps): Hono {
  const route = new Hono();
  const { engine, env } = deps;
  const prospects = prospectsSetup(engine.config);

  route.post('/:secret', async (c) => {
    const secret = env.BATON_MONDAY_WEBHOOK_SECRET?.trim();
    if (!secret) {
      throw notConfigured(
        'BATON_MONDAY_WEBHOOK_SECRET',
        'is not set, so the monday.com webhook is off',
        'set it to a long random value and create the webhook with the URL …/webhooks/monday/<that value>',
      );
    }
    if (!safeEqual(c.req.param('secret'), secret)) {
      throw unauthorized('path', 'the webhook secret in the URL is wrong', 'use the URL …/webhooks/monday/<BATON_MONDAY_WEBHOOK_SECRET> when creating the webhook');
    }
    const raw = await readJson(c);
    if (raw && typeof raw === 'object' && typeof (raw as { challenge?: unknown }).challenge === 'string') {
      return c.json({ challenge: (raw as { challenge: string }).challenge });
    }

    const signing = env.MONDAY_SIGNING_SECRET?.trim();
    if (signing) {
      const header = c.req.header('authorization');
      const fix = "monday.com signs webhooks created with the app's OAuth token; check MONDAY_SIGNING_SECRET is the app's Signing Secret and BATON_PUBLIC_URL the public address";
      if (!header) throw unauthorized('Authorization', 'header is missing (MONDAY_SIGNING_SECRET is set, so a signed JWT is required)', fix);
      const check = verifyHs256(header.replace(/^Bearer\s+/i, ''), signing, { audiences: audiences(c, env.BATON_PUBLIC_URL?.trim()), nowMs: deps.now() });
      if (!check.ok) throw unauthorized('Authorization', `JWT ${check.reason}`, fix);
    }

    const event = parseWith(eventBody, raw, EVENT_FIXES).event;
    const board = engine.config.monday.prospectsBoardId;
    if (board === undefined || event.boardId !== String(board)) {
      deps.log(`baton serve: monday.com webhook from board ${event.boardId} ignored: the Prospects board is ${board ?? 'not configured (monday.prospectsBoardId)'}`);
      return c.json({ ignored: 'unknown board', boardId: event.boardId });
    }
    const key = dedupeKey(event);
    const columns = engine.config.monday.prospectsColumns;
    if (columns) return c.json(await fromItem(deps, prospects, event, columns, key));

    const text = labelText(event);
    const stage = text === undefined ? undefined : parseStage(text);
    if (!stage) return c.json({ ignored: 'not a stage change', label: text ?? null });

    const dealId = event.pulseId;
    const now = deps.now();
    const company = event.pulseName?.trim() || `monday.com item ${dealId}`;
    const result = await runSequence(
      engine,
      dealId,
      [(state) => (state ? [] : [{ type: 'deal.add', company, contact: {} }]), { type: 'deal.stage', stage }],
      { now, actor: 'monday' },
      key !== undefined ? { inbound: { key, source: 'monday' } } : {},
    );
    const outcome = { duplicate: result.duplicate, changed: result.events.length > 0 };
    if (outcome.changed) deps.wake();
    return c.json({ ok: true, deal: dealId, stage, ...outcome });
  });
  return route;
}
