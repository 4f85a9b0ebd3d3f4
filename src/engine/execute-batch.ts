import type { Kysely } from 'kysely';
import { writeFileAtomic } from '../adapters/workspace-files.js';
import type { Command, DecideContext } from '../domain/commands.js';
import { decide } from '../domain/decide.js';
import { effectsOf, type OwedFile } from '../domain/effects.js';
import type { DomainEvent } from '../domain/events.js';
import { evolveAll } from '../domain/evolve.js';
import { BatonError } from '../domain/problem.js';
import type { Actor, DealState } from '../domain/types.js';
import {
  appendManyEvents,
  ConcurrencyError,
  inTransaction,
  insertDeals,
  insertMessages,
  loadDeals,
  notifyClockWritten,
  saveDeals,
  type LoadedDeal,
  type NewMessage,
} from '../store/index.js';
import type { Database } from '../store/schema.js';
import { clockWritten, type Engine } from './engine.js';
import { customerSuccessLiveness, eventRowsOf, newPendingDueAt, pathsNeeded, timeOrder } from './execute.js';
import { policyFor, storePolicyIfStarted } from './policies.js';

/**
 * Many deals' commands in ONE transaction, each deal's as `execute` would apply them one by
 * one (the same pure domain, `decide` then `evolve`, under the handoff's own policy and the
 * org calendar): the deals are read in one query, each one's commands decided in memory, and
 * the new deals, the changed ones, the events and the messages of all of them written with
 * multi-row statements. A deal the domain refuses writes nothing and the others go on. A deal
 * another writer changed or created meanwhile, or a packet path taken meanwhile, is a
 * ConcurrencyError: `inTransaction` runs the whole batch again on what is then stored. A dry
 * run rolls the transaction back. What a board import of many rows needs; one command stays
 * `execute`.
 */

/** One deal's commands: each step a command, or the commands to run given the state so far. */
export interface BatchItem {
  dealId: string;
  steps: Array<Command | ((state: DealState | undefined) => Command[])>;
}

export interface BatchApplied {
  before: DealState | undefined;
  after: DealState | undefined;
  events: DomainEvent[];
  queued: number;
  clockDueAt?: number;
}

export type BatchOutcome = BatchApplied | { refused: BatonError } | undefined;

interface Plan {
  before: LoadedDeal | undefined;
  after: DealState;
  events: DomainEvent[];
  messages: NewMessage[];
  files: OwedFile[];
}

class DryRun extends Error {
  constructor(readonly outcomes: BatchOutcome[]) {
    super('dry run');
  }
}

export async function executeMany(engine: Engine, items: readonly (BatchItem | undefined)[], opts: { now: number; actor: Actor; dryRun?: boolean }): Promise<BatchOutcome[]> {
  if (!items.some(Boolean)) return items.map(() => undefined);
  try {
    const outcomes = await inTransaction(engine.store, (tx) => decideAndWrite(tx, engine, items, opts));
    // After the commit, as a transaction per deal would: the schedulers hear of each deal's clock.
    for (const o of outcomes) if (o && 'clockDueAt' in o && o.clockDueAt !== undefined) clockWritten(engine, o.clockDueAt);
    return outcomes;
  } catch (error) {
    if (error instanceof DryRun) return error.outcomes;
    throw error;
  }
}

async function decideAndWrite(
  tx: Kysely<Database>,
  engine: Engine,
  items: readonly (BatchItem | undefined)[],
  opts: { now: number; actor: Actor; dryRun?: boolean },
): Promise<BatchOutcome[]> {
  const { config } = engine;
  const { now, actor } = opts;
  const loaded = await loadDeals(
    tx,
    items.flatMap((item) => (item ? [item.dealId] : [])),
  );
  const customerSuccess = await customerSuccessLiveness(tx, now, config.policy, config.org.timezone);
  const calendar = config.org.calendar ? { calendar: config.org.calendar } : {};
  const effectContext = {
    timezone: config.org.timezone,
    channel: config.slack.channel,
    customerSuccess,
    boardState: config.monday.prospectsColumns?.handoff !== undefined,
    ...calendar,
  };
  // Packet paths the earlier deals of this batch chose: not in the store until it is written.
  const chosen: string[] = [];
  const policiesStarted = new Set<string>();
  const outcomes: BatchOutcome[] = [];
  const plans: Plan[] = [];
  for (const item of items) {
    if (!item) {
      outcomes.push(undefined);
      continue;
    }
    const before = loaded.get(item.dealId);
    const plan: Plan = { before, after: before?.state as DealState, events: [], messages: [], files: [] };
    let refused: BatonError | undefined;
    if (before && now < before.updatedAt) refused = timeOrder(before.updatedAt);
    for (const step of item.steps) {
      if (refused) break;
      for (const command of typeof step === 'function' ? step(plan.after) : [step]) {
        const state = plan.after as DealState | undefined;
        const { policy, policyId } = await policyFor(tx, engine, state);
        const ctx: DecideContext = {
          dealId: item.dealId,
          now,
          actor,
          policy,
          policyId,
          ...calendar,
          timezone: config.org.timezone,
          takenPacketPaths: [...(await pathsNeeded(tx, state, command)), ...chosen],
          customerSuccess,
        };
        const decision = decide(state, command, ctx);
        if (!decision.ok) {
          refused = new BatonError(decision.reason, decision.problems);
          break;
        }
        if (decision.events.length === 0) continue;
        if (!policiesStarted.has(policyId) && decision.events.some((e) => e.type === 'handoff.started')) {
          policiesStarted.add(policyId);
          await storePolicyIfStarted(tx, policyId, policy, decision.events, now);
        }
        plan.after = evolveAll(state, decision.events) as DealState;
        plan.events.push(...decision.events);
        const effects = effectsOf(decision.events, plan.after, effectContext, state);
        plan.messages.push(...effects.messages.map((m) => ({ ...m, dealId: item.dealId, createdAt: now })));
        plan.files.push(...effects.files);
      }
    }
    if (refused) {
      outcomes.push({ refused });
      continue;
    }
    const clockDueAt = plan.events.length > 0 ? newPendingDueAt(before?.state, plan.after) : undefined;
    outcomes.push({ before: before?.state, after: plan.after, events: plan.events, queued: plan.messages.length, ...(clockDueAt !== undefined ? { clockDueAt } : {}) });
    if (plan.events.length === 0) continue;
    plans.push(plan);
    const path = plan.after.handoff?.packetPath;
    if (path && path !== before?.state.handoff?.packetPath) chosen.push(path);
  }

  await insertDeals(
    tx,
    plans.filter((p) => !p.before).map((p) => p.after),
    now,
  );
  const changed = plans.flatMap((p) => (p.before ? [{ before: p.before, after: p.after }] : []));
  const written = await saveDeals(tx, changed, now);
  if (written.size !== changed.length) throw new ConcurrencyError(`${changed.length - written.size} deals of the batch changed meanwhile`);
  await appendManyEvents(
    tx,
    plans.flatMap((p) => eventRowsOf(p.events).map((e) => ({ ...e, dealId: p.after.deal.id }))),
  );
  await insertMessages(
    tx,
    plans.flatMap((p) => p.messages),
  );
  let earliest: number | undefined;
  for (const o of outcomes) if (o && 'clockDueAt' in o && o.clockDueAt !== undefined) earliest = Math.min(earliest ?? Infinity, o.clockDueAt);
  // Delivered by PostgreSQL on commit, to every serve process listening; nothing on SQLite.
  if (earliest !== undefined) await notifyClockWritten(tx, earliest);
  for (const plan of plans) for (const file of plan.files) writeFileAtomic(config.root, file.path, file.content);
  if (opts.dryRun) throw new DryRun(outcomes);
  return outcomes;
}
