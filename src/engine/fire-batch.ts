import { writeFileAtomic } from '../adapters/workspace-files.js';
import type { DecideContext } from '../domain/commands.js';
import { decide } from '../domain/decide.js';
import { effectsOf, type OwedFile } from '../domain/effects.js';
import type { DomainEvent } from '../domain/events.js';
import { evolveAll } from '../domain/evolve.js';
import type { DealState } from '../domain/types.js';
import {
  appendManyEvents,
  inTransaction,
  insertMessages,
  loadDeals,
  notifyClockWritten,
  saveDeals,
  type ClaimedClock,
  type LoadedDeal,
  type NewEvent,
  type NewMessage,
} from '../store/index.js';
import { clockRowCommand } from '../domain/clock-time.js';
import { clockWritten, type Engine } from './engine.js';
import { customerSuccessLiveness, eventRowsOf, newPendingDueAt } from './execute.js';
import { policyFor } from './policies.js';

export interface BatchOutcome {
  /** Clocks whose fire recorded events (a miss and its consequences). */
  fired: number;
  /** Clocks whose fire found nothing to do: still claimed, for the caller to release. */
  idle: ClaimedClock[];
  /** Clocks of deals that must be fired one transaction each: refused, or changed meanwhile. */
  alone: ClaimedClock[];
}

interface Planned {
  before: LoadedDeal;
  after: DealState;
  events: NewEvent[];
  messages: NewMessage[];
  files: OwedFile[];
  fired: number;
}

/**
 * Fires a batch of claimed clocks in ONE transaction: the batch's deals are loaded in one
 * query, each clock is decided and evolved exactly as `execute` would (the domain is the
 * same pure code), and the events, messages, deal rows and clocks of the whole batch are
 * written with multi-row statements. A deal that another writer changed since it was
 * loaded is not written (its version check fails, see `saveDeals`) and a deal whose fire
 * is refused is left out: both come back in `alone`, for the caller to fire through
 * `execute`, one transaction each, so that one deal never sinks the batch.
 */
export async function fireBatch(engine: Engine, clocks: readonly ClaimedClock[], now: number): Promise<BatchOutcome> {
  const { config } = engine;
  const byDeal = new Map<string, ClaimedClock[]>();
  for (const clock of clocks) byDeal.set(clock.dealId, [...(byDeal.get(clock.dealId) ?? []), clock]);

  const outcome = await inTransaction(engine.store, async (tx) => {
    const loaded = await loadDeals(tx, [...byDeal.keys()]);
    const customerSuccess = await customerSuccessLiveness(tx, now, config.policy, config.org.timezone);
    const effectContext = {
      timezone: config.org.timezone,
      channel: config.slack.channel,
      customerSuccess,
      boardState: config.monday.prospectsColumns?.handoff !== undefined,
      ...(config.org.calendar ? { calendar: config.org.calendar } : {}),
    };
    const planned: Planned[] = [];
    const idle: ClaimedClock[] = [];
    const alone: ClaimedClock[] = [];

    for (const [dealId, dealClocks] of byDeal) {
      const before = loaded.get(dealId);
      if (!before) {
        // The deal is gone (its clock rows with it): nothing to fire, nothing to release.
        continue;
      }
      if (before.updatedAt > now) {
        // The record moves forward only: this deal already has events after `now`. Its
        // clocks keep their claim until the lease ends, so that a scheduler behind the
        // record looks again once a lease, not in a loop.
        continue;
      }
      const { policy, policyId } = await policyFor(tx, engine, before.state);
      const ctx: DecideContext = {
        dealId,
        now,
        actor: 'baton',
        policy,
        policyId,
        ...(config.org.calendar ? { calendar: config.org.calendar } : {}),
        timezone: config.org.timezone,
        takenPacketPaths: [],
        customerSuccess,
      };
      const plan: Planned = { before, after: before.state, events: [], messages: [], files: [], fired: 0 };
      const quiet: ClaimedClock[] = [];
      let refused = false;
      for (const clock of dealClocks) {
        const decision = decide(plan.after, clockRowCommand(clock.name), ctx);
        if (!decision.ok) {
          refused = true;
          break;
        }
        if (decision.events.length === 0) {
          quiet.push(clock);
          continue;
        }
        const previous = plan.after;
        plan.after = evolveAll(plan.after, decision.events) as DealState;
        plan.events.push(...eventRowsOf(decision.events));
        const effects = effectsOf(decision.events as DomainEvent[], plan.after, effectContext, previous);
        plan.messages.push(...effects.messages.map((m) => ({ ...m, dealId, createdAt: now })));
        plan.files.push(...effects.files);
        plan.fired++;
      }
      if (refused) alone.push(...dealClocks);
      else {
        idle.push(...quiet);
        if (plan.fired > 0) planned.push(plan);
      }
    }

    const written = await saveDeals(tx, planned, now);
    let fired = 0;
    let clockDueAt: number | undefined;
    const events: (NewEvent & { dealId: string })[] = [];
    const messages: NewMessage[] = [];
    for (const plan of planned) {
      const dealId = plan.after.deal.id;
      if (!written.has(dealId)) {
        alone.push(...(byDeal.get(dealId) ?? []));
        continue;
      }
      fired += plan.fired;
      events.push(...plan.events.map((e) => ({ ...e, dealId })));
      messages.push(...plan.messages);
      for (const file of plan.files) writeFileAtomic(config.root, file.path, file.content);
      const due = newPendingDueAt(plan.before.state, plan.after);
      if (due !== undefined && (clockDueAt === undefined || due < clockDueAt)) clockDueAt = due;
    }
    await appendManyEvents(tx, events);
    await insertMessages(tx, messages);
    if (clockDueAt !== undefined) await notifyClockWritten(tx, clockDueAt);
    return { fired, idle, alone, clockDueAt };
  });

  if (outcome.clockDueAt !== undefined) clockWritten(engine, outcome.clockDueAt);
  return { fired: outcome.fired, idle: outcome.idle, alone: outcome.alone };
}
