import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL the store tests use; override with BATON_TEST_PG_URL. */
export const pgTestUrl = process.env.BATON_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Why PostgreSQL cannot be used, or undefined when it answers. */
export async function pgUnreachable(url = pgTestUrl): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

/** A schema name no other run uses. */
export function freshSchemaName(): string {
  return `baton_test_${randomBytes(6).toString('hex')}`;
}

export async function dropSchema(schema: string, url = pgTestUrl): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
