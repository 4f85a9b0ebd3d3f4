import { kindOf, tapDrivers } from './tap.js';

/**
 * Counts the statements and the rows written while `fn` runs: how many transactions,
 * statements and rows per table one fire costs. Used on a small calibration run only,
 * never on a timed one (the tap costs a little).
 */
export interface StatementCounts {
  statements: number;
  commits: number;
  /** `insert events`, `update clocks`, ... → rows affected. */
  rows: Record<string, number>;
  /** The same keys → statements. */
  byKind: Record<string, number>;
  /** The same keys → milliseconds from call to result (pg: round trip and server work). */
  msByKind: Record<string, number>;
  /** Committed transactions that inserted events (fires), and the most events one of them inserted. */
  fireTransactions: number;
  largestFireTransaction: number;
}

export async function countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; counts: StatementCounts }> {
  const counts: StatementCounts = { statements: 0, commits: 0, rows: {}, byKind: {}, msByKind: {}, fireTransactions: 0, largestFireTransaction: 0 };
  const eventsInTx = new WeakMap<object, number>();
  const untap = tapDrivers((t) => {
    const { kind, write } = kindOf(t.text);
    counts.statements++;
    counts.byKind[kind] = (counts.byKind[kind] ?? 0) + 1;
    counts.msByKind[kind] = (counts.msByKind[kind] ?? 0) + t.ms;
    if (write && t.rows !== undefined) counts.rows[kind] = (counts.rows[kind] ?? 0) + t.rows;
    if (kind === 'begin' || kind === 'rollback') eventsInTx.set(t.connection, 0);
    if (kind === 'insert events') eventsInTx.set(t.connection, (eventsInTx.get(t.connection) ?? 0) + (t.rows ?? 0));
    if (kind === 'commit') {
      counts.commits++;
      const events = eventsInTx.get(t.connection) ?? 0;
      if (events > 0) {
        counts.fireTransactions++;
        counts.largestFireTransaction = Math.max(counts.largestFireTransaction, events);
      }
      eventsInTx.set(t.connection, 0);
    }
  });
  try {
    const result = await fn();
    // Let the last pg promise callbacks run.
    await new Promise((r) => setImmediate(r));
    return { result, counts };
  } finally {
    untap();
  }
}

/** Statement kinds by the time spent in them, largest first: `upsert clocks 31 %, ...`. */
export function timeShares(counts: StatementCounts, top = 6): string {
  const total = Object.values(counts.msByKind).reduce((a, b) => a + b, 0);
  return Object.entries(counts.msByKind)
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, ms]) => `${k} ${Math.round((ms / total) * 100)} %`)
    .join(', ');
}

/** Per fire, rounded to 2 decimals. */
export function perFire(counts: StatementCounts, fires: number): { statements: number; transactions: number; rows: Record<string, number>; byKind: Record<string, number> } {
  const r = (v: number) => Math.round((v / fires) * 100) / 100;
  return {
    statements: r(counts.statements),
    transactions: r(counts.commits),
    rows: Object.fromEntries(Object.entries(counts.rows).map(([k, v]) => [k, r(v)])),
    byKind: Object.fromEntries(Object.entries(counts.byKind).map(([k, v]) => [k, r(v)])),
  };
}
