import type { Kysely } from 'kysely';
import { writeFileAtomic } from '../adapters/workspace-files.js';
import { liveness } from '../domain/agents.js';
import type { AgentLiveness, Command, DecideContext } from '../domain/commands.js';
import { decide } from '../domain/decide.js';
import { effectsOf } from '../domain/effects.js';
import type { DomainEvent } from '../domain/events.js';
import { lateMsOf } from '../domain/events.js';
import { evolveAll } from '../domain/evolve.js';
import type { Policy } from '../domain/policy.js';
import { packetPathPrefix } from '../domain/slug.js';
import { parseStage } from '../domain/stages.js';
import type { Actor, DealState } from '../domain/types.js';
import type { Database } from '../store/schema.js';
import { appendEvents, getAgent, inTransaction, insertMessages, loadDeal, notifyClockWritten, requeueMessage, saveDeal, takenPacketPaths, type NewEvent } from '../store/index.js';
import { clockWritten, type Engine } from './engine.js';
import { BatonError } from '../domain/problem.js';
import { policyFor, storePolicyIfStarted } from './policies.js';

export interface CommandResult {
  events: DomainEvent[];
  state: DealState | undefined;
  /** How many owed messages this command queued. */
  queued: number;
  /** The earliest due time among the pending clocks this command wrote, if it wrote any. */
  clockDueAt?: number;
}

/**
 * One command, one transaction: load the deal, decide, and record the events, the new
 * state, the clocks and every owed message together. Files are written inside the
 * transaction so that a failed write leaves nothing recorded. No network call happens
 * here; the dispatcher delivers after the commit.
 */
export async function execute(engine: Engine, dealId: string, command: Command, opts: { now: number; actor: Actor }): Promise<CommandResult> {
  const result = await inTransaction(engine.store, (tx) => executeIn(tx, engine, dealId, command, opts));
  if (result.clockDueAt !== undefined) clockWritten(engine, result.clockDueAt);
  return result;
}

export async function executeIn(tx: Kysely<Database>, engine: Engine, dealId: string, command: Command, opts: { now: number; actor: Actor }): Promise<CommandResult> {
  const { config } = engine;
  const loaded = await loadDeal(tx, dealId);
  const state = loaded?.state;
  if (loaded && opts.now < loaded.updatedAt) {
    // Baton's own fires wait for their time to come again; a delivery is recorded at the deal's latest time.
    if (command.type === 'clock.fire') return { events: [], state, queued: 0 };
    if (command.type === 'message.delivered') opts = { ...opts, now: loaded.updatedAt };
    else throw timeOrder(loaded.updatedAt);
  }
  const customerSuccess = await customerSuccessLiveness(tx, opts.now, config.policy, config.org.timezone);
  const { policy, policyId } = await policyFor(tx, engine, state);
  const ctx: DecideContext = {
    dealId,
    now: opts.now,
    actor: opts.actor,
    policy,
    policyId,
    ...(config.org.calendar ? { calendar: config.org.calendar } : {}),
    timezone: config.org.timezone,
    takenPacketPaths: await pathsNeeded(tx, state, command),
    customerSuccess,
  };
  const decision = decide(state, command, ctx);
  if (!decision.ok) throw new BatonError(decision.reason, decision.problems);
  if (decision.events.length === 0) return { events: [], state, queued: 0 };

  const after = evolveAll(state, decision.events) as DealState;
  await storePolicyIfStarted(tx, policyId, policy, decision.events, opts.now);
  await saveDeal(tx, after, loaded?.version, opts.now);
  await appendEvents(tx, dealId, eventRowsOf(decision.events));
  // Delivered by PostgreSQL on commit, to every serve process listening; nothing on SQLite.
  const clockDueAt = newPendingDueAt(state, after);
  if (clockDueAt !== undefined) await notifyClockWritten(tx, clockDueAt);
  const boardState = config.monday.prospectsColumns?.handoff !== undefined;
  const effectContext = {
    timezone: config.org.timezone,
    channel: config.slack.channel,
    customerSuccess,
    boardState,
    ...(config.org.calendar ? { calendar: config.org.calendar } : {}),
  };
  const effects = effectsOf(decision.events, after, effectContext, state);
  const queued = await insertMessages(
    tx,
    effects.messages.map((m) => ({ ...m, dealId, createdAt: opts.now })),
  );
  for (const event of decision.events) {
    if (event.type === 'message.retried') await requeueMessage(tx, event.messageId, opts.now);
  }
  for (const file of effects.files) writeFileAtomic(config.root, file.path, file.content);
  return { events: decision.events, state: after, queued, ...(clockDueAt !== undefined ? { clockDueAt } : {}) };
}

/** Events as the store appends them: the domain fields in `data`, the lateness in its own column. */
export function eventRowsOf(events: readonly DomainEvent[]): NewEvent[] {
  return events.map(({ at, actor, type, ...data }) => {
    const lateMs = lateMsOf({ at, actor, type, ...data } as DomainEvent);
    return { at, actor, type, data, ...(lateMs !== undefined ? { lateMs } : {}) };
  });
}

/**
 * The earliest due time among the clocks pending in `after` that were not pending at the
 * same due time in `before`: what a scheduler must be told about. Undefined when none.
 */
export function newPendingDueAt(before: DealState | undefined, after: DealState): number | undefined {
  let earliest: number | undefined;
  for (const clock of Object.values(after.handoff?.clocks ?? {})) {
    if (!clock || clock.state !== 'pending' || clock.heldAt !== undefined) continue;
    const was = before?.handoff?.clocks[clock.name];
    // A clock's unsent reminders are due rows too (see `clockRowsOf`).
    const times = [clock.dueAt, ...(clock.remindAt ?? []).slice(clock.reminded ?? 0)];
    const wasTimes = was?.state === 'pending' && was.heldAt === undefined ? [was.dueAt, ...(was.remindAt ?? []).slice(was.reminded ?? 0)] : [];
    for (const at of times) {
      if (wasTimes.includes(at)) continue;
      if (earliest === undefined || at < earliest) earliest = at;
    }
  }
  return earliest;
}

/**
 * Only a command that can start the handoff needs to know which packet paths are taken:
 * a stage change to Closed-won on a committed deal, or a commitment on a Closed-won one.
 */
export async function pathsNeeded(tx: Kysely<Database>, state: DealState | undefined, command: Command): Promise<string[]> {
  const resumable = state?.handoff && (state.handoff.state === 'on-hold' || state.handoff.state === 'stopped');
  if (!state || (state.handoff && !resumable)) return [];
  const closes = command.type === 'deal.stage' && parseStage(command.stage) === 'closed-won' && state.deal.commitment !== undefined;
  const commits = command.type === 'deal.commit' && state.deal.stage === 'closed-won';
  if (!closes && !commits) return [];
  return takenPacketPaths(tx, packetPathPrefix(state.deal.company, state.deal.id));
}

/** SPEC §13 "time moves forward": a command may not act before the deal's latest event. */
export function timeOrder(latest: number): BatonError {
  return new BatonError('invalid', [
    {
      code: 'time-order',
      field: 'now',
      message: `is before this deal's latest event (${new Date(latest).toISOString()}), and the record only moves forward`,
      fix: `act at ${new Date(latest).toISOString()} or later, or leave the time out to act now`,
    },
  ]);
}

export async function customerSuccessLiveness(db: Kysely<Database>, now: number, policy: Policy, timezone: string): Promise<AgentLiveness> {
  return liveness(await getAgent(db, 'customer.success'), now, policy, timezone);
}
