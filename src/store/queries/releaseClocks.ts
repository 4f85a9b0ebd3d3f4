import { sql, type Kysely } from 'kysely';
import type { ClaimedClock } from '../records.js';
import { chunks } from '../rows.js';
import type { Database } from '../schema.js';

/**
 * Gives back claimed clocks that were not fired (a fire that found nothing to do), so that
 * nothing stays claimed. Only a claim that is still ours is cleared: `claimed_until` must
 * equal the token the claim set (a time on the lease clock, see `leaseClock`), so a lease
 * that expired and was taken by another scheduler is left alone. A fired clock needs no release: it is no longer pending, and
 * writing it clears its claim (see `saveDeal`).
 */
export async function releaseClocks(db: Kysely<Database>, clocks: readonly ClaimedClock[]): Promise<void> {
  const byToken = new Map<number, ClaimedClock[]>();
  for (const c of clocks) byToken.set(c.claimedUntil, [...(byToken.get(c.claimedUntil) ?? []), c]);
  for (const [token, list] of byToken) {
    for (const batch of chunks(list)) {
      const keys = sql.join(batch.map((c) => sql`(${c.dealId}, ${c.name})`));
      await db
        .updateTable('clocks')
        .set({ claimed_until: null })
        .where('claimed_until', '=', token)
        // A row-value IN needs a subquery on SQLite: `(values ...)` is one on both stores.
        .where(sql<boolean>`(deal_id, name) in (values ${keys})`)
        .execute();
    }
  }
}
