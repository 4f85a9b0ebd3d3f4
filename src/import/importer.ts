import { runMany } from '../app/deal-actions.js';
import { cliFix } from '../cli/problems.js';
import type { BatonError } from '../domain/problem.js';
import { formatProblem } from '../domain/refuse.js';
import type { Actor, DealState } from '../domain/types.js';
import { dispatch, type DispatchReport } from '../engine/dispatcher.js';
import type { Engine } from '../engine/engine.js';
import type { ImportColumns } from './columns.js';
import { addCommand, checkRow, columnLabel, DOMAIN_FIELD_COLUMNS, followUps, idOf, type DealRow } from './deal-row.js';
import { readBoard, type Board } from './read-board.js';

/**
 * `baton import`: a board export becomes deals through the very commands the CLI runs
 * (deal.add, deal.commit, deal.stage, deal.note), so a second import of the same file
 * changes nothing. A hundred rows are one transaction (see `applyRows`): a refused row
 * writes nothing and the import goes on. Messages the rows queued are delivered once, at the end.
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
  for (let from = 0; from < board.rows.length; from += ROWS_PER_TRANSACTION) {
    const chunk = board.rows.slice(from, from + ROWS_PER_TRANSACTION);
    const planned: Planned[] = chunk.map((row) => {
      const id = idOf(row);
      const first = id && firstLineOf.get(id.id);
      if (id && first === undefined) firstLineOf.set(id.id, row.line);
      if (id && first !== undefined) return { line: row.line, refused: duplicateReason(id, first, opts.columns) };
      const checked = checkRow(row, opts.columns);
      return checked.ok ? { line: row.line, deal: checked.deal } : { line: row.line, refused: checked.reason };
    });
    const outcomes = await applyRows(engine, planned, opts);
    planned.forEach((p, i) => {
      const outcome = outcomes[i];
      if (p.refused !== undefined) report.refused.push({ row: p.line, reason: p.refused });
      else if (outcome && 'refused' in outcome) report.refused.push({ row: p.line, reason: domainReason(outcome.refused, opts.columns) });
      else if (outcome) {
        report[outcome.outcome]++;
        report.handoffsStarted += outcome.handoffsStarted;
        queued += outcome.queued;
      }
      opts.onProgress?.(++done, board.rows.length);
    });
  }
  if (queued > 0 && !opts.dryRun) report.delivery = await dispatch(engine, opts.now, { limit: Math.max(500, queued) });
  return report;
}

/**
 * Rows per transaction. A transaction per row, its commands one statement each, was most
 * of an import's time; a hundred rows hold SQLite's write lock for a few milliseconds,
 * which a `baton serve` beside it waits out.
 */
const ROWS_PER_TRANSACTION = 100;

/** A row of the file: a deal to apply, or refused before the store is asked. */
type Planned = { line: number; deal: DealRow; refused?: undefined } | { line: number; refused: string; deal?: undefined };

type RowOutcome = Applied | { refused: BatonError } | undefined;

/**
 * The rows' deals in ONE transaction (`runMany`), as the CLI's commands would apply them one
 * by one: add, then commit, stage and notes as the deal then stands.
 */
async function applyRows(engine: Engine, rows: readonly Planned[], opts: ImportOptions): Promise<RowOutcome[]> {
  const items = rows.map((r) => (r.deal ? { dealId: r.deal.id, steps: [addCommand(r.deal), (state: DealState | undefined) => followUps(r.deal as DealRow, state)] } : undefined));
  const results = await runMany(engine, items, { now: opts.now, actor: opts.actor ?? 'cro', ...(opts.dryRun ? { dryRun: true } : {}) });
  return results.map((r): RowOutcome => {
    if (!r || 'refused' in r) return r;
    return {
      outcome: r.events.some((e) => e.type === 'deal.added') ? 'added' : r.events.length > 0 ? 'updated' : 'unchanged',
      handoffsStarted: r.events.filter((e) => e.type === 'handoff.started').length,
      queued: r.queued,
      ...(r.clockDueAt !== undefined ? { clockDueAt: r.clockDueAt } : {}),
    };
  });
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
