import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * Stores a policy once per distinct content: `id` is the hash of its content, so a second
 * handoff started under the same policy, or a second process storing it at the same
 * moment, writes nothing (`on conflict do nothing`, no lock beyond the key's).
 *
 * @example
 * await savePolicy(tx, { id, version: policy.version, data: JSON.stringify(policy), createdAt: now });
 */
export async function savePolicy(db: Kysely<Database>, row: { id: string; version: string; data: string; createdAt: number }): Promise<void> {
  await db
    .insertInto('policies')
    .values({ id: row.id, version: row.version, data: row.data, created_at: row.createdAt })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}
