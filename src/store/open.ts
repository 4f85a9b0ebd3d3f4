import type { Kysely } from 'kysely';
import type { Dialect } from './dialect.js';
import { migrate } from './migrate.js';
import { openPostgres, schemaInUrl } from './postgres.js';
import type { Database } from './schema.js';
import { openSqlite } from './sqlite.js';

export { schemaInUrl } from './postgres.js';
export { inTransaction } from './transaction.js';
export type { Dialect } from './dialect.js';

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /**
   * PostgreSQL only: LISTEN on `channel` over a dedicated connection (not one of the pool's)
   * and call `onNotify` with each payload. The connection is re-made after a loss, with a
   * backoff; `onNotify(undefined)` then says "notifications may have been missed: look
   * again". Resolves at once (the first connection is made in the background); call the
   * function it returns to stop. Notifications are hints: poll as well. `onState(error)` once when the connection is lost, `onState(undefined)` once it listens again.
   */
  listen?(channel: string, onNotify: (payload: string | undefined) => void, onState?: (lost: Error | undefined) => void): Promise<() => Promise<void>>;
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
  const store = /^postgres(ql)?:\/\//i.test(location) ? await openPostgres(location, opts.pgSchema ?? schemaInUrl(location)) : openSqlite(location);
  try {
    await migrate(store, store.dialect === 'postgres' ? (opts.pgSchema ?? schemaInUrl(location)) : undefined);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
