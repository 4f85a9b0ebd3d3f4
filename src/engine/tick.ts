import { dispatch, type DispatchReport } from './dispatcher.js';
import type { Engine } from './engine.js';
import { fireDueClocks } from './scheduler.js';

export interface TickReport extends DispatchReport {
  fired: number;
}

/**
 * Fire what is due, then deliver what is queued (including what the fires just owed): what
 * `baton tick` does. Safe beside `baton serve` processes and other ticks: clocks and
 * messages are claimed before they are fired or sent, so each is handled once.
 */
export async function tick(engine: Engine, now: number): Promise<TickReport> {
  const { fired } = await fireDueClocks(engine, now);
  const delivered = await dispatch(engine, now);
  return { fired, ...delivered };
}
