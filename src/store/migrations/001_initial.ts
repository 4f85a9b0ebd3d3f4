import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * The first schema (see ../schema.ts for the row shapes). Times are epoch milliseconds in
 * bigint columns and JSON is text, so both stores hold the same values. The only
 * difference between dialects is how an autoincrement id is declared.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const id = (table: string) =>
    pg
      ? db.schema.createTable(table).addColumn('id', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
      : db.schema.createTable(table).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await db.schema
    .createTable('deals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('company', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('deals_created_at_id_idx').on('deals').columns(['created_at', 'id']).execute();

  await db.schema
    .createTable('handoffs')
    .addColumn('deal_id', 'text', (c) => c.primaryKey().references('deals.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('cycle', 'integer', (c) => c.notNull())
    .addColumn('t0', 'bigint', (c) => c.notNull())
    .addColumn('packet_path', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('handoffs_packet_path_key', ['packet_path'])
    .execute();

  await db.schema
    .createTable('clocks')
    .addColumn('deal_id', 'text', (c) => c.notNull().references('handoffs.deal_id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('done_at', 'bigint')
    .addColumn('missed_at', 'bigint')
    .addPrimaryKeyConstraint('clocks_pkey', ['deal_id', 'name'])
    .execute();
  await db.schema.createIndex('clocks_state_due_at_idx').on('clocks').columns(['state', 'due_at']).execute();

  await id('events')
    .addColumn('deal_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('late_ms', 'bigint')
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_deal_id_id_idx').on('events').columns(['deal_id', 'id']).execute();

  await id('messages')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('deal_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint')
    .addColumn('external_id', 'text')
    .addUniqueConstraint('messages_key_key', ['key'])
    .execute();
  await db.schema.createIndex('messages_state_next_attempt_at_idx').on('messages').columns(['state', 'next_attempt_at']).execute();
  await db.schema.createIndex('messages_deal_id_idx').on('messages').columns(['deal_id', 'id']).execute();

  await id('delivery_items')
    .addColumn('deal_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('customer', 'text', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('window_end', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('milestones', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('delivery_items_deal_id_key', ['deal_id'])
    .execute();

  await db.schema
    .createTable('agents')
    .addColumn('role', 'text', (c) => c.primaryKey())
    .addColumn('last_heartbeat_at', 'bigint')
    .addColumn('activated_at', 'bigint')
    .addColumn('activated_by', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['agents', 'delivery_items', 'messages', 'events', 'clocks', 'handoffs', 'deals']) {
    await db.schema.dropTable(table).execute();
  }
}
