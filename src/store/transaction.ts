import { setTimeout as delay } from 'node:timers/promises';
import { type Kysely, sql } from 'kysely';
import { isConnectionLost, isRetryable } from './errors.js';
import type { Store } from './open.js';
import type { Database } from './schema.js';

const MAX_ATTEMPTS = 8;
/** Runs after a lost connection, and the pause before each: a failover or restart takes longer. */
const LOST_RETRY_MS = [50, 200, 500];

/**
 * A transaction whose connection was lost while COMMIT was on its way (or after it was
 * sent): the server may have committed it or not. `inTransaction` does not run it again
 * (a second run could act twice); whoever called it looks at the store again later, when
 * claims, versions and message keys make a repeat harmless. `cause` is the driver's error.
 */
export class CommitUnknownError extends Error {
  override name = 'CommitUnknownError';
  constructor(override readonly cause: unknown) {
    super(`the connection was lost during COMMIT: the transaction may or may not have been committed (${cause instanceof Error ? cause.message : String(cause)})`);
  }
}

/**
 * Runs `fn` in one transaction and returns its result; a throw rolls everything back.
 * The whole `fn` runs again (up to 8 times, with a short random pause) on a
 * ConcurrencyError, SQLITE_BUSY, or a PostgreSQL serialization failure or deadlock, so
 * `fn` must do nothing but database work through `tx`.
 *
 * A lost connection (`isConnectionLost`: a terminated backend, a restart, a reset socket)
 * before COMMIT was sent rolled everything back on the server: `fn` runs again on a new
 * connection, up to three times. Lost during COMMIT, the outcome is unknown: that throws
 * `CommitUnknownError` (itself a lost connection for `isConnectionLost`) and is not retried.
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
  let lost = 0;
  for (let attempt = 1; ; attempt++) {
    let committing = false;
    try {
      return store.dialect === 'sqlite'
        ? await sqliteTransaction(store.db, fn)
        : await store.db.transaction().execute(async (tx) => {
            const result = await fn(tx);
            // From here on only Kysely's COMMIT runs: a connection lost now is ambiguous.
            committing = true;
            return result;
          });
    } catch (error) {
      if (isConnectionLost(error)) {
        if (committing) throw new CommitUnknownError(error);
        if (lost >= LOST_RETRY_MS.length) throw error;
        await delay(LOST_RETRY_MS[lost++]!);
        continue;
      }
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
