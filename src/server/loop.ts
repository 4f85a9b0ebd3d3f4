import type { Engine } from '../engine/engine.js';
import { tick, type TickReport } from '../engine/tick.js';
import { nextDueAt } from '../store/index.js';

/**
 * The serve loop: fires due clocks and delivers queued messages. States:
 *
 * - idle: a timer is set for the next due clock, or `pollMs` at most (the safety net);
 * - running: one tick in progress; a `wake()` meanwhile asks for another right after;
 * - stopped: no new tick starts; `stop()` resolves once the tick in flight has finished, so
 *   a send in flight completes and what is not sent stays queued.
 *
 * Every tick, the loop's and `POST /api/tick`'s alike, runs through one lock: two ticks never
 * deliver at the same time in this process.
 */
export interface TickLoop {
  /** Starts the first tick now. */
  start(): void;
  /** Tick as soon as possible (after the one in flight, if any). */
  wake(): void;
  /** One tick at `now`, in turn with the loop's. */
  runTick(now: number): Promise<TickReport>;
  stop(): Promise<void>;
}

/** The shortest sleep, so that a clock stuck at `now` (a fixed BATON_NOW) cannot spin the loop. */
const MIN_SLEEP_MS = 10;

export function tickLoop(engine: Engine, opts: { now: () => number; pollMs: number; log: (line: string) => void }): TickLoop {
  let lock: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  let stopped = false;
  let current: Promise<void> = Promise.resolve();

  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const result = lock.then(fn);
    lock = result.catch(() => undefined);
    return result;
  };

  const sleep = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(kick, ms);
    timer.unref();
  };

  async function nextSleep(): Promise<number> {
    const due = await nextDueAt(engine.store.db);
    if (due === undefined) return opts.pollMs;
    return Math.min(opts.pollMs, Math.max(MIN_SLEEP_MS, due - opts.now() + 1));
  }

  async function cycle(): Promise<void> {
    running = true;
    again = false;
    let wait = opts.pollMs;
    try {
      const report = await exclusive(() => tick(engine, opts.now()));
      if (report.fired + report.delivered + report.retrying + report.failed > 0) {
        opts.log(`baton serve: fired ${report.fired} clock(s); delivered ${report.delivered}, ${report.retrying} waiting to retry, ${report.failed} failed`);
      }
      if (!stopped) wait = await nextSleep();
    } catch (error) {
      opts.log(`baton serve: tick failed, trying again in ${opts.pollMs} ms: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      running = false;
    }
    if (stopped) return;
    if (again) kick();
    else sleep(wait);
  }

  function kick(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    timer = undefined;
    current = cycle();
  }

  return {
    start: kick,
    wake: kick,
    runTick: (now) => exclusive(() => tick(engine, now)),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
      await lock;
    },
  };
}
