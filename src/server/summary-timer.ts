import { fileScheduledSummary } from '../app/scheduled-summary.js';
import type { Engine } from '../engine/engine.js';
import { isConnectionLost } from '../store/index.js';

/**
 * `baton serve`'s daily summary (SPEC §15 `summary.at`): at start, then at each next
 * `summary.at`, `fileScheduledSummary` files the day's summary and queues chief.staff's DM if
 * no serve has claimed the day; the serve loop is woken to deliver it. Off without
 * `summary.at`. Time is serve's (`now`); the timer sleeps at most an hour, so a clock set
 * forward (or a laptop woken from sleep) is caught within the hour. A failure (the database
 * away) is one log line, and a new try a minute later.
 *
 * States: idle (a timer set), filing (one call in flight), stopped (`stop()` waits for it).
 */

export interface SummaryTimer {
  stop(): Promise<void>;
}

const MAX_SLEEP_MS = 60 * 60_000;
const RETRY_MS = 60_000;

export function summaryTimer(engine: Engine, opts: { now: () => number; log: (line: string) => void; wake: () => void }): SummaryTimer | undefined {
  if (engine.config.summary.at === undefined) return undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let inFlight: Promise<void> | undefined;
  let first = true;

  const schedule = (waitMs: number) => {
    if (stopped) return;
    timer = setTimeout(run, Math.max(1000, Math.min(MAX_SLEEP_MS, waitMs)));
    timer.unref?.();
  };
  const once = async () => {
    try {
      const { filed, nextAt } = await fileScheduledSummary(engine, opts.now());
      if (filed) {
        opts.log(`baton serve: filed the CEO Daily Summary for ${filed.date} (${filed.path}) and queued it for chief.staff`);
        opts.wake();
      } else if (first && nextAt !== undefined) {
        opts.log(`baton serve: the CEO Daily Summary is filed at ${engine.config.summary.at} (${engine.config.org.timezone}); next at ${new Date(nextAt).toISOString()}`);
      }
      first = false;
      schedule((nextAt ?? opts.now() + MAX_SLEEP_MS) - opts.now());
    } catch (error) {
      const why = isConnectionLost(error) || error instanceof Error ? (error as Error).message : String(error);
      opts.log(`baton serve: the scheduled daily summary failed, next try in a minute: ${why}`);
      schedule(RETRY_MS);
    }
  };
  function run() {
    timer = undefined;
    if (stopped) return;
    inFlight = once().finally(() => {
      inFlight = undefined;
    });
  }
  timer = setTimeout(run, 0);

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await inFlight;
    },
  };
}
