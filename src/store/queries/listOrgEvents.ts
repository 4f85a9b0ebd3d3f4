import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface StoredOrgEvent {
  id: number;
  at: number;
  actor: string;
  type: string;
  data: Record<string, unknown>;
}

/** Org-level events at or after `since`, oldest first (the index on (at, id) serves it). */
export async function listOrgEvents(db: Kysely<Database>, opts: { since?: number; limit?: number } = {}): Promise<StoredOrgEvent[]> {
  let query = db
    .selectFrom('org_events')
    .selectAll()
    .orderBy('at')
    .orderBy('id')
    .limit(opts.limit ?? 1000);
  if (opts.since !== undefined) query = query.where('at', '>=', opts.since);
  const rows = await query.execute();
  return rows.map((r) => ({ id: Number(r.id), at: Number(r.at), actor: r.actor, type: r.type, data: JSON.parse(r.data) as Record<string, unknown> }));
}
