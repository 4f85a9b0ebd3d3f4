import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import { listenOn } from './listen.js';
import type { Store } from './open.js';
import type { Database } from './schema.js';

export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

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

/**
 * How every connection is made: the URL, plus what a server that fails over, restarts or
 * vanishes needs. `application_name` falls back to `baton` (a URL's own, or PGAPPNAME, wins), so operators
 * (and the fault tests) can tell Baton's sessions in `pg_stat_activity`; a connection
 * attempt gives up after 10 s instead of hanging a worker forever; TCP keepalive finds a
 * half-open connection (a server gone without a reset) in tens of seconds, not hours.
 */
function connectionOptions(url: string) {
  return { fallback_application_name: 'baton', connectionString: url, connectionTimeoutMillis: 10_000, keepAlive: true, keepAliveInitialDelayMillis: 10_000 };
}

export async function openPostgres(url: string, pgSchema: string | undefined): Promise<Store> {
  if (pgSchema !== undefined && !SCHEMA_NAME.test(pgSchema)) {
    throw new Error(`pgSchema must be a lowercase SQL identifier (a-z, 0-9, _), got ${JSON.stringify(pgSchema)}`);
  }
  // Loaded only here, so that a SQLite command does not pay for the PostgreSQL driver.
  const { default: pg } = await import('pg');
  // Times are int8: parse them as numbers (epoch milliseconds fit) for this pool only.
  const types = new pg.TypeOverrides();
  types.setTypeParser(20, (value: string) => Number(value));
  const pool = new pg.Pool({ ...connectionOptions(url), types });
  // A lost connection must never crash the process (an 'error' event without a listener
  // throws). pg-pool listens on idle clients itself and drops them; a client checked out
  // (between two queries of a transaction, say) has no listener unless we add one, here,
  // once per client. Either way the client is discarded: an idle one by the pool, a
  // checked-out one on release, as it is no longer queryable. Nothing is logged here: the
  // query that fails says so once (the serve loop logs one line per outage), not once per
  // pooled connection.
  const quiet = (error: Error) => {
    if (process.env.BATON_DEBUG === '1') process.emitWarning(`PostgreSQL connection lost: ${error.message}`, 'BatonStoreWarning');
  };
  pool.on('error', quiet);
  pool.on('connect', (client) => client.on('error', quiet));
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
    listen: async (channel, onNotify, onState) => listenOn(() => new pg.Client(connectionOptions(url)), channel, onNotify, onState),
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
