import type { Kysely } from 'kysely';
import { clockWritten, type Engine } from '../engine/engine.js';
import { inTransaction } from '../store/index.js';
import type { Database } from '../store/schema.js';

/**
 * The one way a use case writes: `fn` runs in one transaction; after the commit, the
 * schedulers hear of the earliest clock it wrote (`clockDueAt`), so a serve loop re-arms
 * its timer without a poll.
 */
export async function transact<T extends { clockDueAt?: number }>(engine: Engine, fn: (tx: Kysely<Database>) => Promise<T>): Promise<T> {
  const result = await inTransaction(engine.store, fn);
  if (result.clockDueAt !== undefined) clockWritten(engine, result.clockDueAt);
  return result;
}
