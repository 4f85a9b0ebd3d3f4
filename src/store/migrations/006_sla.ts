import type { Kysely } from 'kysely';

/**
 * SPEC §15, SLA-grade clocks.
 * - `policies`: every distinct policy a handoff started under, stored once, keyed by the
 *   hash of its content; the handoff names it (`policyId` in its data) and every clock it
 *   starts follows it, however the config changes later.
 * - `clocks.data`: what a clock carries besides its times (reminder instants and how many
 *   were sent, a hold, working-time counting), as JSON. A clock's reminders are rows of
 *   this table too (`packet#reminder-1`), claimed and fired like clocks, so that each is
 *   sent once however many schedulers run; their states are `armed`, `reminded`, `void`.
 *   A held clock's row is `held`, which no scheduler claims.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('clocks').addColumn('data', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('clocks').dropColumn('data').execute();
  await db.schema.dropTable('policies').execute();
}
