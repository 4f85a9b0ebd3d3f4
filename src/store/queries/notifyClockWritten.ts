import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';
import type { Database } from '../schema.js';

/** The PostgreSQL channel on which a command announces a clock it wrote (payload: its due time, epoch ms). */
export const CLOCKS_CHANNEL = 'baton_clocks';

/**
 * Tells every `baton serve` process listening on PostgreSQL that a pending clock due at
 * `dueAt` was written, so that each re-arms its timer instead of waiting for its poll.
 * Run it in the command's transaction: PostgreSQL delivers the notification on commit and
 * drops it on rollback. A hint only, never the truth: a listener that misses it still
 * finds the clock when it polls. Does nothing on SQLite (one process at a time writes it;
 * `baton serve` learns of its own commands through the engine's hook).
 */
export async function notifyClockWritten(db: Kysely<Database>, dueAt: number): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql`select pg_notify(${CLOCKS_CHANNEL}, ${String(dueAt)})`.execute(db);
}
