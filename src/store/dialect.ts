import { PostgresAdapter, type Kysely } from 'kysely';

/** The two stores Baton runs on. */
export type Dialect = 'sqlite' | 'postgres';

/**
 * The dialect behind a Kysely instance (the plain db or a transaction), for the few
 * statements that differ between SQLite and PostgreSQL.
 */
export function dialectOf(db: Kysely<any>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
