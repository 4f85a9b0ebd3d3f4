import { MondayApiError } from '../adapters/monday-errors.js';
import type { ProspectsSetup } from '../app/board-reader.js';
import { applyBoardItem } from '../app/board-item.js';
import { readItem } from '../board/read-item.js';
import type { ProspectsColumns } from '../config/monday.js';
import { BatonError } from '../domain/problem.js';
import { parseStage } from '../domain/stages.js';
import type { Deps } from './deps.js';
import { notConfigured } from './errors.js';

/**
 * The Prospects board webhook with `monday.prospectsColumns` set (SPEC §14): the event is a
 * hint, the item is the truth. An event for a mapped column (or one about the item itself,
 * without a column) makes Baton read the item through the API and apply it as the board
 * (`applyBoardItem`: add or update, commit, SOW signed, stage, in one transaction keyed by
 * the event, so a redelivery changes nothing). The answer is always 200 once the event is
 * understood, since monday.com retries anything else for 30 minutes:
 *
 * - `{ ignored: 'not a mapped column', column }`: a column Baton does not read (or its own
 *   handoff column);
 * - `{ ignored: 'not a stage change', label }`: a label on the stage column that is no stage;
 * - `{ ignored: 'item not found', deal }`: the item is gone (deleted, archived) or elsewhere;
 * - `{ ok: false, deal, problems }`: a value Baton cannot read, or one the domain refuses; each
 *   problem is in `baton audit`, and nothing else is applied from the event;
 * - `{ ok: true, deal, outcome, duplicate, changed }` otherwise.
 *
 * Every answer but the last is one log line too. monday.com unreachable or asking to wait is
 * a 503, so that monday.com delivers the event again a minute later.
 */

export interface ItemEvent {
  pulseId: string;
  columnId?: string | null | undefined;
  value?: { label?: unknown } | null | undefined;
}

export async function fromItem(deps: Deps, setup: ProspectsSetup, event: ItemEvent, columns: ProspectsColumns, key: string | undefined): Promise<Record<string, unknown>> {
  const item = event.pulseId;
  const ignore = (answer: Record<string, unknown>, why: string) => {
    deps.log(`baton serve: monday.com event for item ${item}${event.columnId ? `, column ${event.columnId}` : ''} ignored: ${why}`);
    return answer;
  };
  const column = event.columnId ?? undefined;
  if (column !== undefined && !readColumns(columns).has(column)) {
    const why = column === columns.handoff ? 'it is the handoff column, which Baton writes' : 'no field of monday.prospectsColumns names that column';
    return ignore({ ignored: 'not a mapped column', column }, why);
  }
  if (column !== undefined && column === columns.stage) {
    const text = labelOf(event.value?.label);
    if (text !== undefined && text.trim() !== '' && parseStage(text) === undefined) {
      return ignore({ ignored: 'not a stage change', label: text }, `"${text}" is not a stage (Lead, Qualified, Proposal, Negotiation, Closed-won, Closed-lost)`);
    }
  }
  if (!setup.ok) {
    const missing = setup.problems[0]!;
    throw notConfigured(missing.field, `${missing.message}: monday.prospectsColumns is set, and the webhook reads each item it names`, missing.fix);
  }

  let items: Awaited<ReturnType<Awaited<ReturnType<typeof setup.reader>>['readItems']>>;
  try {
    items = await (await setup.reader()).readItems([item]);
  } catch (error) {
    if (!(error instanceof MondayApiError)) throw error;
    deps.log(`baton serve: monday.com event for item ${item} not applied yet (monday.com delivers it again): ${error.message}`);
    throw new BatonError('environment', [
      {
        code: 'environment',
        field: 'monday.com',
        message: `reading item ${item}: ${error.message}`,
        fix: error.retryable ? 'nothing: monday.com delivers the event again in a minute' : 'check MONDAY_API_TOKEN and monday.prospectsBoardId',
      },
    ]);
  }
  const found = items.find((i) => i.id === item && i.boardId === String(setup.boardId));
  if (!found) return ignore({ ignored: 'item not found', deal: item }, `monday.com has no active item ${item} on board ${setup.boardId}`);

  const applied = await applyBoardItem(
    deps.engine,
    readItem(found, columns),
    columns,
    { now: deps.now(), actor: 'monday' },
    key !== undefined ? { inbound: { key, source: 'monday' } } : {},
  );
  if (applied.outcome === 'problems') {
    deps.log(`baton serve: monday.com item ${item}: nothing applied: ${applied.problems.map((p) => `column ${p.column || '-'}: ${p.message}`).join('; ')} (baton audit)`);
    return { ok: false, deal: item, problems: applied.problems.map(({ itemId, column, message, fix }) => ({ itemId, column, message, fix })) };
  }
  const changed = applied.events.length > 0;
  if (changed) deps.wake();
  return {
    ok: true,
    deal: item,
    outcome: applied.outcome === 'duplicate' ? 'unchanged' : applied.outcome,
    duplicate: applied.outcome === 'duplicate',
    changed,
    handoffStarted: applied.handoffStarted,
  };
}

/** The columns whose change may change the deal: every mapped one but the handoff column, and the item name when it is the company. */
function readColumns(columns: ProspectsColumns): Set<string> {
  const ids = new Set(
    Object.entries(columns)
      .filter(([field]) => field !== 'handoff')
      .map(([, id]) => id),
  );
  if (columns.company === undefined) ids.add('name');
  return ids;
}

function labelOf(label: unknown): string | undefined {
  if (typeof label === 'string') return label;
  if (label && typeof label === 'object' && typeof (label as { text?: unknown }).text === 'string') return (label as { text: string }).text;
  return undefined;
}
