import type { Kysely } from 'kysely';
import type { StoredMessage } from '../records.js';
import { toStoredMessage } from '../rows.js';
import type { Database } from '../schema.js';

/** Every message, or one deal's (on the (deal_id, id) index), in the order they were owed. */
export async function listMessages(db: Kysely<Database>, opts: { dealId?: string } = {}): Promise<StoredMessage[]> {
  let query = db.selectFrom('messages').selectAll();
  if (opts.dealId !== undefined) query = query.where('deal_id', '=', opts.dealId);
  const rows = await query.orderBy('id').execute();
  return rows.map(toStoredMessage);
}
