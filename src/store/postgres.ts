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

export async function openPostgres(url: string, pgSchema: string | undefined): Promise<Store> {
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

