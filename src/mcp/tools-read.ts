import { z } from 'zod';
import { writeFileAtomic } from '../adapters/workspace-files.js';
import { withEngine } from '../cli/context.js';
import { draftPacket } from '../domain/packet/draft.js';
import { dailySummary } from '../domain/summary.js';
import { isIsoDate, localDate } from '../domain/time.js';
import { BatonError, invalid } from '../domain/problem.js';
import { listDeals, listEvents, loadDeal } from '../store/index.js';
import { handoffsOnly, statusJson } from '../views/status.js';
import { eventJson } from '../views/timeline.js';
import type { ToolDefinition } from './tool.js';

/**
 * The tools that read the record: the same views as `baton status|timeline --json`,
 * `baton packet draft --json` and `baton summary --json`. None needs an acting role.
 */

const dealId = z.string().min(1).describe('The deal id, as on the Prospects board (the status tool lists them).');

function noDeal(id: string) {
  return invalid('id', `no deal with id "${id}"`, 'call the status tool without an id to list the handoffs, or check the id on the Prospects board');
}

export const status: ToolDefinition<{ id: z.ZodOptional<typeof dealId> }> = {
  name: 'status',
  title: 'Handoff status',
  description:
    'Where each handoff stands: state, packet path, every clock (pending, done, overdue or cancelled, with due and done times) and, once acknowledged, the delivery item. ' +
    'Use it first to see what is owed and what is overdue, or with an id to check one deal after acting on it. ' +
    'Without an id it lists every deal that has a handoff (a deal that is not yet Closed-won and committed has none). Returns the JSON of `baton status --json`.',
  input: { id: dealId.optional() },
  readOnly: true,
  handle: ({ id }, ctx) => {
    const { run } = ctx.run();
    return withEngine(run, async (engine) => {
      if (id !== undefined) {
        const loaded = await loadDeal(engine.store.db, id);
        if (!loaded) throw noDeal(id);
        const handoffs = [statusJson(loaded.state)];
        return { json: handoffs, structured: { handoffs } };
      }
      const handoffs = handoffsOnly((await listDeals(engine.store.db)).map((d) => d.state)).map(statusJson);
      return { json: handoffs, structured: { handoffs } };
    });
  },
};

export const timeline: ToolDefinition<{ id: typeof dealId }> = {
  name: 'timeline',
  title: 'Deal timeline',
  description:
    'Every event of one deal in order: when (ISO 8601 UTC), who acted, what happened, and how late (lateMs). ' +
    'Use it to find out who did what and when, e.g. whether the packet was filed late or which escalation went out. Returns the JSON of `baton timeline <id> --json`.',
  input: { id: dealId },
  readOnly: true,
  handle: ({ id }, ctx) => {
    const { run } = ctx.run();
    return withEngine(run, async (engine) => {
      if (!(await loadDeal(engine.store.db, id))) throw noDeal(id);
      const events = (await listEvents(engine.store.db, id)).map(eventJson);
      return { json: events, structured: { events } };
    });
  },
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
  handle: ({ id }, ctx) => {
    const { run } = ctx.run();
    return withEngine(run, async (engine) => {
      const loaded = await loadDeal(engine.store.db, id);
      if (!loaded) throw invalid('deal', `no deal with id "${id}"`, `add it first with: baton deal add ${id} --company NAME`);
      const text = draftPacket(loaded.state, { policy: engine.config.policy, timezone: engine.config.org.timezone });
      return { json: { id, text }, more: [text] };
    });
  },
};

export const summary: ToolDefinition<{ date: z.ZodOptional<z.ZodString> }> = {
  name: 'summary',
  title: 'CEO Daily Summary section',
  description:
    "chief.staff's section of the CEO Daily Summary for one org-local day: KEY COMPLETIONS TODAY (each deal announced that day) and NEEDS ATTENTION (every overdue clock and open escalation). " +
    'Use it as chief.staff when writing the daily summary, or to see what needs attention. It also files the text under sessions/chief.staff/ (writing it again replaces it). ' +
    'Returns {date, path, text} as `baton summary --json` does.',
  input: { date: z.string().optional().describe('The org-local day, YYYY-MM-DD; default today in the org time zone.') },
  readOnly: false,
  idempotent: true,
  handle: ({ date: asked }, ctx) => {
    if (asked !== undefined && !isIsoDate(asked)) throw invalid('date', `"${asked}" is not a date`, 'write it as YYYY-MM-DD, or leave it out for today');
    const { run } = ctx.run();
    return withEngine(run, async (engine) => {
      const tz = engine.config.org.timezone;
      const date = asked ?? localDate(run.now, tz);
      const states = (await listDeals(engine.store.db)).map((d) => d.state);
      const text = dailySummary(states, { date, timezone: tz, now: run.now });
      const file = `sessions/chief.staff/ceo-daily-summary-${date}.md`;
      writeFileAtomic(engine.config.root, file, text);
      return { json: { date, path: file, text }, more: [text] };
    });
  },
};
