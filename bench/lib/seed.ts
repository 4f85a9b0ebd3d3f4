import { sql, type Kysely } from 'kysely';
import { execute } from '../../src/engine/execute.js';
import type { Engine } from '../../src/engine/engine.js';
import type { BenchStore } from './stores.js';

/**
 * Seeding what the engine itself writes (the bulk copies are in ./bulk.ts). The first handoffs go through `execute` (deal.add,
 * deal.commit written, deal.stage closed-won: T0, the packet and announcement clocks); the
 * rest are copies of the first one's rows (deals, handoffs, clocks, events) with the deal id
 * swapped everywhere it appears and, for handoffs started at another time, every time value
 * moved by the difference. Before anything is bulk-copied, the copy of handoff 1 made for
 * ids 2 and 3 must equal, column for column, the rows the engine wrote for 2 and 3; after,
 * the first and last copies are read back and compared again.
 */

export const HOUR = 3_600_000;
/** v1.0: the packet is due two hours after T0. */
export const PACKET_DUE_MS = 2 * HOUR;
/** A fixed T0 for the drain and idle stores (the lateness stores use the wall clock). */
export const BASE_T0 = Date.parse('2026-11-26T09:00:00.000Z');
/** How many handoffs go through the engine before the copies start. */
export const THROUGH_ENGINE = 3;

export function dealId(i: number): string {
  return `b${String(i).padStart(7, '0')}`;
}

export async function seedThroughEngine(engine: Engine, i: number, t0: number): Promise<void> {
  const id = dealId(i);
  const at = { now: t0, actor: 'cro' as const };
  await execute(
    engine,
    id,
    {
      type: 'deal.add',
      company: `Bench ${id} Corp`,
      contact: { name: `Ada ${id}`, title: 'CTO', email: `ada.${id}@bench.example`, phone: '+1 555 0100' },
      origin: 'Webinar',
    },
    at,
  );
  await execute(engine, id, { type: 'deal.commit', commitment: 'written' }, at);
  await execute(engine, id, { type: 'deal.stage', stage: 'closed-won' }, at);
}

export type Row = Record<string, unknown>;

export interface TableSpec {
  table: string;
  key: string;
  order: string;
  /** An autoincrement / identity column, left to the database. */
  identity?: string;
}

/** Every table that holds rows of one deal at this point of its life. */
export const TABLES: readonly TableSpec[] = [
  { table: 'deals', key: 'id', order: 'id' },
  { table: 'handoffs', key: 'deal_id', order: 'deal_id' },
  { table: 'clocks', key: 'deal_id', order: 'name' },
  { table: 'events', key: 'deal_id', order: 'id', identity: 'id' },
  { table: 'messages', key: 'deal_id', order: 'id', identity: 'id' },
];

export interface Template {
  id: string;
  t0: number;
  /** Every epoch-millisecond value found in the rows: these move with a handoff's T0. */
  times: Set<number>;
  rows: Record<string, Row[]>;
  /** The identity values (events.id) of the template's rows, in order. */
  identities: Record<string, unknown[]>;
}

export async function readRows(db: Kysely<any>, id: string): Promise<Record<string, Row[]>> {
  const out: Record<string, Row[]> = {};
  for (const spec of TABLES) {
    const { rows } = await sql<Row>`select * from ${sql.table(spec.table)} where ${sql.ref(spec.key)} = ${id} order by ${sql.ref(spec.order)}`.execute(db);
    out[spec.table] = rows.map((r) => {
      const copy: Row = {};
      for (const [k, v] of Object.entries(r)) if (k !== spec.identity) copy[k] = typeof v === 'bigint' ? Number(v) : v;
      return copy;
    });
  }
  return out;
}

const THIRTEEN_DIGITS = /(?<!\d)\d{13}(?!\d)/g;

function timesIn(rows: Record<string, Row[]>): Set<number> {
  const times = new Set<number>();
  for (const list of Object.values(rows)) {
    for (const row of list) {
      for (const v of Object.values(row)) {
        if (typeof v === 'number' && v >= 1e12 && v < 1e13) times.add(v);
        if (typeof v === 'string') for (const m of v.match(THIRTEEN_DIGITS) ?? []) times.add(Number(m));
      }
    }
  }
  return times;
}

const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Handoff 1's rows as the engine would have written them for handoff `i` started `shift`
 * ms later; undefined when that moves T0 to another calendar day (the close date and the
 * packet path would change too): such a handoff goes through the engine instead.
 */
export function cloneRows(tpl: Template, i: number, shift: number): Record<string, Row[]> | undefined {
  if (shift !== 0 && utcDate(tpl.t0 + shift) !== utcDate(tpl.t0)) return undefined;
  const id = dealId(i);
  const move = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const swapped = v.split(tpl.id).join(id);
      return shift === 0 ? swapped : swapped.replace(THIRTEEN_DIGITS, (m) => (tpl.times.has(Number(m)) ? String(Number(m) + shift) : m));
    }
    if (typeof v === 'number' && tpl.times.has(v)) return v + shift;
    return v;
  };
  const out: Record<string, Row[]> = {};
  for (const [table, rows] of Object.entries(tpl.rows)) {
    out[table] = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, move(v)])));
  }
  return out;
}

function stable(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));
}

export function assertSameRows(expected: Record<string, Row[]> | undefined, actual: Record<string, Row[]>, what: string): void {
  if (!expected) throw new Error(`seed check: no copy for ${what}`);
  for (const spec of TABLES) {
    const e = stable(expected[spec.table] ?? []);
    const a = stable(actual[spec.table] ?? []);
    if (e !== a) throw new Error(`seed check failed for ${what}, table ${spec.table}:\n copy:   ${e}\n engine: ${a}`);
  }
}

/**
 * Seeds handoffs 1..3 through the engine at `t0s[0..2]` (the same T0 when only one is
 * given) and checks that copying handoff 1 reproduces 2 and 3 exactly.
 */
export async function prepareTemplate(store: BenchStore, t0s: readonly number[]): Promise<Template> {
  const t0Of = (i: number) => t0s[Math.min(i - 1, t0s.length - 1)] as number;
  for (let i = 1; i <= THROUGH_ENGINE; i++) await seedThroughEngine(store.engine, i, t0Of(i));
  const db = store.engine.store.db;
  const rows = await readRows(db, dealId(1));
  const identities: Record<string, unknown[]> = {};
  for (const spec of TABLES) {
    if (!spec.identity) continue;
    const { rows: ids } =
      await sql<Row>`select ${sql.ref(spec.identity)} as v from ${sql.table(spec.table)} where ${sql.ref(spec.key)} = ${dealId(1)} order by ${sql.ref(spec.order)}`.execute(db);
    identities[spec.table] = ids.map((r) => r.v);
  }
  const tpl: Template = { id: dealId(1), t0: t0Of(1), times: timesIn(rows), rows, identities };
  if ((rows.messages ?? []).length !== 0) throw new Error('seed: the template handoff owes messages already; the bench expects none');
  for (let i = 2; i <= THROUGH_ENGINE; i++) {
    assertSameRows(cloneRows(tpl, i, t0Of(i) - tpl.t0), await readRows(db, dealId(i)), `handoff ${i} (copy of 1 vs engine)`);
  }
  return tpl;
}
