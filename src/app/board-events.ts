import { createHash } from 'node:crypto';
import type { BoardProblem } from '../board/read-item.js';
import { BatonError } from '../domain/problem.js';
import { decideOrg, type OrgCommand, type OrgEvent } from '../domain/org.js';
import type { Engine } from '../engine/engine.js';
import { appendOrgEvents, recordInbound } from '../store/index.js';
import type { Acting } from './context.js';
import { transact } from './transact.js';

/**
 * The Prospects board's org events (SPEC §13, §14), decided by the domain and appended in one
 * transaction like every other: `board.problem` for each value Baton could not read or the
 * domain refused, `board.synced` once per `baton board sync`. Shown by `baton audit`.
 *
 * A problem is recorded once: its key (item, column, message, which quotes the value) goes to
 * the inbound table in the same transaction, so that every sync and webhook that reads the
 * same bad value again records nothing new. With `inbound`, the webhook delivery's own key is
 * recorded there too: a redelivery of an event whose item had a problem changes nothing.
 */

export interface RecordedProblems {
  /** The problems recorded now; the others were recorded before. */
  recorded: BoardProblem[];
  /** The inbound key was seen before: nothing was recorded. */
  duplicate: boolean;
}

export async function recordBoardProblems(
  engine: Engine,
  problems: readonly BoardProblem[],
  acting: Acting,
  opts: { inbound?: { key: string; source: string } } = {},
): Promise<RecordedProblems> {
  const decided = problems.map((p) => ({
    problem: p,
    events: decide({ type: 'board.report-problem', itemId: p.itemId, column: p.column, message: p.message, fix: p.fix }, acting),
  }));
  return transact<RecordedProblems & { clockDueAt?: number }>(engine, async (tx) => {
    if (opts.inbound && !(await recordInbound(tx, opts.inbound.key, opts.inbound.source, acting.now))) return { recorded: [], duplicate: true };
    const recorded: BoardProblem[] = [];
    const events: OrgEvent[] = [];
    for (const { problem, events: e } of decided) {
      if (!(await recordInbound(tx, problemKey(problem), 'monday-problem', acting.now))) continue;
      recorded.push(problem);
      events.push(...e);
    }
    await appendOrgEvents(tx, events);
    return { recorded, duplicate: false };
  });
}

/** One `board.synced` event with the run's counts. */
export async function recordBoardSynced(engine: Engine, counts: { added: number; updated: number; unchanged: number; problems: number }, acting: Acting): Promise<OrgEvent[]> {
  const events = decide({ type: 'board.sync', ...counts }, acting);
  await transact(engine, async (tx) => {
    await appendOrgEvents(tx, events);
    return {};
  });
  return events;
}

function decide(command: OrgCommand, acting: Acting): OrgEvent[] {
  const decision = decideOrg(command, acting);
  if (!decision.ok) throw new BatonError(decision.reason, decision.problems);
  return decision.events;
}

/** The same bad value in the same column of the same item is the same problem. */
export function problemKey(p: BoardProblem): string {
  const digest = createHash('sha256').update(`${p.column}\u0000${p.code}\u0000${p.message}`).digest('base64url').slice(0, 22);
  return `monday-problem:${p.itemId}:${digest}`;
}
