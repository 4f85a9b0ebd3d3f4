import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * The org-local days of the daily summaries filed at or after `since` (the `summary.filed`
 * org events), for the inbox and the scheduled summary: only that type is read, so the
 * day's heartbeats do not count against a limit.
 */
export async function summariesFiledSince(db: Kysely<Database>, since: number): Promise<string[]> {
  const rows = await db.selectFrom('org_events').select('data').where('type', '=', 'summary.filed').where('at', '>=', since).execute();
  return rows.map((r) => String((JSON.parse(r.data) as { date?: unknown }).date ?? ''));
}
