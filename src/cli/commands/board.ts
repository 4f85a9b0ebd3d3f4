import type { Command } from 'commander';
import { MondayApiError } from '../../adapters/monday-errors.js';
import { prospectsSetup } from '../../app/board-reader.js';
import { syncBoard, type SyncReport } from '../../app/board-sync.js';
import { BatonError } from '../../domain/problem.js';
import { closeEngine, openEngine } from '../../engine/engine.js';
import { progressBar } from '../../import/progress.js';
import { configOf, type Run } from '../context.js';
import type { Wrap } from '../run.js';

/**
 * `baton board sync [--json] [--dry-run]`: reconcile every item of the monday.com Prospects
 * board with its deal (SPEC §14), as `baton serve` does every `monday.syncMinutes`. Prints
 * the counts and each problem with its item, column and fix; a progress bar on a terminal.
 */

const HELP = `
Reads every item of monday.prospectsBoardId (items_page, then next_items_page) through the
monday.com API (MONDAY_API_TOKEN, API-Version pinned by monday.apiVersion), each field from the
column monday.prospectsColumns maps it to, and applies what changed as the board (actor monday):
deal add or update, deal commit, sow signed, deal stage, in one transaction per item. A Closed-won
item with a commitment starts its handoff.

A value Baton cannot read (a date column holding text, a label that is no stage) applies nothing
from its item and is listed with its fix; it is recorded once in baton audit. Running it again
changes nothing: a second run counts every item unchanged.

Exit codes: 0 when the board was read, even with problems; 2 when the configuration is missing
(token, board, column map) or monday.com refuses the token or the board; 1 when monday.com cannot
be reached or keeps asking to wait.

  baton board sync --dry-run     # read and count, write nothing
  baton board sync --json        # {added, updated, unchanged, problems: [{itemId, column, message, fix}], ...}
`;

export function registerBoardCommands(program: Command, wrap: Wrap): void {
  const board = program.command('board').description('the monday.com Prospects board');
  board
    .command('sync')
    .description('reconcile every Prospects board item with its deal: adds, updates, commits, stages; reports problems')
    .option('--dry-run', 'read the board and count what would change; write nothing')
    .addHelpText('after', HELP)
    .action(
      wrap(async (run, o: { dryRun?: boolean }) => {
        const config = configOf(run);
        const setup = prospectsSetup(config);
        if (!setup.ok) throw new BatonError('config', setup.problems);
        const engine = await openEngine(config);
        let report: SyncReport;
        const bar = process.stderr.isTTY && !run.json ? progress(run) : undefined;
        try {
          const reader = await setup.reader();
          report = await syncBoard(engine, reader, {
            boardId: setup.boardId,
            columns: setup.columns,
            // The wall clock item by item (a serve beside it may apply a webhook meanwhile), unless the time is fixed.
            now: (run.globals.now ?? run.io.env.BATON_NOW ?? '') !== '' ? run.now : run.io.wallClock,
            dryRun: Boolean(o.dryRun),
            deliver: true,
            ...(bar ? { onProgress: bar.onProgress } : {}),
          });
        } catch (error) {
          throw error instanceof MondayApiError ? mondayFault(error) : error;
        } finally {
          bar?.end();
          await closeEngine(engine);
        }
        print(run, report, Boolean(o.dryRun));
      }),
    );
}

/** The bar of `baton import`, redrawn about 200 times; without the board's count, the items read so far. */
function progress(run: Run): { onProgress: (done: number, total: number | undefined) => void; end: () => void } {
  let shown = -1;
  let open = false;
  return {
    onProgress(done, total) {
      const step = Math.max(1, Math.floor((total ?? 10_000) / 200));
      if (done !== total && done - shown < step) return;
      shown = done;
      open = done !== total;
      run.io.stderr(`\r${total !== undefined ? progressBar(done, total).replace(/rows$/, 'items') : `${done.toLocaleString('en-US')} items`}${open ? '' : '\n'}`);
    },
    end() {
      if (open) run.io.stderr('\n');
      open = false;
    },
  };
}

/** monday.com's refusal of the token or the board is a wrong config (2); an outage or a wait, the environment (1). */
function mondayFault(error: MondayApiError): BatonError {
  const fault = new BatonError(error.retryable ? 'environment' : 'config', [
    {
      code: error.retryable ? 'environment' : 'config',
      field: 'monday.com',
      message: error.message,
      fix: error.retryable
        ? 'run baton board sync again later (baton serve syncs every monday.syncMinutes by itself)'
        : 'check MONDAY_API_TOKEN, monday.prospectsBoardId and monday.prospectsColumns in baton.config.yaml',
    },
  ]);
  fault.cause = error;
  return fault;
}

function print(run: Run, r: SyncReport, dryRun: boolean): void {
  const problems = r.problems.map(({ itemId, column, message, fix }) => ({ itemId, column, message, fix }));
  if (run.json) {
    run.outJson({ added: r.added, updated: r.updated, unchanged: r.unchanged, problems, handoffsStarted: r.handoffsStarted, items: r.items, pages: r.pages, dryRun });
    return;
  }
  const would = dryRun ? 'would be ' : '';
  const lines = [
    dryRun ? `Dry run of the Prospects board: nothing was written.` : 'Synced the Prospects board.',
    `  ${r.items} item${r.items === 1 ? '' : 's'} read (${r.pages} page${r.pages === 1 ? '' : 's'})`,
    `  ${r.added} ${would}added`,
    `  ${r.updated} ${would}updated`,
    `  ${r.unchanged} unchanged`,
    `  ${r.problemItems} with problems`,
    `  ${r.handoffsStarted} handoff${r.handoffsStarted === 1 ? '' : 's'} ${dryRun ? 'would start' : 'started'}`,
  ];
  if (problems.length > 0) {
    lines.push('', `Problems (nothing ${dryRun ? 'would be' : 'was'} applied from these items; fix them on the board and sync again):`);
    for (const p of problems) lines.push(`  item ${p.itemId}${p.column ? `, column ${p.column}` : ''}: ${p.message}. Fix: ${p.fix}`);
  }
  run.out(lines.join('\n'));
  const { retrying, failed } = r.delivery;
  if (retrying + failed > 0) run.hint(`${retrying + failed} message(s) could not be delivered yet; baton tick retries them (baton messages shows why).`);
}
