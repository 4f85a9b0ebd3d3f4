import type { MondayReader } from '../adapters/monday-read.js';
import { boardCommands } from '../board/commands.js';
import { readItem, type BoardProblem } from '../board/read-item.js';
import type { ProspectsColumns } from '../config/monday.js';
import { dispatch, type DispatchReport } from '../engine/dispatcher.js';
import type { Engine } from '../engine/engine.js';
import { claimWatermark, databaseNow, loadDeals } from '../store/index.js';
import { recordBoardProblems, recordBoardSynced } from './board-events.js';
import { applyBoardItem } from './board-item.js';
import type { Acting } from './context.js';

/**
 * `baton board sync` (and `baton serve` every `monday.syncMinutes`): reconcile every item of
 * the Prospects board with its deal, for what the webhooks missed (SPEC §14). The board is
 * paged with `items_page` and then `next_items_page` with its cursor; each page's deals are
 * read in one go, and only an item whose plan is not empty opens a transaction
 * (`applyBoardItem`, which plans again on the deal as it then stands). So a second run is all
 * `unchanged` and writes nothing but its one `board.synced` org event; a value Baton cannot
 * read is a `board.problem` event once, however many runs read it. A dry run writes nothing.
 *
 * Rate limits are the reader's: it waits out `retry_in_seconds` between pages.
 *
 * @example
 *   const report = await syncBoard(engine, reader, { boardId: 123, columns, now: Date.now() });
 *   // { added: 2, updated: 1, unchanged: 247, problems: [{ itemId, column, message, fix }], ... }
 */

export interface SyncReport {
  added: number;
  updated: number;
  unchanged: number;
  /** Every problem of this run's items, whether recorded now or by an earlier run. */
  problems: BoardProblem[];
  /** Items with at least one problem (each counts once). */
  problemItems: number;
  /** Handoffs this run started (or resumed). */
  handoffsStarted: number;
  items: number;
  pages: number;
  /** Messages queued by this run. */
  queued: number;
  /** Delivery of what the run queued, when asked (`deliver`); nothing on a dry run. */
  delivery: DispatchReport;
}

export interface SyncOptions {
  boardId: number | string;
  columns: ProspectsColumns;
  /**
   * The time the run acts at; a function is read for each item (the wall clock of `serve`), so
   * that a webhook applied meanwhile at a later time never makes an item's commands "earlier
   * than the deal's latest event".
   */
  now: number | (() => number);
  dryRun?: boolean;
  /** Deliver what the run queued before returning (the CLI); `serve` wakes its own loop instead. */
  deliver?: boolean;
  /** After each item: how many are done, and how many the board said it holds (or undefined). */
  onProgress?: (done: number, total: number | undefined) => void;
}

/** Items applied at once on PostgreSQL. */
const PG_LANES = 4;

export async function syncBoard(engine: Engine, reader: MondayReader, opts: SyncOptions): Promise<SyncReport> {
  const clock = typeof opts.now === 'function' ? opts.now : () => opts.now as number;
  const acting = (): Acting => ({ now: clock(), actor: 'monday' });
  const report: SyncReport = {
    added: 0,
    updated: 0,
    unchanged: 0,
    problems: [],
    problemItems: 0,
    handoffsStarted: 0,
    items: 0,
    pages: 0,
    queued: 0,
    delivery: { delivered: 0, retrying: 0, failed: 0 },
  };
  const seen = new Set<string>();
  const dryRun = Boolean(opts.dryRun);

  const { pages } = await reader.pageBoard(opts.boardId, async (items, page) => {
    // An item moved while the board was paged may come twice: it is reconciled once.
    const fresh = items.filter((i) => !seen.has(i.id) && seen.add(i.id));
    const reads = fresh.map((item) => readItem(item, opts.columns));
    const deals = await loadDeals(
      engine.store.db,
      reads.filter((r) => r.problems.length === 0).map((r) => r.deal.id),
    );
    const unreadable = reads.filter((r) => r.problems.length > 0).flatMap((r) => r.problems);
    if (unreadable.length > 0 && !dryRun) await recordBoardProblems(engine, unreadable, acting());
    const reconcile = async (read: (typeof reads)[number]) => {
      if (read.problems.length > 0) {
        report.problems.push(...read.problems);
        report.problemItems++;
      } else if (boardCommands(read, deals.get(read.deal.id)?.state).commands.length === 0) {
        report.unchanged++;
      } else {
        const applied = await applyBoardItem(engine, read, opts.columns, acting(), { dryRun });
        if (applied.outcome === 'problems' || applied.outcome === 'duplicate') {
          report.problems.push(...applied.problems);
          report.problemItems++;
        } else report[applied.outcome]++;
        if (applied.handoffStarted) report.handoffsStarted++;
        report.queued += applied.queued;
      }
      report.items++;
      opts.onProgress?.(report.items, page.total !== undefined ? Math.max(page.total, report.items) : undefined);
    };
    // Each item is its own deal and transaction: on PostgreSQL a few run side by side (the pool has room
    // for the serve loop beside them); SQLite has one writer, so one at a time.
    const lanes = engine.store.dialect === 'postgres' ? PG_LANES : 1;
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(lanes, reads.length) }, async () => {
        while (next < reads.length) await reconcile(reads[next++]!);
      }),
    );
  });
  report.pages = pages;
  if (!dryRun) {
    await recordBoardSynced(engine, { added: report.added, updated: report.updated, unchanged: report.unchanged, problems: report.problemItems }, acting());
    if (opts.deliver && report.queued > 0) report.delivery = await dispatch(engine, clock(), { limit: Math.max(500, report.queued) });
  }
  return report;
}

/**
 * Whether this process runs the `serve` sync of the period `now` falls in (periods of
 * `monday.syncMinutes`, on the database's clock): of several `baton serve` sharing a store,
 * the first to ask wins the period and the others skip it.
 */
export async function claimBoardSync(engine: Engine, periodMs: number): Promise<boolean> {
  return claimWatermark(engine.store.db, 'board-sync', await databaseNow(engine.store.db), periodMs);
}
