import type { Kysely } from 'kysely';

/**
 * For exactly-once delivery to services without idempotency keys: `in_flight_at` marks a
 * send that may have reached the service (set before the call, so a crash leaves the mark),
 * `claimed_until` is a lease so that two processes (a CLI command and
 * `baton serve`) never send the same message at once, and `inbound_events` remembers
 * webhook deliveries already handled.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('in_flight_at', 'bigint').execute();
  await db.schema.alterTable('messages').addColumn('claimed_until', 'bigint').execute();
  await db.schema
    .createTable('inbound_events')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('inbound_events').execute();
  await db.schema.alterTable('messages').dropColumn('claimed_until').execute();
  await db.schema.alterTable('messages').dropColumn('in_flight_at').execute();
}
