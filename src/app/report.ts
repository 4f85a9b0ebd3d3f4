import { sql } from 'kysely';
import { CLOCK_OWNERS } from '../domain/owners.js';
import { BatonError, type Problem } from '../domain/problem.js';
import { addDays, dayBounds, isIsoDate, localDate } from '../domain/time.js';
import { CLOCK_NAMES, ROLES, type ClockName, type Role } from '../domain/types.js';
import type { Engine } from '../engine/engine.js';
import { clockCounts, clockPercentiles, heldTotals, type ClockCounts, type ClockPercentiles } from '../store/index.js';

/** How many org-local days the report covers when `from` is not given. */
export const REPORT_DAYS = 30;

/** One line of the report: a clock, or a role over the clocks it owns. */
export interface ReportRow {
  started: number;
  done: number;
  doneOnTime: number;
  doneLate: number;
  /** Pending or overdue now. */
  open: number;
  /** Open and past the due time now (overdue, or pending past due and not fired yet). */
  openPastDue: number;
  cancelled: number;
  /** Done on time over everything decided (done, or open past due); null when nothing is. */
  onTimeRate: number | null;
  /** Nearest-rank percentiles of the time from start to done, held time taken off; null when none is done. */
  p50Ms: number | null;
  p90Ms: number | null;
  /** Holds placed, and the time resumed holds lasted, counted apart (events in the period). */
  holds: number;
  heldMs: number;
}

export interface SlaReport {
  /** The first and last org-local days counted (clocks started on them). */
  from: string;
  to: string;
  timezone: string;
  /** The time open clocks are judged at. */
  computedAt: number;
  clocks: (ReportRow & { clock: ClockName; owner: Role })[];
  roles: (ReportRow & { role: Role })[];
}

function badDate(field: 'from' | 'to', value: string): Problem {
  return { code: 'invalid', field, message: `"${value}" is not a date`, fix: 'write it as YYYY-MM-DD, e.g. 2026-11-01 (an org-local day)' };
}

/** `from`/`to` as given, checked and defaulted: the last 30 org-local days to `now`. */
export function reportRange(range: { from?: string; to?: string; now: number }, timezone: string): { from: string; to: string } {
  const problems: Problem[] = [];
  if (range.from !== undefined && !isIsoDate(range.from)) problems.push(badDate('from', range.from));
  if (range.to !== undefined && !isIsoDate(range.to)) problems.push(badDate('to', range.to));
  if (problems.length > 0) throw new BatonError('invalid', problems);
  const to = range.to ?? (range.from !== undefined ? maxDate(range.from, localDate(range.now, timezone)) : localDate(range.now, timezone));
  const from = range.from ?? addDays(to, -(REPORT_DAYS - 1));
  if (from > to) {
    throw new BatonError('invalid', [{ code: 'invalid', field: 'from', message: `${from} is after to (${to})`, fix: `give a from on or before ${to}, or swap the two dates` }]);
  }
  return { from, to };
}

const maxDate = (a: string, b: string) => (a > b ? a : b);

function row(counts: ClockCounts | undefined, pct: ClockPercentiles | undefined, held: { holds: number; heldMs: number }): ReportRow {
  const c = counts ?? { started: 0, done: 0, doneOnTime: 0, open: 0, openPastDue: 0, cancelled: 0 };
  const decided = c.done + c.openPastDue;
  return {
    started: c.started,
    done: c.done,
    doneOnTime: c.doneOnTime,
    doneLate: c.done - c.doneOnTime,
    open: c.open,
    openPastDue: c.openPastDue,
    cancelled: c.cancelled,
    onTimeRate: decided === 0 ? null : c.doneOnTime / decided,
    p50Ms: pct?.p50Ms ?? null,
    p90Ms: pct?.p90Ms ?? null,
    holds: held.holds,
    heldMs: held.heldMs,
  };
}

/**
 * SPEC §15: per clock and per role, for the clocks started on the org-local days `from` to
 * `to` (default the last 30 days to `now`): how many started, were done (on time, late), are
 * open and open past due; the on-time rate; p50/p90 time to done; and held time apart. The
 * numbers `baton report`, `GET /api/report`, the MCP tool `report` and the health page show.
 * A bad date is a Problem naming `from` or `to`.
 *
 * @example
 *   const r = await report(engine, { from: '2026-11-01', to: '2026-11-30', now: Date.now() });
 *   r.clocks.find((c) => c.clock === 'packet')?.onTimeRate; // 0.93
 */
export async function report(engine: Engine, range: { from?: string; to?: string; now: number }): Promise<SlaReport> {
  const tz = engine.config.org.timezone;
  const { from, to } = reportRange(range, tz);
  const span = { start: dayBounds(from, tz).start, end: dayBounds(to, tz).end, now: range.now };
  const db = engine.store.db;
  const byName = sql<string>`clocks.name`;
  const owners = Object.entries(CLOCK_OWNERS).map(([clock, role]) => sql`when ${sql.lit(clock)} then ${sql.lit(role)}`);
  const byRole = sql<string>`case clocks.name ${sql.join(owners, sql` `)} end`;

  const [nameCounts, rolesCounts, namePct, rolePct, held] = [
    await clockCounts(db, byName, span),
    await clockCounts(db, byRole, span),
    await clockPercentiles(db, byName, span),
    await clockPercentiles(db, byRole, span),
    await heldTotals(db, span),
  ];
  const heldOf = (clocks: readonly string[]) =>
    held.filter((h) => clocks.includes(h.clock)).reduce((a, h) => ({ holds: a.holds + h.holds, heldMs: a.heldMs + h.heldMs }), { holds: 0, heldMs: 0 });
  const clocks = CLOCK_NAMES.map((clock) => ({
    clock,
    owner: CLOCK_OWNERS[clock],
    ...row(
      nameCounts.find((c) => c.group === clock),
      namePct.find((p) => p.group === clock),
      heldOf([clock]),
    ),
  }));
  const owning = ROLES.filter((role) => CLOCK_NAMES.some((c) => CLOCK_OWNERS[c] === role));
  const roles = owning.map((role) => ({
    role,
    ...row(
      rolesCounts.find((c) => c.group === role),
      rolePct.find((p) => p.group === role),
      heldOf(CLOCK_NAMES.filter((c) => CLOCK_OWNERS[c] === role)),
    ),
  }));
  return { from, to, timezone: tz, computedAt: range.now, clocks, roles };
}
