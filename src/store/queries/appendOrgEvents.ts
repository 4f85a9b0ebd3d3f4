import type { Kysely } from 'kysely';
import type { OrgEvent } from '../../domain/org.js';
import type { Database } from '../schema.js';

/** Appends org-level events (heartbeats, activations, summaries, syncs) in one statement. */
export async function appendOrgEvents(db: Kysely<Database>, events: readonly OrgEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('org_events')
    .values(events.map(({ at, actor, type, ...data }) => ({ at, actor, type, data: JSON.stringify(data) })))
    .execute();
}
