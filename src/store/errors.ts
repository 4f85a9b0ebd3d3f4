/**
 * Another writer got there first: the deal's version moved, or its id (or packet path) was
 * taken between our read and our write. `inTransaction` retries the whole command on it.
 */
export class ConcurrencyError extends Error {
  override name = 'ConcurrencyError';
}

interface DriverError {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

function codeOf(error: unknown): string {
  const code = (error as DriverError | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** A unique or primary key violation, on either store. */
export function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Worth running the whole transaction again: a version conflict, SQLite's lock timeout,
 * or PostgreSQL's serialization failure or deadlock victim.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof ConcurrencyError) return true;
  const code = codeOf(error);
  return code.startsWith('SQLITE_BUSY') || code === '40001' || code === '40P01';
}

/**
 * PostgreSQL's SQLSTATEs for a session that ended or could not start: 57P01 admin_shutdown
 * (`pg_terminate_backend`, a fast shutdown), 57P02 crash_shutdown, 57P03 cannot_connect_now
 * (starting up, shutting down, in recovery), class 08 connection exceptions.
 */
const LOST_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);

/**
 * Node's socket errors: the server went away (reset, broken pipe), is not there yet
 * (refused, while it restarts or fails over), or cannot be reached.
 */
const LOST_SOCKET_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

/**
 * What `pg` and `pg-pool` say, without a code, when the connection is gone: "Connection
 * terminated unexpectedly" (the socket closed), "Connection terminated due to connection
 * timeout", a query on a client whose connection already failed ("Client has encountered a
 * connection error and is not queryable"), and the pool's "timeout exceeded when trying to
 * connect".
 */
const LOST_MESSAGES = /Connection terminated|not queryable|timeout exceeded when trying to connect/i;

/**
 * The database connection was lost or could not be made: the statement did not run, or
 * its outcome is unknown. Nothing about the data is wrong, so the caller may try again
 * on a new connection once the server answers (see `inTransaction` for when a whole
 * transaction may be run again, and the serve loop for the backoff). Looks through
 * `cause` and an AggregateError's `errors` (Node reports a refused dual-stack connect so).
 *
 * @example
 * try { await tick(engine, now); } catch (error) { if (isConnectionLost(error)) retryLater(); else throw error; }
 */
export function isConnectionLost(error: unknown, depth = 0): boolean {
  if (error === null || typeof error !== 'object' || depth > 4) return false;
  const e = error as DriverError;
  const code = codeOf(error);
  if (LOST_SQLSTATES.has(code) || LOST_SOCKET_CODES.has(code)) return true;
  if (typeof e.message === 'string' && LOST_MESSAGES.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isConnectionLost(inner, depth + 1))) return true;
  return e.cause !== undefined && isConnectionLost(e.cause, depth + 1);
}

/** One line for a log: the driver's code and message, e.g. `57P01 terminating connection due to administrator command`. */
export function describeStoreError(error: unknown): string {
  const code = codeOf(error);
  const e = error as DriverError | null;
  let message = typeof e?.message === 'string' ? e.message : '';
  if (message === '' && Array.isArray(e?.errors)) message = e.errors.map((inner) => describeStoreError(inner)).join('; ');
  if (message === '') message = String(error);
  const first = message.split('\n')[0] ?? message;
  return code && !first.includes(code) ? `${code} ${first}` : first;
}
