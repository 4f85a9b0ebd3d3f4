import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** One message's identity and state, for a command about it (a retry). */
export async function getMessage(db: Kysely<Database>, id: number): Promise<{ id: number; dealId: string; kind: string; state: string } | undefined> {
  const row = await db.selectFrom('messages').select(['id', 'deal_id', 'kind', 'state']).where('id', '=', id).executeTakeFirst();
  return row ? { id: Number(row.id), dealId: row.deal_id, kind: row.kind, state: row.state } : undefined;
}
