import type { Command } from '../domain/commands.js';
import type { DomainEvent } from '../domain/events.js';
import type { DealState } from '../domain/types.js';
import type { Engine } from '../engine/engine.js';
import { executeIn } from '../engine/execute.js';
import { loadDeal, recordInbound } from '../store/index.js';
import type { Acting } from './context.js';
import { transact } from './transact.js';

/** A command, or the commands that follow from the deal as it then stands. */
export type Step = Command | ((state: DealState | undefined) => Command[]);

export interface SequenceResult {
  /** The inbound key was seen before: nothing was applied. */
  duplicate: boolean;
  events: DomainEvent[];
  queued: number;
  state: DealState | undefined;
  clockDueAt?: number;
}

class RolledBack extends Error {
  constructor(readonly result: SequenceResult) {
    super('dry run');
  }
}

/**
 * Several commands on one deal as ONE transaction: a webhook event (add, then stage) or a
 * board row (add, commit, stage, notes) applies whole or not at all. With `inbound`, the
 * delivery's key is recorded in the same transaction, so a redelivery changes nothing;
 * with `dryRun`, everything is rolled back and the result says what would have happened.
 */
export async function runSequence(
  engine: Engine,
  id: string,
  steps: readonly Step[],
  acting: Acting,
  opts: { inbound?: { key: string; source: string }; dryRun?: boolean } = {},
): Promise<SequenceResult> {
  try {
    return await transact(engine, async (tx) => {
      const out: SequenceResult = { duplicate: false, events: [], queued: 0, state: (await loadDeal(tx, id))?.state };
      if (opts.inbound && !(await recordInbound(tx, opts.inbound.key, opts.inbound.source, acting.now))) return { ...out, duplicate: true };
      for (const step of steps) {
        for (const command of typeof step === 'function' ? step(out.state) : [step]) {
          const result = await executeIn(tx, engine, id, command, acting);
          out.events.push(...result.events);
          out.queued += result.queued;
          out.state = result.state;
          if (result.clockDueAt !== undefined) out.clockDueAt = Math.min(out.clockDueAt ?? Infinity, result.clockDueAt);
        }
      }
      if (opts.dryRun) throw new RolledBack(out);
      return out;
    });
  } catch (error) {
    if (error instanceof RolledBack) return error.result;
    throw error;
  }
}
