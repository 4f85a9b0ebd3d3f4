import { findDueClocks } from '../store/index.js';
import type { Engine } from './engine.js';
import { execute } from './execute.js';

export interface FireReport {
  fired: number;
}

/**
 * Fires every clock due at `now`, each through the same command path as a user's command
 * and in its own transaction. A fired clock is no longer pending, so running this again,
 * or with a clock moved backwards, fires nothing twice.
 */
export async function fireDueClocks(engine: Engine, now: number, opts: { batch?: number } = {}): Promise<FireReport> {
  const batch = opts.batch ?? 500;
  const tried = new Set<string>();
  let fired = 0;
  for (;;) {
    const due = (await findDueClocks(engine.store.db, now, batch)).filter((c) => !tried.has(`${c.dealId}/${c.name}`));
    if (due.length === 0) return { fired };
    for (const clock of due) {
      tried.add(`${clock.dealId}/${clock.name}`);
      const result = await execute(engine, clock.dealId, { type: 'clock.fire', name: clock.name }, { now, actor: 'baton' });
      if (result.events.length > 0) fired++;
    }
  }
}
