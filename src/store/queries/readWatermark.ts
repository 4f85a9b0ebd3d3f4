import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** The named watermark's time, or undefined when it was never set: a cheap look before a claim. */
export async function readWatermark(db: Kysely<Database>, name: string): Promise<number | undefined> {
  const row = await db.selectFrom('watermarks').select('at').where('name', '=', name).executeTakeFirst();
  return row === undefined ? undefined : Number(row.at);
}
