import type { Kysely } from 'kysely';
import type { NewMessage } from '../records.js';
import { chunks, toJson } from '../rows.js';
import type { Database } from '../schema.js';

/**
 * Queues owed messages (the outbox), ready at their creation time; returns how many were
 * new. `on conflict (key) do nothing`: a repeated command, a redelivered webhook or a
 * second worker owes the same keys again and queues nothing twice.
 */
export async function insertMessages(db: Kysely<Database>, messages: readonly NewMessage[]): Promise<number> {
  let inserted = 0;
  for (const batch of chunks(messages)) {
    const result = await db
      .insertInto('messages')
      .values(
        batch.map((m) => ({
          key: m.key,
          deal_id: m.dealId,
          kind: m.kind,
          channel: m.channel,
          recipient: m.recipient,
          text: m.text,
          payload: toJson(m.payload),
          state: 'queued',
          attempts: 0,
          next_attempt_at: m.createdAt,
          created_at: m.createdAt,
        })),
      )
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return inserted;
}
