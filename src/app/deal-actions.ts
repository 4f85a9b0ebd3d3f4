import type { Command, DealChanges } from '../domain/commands.js';
import type { Briefing, Contact } from '../domain/types.js';
import { dispatch, type DispatchReport } from '../engine/dispatcher.js';
import type { Engine } from '../engine/engine.js';
import { executeMany, type BatchItem, type BatchOutcome } from '../engine/execute-batch.js';
import { executeIn, type CommandResult } from '../engine/execute.js';
import type { Acting } from './context.js';
import { transact } from './transact.js';

/**
 * The use cases on a deal and its handoff, one function per user action. Every door (CLI,
 * HTTP API, MCP, Slack, dashboard, import, webhooks) calls these; the domain decides, and
 * one transaction records the events, the state, the clocks and the owed messages.
 */

export function run(engine: Engine, id: string, command: Command, acting: Acting): Promise<CommandResult> {
  return transact(engine, (tx) => executeIn(tx, engine, id, command, acting));
}

/**
 * Many deals' commands in one transaction (a board import's rows): each deal's as `run` would
 * apply them, a refused deal writing nothing while the others go on; `dryRun` rolls back.
 */
export function runMany(engine: Engine, items: readonly (BatchItem | undefined)[], acting: Acting & { dryRun?: boolean }): Promise<BatchOutcome[]> {
  return executeMany(engine, items, acting);
}

export type { BatchItem, BatchOutcome };

export interface NewDeal {
  company: string;
  contact: Contact;
  origin?: string;
  briefing?: Briefing;
}

export const addDeal = (engine: Engine, id: string, deal: NewDeal, acting: Acting) => run(engine, id, { type: 'deal.add', ...deal }, acting);
export const updateDeal = (engine: Engine, id: string, changes: DealChanges, acting: Acting) => run(engine, id, { type: 'deal.update', changes }, acting);
export const stageDeal = (engine: Engine, id: string, stage: string, acting: Acting) => run(engine, id, { type: 'deal.stage', stage }, acting);
export const commitDeal = (engine: Engine, id: string, commitment: { type: string; sowExpected?: string }, acting: Acting) =>
  run(engine, id, { type: 'deal.commit', commitment: commitment.type, ...(commitment.sowExpected !== undefined ? { sowExpected: commitment.sowExpected } : {}) }, acting);
export const noteDeal = (engine: Engine, id: string, text: string, acting: Acting) => run(engine, id, { type: 'deal.note', text }, acting);
export const filePacket = (engine: Engine, id: string, text: string, acting: Acting) => run(engine, id, { type: 'packet.file', text }, acting);
export const acknowledge = (engine: Engine, id: string, acting: Acting) => run(engine, id, { type: 'ack' }, acting);
export const sowSent = (engine: Engine, id: string, acting: Acting) => run(engine, id, { type: 'sow.sent' }, acting);
export const sowSigned = (engine: Engine, id: string, acting: Acting) => run(engine, id, { type: 'sow.signed' }, acting);
export const startDelivery = (engine: Engine, id: string, acting: Acting) => run(engine, id, { type: 'delivery.start' }, acting);
export const finishDelivery = (engine: Engine, id: string, acting: Acting) => run(engine, id, { type: 'delivery.done' }, acting);

/**
 * For a door that returns only when the work is done (the CLI, stdio MCP): the command,
 * then an attempt to deliver what it queued; what cannot be delivered stays queued.
 */
export async function runAndDeliver(engine: Engine, id: string, command: Command, acting: Acting): Promise<CommandResult & { delivery: DispatchReport }> {
  const result = await run(engine, id, command, acting);
  const delivery = result.queued > 0 ? await dispatch(engine, acting.now) : { delivered: 0, retrying: 0, failed: 0 };
  return { ...result, delivery };
}
