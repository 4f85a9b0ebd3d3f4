import { sql, type Kysely, type RawBuilder } from 'kysely';
import { dialectOf } from '../dialect.js';
import type { Database } from '../schema.js';

/**
 * The clock that leases are set and compared on: the database's own, never a command's
 * `now`. A command's `now` (`--now`, `BATON_NOW`, a test's jump of a day) says what is due;
 * a lease says how long a live process may keep a clock or message it claimed, and two
 * processes can agree on that only if they read the same clock. Read a command's `now`
 * instead, and a CLI run a day back beside `serve` writes leases that `serve` finds long
 * expired (it sends the message the CLI is sending), a run a day ahead holds its claims
 * for a day.
 *
 * On PostgreSQL: `statement_timestamp()`, the server's wall clock when the statement
 * arrived, in epoch milliseconds. It is `clock_timestamp()` read once per statement (stable
 * within it), so that every row one claim takes gets the same `claimed_until`, the token
 * its release checks; every process sharing the server shares the clock.
 *
 * On SQLite: the wall clock of this process, `Date.now()`. SQLite runs inside the process
 * and has no clock of its own that differs from it; the processes sharing a SQLite file
 * share a machine, hence a wall clock. This is the one place below the front doors where
 * the wall clock is read, on purpose: see above why a command's `now` cannot serve.
 *
 * @example
 * const claimedUntil = sql<number>`${leaseClock(db)} + ${leaseMs}`;
 */
export function leaseClock(db: Kysely<Database>): RawBuilder<number> {
  return dialectOf(db) === 'postgres' ? sql<number>`(extract(epoch from statement_timestamp()) * 1000)::bigint` : sql<number>`${Date.now()}`;
}

/** The lease clock's reading now, in epoch ms (see `leaseClock`). */
export async function databaseNow(db: Kysely<Database>): Promise<number> {
  if (dialectOf(db) === 'sqlite') return Date.now();
  const { rows } = await sql<{ now: number | string }>`select ${leaseClock(db)} as now`.execute(db);
  return Number(rows[0]?.now);
}
