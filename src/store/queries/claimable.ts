import { sql } from 'kysely';

/**
 * The rows a scheduler claims: a clock `pending`, a reminder `armed`. Written out, not bound,
 * so that SQLite and PostgreSQL can match it to the partial index of migration 008 when they
 * plan the statement (a bound parameter cannot prove an index's predicate).
 */
export const CLAIMABLE = sql<boolean>`state in ('pending', 'armed')`;
