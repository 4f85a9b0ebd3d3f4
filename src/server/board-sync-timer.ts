import { MondayApiError } from '../adapters/monday-errors.js';
import { prospectsSetup } from '../app/board-reader.js';
import { claimBoardSync, syncBoard } from '../app/board-sync.js';
import type { Engine } from '../engine/engine.js';
import { isConnectionLost } from '../store/index.js';

/**
 * `baton serve`'s Prospects board sync (SPEC §14): at start, then at the start of every period
 * of `monday.syncMinutes` (plus up to a second of jitter), reconcile the board as `baton board
 * sync` does. Off unless monday.com is configured (MONDAY_API_TOKEN, `monday.prospectsBoardId`
 * and `monday.prospectsColumns`). Of several serve processes on one store, only the one that
 * claims the period (`claimBoardSync`, a watermark row) syncs; the others skip it. One log
 * line per sync that changed something or failed; a failure waits for the next period.
 *
 * States: idle (a timer set for the next period), syncing (one sync in flight; a period that
 * comes meanwhile is skipped), stopped (no new sync; `stop()` waits for the one in flight).
 */

export interface BoardSyncTimer {
  stop(): Promise<void>;
}

export function boardSyncTimer(engine: Engine, opts: { now: () => number; log: (line: string) => void; wake: () => void }): BoardSyncTimer | undefined {
  const config = engine.config;
  if (!config.monday.token) return undefined;
  const setup = prospectsSetup(config);
  if (!setup.ok) {
    // A token without the board or its columns: the delivery board may be all that is wanted; say so once.
    if (config.monday.prospectsColumns || config.monday.prospectsBoardId !== undefined) {
      opts.log(`baton serve: Prospects board sync is off: ${setup.problems.map((p) => `${p.field} ${p.message}`).join('; ')}`);
    }
    return undefined;
  }
  const periodMs = config.monday.syncMinutes * 60_000;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let inFlight: Promise<void> | undefined;

  const once = async () => {
    try {
      if (!(await claimBoardSync(engine, periodMs))) return;
      const report = await syncBoard(engine, await setup.reader(), { boardId: setup.boardId, columns: setup.columns, now: opts.now });
      if (report.queued > 0 || report.added + report.updated > 0) opts.wake();
      if (report.added + report.updated + report.problems.length > 0) {
        opts.log(
          `baton serve: Prospects board synced: ${report.added} added, ${report.updated} updated, ${report.unchanged} unchanged, ${report.problemItems} with problems (baton audit lists them)`,
        );
      }
    } catch (error) {
      const why = error instanceof MondayApiError || isConnectionLost(error) || error instanceof Error ? (error as Error).message : String(error);
      opts.log(`baton serve: Prospects board sync failed, next in ${config.monday.syncMinutes} min: ${why}`);
    }
  };

  const run = () => {
    timer = undefined;
    if (stopped || inFlight) return schedule();
    inFlight = once().finally(() => {
      inFlight = undefined;
      schedule();
    });
  };
  const schedule = () => {
    if (stopped || timer) return;
    const wait = periodMs - (Date.now() % periodMs) + Math.floor(Math.random() * 1000);
    timer = setTimeout(run, wait);
    timer.unref?.();
  };
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
