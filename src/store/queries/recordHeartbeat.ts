import type { Kysely } from 'kysely';
import type { Role } from '../../domain/types.js';
import type { Database } from '../schema.js';

/**
 * Records an agent's heartbeat in one upsert. It keeps the latest time, so a heartbeat
 * delivered late (or a clock that moved backwards) never makes an agent look older.
 */
export async function recordHeartbeat(db: Kysely<Database>, role: Role, at: number): Promise<void> {
  await db
    .insertInto('agents')
    .values({ role, last_heartbeat_at: at, activated_at: null, activated_by: null })
    .onConflict((oc) =>
      oc.column('role').doUpdateSet((eb) => ({
        // A null stored value compares as unknown, so the new time wins.
        last_heartbeat_at: eb
          .case()
          .when('agents.last_heartbeat_at', '>', eb.ref('excluded.last_heartbeat_at'))
          .then(eb.ref('agents.last_heartbeat_at'))
          .else(eb.ref('excluded.last_heartbeat_at'))
          .end(),
      })),
    )
    .execute();
}
