import { z } from 'zod';
import { allDeals, currentPolicy, audit as auditOf, dealState, packetDraft as draft, messages as messagesOf, timeline as timelineOf } from '../app/index.js';
import { parseInstant } from '../cli/context.js';
import { orgEventJson } from '../views/audit.js';
import { messageJson } from '../views/messages.js';
import { HandoffJson, MessageJson, OrgEventJson, TimelineEventJson } from '../views/schemas.js';
import { handoffsOnly, statusJson } from '../views/status.js';
import { eventJson } from '../views/timeline.js';
import { dealId } from './change.js';
import { defineTool } from './tool.js';

/**
 * The tools that only read the record: the same use cases and views as `baton status`,
 * `timeline`, `packet draft`, `messages` and `audit` with `--json`. Reading needs no acting
 * role, so a viewer (a localhost client without a token on `/mcp`) has these.
 */

const READ = { readOnly: true, idempotent: true, destructive: false, openWorld: false } as const;

export const status = defineTool({
  name: 'status',
  title: 'Handoff status',
  description:
    'Where each handoff stands: state, who it waits on (waitingOn) and when (nextDueAt), packet path, every clock (pending, done, overdue or cancelled, with due and done times) and, once acknowledged, the delivery item. ' +
    'Use it first to see what is owed and what is overdue, or with an id to check one deal after acting on it. ' +
    'Without an id it lists every deal that has a handoff (a deal that is not yet Closed-won and committed has none). Returns {handoffs}; the text is the JSON of `baton status --json`.',
  input: { id: dealId.optional() },
  output: { handoffs: z.array(HandoffJson) },
  ...READ,
  handle: ({ id }, ctx) =>
    ctx.engine(async (engine) => {
      const now = ctx.now();
      const current = currentPolicy(engine);
      const handoffs = id !== undefined ? [statusJson(await dealState(engine, id), now, current)] : handoffsOnly(await allDeals(engine)).map((s) => statusJson(s, now, current));
      return { json: handoffs, structured: { handoffs } };
    }),
});

export const timeline = defineTool({
  name: 'timeline',
  title: 'Deal timeline',
  description:
    'Every event of one deal in order: when (ISO 8601 UTC), who acted, what happened, and how late (lateMs). ' +
    'Use it to find out who did what and when, e.g. whether the packet was filed late or which escalation went out. Returns {events}; the text is the JSON of `baton timeline <id> --json`.',
  input: { id: dealId },
  output: { events: z.array(TimelineEventJson) },
  ...READ,
  handle: ({ id }, ctx) =>
    ctx.engine(async (engine) => {
      const events = (await timelineOf(engine, id)).events.map(eventJson);
      return { json: events, structured: { events } };
    }),
});

export const packetDraft = defineTool({
  name: 'packet_draft',
  title: 'Draft the Handoff Packet',
  description:
    'The Handoff Packet for a closed deal, pre-filled with what the board knows (company, contact, close date, SOW status, price, delivery window, origin, history, Briefing), ' +
    'with every narrative field left as a visible {...} placeholder. Use it as the cro before packet_file: replace every {...} with what you know ' +
    '(write "None" where there is nothing to say), keep every "Label: value" line as it is, and file the result (the file_packet prompt walks through it). ' +
    'Returns {id, text} as `baton packet draft <id> --json` does, then the packet itself as plain text.',
  input: { id: dealId },
  output: { id: z.string(), text: z.string().describe('the packet, every {...} a field to fill') },
  ...READ,
  handle: ({ id }, ctx) =>
    ctx.engine(async (engine) => {
      const text = await draft(engine, id);
      return { json: { id, text }, more: [text] };
    }),
});

export const messages = defineTool({
  name: 'messages',
  title: 'Messages owed and sent',
  description:
    'Every message Baton owes or has sent (Slack posts and DMs, delivery board items), exactly as delivered: kind, recipient (to), text, state (queued, delivered or failed), attempts and the last error. ' +
    'Use it to check that the announcement went out, or to find a failed message to retry with messages_retry. ' +
    "Optionally only one deal's (id) or one state's. Returns {messages}; the text is the JSON of `baton messages --json`.",
  input: {
    id: dealId.optional().describe('Only the messages of this deal.'),
    state: z.enum(['queued', 'delivered', 'failed']).optional().describe('Only the messages in this state.'),
  },
  output: { messages: z.array(MessageJson) },
  ...READ,
  handle: ({ id, state }, ctx) =>
    ctx.engine(async (engine) => {
      const all = (await messagesOf(engine, id !== undefined ? { dealId: id } : {})).map(messageJson);
      const list = state ? all.filter((m) => m.state === state) : all;
      return { json: list, structured: { messages: list } };
    }),
});

export const audit = defineTool({
  name: 'audit',
  title: 'Org events (audit)',
  description:
    'Org-level events in order: agent heartbeats, manual activations, daily summaries filed, Prospects board syncs, each with its time and actor. ' +
    'Use it to see when a role last had a live agent, or who activated it. Returns {events}; the text is the JSON of `baton audit --json`.',
  input: { since: z.string().optional().describe('Only events at or after this time, ISO 8601 (e.g. 2026-11-26T09:30:00Z).') },
  output: { events: z.array(OrgEventJson) },
  ...READ,
  handle: ({ since }, ctx) => {
    const at = since !== undefined ? parseInstant(since, 'since') : undefined;
    return ctx.engine(async (engine) => {
      const events = (await auditOf(engine, at !== undefined ? { since: at } : {})).map(orgEventJson);
      return { json: events, structured: { events } };
    });
  },
});

export const READ_TOOLS = [status, timeline, packetDraft, messages, audit];
