import type { DomainEvent } from '../domain/events.js';
import { cliFix } from '../cli/problems.js';
import { formatProblem } from '../domain/refuse.js';
import type { Actor } from '../domain/types.js';
import { dispatch, type DispatchReport } from '../engine/dispatcher.js';
import type { Engine } from '../engine/engine.js';
import { BatonError, invalid } from '../domain/problem.js';
import { runSequence } from '../app/sequence.js';
import type { ImportColumns } from './columns.js';
import { addCommand, checkRow, columnLabel, DOMAIN_FIELD_COLUMNS, followUps, idOf, type DealRow } from './deal-row.js';
import { readBoard, type Board } from './read-board.js';

/**
 * `baton import`: a board export becomes deals through the very commands the CLI runs
 * (deal.add, deal.commit, deal.stage, deal.note), so a second import of the same file
 * changes nothing. Each row is one transaction: a refused row writes nothing and the
 * import goes on. Messages the rows queued are delivered once, at the end.
 *
 * @example
 *   const report = await importCsv(engine, readFileSync('prospects.csv'), { now: Date.now() });
 *   report.added; report.refused; // [{ row: 7, reason: 'column "Email": ...' }]
 */

export interface RefusedRow {
  /** 1-based line of the file where the row starts. */
  row: number;
  reason: string;
}

export interface ImportReport {
  added: number;
  updated: number;
  unchanged: number;
  refused: RefusedRow[];
  /** Handoffs started (or resumed) by this import: Closed-won rows with a commitment. */
  handoffsStarted: number;
  /** Rows after the header that were blank, group lines or repeated headers. */
  skipped: number;
  /** The mapped columns the file does not have. */
  missingColumns: (keyof ImportColumns)[];
  /** Delivery of what the import queued (nothing on a dry run). */
  delivery: DispatchReport;
}

export interface ImportOptions {
  now: number;
  columns: ImportColumns;
  /** Validate and count, writing nothing: every row's transaction is rolled back. */
  dryRun?: boolean;
  /** Default `cro`, the owner of the Prospects board. */
  actor?: Actor;
  /** Called after each data row with how many are done and how many there are. */
  onProgress?: (done: number, total: number) => void;
}

type Outcome = 'added' | 'updated' | 'unchanged';

interface Applied {
  outcome: Outcome;
  handoffsStarted: number;
  queued: number;
  /** The earliest pending clock the row wrote, for a scheduler listening in this process. */
  clockDueAt?: number;
}

/** Reads the CSV (throws Refused when it cannot be read or has no header) and imports it. */
export async function importCsv(engine: Engine, csv: Buffer | string, opts: ImportOptions): Promise<ImportReport> {
  return importBoard(engine, readBoard(csv, opts.columns), opts);
}

export async function importBoard(engine: Engine, board: Board, opts: ImportOptions): Promise<ImportReport> {
  const report: ImportReport = {
    added: 0,
    updated: 0,
    unchanged: 0,
    refused: [],
    handoffsStarted: 0,
    skipped: board.skipped,
    missingColumns: board.missing,
    delivery: { delivered: 0, retrying: 0, failed: 0 },
  };
  const firstLineOf = new Map<string, number>();
  let queued = 0;
  let done = 0;
  for (const row of board.rows) {
    const id = idOf(row);
    const first = id && firstLineOf.get(id.id);
    if (id && first === undefined) firstLineOf.set(id.id, row.line);
    const checked = checkRow(row, opts.columns);
    if (id && first !== undefined) {
      report.refused.push({ row: row.line, reason: duplicateReason(id, first, opts.columns) });
    } else if (!checked.ok) {
      report.refused.push({ row: row.line, reason: checked.reason });
    } else {
      try {
        const applied = await applyRow(engine, checked.deal, opts);
        report[applied.outcome]++;
        report.handoffsStarted += applied.handoffsStarted;
        queued += applied.queued;
      } catch (error) {
        if (!(error instanceof BatonError)) throw error;
        report.refused.push({ row: row.line, reason: domainReason(error, opts.columns) });
      }
    }
    opts.onProgress?.(++done, board.rows.length);
  }
  if (queued > 0 && !opts.dryRun) report.delivery = await dispatch(engine, opts.now, { limit: Math.max(500, queued) });
  return report;
}

async function applyRow(engine: Engine, deal: DealRow, opts: ImportOptions): Promise<Applied> {
  const by = { now: opts.now, actor: opts.actor ?? 'cro' };
  const result = await runSequence(engine, deal.id, [addCommand(deal), (state) => followUps(deal, state)], by, { dryRun: Boolean(opts.dryRun) });
  const events = result.events;
  return {
    outcome: events.some((e) => e.type === 'deal.added') ? 'added' : events.length > 0 ? 'updated' : 'unchanged',
    handoffsStarted: events.filter((e) => e.type === 'handoff.started').length,
    queued: result.queued,
    ...(result.clockDueAt !== undefined ? { clockDueAt: result.clockDueAt } : {}),
  };
}

/** Any row after the first with the same id, valid or not: the file says two things of one deal. */
function duplicateReason(id: { id: string; fromName: boolean }, first: number, columns: ImportColumns): string {
  const where = id.fromName ? `${columnLabel(columns, 'company')} (its id "${id.id}" is the name's slug)` : `${columnLabel(columns, 'id')} "${id.id}"`;
  const fix = id.fromName
    ? `remove one of the two rows, or give each deal its own id in a "${columns.id}" column (import.columns.id)`
    : `remove one of the two rows, or give each its own ${columnLabel(columns, 'id')}`;
  return `${where}: duplicate of row ${first}. Fix: ${fix}`;
}

/** A refusal from the domain, its CLI option names replaced by the columns to fix. */
function domainReason(error: BatonError, columns: ImportColumns): string {
  return error.problems
    .map((p) => {
      const field = DOMAIN_FIELD_COLUMNS[p.field];
      return formatProblem({ ...p, field: field ? columnLabel(columns, field) : p.field, fix: cliFix(p) });
    })
    .join('; ');
}
