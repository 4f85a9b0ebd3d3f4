import pg from 'pg';

/**
 * PostgreSQL for the bench: a database of its own (so that its statistics count only the
 * bench's work), one schema per store or per pg-boss instance, dropped afterwards.
 */

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertIdent(name: string): string {
  if (!IDENT.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return name;
}

/** A client whose int8 columns read as numbers (epoch milliseconds), optionally on a schema. */
export async function connect(url: string, schema?: string): Promise<pg.Client> {
  const types = new pg.TypeOverrides();
  types.setTypeParser(20, (value: string) => Number(value));
  const client = new pg.Client({ connectionString: url, types });
  await client.connect();
  if (schema) await client.query(`set search_path to "${assertIdent(schema)}"`);
  return client;
}

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>, schema?: string): Promise<T> {
  const client = await connect(url, schema);
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates the bench database when it is missing (connecting to `postgres` to do so). */
export async function ensureDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.replace(/^\//, '');
  assertIdent(name);
  try {
    await withClient(url, async () => undefined);
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== '3D000') throw error;
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  await withClient(admin.toString(), async (c) => {
    try {
      await c.query(`create database "${name}"`);
    } catch (error) {
      if ((error as { code?: string }).code !== '42P04') throw error;
    }
  });
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  await withClient(url, (c) => c.query(`drop schema if exists "${assertIdent(schema)}" cascade`).then(() => undefined));
}

/** Drops what an earlier, interrupted run left behind (schemas named `bench_...`). */
export async function dropStaleSchemas(url: string): Promise<number> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ nspname: string }>(`select nspname from pg_namespace where nspname like 'bench\\_%'`);
    for (const r of rows) await c.query(`drop schema if exists "${assertIdent(r.nspname)}" cascade`);
    return rows.length;
  });
}

/** The URL with `options=-c search_path=<schema>`, as a CLI process is given it. */
export function urlWithSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${assertIdent(schema)}`);
  return u.toString();
}

export async function pgVersion(url: string): Promise<string> {
  return withClient(url, async (c) => (await c.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]?.v ?? '?');
}
