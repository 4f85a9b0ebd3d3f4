import { cliFix } from '../cli/problems.js';
import { formatProblem } from '../domain/refuse.js';
import type { Actor } from '../domain/types.js';
import { dispatch, type DispatchReport } from '../engine/dispatcher.js';
import { clockWritten, type Engine } from '../engine/engine.js';
import {
  appendManyEvents,
  ConcurrencyError,
  inTransaction,
  insertDeals,
  insertMessages,
  loadDeals,
  notifyClockWritten,
  saveDeals,
  type LoadedDeal,
  type NewMessage,
} from '../store/index.js';
import { writeFileAtomic } from '../adapters/workspace-files.js';
import type { Command, DecideContext } from '../domain/commands.js';
import { decide } from '../domain/decide.js';
import { effectsOf, type OwedFile } from '../domain/effects.js';
import type { DomainEvent } from '../domain/events.js';
import { evolveAll } from '../domain/evolve.js';
import type { DealState } from '../domain/types.js';
import { customerSuccessLiveness, eventRowsOf, newPendingDueAt, pathsNeeded, timeOrder } from '../engine/execute.js';
import { BatonError, invalid } from '../domain/problem.js';
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

class DryRun extends Error {
  constructor(readonly outcomes: RowOutcome[]) {
    super('dry run');
  }
}

/** What one row's commands come to, decided in memory. */
interface RowPlan {
  before: LoadedDeal | undefined;
  after: DealState;
  events: DomainEvent[];
  messages: NewMessage[];
  files: OwedFile[];
}

/**
 * The rows' deals in ONE transaction, as the CLI's commands would apply them one by one
 * (add, commit, stage, notes; the same pure domain, `decide` then `evolve`): the rows'
 * deals are read in one query, each row's commands are decided in memory, and the new
 * deals, the changed ones, the events and the messages of all the rows are written with
 * multi-row statements. A row the domain refuses writes nothing and the others go on. A
 * deal another writer changed or created meanwhile, or a packet path taken meanwhile, is a
 * ConcurrencyError: `inTransaction` runs the whole batch again on what is then stored. A
 * dry run rolls the transaction back.
 */
async function applyRows(engine: Engine, rows: readonly Planned[], opts: ImportOptions): Promise<RowOutcome[]> {
  if (!rows.some((r) => r.deal)) return rows.map(() => undefined);
  const { config } = engine;
  const now = opts.now;
  const actor = opts.actor ?? 'cro';
  try {
    const outcomes = await inTransaction(engine.store, async (tx) => {
      const loaded = await loadDeals(
        tx,
        rows.flatMap((r) => (r.deal ? [r.deal.id] : [])),
      );
      const customerSuccess = await customerSuccessLiveness(tx, now, config.policy, config.org.timezone);
      const effectContext = { timezone: config.org.timezone, channel: config.slack.channel, customerSuccess, boardState: config.monday.prospectsColumns?.handoff !== undefined };
      // Packet paths the earlier rows of this batch chose: not in the store until it is written.
      const chosen: string[] = [];
      const outcomes: RowOutcome[] = [];
      const plans: RowPlan[] = [];
      for (const row of rows) {
        const deal = row.deal;
        if (!deal) {
          outcomes.push(undefined);
          continue;
        }
        const before = loaded.get(deal.id);
        const plan: RowPlan = { before, after: before?.state as DealState, events: [], messages: [], files: [] };
        let refused: BatonError | undefined;
        if (before && now < before.updatedAt) refused = timeOrder(before.updatedAt);
        const steps: Array<Command | ((state: DealState | undefined) => Command[])> = [addCommand(deal), (state) => followUps(deal, state)];
        for (const step of steps) {
          if (refused) break;
          for (const command of typeof step === 'function' ? step(plan.after) : [step]) {
            const state = plan.after as DealState | undefined;
            const ctx: DecideContext = {
              dealId: deal.id,
              now,
              actor,
              policy: config.policy,
              timezone: config.org.timezone,
              takenPacketPaths: [...(await pathsNeeded(tx, state, command)), ...chosen],
              customerSuccess,
            };
            const decision = decide(state, command, ctx);
            if (!decision.ok) {
              refused = new BatonError(decision.reason, decision.problems);
              break;
            }
            if (decision.events.length === 0) continue;
            plan.after = evolveAll(state, decision.events) as DealState;
            plan.events.push(...decision.events);
            const effects = effectsOf(decision.events, plan.after, effectContext, state);
            plan.messages.push(...effects.messages.map((m) => ({ ...m, dealId: deal.id, createdAt: now })));
            plan.files.push(...effects.files);
          }
        }
        if (refused) {
          outcomes.push({ refused });
          continue;
        }
        const events = plan.events;
        const clockDueAt = events.length > 0 ? newPendingDueAt(before?.state, plan.after) : undefined;
        outcomes.push({
          outcome: events.some((e) => e.type === 'deal.added') ? 'added' : events.length > 0 ? 'updated' : 'unchanged',
          handoffsStarted: events.filter((e) => e.type === 'handoff.started').length,
          queued: plan.messages.length,
          ...(clockDueAt !== undefined ? { clockDueAt } : {}),
        });
        if (events.length === 0) continue;
        plans.push(plan);
        const path = plan.after.handoff?.packetPath;
        if (path && path !== before?.state.handoff?.packetPath) chosen.push(path);
      }

      await insertDeals(
        tx,
        plans.filter((p) => !p.before).map((p) => p.after),
        now,
      );
      const changed = plans.flatMap((p) => (p.before ? [{ before: p.before, after: p.after }] : []));
      const written = await saveDeals(tx, changed, now);
      if (written.size !== changed.length) throw new ConcurrencyError(`${changed.length - written.size} deals of the import changed meanwhile`);
      await appendManyEvents(
        tx,
        plans.flatMap((p) => eventRowsOf(p.events).map((e) => ({ ...e, dealId: p.after.deal.id }))),
      );
      await insertMessages(
        tx,
        plans.flatMap((p) => p.messages),
      );
      let earliest: number | undefined;
      for (const o of outcomes) if (o && 'clockDueAt' in o && o.clockDueAt !== undefined) earliest = Math.min(earliest ?? Infinity, o.clockDueAt);
      // Delivered by PostgreSQL on commit, to every serve process listening; nothing on SQLite.
      if (earliest !== undefined) await notifyClockWritten(tx, earliest);
      for (const plan of plans) for (const file of plan.files) writeFileAtomic(config.root, file.path, file.content);
      if (opts.dryRun) throw new DryRun(outcomes);
      return outcomes;
    });
    // After the commit, as a transaction per row did: the schedulers hear of each row's clock.
    for (const o of outcomes) if (o && 'clockDueAt' in o && o.clockDueAt !== undefined) clockWritten(engine, o.clockDueAt);
    return outcomes;
  } catch (error) {
    if (error instanceof DryRun) return error.outcomes;
    throw error;
  }
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
