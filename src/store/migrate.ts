import { Migrator, sql } from 'kysely';
import { isRetryable } from './errors.js';
import { migrationProvider } from './migrations/index.js';
import type { Store } from './open.js';

export async function migrate(store: Store, pgSchema: string | undefined): Promise<void> {
  // Kysely looks for its own tables in every schema unless told which one to use.
  let migrationTableSchema = pgSchema;
  if (store.dialect === 'postgres' && !migrationTableSchema) {
    const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(store.db);
    migrationTableSchema = rows[0]?.schema ?? undefined;
  }
  const migrator = new Migrator({ db: store.db, provider: migrationProvider, migrationTableSchema });
  for (let attempt = 1; ; attempt++) {
    const { error } = await migrator.migrateToLatest();
    if (!error) return;
    // Another process migrating the same SQLite file at the same moment: look again.
    if (attempt >= 3 || !isRetryable(error)) throw error;
  }
}
