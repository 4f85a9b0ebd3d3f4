import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** The stored policy with this id (its content hash), as JSON text; undefined when none. */
export async function loadPolicy(db: Kysely<Database>, id: string): Promise<{ id: string; version: string; data: string } | undefined> {
  return db.selectFrom('policies').select(['id', 'version', 'data']).where('id', '=', id).executeTakeFirst();
}
