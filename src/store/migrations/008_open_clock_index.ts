import { sql, type Kysely } from 'kysely';

/**
 * Due rows are of two states since 006 (a clock `pending`, a reminder `armed`). An index
 * led by state serves the claim's order (due_at, deal_id, name) within one state only, so
 * every claim sorted the whole due backlog anew (a drain of 100,000 clocks fell from about
 * 10,000 to 4,700 fires/s on SQLite in the benchmark). This partial index holds the
 * claimable rows alone, in the claim's order; the claim and the wake-up query name the
 * same predicate, written out (queries/claimable.ts), so both stores can prove it at
 * planning time.
 */

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('clocks_claimable_due_idx').on('clocks').columns(['due_at', 'deal_id', 'name']).where(sql<boolean>`state in ('pending', 'armed')`).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('clocks_claimable_due_idx').execute();
}
