import type { Kysely } from 'kysely';
import type { Role } from '../../domain/types.js';
import type { AgentRow } from '../records.js';
import { toAgentRow } from '../rows.js';
import type { Database } from '../schema.js';

/** An agent's last heartbeat and activation, if it ever reported. */
export async function getAgent(db: Kysely<Database>, role: Role): Promise<AgentRow | undefined> {
  const row = await db.selectFrom('agents').selectAll().where('role', '=', role).executeTakeFirst();
  return row ? toAgentRow(row) : undefined;
}
