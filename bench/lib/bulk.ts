import SqliteDatabase from 'better-sqlite3';
import { connect } from './pg.js';
import { THROUGH_ENGINE, TABLES, assertSameRows, cloneRows, dealId, readRows, seedThroughEngine, type Template } from './seed.js';
import type { BenchStore } from './stores.js';

/**
 * Bulk copies of the template handoff (see ./seed.ts): inside the database for handoffs at
 * the template's own T0 (`copyHandoffs`, one insert ... select per table), or as rows built
 * here for handoffs moved in time (`insertShifted`). Both are checked against the copy the
 * template makes in memory, which itself was checked against the engine.
 */

interface Writer {
  insert(table: string, columns: string[], rows: unknown[][]): Promise<void>;
  /** Copies handoff 1 to ids from..to inside the database (no time shift). */
  copyRange(tpl: Template, from: number, to: number): Promise<void>;
  finish(): Promise<void>;
}

const q = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

function columnsOf(tpl: Template, table: string): { columns: string[]; text: Set<string> } {
  const first = tpl.rows[table]?.[0];
  if (!first) return { columns: [], text: new Set() };
  const columns = Object.keys(first);
  return { columns, text: new Set(columns.filter((c) => typeof first[c] === 'string')) };
}

/**
 * The statements that copy handoff 1: one per table, and for a table whose rows have an
 * order of their own (events: the id is the timeline's order) one per template row, so
 * that every copy gets its rows in the template's order without sorting the whole copy.
 */
function copySteps(tpl: Template): { table: string; columns: string[]; text: Set<string>; where: string; params: unknown[] }[] {
  const steps: { table: string; columns: string[]; text: Set<string>; where: string; params: unknown[] }[] = [];
  for (const spec of TABLES) {
    const { columns, text } = columnsOf(tpl, spec.table);
    if (columns.length === 0) continue;
    if (!spec.identity) {
      steps.push({ table: spec.table, columns, text, where: `${q(spec.key)} = ?`, params: [tpl.id] });
      continue;
    }
    for (const id of tpl.identities[spec.table] ?? []) {
      steps.push({ table: spec.table, columns, text, where: `${q(spec.identity)} = ?`, params: [id] });
    }
  }
  return steps;
}

function sqliteWriter(file: string): Writer {
  const db = new SqliteDatabase(file);
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  return {
    async insert(table, columns, rows) {
      const stmt = db.prepare(`insert into ${q(table)} (${columns.map(q).join(', ')}) values (${columns.map(() => '?').join(', ')})`);
      db.transaction(() => {
        for (const r of rows) stmt.run(r);
      })();
    },
    async copyRange(tpl, from, to) {
      db.transaction(() => {
        for (const step of copySteps(tpl)) {
          const exprs = step.columns.map((c) => (step.text.has(c) ? `replace(src.${q(c)}, '${tpl.id}', 'b' || printf('%07d', g.i))` : `src.${q(c)}`));
          db.prepare(
            `with recursive g(i) as (select ? union all select i + 1 from g where i < ?)
             insert into ${q(step.table)} (${step.columns.map(q).join(', ')})
             select ${exprs.join(', ')} from g cross join (select * from ${q(step.table)} where ${step.where}) as src`,
          ).run(from, to, ...step.params);
        }
      })();
    },
    async finish() {
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}

async function pgWriter(url: string, schema: string): Promise<Writer> {
  const client = await connect(url, schema);
  return {
    async insert(table, columns, rows) {
      const per = Math.max(1, Math.floor(30_000 / columns.length));
      for (let i = 0; i < rows.length; i += per) {
        const chunk = rows.slice(i, i + per);
        const params: unknown[] = [];
        const values = chunk.map((r) => `(${r.map((v) => (params.push(v), `$${params.length}`)).join(', ')})`);
        await client.query(`insert into ${q(table)} (${columns.map(q).join(', ')}) values ${values.join(', ')}`, params);
      }
    },
    async copyRange(tpl, from, to) {
      await client.query('begin');
      for (const step of copySteps(tpl)) {
        const exprs = step.columns.map((c) => (step.text.has(c) ? `replace(src.${q(c)}, '${tpl.id}', 'b' || lpad(g.i::text, 7, '0'))` : `src.${q(c)}`));
        let n = 2;
        const where = step.where.replace(/\?/g, () => `$${++n}`);
        await client.query(
          `insert into ${q(step.table)} (${step.columns.map(q).join(', ')})
           select ${exprs.join(', ')} from generate_series($1::int, $2::int) as g(i) cross join (select * from ${q(step.table)} where ${where}) as src`,
          [from, to, ...step.params],
        );
      }
      await client.query('commit');
    },
    async finish() {
      // What autovacuum would do within a minute of such a load: fresh planner statistics and
      // the visibility map (a count reads the index alone).
      await client.query('vacuum analyze deals, handoffs, clocks, events, messages');
      await client.end();
    },
  };
}

async function writerFor(store: BenchStore): Promise<Writer> {
  if (store.kind === 'sqlite') return sqliteWriter(store.location);
  if (!store.pgSchema) throw new Error('postgres store without schema');
  const url = new URL(store.location);
  url.searchParams.delete('options');
  return pgWriter(url.toString(), store.pgSchema);
}

/** Handoffs from..to, all at the template's T0, copied inside the database; checked after. */
export async function copyHandoffs(store: BenchStore, tpl: Template, from: number, to: number, onProgress?: (done: number) => void): Promise<void> {
  if (to < from) return;
  const writer = await writerFor(store);
  try {
    const step = 100_000;
    for (let a = from; a <= to; a += step) {
      const b = Math.min(to, a + step - 1);
      await writer.copyRange(tpl, a, b);
      onProgress?.(b);
    }
  } finally {
    await writer.finish();
  }
  const db = store.engine.store.db;
  for (const i of new Set([from, to])) assertSameRows(cloneRows(tpl, i, 0), await readRows(db, dealId(i)), `handoff ${i} (bulk copy)`);
}

/**
 * Handoffs 4..t0s.length, each at its own T0 (copies of handoff 1 moved in time; one whose
 * T0 falls on another day goes through the engine). Checked after, first and last.
 */
export async function insertShifted(store: BenchStore, tpl: Template, t0s: readonly number[]): Promise<void> {
  const byTable = new Map<string, { columns: string[]; rows: unknown[][] }>();
  const viaEngine: number[] = [];
  for (let i = THROUGH_ENGINE + 1; i <= t0s.length; i++) {
    const rows = cloneRows(tpl, i, (t0s[i - 1] as number) - tpl.t0);
    if (!rows) {
      viaEngine.push(i);
      continue;
    }
    for (const [table, list] of Object.entries(rows)) {
      for (const r of list) {
        let entry = byTable.get(table);
        if (!entry) byTable.set(table, (entry = { columns: Object.keys(r), rows: [] }));
        entry.rows.push(entry.columns.map((c) => r[c]));
      }
    }
  }
  const writer = await writerFor(store);
  try {
    for (const spec of TABLES) {
      const entry = byTable.get(spec.table);
      if (entry && entry.rows.length > 0) await writer.insert(spec.table, entry.columns, entry.rows);
    }
  } finally {
    await writer.finish();
  }
  for (const i of viaEngine) await seedThroughEngine(store.engine, i, t0s[i - 1] as number);
  const db = store.engine.store.db;
  const last = t0s.length;
  if (last > THROUGH_ENGINE && !viaEngine.includes(last)) {
    assertSameRows(cloneRows(tpl, last, (t0s[last - 1] as number) - tpl.t0), await readRows(db, dealId(last)), `handoff ${last} (bulk insert)`);
  }
}
