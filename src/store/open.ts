import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, Kysely, Migrator, PostgresDialect, SqliteAdapter, SqliteDialect, sql } from 'kysely';
import type { Dialect } from './dialect.js';
import { isRetryable } from './errors.js';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';

export type { Dialect } from './dialect.js';

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

/**
 * Opens the store and migrates it to the latest schema.
 *
 * `location` is a SQLite file path (its folder is created) or a `postgres://` /
 * `postgresql://` URL. With `pgSchema`, the schema is created if missing and every pooled
 * connection uses it as its search_path (tests get a fresh schema each).
 *
 * @example
 * const store = await openStore('.baton/baton.db');
 * const store = await openStore('postgres://postgres@127.0.0.1:5432/baton', { pgSchema: 'baton' });
 */
export async function openStore(location: string, opts: { pgSchema?: string } = {}): Promise<Store> {
  const store = /^postgres(ql)?:\/\//i.test(location)
    ? await openPostgres(location, opts.pgSchema)
    : openSqlite(location);
  try {
    await migrate(store, opts.pgSchema);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

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

function openSqlite(location: string): Store {
  if (location !== ':memory:') mkdirSync(dirname(resolve(location)), { recursive: true });
  const database = new SqliteDatabase(location);
  database.pragma('busy_timeout = 5000');
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new BatonSqliteDialect({ database }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

async function openPostgres(url: string, pgSchema: string | undefined): Promise<Store> {
  if (pgSchema !== undefined && !SCHEMA_NAME.test(pgSchema)) {
    throw new Error(`pgSchema must be a lowercase SQL identifier (a-z, 0-9, _), got ${JSON.stringify(pgSchema)}`);
  }
  // Loaded only here, so that a SQLite command does not pay for the PostgreSQL driver.
  const { default: pg } = await import('pg');
  // Times are int8: parse them as numbers (epoch milliseconds fit) for this pool only.
  const types = new pg.TypeOverrides();
  types.setTypeParser(20, (value: string) => Number(value));
  const pool = new pg.Pool({ connectionString: url, types });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', (error) => process.emitWarning(error.message, 'BatonStoreWarning'));
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool,
      onCreateConnection: pgSchema
        ? async (connection) => {
            await connection.executeQuery(CompiledQuery.raw(`set search_path to "${pgSchema}"`));
          }
        : undefined,
    }),
  });
  const store: Store = { db, dialect: 'postgres', close: () => db.destroy() };
  if (pgSchema) {
    try {
      await sql`create schema if not exists ${sql.id(pgSchema)}`.execute(db);
    } catch (error) {
      // Two openers racing: `if not exists` can still fail on PostgreSQL; fine if it exists.
      const found = await sql`select 1 from pg_namespace where nspname = ${pgSchema}`.execute(db);
      if (found.rows.length === 0) {
        await store.close();
        throw error;
      }
    }
  }
  return store;
}

async function migrate(store: Store, pgSchema: string | undefined): Promise<void> {
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

const MAX_ATTEMPTS = 8;

/**
 * Runs `fn` in one transaction and returns its result; a throw rolls everything back.
 * The whole `fn` runs again (up to 8 times, with a short random pause) on a
 * ConcurrencyError, SQLITE_BUSY, or a PostgreSQL serialization failure or deadlock, so
 * `fn` must do nothing but database work through `tx`.
 *
 * On SQLite the transaction starts with `BEGIN IMMEDIATE`: it takes the write lock up
 * front, so a read-then-write command can never fail to upgrade its lock half way. Kysely
 * holds the single connection for the whole of `fn`: inside it, use `tx`, never
 * `store.db` or a nested `inTransaction`, which would wait forever.
 *
 * @example
 * const version = await inTransaction(store, async (tx) => {
 *   const loaded = await loadDeal(tx, id);
 *   return saveDeal(tx, next(loaded), loaded?.version, now);
 * });
 */
export async function inTransaction<T>(store: Store, fn: (tx: Kysely<Database>) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return store.dialect === 'sqlite'
        ? await sqliteTransaction(store.db, fn)
        : await store.db.transaction().execute(fn);
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
      await delay(Math.random() * Math.min(2 ** attempt, 50));
    }
  }
}

async function sqliteTransaction<T>(db: Kysely<Database>, fn: (tx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    let result: T;
    try {
      result = await fn(conn);
      await sql`commit`.execute(conn);
    } catch (error) {
      await rollback(conn);
      throw error;
    }
    return result;
  });
}

async function rollback(conn: Kysely<Database>): Promise<void> {
  try {
    await sql`rollback`.execute(conn);
  } catch {
    // SQLite may already have rolled back (some errors end the transaction themselves).
  }
}
