import { dispatch } from '../engine/dispatcher.js';
import type { Engine } from '../engine/engine.js';
import { fireDueClocks } from '../engine/scheduler.js';
import type { TickReport } from '../engine/tick.js';
import { nextClockWakeAt, nextMessageWakeAt } from '../store/index.js';
import type { OutageLog } from './outage.js';
import { worker, type Lock, serialized } from './worker.js';

/**
 * The serve loop: two workers, one that fires due clocks and one that delivers queued
 * messages, so that a long delivery never holds a clock back. Each worker is:
 *
 * - idle: a timer is set for the next time there is work (the next due clock, the next
 *   message attempt, or the end of a lease another process holds), or `pollMs` at most
 *   (the safety net for what no one told it about);
 * - running: one pass in progress; a `wake()` meanwhile asks for another right after, and
 *   a clock written meanwhile is remembered for the next timer;
 * - stopped: no new pass starts; `stop()` resolves once the passes in flight have
 *   finished, so a send in flight completes and what is not sent stays queued.
 *
 * The clock timer is re-armed whenever a nearer clock is written: `clockWritten(dueAt)`,
 * called by the engine's hook after a command of this process commits, and by a
 * PostgreSQL LISTEN for the other processes' commands. So a clock fires within
 * milliseconds of its due time, not a poll interval.
 *
 * A pass that loses the database connection (a failover, a restart, a terminated backend)
 * is tried again with a capped backoff and reported to `outage`: one line per outage, not
 * per failed query. Nothing is lost meanwhile: claims that were taken and not used expire
 * with their lease, and the next pass reads the store afresh.
 *
 * A fire that fired something wakes the delivery worker (the misses owe messages).
 * `runTick` (`POST /api/tick`) fires, then delivers, each in turn with the loop's own
 * pass: two passes of the same kind never run at the same time in this process.
 */
export interface TickLoop {
  /** Starts the first passes now. */
  start(): void;
  /** Fire and deliver as soon as possible (after the passes in flight, if any). */
  wake(): void;
  /**
   * A pending clock due at `dueAt` was written: re-arm the clock timer if it is nearer.
   * Undefined means "something may have been missed": look now.
   */
  clockWritten(dueAt?: number): void;
  /** One tick at `now`, in turn with the loop's. */
  runTick(now: number): Promise<TickReport>;
  stop(): Promise<void>;
}

/** How often the loop reports what it did, at most (a busy server fires many small batches). */
const LOG_EVERY_MS = 1000;

export function tickLoop(engine: Engine, opts: { now: () => number; pollMs: number; log: (line: string) => void; outage?: OutageLog }): TickLoop {
  const fireLock: Lock = serialized();
  const deliverLock: Lock = serialized();
  const totals = { fired: 0, delivered: 0, retrying: 0, failed: 0 };
  let lastLog = 0;
  const report = (force = false) => {
    const t = Date.now();
    if (!force && t - lastLog < LOG_EVERY_MS) return;
    if (totals.fired + totals.delivered + totals.retrying + totals.failed === 0) return;
    lastLog = t;
    opts.log(`baton serve: fired ${totals.fired} clock(s); delivered ${totals.delivered}, ${totals.retrying} waiting to retry, ${totals.failed} failed`);
    totals.fired = totals.delivered = totals.retrying = totals.failed = 0;
  };

  const deliverer = worker({
    name: 'delivery',
    lock: deliverLock,
    now: opts.now,
    pollMs: opts.pollMs,
    log: opts.log,
    ...(opts.outage ? { outage: opts.outage } : {}),
    async run(now) {
      const r = await dispatch(engine, now);
      totals.delivered += r.delivered;
      totals.retrying += r.retrying;
      totals.failed += r.failed;
      report();
    },
    nextAt: () => nextMessageWakeAt(engine.store.db),
  });

  const scheduler = worker({
    name: 'clock',
    lock: fireLock,
    now: opts.now,
    pollMs: opts.pollMs,
    log: opts.log,
    ...(opts.outage ? { outage: opts.outage } : {}),
    async run(now) {
      const { fired } = await fireDueClocks(engine, now);
      totals.fired += fired;
      if (fired > 0) deliverer.kick();
      report();
    },
    nextAt: () => nextClockWakeAt(engine.store.db),
  });

  return {
    start() {
      scheduler.kick();
      deliverer.kick();
    },
    wake() {
      scheduler.kick();
      deliverer.kick();
    },
    clockWritten(dueAt) {
      if (dueAt === undefined || !Number.isFinite(dueAt)) scheduler.kick();
      else scheduler.armAt(dueAt);
    },
    async runTick(now) {
      const { fired } = await fireLock(() => fireDueClocks(engine, now));
      const delivered = await deliverLock(() => dispatch(engine, now));
      return { fired, ...delivered };
    },
    async stop() {
      await Promise.all([scheduler.stop(), deliverer.stop()]);
      report(true);
    },
  };
}
