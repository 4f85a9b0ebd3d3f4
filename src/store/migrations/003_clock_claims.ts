import type { Kysely } from 'kysely';

/**
 * Several `baton serve` processes share one store: a scheduler claims a batch of due clocks
 * (`claimed_until`, a lease like the one messages have) before firing them, so that the
 * others skip them instead of racing for the same deals. A process that dies mid-batch
 * leaves its claims to expire; the clocks are then claimed again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('clocks').addColumn('claimed_until', 'bigint').execute();
  // The next lease to end, found without scanning every pending clock or queued message:
  // `nextClockWakeAt`, `nextMessageWakeAt`.
  await db.schema.createIndex('clocks_claimed_until_idx').on('clocks').column('claimed_until').execute();
  await db.schema.createIndex('messages_claimed_until_idx').on('messages').column('claimed_until').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('messages_claimed_until_idx').execute();
  await db.schema.dropIndex('clocks_claimed_until_idx').execute();
  await db.schema.alterTable('clocks').dropColumn('claimed_until').execute();
}
