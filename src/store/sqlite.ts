import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteAdapter, SqliteDialect, type SqliteDialectConfig } from 'kysely';
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

/**
 * Kysely prepares every query anew, and better-sqlite3 compiles a statement on every
 * `prepare`: a tenth of a SQLite fire went there. The store runs few distinct SQL texts
 * (its queries, at a few batch sizes), so the compiled statements are kept by text, the
 * least recently used dropped past `max`. Reusing a statement is safe: Kysely runs one
 * query at a time on its one connection, and a streamed query holds that connection until
 * its iterator is done.
 */
function cachingStatements(database: SqliteDatabase.Database, max = 256): SqliteDialectConfig['database'] {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(text: string) {
      let statement = cache.get(text);
      if (statement) {
        cache.delete(text);
      } else {
        statement = database.prepare(text);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      }
      cache.set(text, statement);
      return statement;
    },
    close() {
      cache.clear();
      database.close();
    },
  };
}

export function openSqlite(location: string): Store {
  if (location !== ':memory:') mkdirSync(dirname(resolve(location)), { recursive: true });
  const database = new SqliteDatabase(location);
  database.pragma('busy_timeout = 5000');
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new BatonSqliteDialect({ database: cachingStatements(database) }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}
