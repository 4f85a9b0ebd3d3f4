import { sql, type Kysely } from 'kysely';
import type { NewEvent } from '../records.js';
import { chunks, toJson } from '../rows.js';
import type { Database } from '../schema.js';
import { bulkRows } from './bulkRows.js';

/**
 * Appends the events of several deals, a batch at a time with one statement (`bulkRows`),
 * in the order given; within a deal, the autoincrement id is the order they are read back
 * in (`listEvents`), as with `appendEvents`.
 */
export async function appendManyEvents(db: Kysely<Database>, events: readonly (NewEvent & { dealId: string })[]): Promise<void> {
  for (const batch of chunks(events, 1000)) {
    const v = bulkRows(
      db,
      'v',
      { deal_id: 'text', at: 'int8', actor: 'text', type: 'text', late_ms: 'int8', data: 'text' },
      batch.map((e) => [e.dealId, e.at, e.actor, e.type, e.lateMs ?? null, toJson(e.data)]),
    );
    await sql`insert into events (deal_id, at, actor, type, late_ms, data)
      select v.deal_id, v.at, v.actor, v.type, v.late_ms, v.data from ${v} order by v.n`.execute(db);
  }
}
