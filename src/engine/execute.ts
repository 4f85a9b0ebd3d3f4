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
import { companySlug } from '../domain/slug.js';
import type { Actor, DealState } from '../domain/types.js';
import type { Database } from '../store/schema.js';
import { appendEvents, getAgent, inTransaction, insertMessages, loadDeal, saveDeal, takenPacketPaths } from '../store/index.js';
import type { Engine } from './engine.js';
import { Refused } from './refused.js';

export interface CommandResult {
  events: DomainEvent[];
  state: DealState | undefined;
  /** How many owed messages this command queued. */
  queued: number;
}

/**
 * One command, one transaction: load the deal, decide, and record the events, the new
 * state, the clocks and every owed message together. Files are written inside the
 * transaction so that a failed write leaves nothing recorded. No network call happens
 * here; the dispatcher delivers after the commit.
 */
export async function execute(engine: Engine, dealId: string, command: Command, opts: { now: number; actor: Actor }): Promise<CommandResult> {
  return inTransaction(engine.store, (tx) => executeIn(tx, engine, dealId, command, opts));
}

export async function executeIn(
  tx: Kysely<Database>,
  engine: Engine,
  dealId: string,
  command: Command,
  opts: { now: number; actor: Actor },
): Promise<CommandResult> {
  const { config } = engine;
  const loaded = await loadDeal(tx, dealId);
  const state = loaded?.state;
  const customerSuccess = await customerSuccessLiveness(tx, opts.now, config.policy, config.org.timezone);
  const ctx: DecideContext = {
    dealId,
    now: opts.now,
    actor: opts.actor,
    policy: config.policy,
    timezone: config.org.timezone,
    takenPacketPaths: await pathsNeeded(tx, state, command),
    customerSuccess,
  };
  const decision = decide(state, command, ctx);
  if (!decision.ok) throw new Refused(decision.problems, decision.reason);
  if (decision.events.length === 0) return { events: [], state, queued: 0 };

  const after = evolveAll(state, decision.events) as DealState;
  await saveDeal(tx, after, loaded?.version, opts.now);
  await appendEvents(
    tx,
    dealId,
    decision.events.map(({ at, actor, type, ...data }) => {
      const lateMs = lateMsOf({ at, actor, type, ...data } as DomainEvent);
      return { at, actor, type, data, ...(lateMs !== undefined ? { lateMs } : {}) };
    }),
  );
  const effects = effectsOf(decision.events, after, { timezone: config.org.timezone, channel: config.slack.channel, customerSuccess });
  const queued = await insertMessages(
    tx,
    effects.messages.map((m) => ({ ...m, dealId, createdAt: opts.now })),
  );
  for (const file of effects.files) writeFileAtomic(config.root, file.path, file.content);
  return { events: decision.events, state: after, queued };
}

/** Only a command that can start the handoff needs to know which packet paths are taken. */
async function pathsNeeded(tx: Kysely<Database>, state: DealState | undefined, command: Command): Promise<string[]> {
  if (!state || state.handoff || (command.type !== 'deal.stage' && command.type !== 'deal.commit')) return [];
  return takenPacketPaths(tx, `operations/handoffs/assessment-${companySlug(state.deal.company, state.deal.id)}-`);
}

export async function customerSuccessLiveness(db: Kysely<Database>, now: number, policy: Policy, timezone: string): Promise<AgentLiveness> {
  return liveness(await getAgent(db, 'customer.success'), now, policy, timezone);
}
