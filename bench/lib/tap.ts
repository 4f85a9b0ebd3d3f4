import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';

/**
 * A tap on both drivers (pg's Client.query and better-sqlite3's statements' run/all/get),
 * installed only while a calibration or a lateness run needs it: every statement that
 * completes is reported with its connection, its parameters and the rows it affected.
 * Baton's code is untouched; this is how the bench sees transactions and commit times.
 */
export interface Tapped {
  /** The pg Client or the better-sqlite3 Database the statement ran on. */
  connection: object;
  text: string;
  params: readonly unknown[];
  /** Rows affected (writes) or returned (reads), when known. */
  rows: number | undefined;
  /** From the call to the result (for pg: the round trip and the server's work). */
  ms: number;
}

export function kindOf(text: string): { kind: string; write: boolean } {
  const s = text.trim().replace(/\s+/g, ' ').toLowerCase();
  if (/^(begin|start transaction)/.test(s)) return { kind: 'begin', write: false };
  if (/^commit/.test(s)) return { kind: 'commit', write: false };
  if (/^rollback/.test(s)) return { kind: 'rollback', write: false };
  const m = /^(?:with .*?\)\s*)?(insert into|update|delete from) "?([a-z_]+)"?/.exec(s);
  if (m) {
    const verb = m[1] === 'insert into' ? 'insert' : m[1] === 'delete from' ? 'delete' : 'update';
    return { kind: `${verb} ${m[2]}`, write: true };
  }
  const from = /\bfrom "?([a-z_]+)"?/.exec(s);
  return { kind: `select ${from?.[1] ?? '?'}`, write: false };
}

/** Installs the tap; returns the function that removes it. */
export function tapDrivers(onDone: (t: Tapped) => void): () => void {
  const client = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const originalQuery = client.query;
  client.query = function (this: object, ...args: unknown[]) {
    const first = args[0] as string | { text?: string; values?: unknown[] } | undefined;
    const text = typeof first === 'string' ? first : (first?.text ?? '');
    const params = (typeof first === 'string' ? args[1] : first?.values) as unknown[] | undefined;
    const started = performance.now();
    const out = originalQuery.apply(this, args);
    if (out && typeof (out as Promise<unknown>).then === 'function') {
      (out as Promise<{ rowCount?: number | null }>).then(
        (r) => onDone({ connection: this, text, params: params ?? [], rows: r?.rowCount ?? undefined, ms: performance.now() - started }),
        () => onDone({ connection: this, text, params: params ?? [], rows: undefined, ms: performance.now() - started }),
      );
    }
    return out;
  };

  // better-sqlite3: the Statement prototype, so that statements prepared before the tap
  // (the store caches its prepared statements) are seen too.
  const probe = new SqliteDatabase(':memory:');
  const statement = Object.getPrototypeOf(probe.prepare('select 1')) as Record<'run' | 'all' | 'get', (...a: unknown[]) => unknown>;
  probe.close();
  const original = { run: statement.run, all: statement.all, get: statement.get };
  const flat = (a: unknown[]) => (a.length === 1 && Array.isArray(a[0]) ? (a[0] as unknown[]) : a);
  type Stmt = { source: string; database: object };
  statement.run = function (this: Stmt, ...a: unknown[]) {
    const started = performance.now();
    const r = original.run.apply(this, a) as { changes: number };
    onDone({ connection: this.database, text: this.source, params: flat(a), rows: r.changes, ms: performance.now() - started });
    return r;
  };
  // `insert ... returning` / `update ... returning` are readers: rows returned = rows written.
  statement.all = function (this: Stmt, ...a: unknown[]) {
    const started = performance.now();
    const r = original.all.apply(this, a);
    onDone({ connection: this.database, text: this.source, params: flat(a), rows: Array.isArray(r) ? r.length : undefined, ms: performance.now() - started });
    return r;
  };
  statement.get = function (this: Stmt, ...a: unknown[]) {
    const started = performance.now();
    const r = original.get.apply(this, a);
    onDone({ connection: this.database, text: this.source, params: flat(a), rows: r === undefined ? 0 : 1, ms: performance.now() - started });
    return r;
  };

  return () => {
    client.query = originalQuery;
    Object.assign(statement, original);
  };
}

/**
 * The scalar values in a statement's parameters: batched statements pass a column as an
 * array (PostgreSQL's unnest) or all their rows as one JSON array (SQLite's json_each).
 */
function* scalars(values: readonly unknown[]): Generator<unknown> {
  for (const v of values) {
    if (Array.isArray(v)) yield* scalars(v);
    else if (typeof v === 'string' && v.startsWith('[')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(v);
      } catch {
        yield v;
        continue;
      }
      if (Array.isArray(parsed)) yield* scalars(parsed);
      else yield v;
    } else yield v;
  }
}

/**
 * The wall-clock time at which each deal's clock.missed event (or `event`'s) was committed:
 * the deal ids are read from the parameters of the `insert into events` statements of a
 * transaction, and stamped when that connection's transaction commits.
 */
export function observeCommits(
  isDealId: (v: unknown) => boolean,
  event: RegExp = /clock\.missed/,
): {
  committedAt: Map<string, number>;
  /** Statements by kind (`select clocks`, `update messages`, ...) while observing. */
  byKind: Map<string, number>;
  stop: () => void;
} {
  const committedAt = new Map<string, number>();
  const byKind = new Map<string, number>();
  const pending = new WeakMap<object, string[]>();
  const stop = tapDrivers((t) => {
    const { kind } = kindOf(t.text);
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    if (kind === 'begin' || kind === 'rollback') pending.set(t.connection, []);
    else if (kind === 'insert events' && event.test(JSON.stringify(t.params))) {
      const list = pending.get(t.connection) ?? [];
      for (const p of scalars(t.params)) if (isDealId(p)) list.push(p as string);
      pending.set(t.connection, list);
    } else if (kind === 'commit') {
      const now = Date.now();
      for (const id of pending.get(t.connection) ?? []) if (!committedAt.has(id)) committedAt.set(id, now);
      pending.set(t.connection, []);
    }
  });
  return { committedAt, byKind, stop };
}
