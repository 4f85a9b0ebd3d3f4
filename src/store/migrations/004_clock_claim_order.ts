import type { Kysely } from 'kysely';

/**
 * The due-clock claim orders by (due_at, deal_id, name); with only (state, due_at) indexed,
 * clocks due at the same instant were sorted anew on every claim (13.7 ms a claim at a
 * 100k backlog in the benchmark). This index serves the order as written.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('clocks_state_due_deal_name_idx').on('clocks').columns(['state', 'due_at', 'deal_id', 'name']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('clocks_state_due_deal_name_idx').execute();
}
