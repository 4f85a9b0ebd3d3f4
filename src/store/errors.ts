/**
 * Another writer got there first: the deal's version moved, or its id (or packet path) was
 * taken between our read and our write. `inTransaction` retries the whole command on it.
 */
export class ConcurrencyError extends Error {
  override name = 'ConcurrencyError';
}

interface DriverError {
  code?: unknown;
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
