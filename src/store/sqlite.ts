import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteAdapter, SqliteDialect } from 'kysely';
import type { Store } from './open.js';
import type { Database } from './schema.js';

/**
 * SQLite does transactional DDL; Kysely's adapter just does not claim it. Claiming it
 * makes the Migrator run each migration inside a transaction, so a crash cannot leave a
 * half-applied schema, and two processes migrating one file at once cannot both apply it.
 */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class BatonSqliteDialect extends SqliteDialect {
  override createAdapter(): SqliteAdapter {
    return new TransactionalSqliteAdapter();
  }
}

export function openSqlite(location: string): Store {
  if (location !== ':memory:') mkdirSync(dirname(resolve(location)), { recursive: true });
  const database = new SqliteDatabase(location);
  database.pragma('busy_timeout = 5000');
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new BatonSqliteDialect({ database }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

