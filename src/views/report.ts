import type { ReportRow, SlaReport } from '../app/report.js';
import { formatDuration } from '../domain/time.js';

/** `report` as a table for people, and as CSV (one line per clock, then per role). */

export const percent = (rate: number | null): string => (rate === null ? '–' : `${Math.round(rate * 100)}%`);
export const duration = (ms: number | null): string => (ms === null ? '–' : formatDuration(ms));

const COLUMNS: [title: string, value: (r: ReportRow) => string][] = [
  ['started', (r) => String(r.started)],
  ['done', (r) => String(r.done)],
  ['on time', (r) => String(r.doneOnTime)],
  ['late', (r) => String(r.doneLate)],
  ['open', (r) => String(r.open)],
  ['past due', (r) => String(r.openPastDue)],
  ['on-time rate', (r) => percent(r.onTimeRate)],
  ['p50', (r) => duration(r.p50Ms)],
  ['p90', (r) => duration(r.p90Ms)],
  ['held', (r) => (r.holds > 0 || r.heldMs > 0 ? `${r.holds} (${duration(r.heldMs)})` : '0')],
];

function table(head: string, rows: { name: string; row: ReportRow }[]): string[] {
  const cells = [[head, ...COLUMNS.map(([t]) => t)], ...rows.map(({ name, row }) => [name, ...COLUMNS.map(([, v]) => v(row))])];
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((c) => c[i]!.length)));
  return cells.map((c) => c.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
}

export function reportText(r: SlaReport): string {
  return [
    `SLA report: clocks started ${r.from} to ${r.to} (${r.timezone}); open ones as of now.`,
    '',
    ...table(
      'clock',
      r.clocks.map((c) => ({ name: c.clock, row: c })),
    ),
    '',
    ...table(
      'role',
      r.roles.map((c) => ({ name: c.role, row: c })),
    ),
    '',
    'On-time rate: done on time over done + open past due. p50/p90: start to done, held time taken off.',
    '',
  ].join('\n');
}

const CSV_FIELDS = ['started', 'done', 'doneOnTime', 'doneLate', 'open', 'openPastDue', 'cancelled', 'onTimeRate', 'p50Ms', 'p90Ms', 'holds', 'heldMs'] as const;

/** One header line, then `clock,<name>,...` and `role,<name>,...`; empty cells for no value. */
export function reportCsv(r: SlaReport): string {
  const line = (kind: string, name: string, row: ReportRow) => [kind, name, ...CSV_FIELDS.map((f) => (row[f] === null ? '' : String(row[f])))].join(',');
  return [
    ['group', 'name', ...CSV_FIELDS, 'from', 'to'].join(','),
    ...r.clocks.map((c) => `${line('clock', c.clock, c)},${r.from},${r.to}`),
    ...r.roles.map((c) => `${line('role', c.role, c)},${r.from},${r.to}`),
    '',
  ].join('\n');
}
