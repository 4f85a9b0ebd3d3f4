import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * The latest time the record has reached: the later of the latest event and the named
 * watermark (the latest `tick`), which then moves to `now` if that is later. A `tick` run
 * at an earlier time sees it and fires nothing.
 */
export async function advanceWatermark(db: Kysely<Database>, name: string, now: number): Promise<number> {
  const mark = await db.selectFrom('watermarks').select('at').where('name', '=', name).executeTakeFirst();
  const event = await db.selectFrom('events').select(sql<number | null>`max(at)`.as('at')).executeTakeFirst();
  const latest = Math.max(Number(mark?.at ?? 0), Number(event?.at ?? 0));
  if (now > Number(mark?.at ?? 0)) {
    await db
      .insertInto('watermarks')
      .values({ name, at: now })
      .onConflict((oc) => oc.column('name').doUpdateSet({ at: now }))
      .execute();
  }
  return latest;
}
