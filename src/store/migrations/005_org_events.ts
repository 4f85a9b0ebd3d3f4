import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Org-level events (SPEC §13): heartbeats, manual activations, summaries filed, board
 * syncs. They belong to no deal, so they have their own append-only table, read by
 * `baton audit` in time order. `agents` stays the projection the delivery gate reads.
 * `watermarks` keeps the latest `tick`, and events get an index on `at`, so that a tick at
 * an earlier time than the record can see it and fire nothing (SPEC §18).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const table = pg
    ? db.schema.createTable('org_events').addColumn('id', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
    : db.schema.createTable('org_events').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  await table
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('org_events_at_idx').on('org_events').columns(['at', 'id']).execute();
  await db.schema
    .createTable('watermarks')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_at_idx').on('events').column('at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('events_at_idx').execute();
  await db.schema.dropTable('watermarks').execute();
  await db.schema.dropTable('org_events').execute();
}
