import { claimDueClocks, inTransaction, releaseClocks, type ClaimedClock } from '../store/index.js';
import { clockRowCommand } from '../domain/clock-time.js';
import type { Engine } from './engine.js';
import { execute } from './execute.js';
import { fireBatch } from './fire-batch.js';

export interface FireReport {
  fired: number;
}

/**
 * Fires every clock due at `now`, batch by batch: a batch of due clocks is claimed in one
 * statement (`claimDueClocks`: a lease, `for update skip locked` on PostgreSQL, so that
 * several processes split the work instead of racing for it), then fired in one
 * transaction (`fireBatch`). A deal that cannot go with its batch (refused, or changed by
 * another writer meanwhile) is fired on its own through `execute`, the single-command
 * path. A fired clock is no longer pending, so running this again, in this process or
 * another, or with a clock moved backwards, fires nothing twice.
 *
 * Claims are kept until the end, so that a clock whose fire found nothing to do is not
 * claimed again by the next batch; then they are released, and nothing stays claimed. A
 * deal whose fire throws keeps its claim until the lease ends (a natural backoff); the
 * other clocks still fire, and the first error is thrown at the end.
 */
export async function fireDueClocks(engine: Engine, now: number, opts: { batch?: number } = {}): Promise<FireReport> {
  const batch = opts.batch ?? 200;
  const leaseMs = engine.config.policy.delivery.leaseMs;
  const idle: ClaimedClock[] = [];
  const errors: unknown[] = [];
  let fired = 0;
  try {
    for (;;) {
      const claimed = await inTransaction(engine.store, (tx) => claimDueClocks(tx, now, batch, leaseMs));
      if (claimed.length === 0) break;
      const outcome = await fireBatch(engine, claimed, now);
      fired += outcome.fired;
      idle.push(...outcome.idle);
      for (const clock of outcome.alone) {
        try {
          const result = await execute(engine, clock.dealId, clockRowCommand(clock.name), { now, actor: 'baton' });
          if (result.events.length > 0) fired++;
          else idle.push(clock);
        } catch (error) {
          errors.push(error);
        }
      }
    }
  } finally {
    if (idle.length > 0) await releaseClocks(engine.store.db, idle);
  }
  if (errors.length > 0) throw errors[0];
  return { fired };
}
