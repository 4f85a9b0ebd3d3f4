import { isConnectionLost } from '../store/index.js';
import type { OutageLog } from './outage.js';

/**
 * One worker of the serve loop (see loop.ts): a pass of work, a timer for the next one,
 * and the rules that keep it from overlapping itself, spinning, or sleeping past work.
 * A pass that lost its database connection is tried again after a capped exponential
 * backoff (0.1 s, 0.2 s, ... 5 s, with jitter), and reported to the outage log, which
 * writes one line per outage, not one per failed pass.
 */

/** Runs functions one after the other; `idle()` resolves once the last one has finished. */
export interface Lock {
  <T>(fn: () => Promise<T>): Promise<T>;
  idle(): Promise<void>;
}

export function serialized(): Lock {
  let tail: Promise<unknown> = Promise.resolve();
  const lock = <T>(fn: () => Promise<T>): Promise<T> => {
    const result = tail.then(fn);
    tail = result.catch(() => undefined);
    return result;
  };
  return Object.assign(lock, { idle: () => tail.then(() => undefined) });
}

export interface Worker {
  /** A pass as soon as possible (right after the one in flight, if any). */
  kick(): void;
  /** Make sure a pass starts by `at` (a time on the loop's clock); a later timer is moved up. */
  armAt(at: number): void;
  /** No new pass; resolves once the pass in flight, and any other holder of the lock, are done. */
  stop(): Promise<void>;
}

export interface WorkerOptions {
  name: string;
  lock: Lock;
  now: () => number;
  /** The longest sleep: what no one announced is found by this poll. */
  pollMs: number;
  log: (line: string) => void;
  run: (now: number) => Promise<void>;
  /** When there is next work: a due time, or the end of a lease another process holds. */
  nextAt: () => Promise<number | undefined>;
  /** Where lost connections are reported (one line per outage); without it, one line per failed pass. */
  outage?: OutageLog;
}

/**
 * The shortest sleep after a pass that left work due at its own `now` (a clock whose fire
 * failed or found nothing to do, a fixed BATON_NOW), so that such work cannot spin the loop.
 */
const MIN_SLEEP_MS = 10;

/** The backoff after passes that lost the database connection: from 100 ms, doubling, at most 5 s. */
const LOST_FIRST_MS = 100;
const LOST_MAX_MS = 5000;

/** The wait before the next pass after `failures` passes in a row lost the connection: ±25 % jitter, so servers do not retry in step. */
export function lostBackoffMs(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(LOST_MAX_MS, LOST_FIRST_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling * (0.75 + random() / 2));
}

export function worker(opts: WorkerOptions): Worker {
  let timer: NodeJS.Timeout | undefined;
  /** When the timer set fires, on the loop's clock; Infinity when none is set. */
  let armedFor = Infinity;
  /** The earliest time announced while a pass was running. */
  let hint = Infinity;
  let running = false;
  let again = false;
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  /** Passes in a row that lost the database connection. */
  let lostPasses = 0;

  function armAt(at: number): void {
    if (stopped) return;
    if (running) {
      hint = Math.min(hint, at);
      return;
    }
    const now = opts.now();
    // +1: a timer may fire in the millisecond the clock is due; the pass must see it due.
    const delay = Math.min(opts.pollMs, Math.max(0, at - now + 1));
    if (now + delay >= armedFor) return;
    clearTimeout(timer);
    armedFor = now + delay;
    timer = setTimeout(kick, delay);
    timer.unref();
  }

  async function cycle(): Promise<void> {
    running = true;
    again = false;
    hint = Infinity;
    const passNow = opts.now();
    let next = Infinity;
    let retryIn: number | undefined;
    try {
      await opts.lock(() => opts.run(passNow));
      const at = stopped ? undefined : await opts.nextAt();
      if (at !== undefined) next = at <= passNow ? opts.now() + MIN_SLEEP_MS : at;
      lostPasses = 0;
      opts.outage?.ok(opts.name);
    } catch (error) {
      if (isConnectionLost(error) && opts.outage) {
        lostPasses++;
        opts.outage.failed(opts.name, error);
        retryIn = lostBackoffMs(lostPasses);
      } else {
        opts.log(`baton serve: ${opts.name} pass failed, trying again in ${opts.pollMs} ms: ${error instanceof Error ? error.message : String(error)}`);
      }
    } finally {
      running = false;
    }
    if (stopped) return;
    if (retryIn !== undefined) armAt(opts.now() + retryIn);
    else if (again) kick();
    else armAt(Math.min(next, hint));
  }

  function kick(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    timer = undefined;
    armedFor = Infinity;
    current = cycle();
  }

  return {
    kick,
    armAt,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
      await opts.lock.idle();
    },
  };
}
