import type { Kysely } from 'kysely';
import type { Role } from '../../domain/types.js';
import type { Database } from '../schema.js';

/** Records who activated an agent and when, replacing any earlier activation. */
export async function recordActivation(db: Kysely<Database>, role: Role, at: number, by: string): Promise<void> {
  await db
    .insertInto('agents')
    .values({ role, last_heartbeat_at: null, activated_at: at, activated_by: by })
    .onConflict((oc) => oc.column('role').doUpdateSet({ activated_at: at, activated_by: by }))
    .execute();
}
