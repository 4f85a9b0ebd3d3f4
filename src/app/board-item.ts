import { boardCommands, refusalProblems } from '../board/commands.js';
import type { BoardProblem, ReadItem } from '../board/read-item.js';
import type { ProspectsColumns } from '../config/monday.js';
import type { DomainEvent } from '../domain/events.js';
import { BatonError } from '../domain/problem.js';
import type { Engine } from '../engine/engine.js';
import { recordBoardProblems } from './board-events.js';
import type { Acting } from './context.js';
import { runSequence } from './sequence.js';

/**
 * One Prospects board item applied to its deal (SPEC §14), for the webhook and `baton board
 * sync` alike: the commands `boardCommands` plans, as ONE transaction on the deal as it stands
 * in that transaction, so that a sync and a webhook reading the same item at the same moment
 * apply it once (the second plans nothing; a concurrent writer's ConcurrencyError runs the
 * whole plan again on the fresh deal). With `inbound`, the webhook delivery's key is recorded
 * in the same transaction: a redelivery changes nothing.
 *
 * An item Baton cannot read, or one the domain refuses (a Verbal commitment without its SOW
 * date), applies nothing: its problems are recorded as `board.problem` org events instead,
 * each once. Acts as `acting.actor`, `monday` for the board.
 *
 * @example
 *   const out = await applyBoardItem(engine, readItem(item, columns), columns, { now, actor: 'monday' }, { inbound: { key, source: 'monday' } });
 *   out.outcome; // 'added' | 'updated' | 'unchanged' | 'problems' | 'duplicate'
 */

export type ItemOutcome = 'added' | 'updated' | 'unchanged' | 'problems' | 'duplicate';

export interface AppliedItem {
  outcome: ItemOutcome;
  events: DomainEvent[];
  queued: number;
  /** What could not be applied, recorded now or before (an empty list unless `problems`). */
  problems: BoardProblem[];
  /** The problems recorded by this call (fewer than `problems` when seen before; none on a dry run). */
  recorded: BoardProblem[];
  handoffStarted: boolean;
}

export interface ApplyOptions {
  inbound?: { key: string; source: string };
  /** Decide and count, then roll back: nothing is recorded, problems included. */
  dryRun?: boolean;
}

export async function applyBoardItem(engine: Engine, read: ReadItem, columns: ProspectsColumns, acting: Acting, opts: ApplyOptions = {}): Promise<AppliedItem> {
  if (read.problems.length > 0) return withProblems(engine, read.problems, acting, opts);
  try {
    const result = await runSequence(engine, read.deal.id, [(state) => boardCommands(read, state).commands], acting, {
      ...(opts.inbound ? { inbound: opts.inbound } : {}),
      ...(opts.dryRun ? { dryRun: true } : {}),
    });
    const events = result.events;
    const outcome: ItemOutcome = result.duplicate ? 'duplicate' : events.some((e) => e.type === 'deal.added') ? 'added' : events.length > 0 ? 'updated' : 'unchanged';
    return { outcome, events, queued: result.queued, problems: [], recorded: [], handoffStarted: events.some((e) => e.type === 'handoff.started') };
  } catch (error) {
    if (!(error instanceof BatonError) || !['invalid', 'refused', 'forbidden', 'not-found'].includes(error.kind)) throw error;
    return withProblems(engine, refusalProblems(read.deal.id, error.problems, columns), acting, opts);
  }
}

async function withProblems(engine: Engine, problems: BoardProblem[], acting: Acting, opts: ApplyOptions): Promise<AppliedItem> {
  const none = { events: [], queued: 0, handoffStarted: false };
  if (opts.dryRun) return { outcome: 'problems', problems, recorded: [], ...none };
  const { recorded, duplicate } = await recordBoardProblems(engine, problems, acting, opts.inbound ? { inbound: opts.inbound } : {});
  return { outcome: duplicate ? 'duplicate' : 'problems', problems, recorded, ...none };
}
