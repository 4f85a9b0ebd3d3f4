import { sql, type Kysely } from 'kysely';
import type { NewMessage } from '../records.js';
import { chunks, toJson } from '../rows.js';
import type { Database } from '../schema.js';
import { bulkRows } from './bulkRows.js';

/**
 * Queues owed messages (the outbox), ready at their creation time; returns how many were
 * new. `on conflict (key) do nothing`: a repeated command, a redelivered webhook or a
 * second worker owes the same keys again and queues nothing twice. A batch is one
 * statement (`bulkRows`), its rows inserted in the order given.
 */
export async function insertMessages(db: Kysely<Database>, messages: readonly NewMessage[]): Promise<number> {
  let inserted = 0;
  for (const batch of chunks(messages, 1000)) {
    const v = bulkRows(
      db,
      'v',
      { key: 'text', deal_id: 'text', kind: 'text', channel: 'text', recipient: 'text', text: 'text', payload: 'text', created_at: 'int8' },
      batch.map((m) => [m.key, m.dealId, m.kind, m.channel, m.recipient, m.text, toJson(m.payload), m.createdAt]),
    );
    // `where true`: SQLite's upsert after `insert ... select` needs a WHERE to parse.
    const result = await sql`insert into messages (key, deal_id, kind, channel, recipient, text, payload, state, attempts, next_attempt_at, created_at)
      select v.key, v.deal_id, v.kind, v.channel, v.recipient, v.text, v.payload, 'queued', 0, v.created_at, v.created_at
      from ${v} where true order by v.n
      on conflict (key) do nothing`.execute(db);
    inserted += Number(result.numAffectedRows ?? 0n);
  }
  return inserted;
}
