import { setTimeout as delay } from 'node:timers/promises';
import { Kysely, sql } from 'kysely';
import { isRetryable } from './errors.js';
import type { Store } from './open.js';
import type { Database } from './schema.js';

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
