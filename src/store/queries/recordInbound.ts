import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * Remembers an inbound delivery (a webhook's trigger id, a Slack action) and says whether
 * it is new; a redelivery of the same key returns false and is ignored by the caller.
 * Run it in the command's transaction so that the record and its effect commit together.
 */
export async function recordInbound(db: Kysely<Database>, key: string, source: string, at: number): Promise<boolean> {
  const result = await db
    .insertInto('inbound_events')
    .values({ key, source, received_at: at })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}
