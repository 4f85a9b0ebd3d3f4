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
  /**
   * PostgreSQL only: LISTEN on `channel` over a dedicated connection (not one of the pool's)
   * and call `onNotify` with each payload. The connection is re-made after a loss, with a
   * backoff; `onNotify(undefined)` then says "notifications may have been missed: look
   * again". Resolves at once (the first connection is made in the background); call the
   * function it returns to stop. Notifications are hints: poll as well.
   */
  listen?(channel: string, onNotify: (payload: string | undefined) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/**
 * Opens the store and migrates it to the latest schema.
 *
 * `location` is a SQLite file path (its folder is created) or a `postgres://` /
 * `postgresql://` URL. With `pgSchema`, the schema is created if missing and every pooled
 * connection uses it as its search_path (tests get a fresh schema each). A URL can name
 * the schema itself, as libpq does, with `options=-c search_path=<schema>` (URL-encoded:
 * `?options=-c%20search_path%3Dbaton`): that schema is then created and used the same way.
 *
 * @example
 * const store = await openStore('.baton/baton.db');
 * const store = await openStore('postgres://postgres@127.0.0.1:5432/baton', { pgSchema: 'baton' });
 * const store = await openStore('postgres://postgres@127.0.0.1:5432/app?options=-c%20search_path%3Dbaton');
 */
export async function openStore(location: string, opts: { pgSchema?: string } = {}): Promise<Store> {
  const store = /^postgres(ql)?:\/\//i.test(location)
    ? await openPostgres(location, opts.pgSchema ?? schemaInUrl(location))
    : openSqlite(location);
  try {
    await migrate(store, store.dialect === 'postgres' ? (opts.pgSchema ?? schemaInUrl(location)) : undefined);
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

/**
 * The schema a PostgreSQL URL selects through `options=-c search_path=<schema>`, when it
 * names exactly one lowercase identifier; undefined otherwise (the server then applies
 * the search_path as given, and nothing is created).
 */
export function schemaInUrl(url: string): string | undefined {
  let options: string | null;
  try {
    options = new URL(url).searchParams.get('options');
  } catch {
    return undefined;
  }
  const match = options ? /(?:^|\s)-c\s*search_path=("?)([^\s",]+)\1(?:\s|$)/.exec(options) : null;
  const schema = match?.[2];
  return schema !== undefined && SCHEMA_NAME.test(schema) ? schema : undefined;
}

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
  const store: Store = {
    db,
    dialect: 'postgres',
    listen: async (channel, onNotify) => listenOn(() => new pg.Client({ connectionString: url }), channel, onNotify),
    close: () => db.destroy(),
  };
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

/** The smallest slice of a pg.Client that LISTEN needs. */
interface ListenClient {
  connect(): Promise<unknown>;
  query(text: string): Promise<unknown>;
  end(): Promise<void>;
  on(event: 'notification', fn: (msg: { channel: string; payload?: string }) => void): unknown;
  on(event: 'error' | 'end', fn: (error?: Error) => void): unknown;
}

const LISTEN_RETRY_MS = [500, 1000, 2000, 5000, 10_000];

/** Keeps one LISTEN connection up until stopped; see `Store.listen`. */
function listenOn(
  newClient: () => ListenClient,
  channel: string,
  onNotify: (payload: string | undefined) => void,
): () => Promise<void> {
  if (!SCHEMA_NAME.test(channel)) throw new Error(`not a channel name: ${JSON.stringify(channel)}`);
  let stopped = false;
  let client: ListenClient | undefined;
  let retry: NodeJS.Timeout | undefined;
  let failures = 0;

  const reconnect = () => {
    if (stopped || retry) return;
    const wait = LISTEN_RETRY_MS[Math.min(failures, LISTEN_RETRY_MS.length - 1)]!;
    failures++;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, wait);
    retry.unref();
  };

  const connect = async () => {
    const c = newClient();
    client = c;
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (client === c) client = undefined;
      if (stopped) return;
      if (error) process.emitWarning(`LISTEN ${channel}: ${error.message}; reconnecting (polling covers the gap)`, 'BatonStoreWarning');
      c.end().catch(() => undefined);
      reconnect();
    };
    c.on('error', onLost);
    c.on('end', () => onLost());
    c.on('notification', (msg) => {
      if (msg.channel === channel) onNotify(msg.payload);
    });
    try {
      await c.connect();
      await c.query(`listen ${channel}`);
      if (stopped) {
        await c.end().catch(() => undefined);
        return;
      }
      failures = 0;
      // Whatever was notified while no connection listened is found by looking again.
      onNotify(undefined);
    } catch (error) {
      onLost(error instanceof Error ? error : new Error(String(error)));
    }
  };

  void connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const c = client;
    client = undefined;
    await c?.end().catch(() => undefined);
  };
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
