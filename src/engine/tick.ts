import { advanceWatermark, inTransaction } from '../store/index.js';
import { dispatch, type DispatchReport } from './dispatcher.js';
import type { Engine } from './engine.js';
import { fireDueClocks } from './scheduler.js';

export interface TickReport extends DispatchReport {
  fired: number;
  /** Why nothing was fired: the record is already later than this tick's time. */
  held?: string;
}

/**
 * Fire what is due, then deliver what is queued (including what the fires just owed): what
 * `baton tick` does. Safe beside `baton serve` processes and other ticks: clocks and
 * messages are claimed before they are fired or sent, so each is handled once. Time moves
 * forward (SPEC §18): a tick earlier than the latest tick or event fires nothing, and says so.
 */
export async function tick(engine: Engine, now: number): Promise<TickReport> {
  const latest = await inTransaction(engine.store, (tx) => advanceWatermark(tx, 'tick', now));
  if (now < latest) {
    const delivered = await dispatch(engine, now);
    return {
      fired: 0,
      ...delivered,
      held: `Fired nothing: the record is already at ${new Date(latest).toISOString()}, later than ${new Date(now).toISOString()}; tick at that time or later.`,
    };
  }
  const { fired } = await fireDueClocks(engine, now);
  const delivered = await dispatch(engine, now);
  return { fired, ...delivered };
}
