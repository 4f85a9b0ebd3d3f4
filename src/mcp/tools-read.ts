import { z } from 'zod';
import { allDeals, dealState, packetDraft as draft, fileSummary, timeline as timelineOf } from '../app/index.js';
import { handoffsOnly, statusJson } from '../views/status.js';
import { eventJson } from '../views/timeline.js';
import type { ToolDefinition } from './tool.js';

/**
 * The tools that read the record: the same use cases and views as `baton status|timeline
 * --json` and `baton packet draft --json`, and `summary`, which files the summary as
 * `baton summary` does. Reading needs no acting role.
 */

const dealId = z.string().min(1).describe('The deal id, as on the Prospects board (the status tool lists them).');

export const status: ToolDefinition<{ id: z.ZodOptional<typeof dealId> }> = {
  name: 'status',
  title: 'Handoff status',
  description:
    'Where each handoff stands: state, who it waits on (waitingOn) and when (nextDueAt), packet path, every clock (pending, done, overdue or cancelled, with due and done times) and, once acknowledged, the delivery item. ' +
    'Use it first to see what is owed and what is overdue, or with an id to check one deal after acting on it. ' +
    'Without an id it lists every deal that has a handoff (a deal that is not yet Closed-won and committed has none). Returns the JSON of `baton status --json`.',
  input: { id: dealId.optional() },
  readOnly: true,
  handle: ({ id }, ctx) =>
    ctx.engine(async (engine) => {
      const handoffs = id !== undefined ? [statusJson(await dealState(engine, id))] : handoffsOnly(await allDeals(engine)).map(statusJson);
      return { json: handoffs, structured: { handoffs } };
    }),
};

export const timeline: ToolDefinition<{ id: typeof dealId }> = {
  name: 'timeline',
  title: 'Deal timeline',
  description:
    'Every event of one deal in order: when (ISO 8601 UTC), who acted, what happened, and how late (lateMs). ' +
    'Use it to find out who did what and when, e.g. whether the packet was filed late or which escalation went out. Returns the JSON of `baton timeline <id> --json`.',
  input: { id: dealId },
  readOnly: true,
  handle: ({ id }, ctx) =>
    ctx.engine(async (engine) => {
      const events = (await timelineOf(engine, id)).events.map(eventJson);
      return { json: events, structured: { events } };
    }),
};

export const packetDraft: ToolDefinition<{ id: typeof dealId }> = {
  name: 'packet_draft',
  title: 'Draft the Handoff Packet',
  description:
    'The Handoff Packet for a closed deal, pre-filled with what the board knows (company, contact, close date, SOW status, price, delivery window, origin, history, Briefing), ' +
    'with every narrative field left as a visible {...} placeholder. Use it as the cro before packet_file: replace every {...} with what you know ' +
    '(write "None" where there is nothing to say), keep every "Label: value" line as it is, and file the result. ' +
    'Returns {id, text} as `baton packet draft <id> --json` does, then the packet itself as plain text.',
  input: { id: dealId },
  readOnly: true,
  handle: ({ id }, ctx) =>
    ctx.engine(async (engine) => {
      const text = await draft(engine, id);
      return { json: { id, text }, more: [text] };
    }),
};

export const summary: ToolDefinition<{ date: z.ZodOptional<z.ZodString> }> = {
  name: 'summary',
  title: 'CEO Daily Summary section',
  description:
    "chief.staff's section of the CEO Daily Summary for one org-local day: KEY COMPLETIONS TODAY (each deal announced that day) and NEEDS ATTENTION (every overdue clock and open escalation); a past day reads as it was that day. " +
    'Use it as chief.staff (or the ceo) when writing the daily summary. It also files the text under sessions/chief.staff/ (writing it again replaces it) and records that it was filed. ' +
    'Returns {date, path, text} as `baton summary --json` does.',
  input: { date: z.string().optional().describe('The org-local day, YYYY-MM-DD; default today in the org time zone.') },
  readOnly: false,
  idempotent: true,
  handle: ({ date }, ctx) =>
    ctx.engine(async (engine) => {
      const filed = await fileSummary(engine, date, ctx.acting());
      return { json: filed, more: [filed.text] };
    }),
};
