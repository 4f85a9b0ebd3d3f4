import { sql, type Kysely, type RawBuilder } from 'kysely';
import { dialectOf } from '../dialect.js';

/** The SQL type of a bulk column (PostgreSQL's array element type; SQLite takes JSON's). */
export type BulkType = 'text' | 'int4' | 'int8';

/**
 * Many rows as one table expression with a fixed number of parameters, for the batched
 * statements of the fire path (`insert ... select ... from <bulk>`, `update ... from
 * <bulk>`): on PostgreSQL `unnest` of one array per column, on SQLite `json_each` of one
 * JSON array of rows. A `values` list of 200 rows is 1,000 or more parameters that Kysely
 * compiles and PostgreSQL parses and plans on every batch; this is one short statement
 * whatever the number of rows. The expression also has `n`, the row's position from 1:
 * `order by n` keeps the rows in the order given (events' ids are the timeline's order).
 *
 * @example
 * const v = bulkRows(db, 'v', { id: 'text', version: 'int4' }, rows.map((r) => [r.id, r.version]));
 * await sql`update deals set version = v.version from ${v} where deals.id = v.id`.execute(db);
 */
export function bulkRows(db: Kysely<any>, alias: string, columns: Record<string, BulkType>, rows: readonly (readonly unknown[])[]): RawBuilder<unknown> {
  const names = Object.keys(columns);
  if (dialectOf(db) === 'postgres') {
    const arrays = names.map((name, i) => sql`${rows.map((r) => r[i] ?? null)}::${sql.raw(columns[name] as string)}[]`);
    return sql`unnest(${sql.join(arrays)}) with ordinality as ${sql.id(alias)}(${sql.join([...names, 'n'].map((c) => sql.id(c)))})`;
  }
  const picks = names.map((name, i) => sql`value ->> ${sql.raw(String(i))} as ${sql.id(name)}`);
  return sql`(select ${sql.join(picks)}, key + 1 as n from json_each(${JSON.stringify(rows)})) as ${sql.id(alias)}`;
}

/**
 * `column in (ids)` with one parameter, for the same reason as `bulkRows`: on PostgreSQL
 * `= any($1::text[])` (an index scan per id), on SQLite `in (select value from json_each(?))`.
 *
 * @example
 * await db.selectFrom('deals').selectAll().where(inTextList(db, 'id', ids)).execute();
 */
export function inTextList(db: Kysely<any>, column: string, ids: readonly string[]): RawBuilder<boolean> {
  if (dialectOf(db) === 'postgres') return sql<boolean>`${sql.ref(column)} = any(${ids}::text[])`;
  return sql<boolean>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(ids)}))`;
}
