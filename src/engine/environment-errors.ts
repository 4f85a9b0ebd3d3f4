import { statSync } from 'node:fs';
import path from 'node:path';
import { isPostgresUrl } from '../config/config.js';
import { BatonError } from '../domain/problem.js';

/**
 * Opening the store can fail for reasons that are not bugs: a wrong config (the database
 * path is a folder, the PostgreSQL database does not exist, a wrong password: exit 2) or a
 * failed environment (PostgreSQL down, a folder Baton may not write: exit 1). This turns
 * the driver's error into one `BatonError` naming the path or the host and the fix; the
 * driver's error stays as `cause` (printed with BATON_DEBUG=1). Anything else is left alone.
 *
 * @example
 *   try { store = await openStore(config.database) }
 *   catch (error) { throw storeFault(error, config.database) ?? error }
 */

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

interface DriverError {
  code?: unknown;
  address?: unknown;
  port?: unknown;
  hostname?: unknown;
  message?: unknown;
  errors?: unknown;
}

const field = 'database';
const WHERE = 'BATON_DATABASE_URL (or database: in baton.config.yaml)';

function fault(kind: 'config' | 'environment', message: string, fix: string, cause: unknown): BatonError {
  const error = new BatonError(kind, [{ code: kind, field, message, fix }]);
  error.cause = cause;
  return error;
}

/** The first error with a code: Node gives an AggregateError when every address of a host refused. */
function coded(error: unknown): DriverError | undefined {
  const e = error as DriverError | null;
  if (!e || typeof e !== 'object') return undefined;
  if (typeof e.code === 'string') return e;
  if (Array.isArray(e.errors)) for (const inner of e.errors) if (typeof (inner as DriverError)?.code === 'string') return inner as DriverError;
  return undefined;
}

/** `host:port` of a PostgreSQL URL, never its password. */
function serverOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}`;
  } catch {
    return 'the PostgreSQL server';
  }
}

function postgresFault(error: unknown, url: string): BatonError | undefined {
  const e = coded(error);
  const code = typeof e?.code === 'string' ? e.code : '';
  const server = serverOf(url);
  if (CONNECTION_CODES.has(code)) {
    const at = typeof e?.address === 'string' && e.port !== undefined ? `${e.address}:${String(e.port)}` : server;
    const why: Record<string, string> = {
      ECONNREFUSED: 'refused the connection',
      ECONNRESET: 'closed the connection',
      EPIPE: 'closed the connection',
      ETIMEDOUT: 'did not answer in time',
      EHOSTUNREACH: 'cannot be reached from this machine',
      ENETUNREACH: 'cannot be reached from this machine',
    };
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      return fault('environment', `cannot find the PostgreSQL host of ${server} (${code})`, `check the host name in ${WHERE}, and this machine's DNS`, error);
    }
    return fault(
      'environment',
      `cannot connect to PostgreSQL at ${server}: ${code} ${at} (${why[code] ?? 'the connection failed'})`,
      `start PostgreSQL there (or wait for it to come back), or correct the host and port in ${WHERE}`,
      error,
    );
  }
  const message = typeof (error as DriverError)?.message === 'string' ? ((error as DriverError).message as string) : '';
  if (/timeout expired|Connection terminated/i.test(message)) {
    return fault('environment', `PostgreSQL at ${server} did not answer (${message})`, `check that PostgreSQL is running and reachable, or correct ${WHERE}`, error);
  }
  switch (code) {
    case '28P01':
    case '28000':
      return fault('config', `PostgreSQL at ${server} refused the user or password (${code})`, `correct the user and password in ${WHERE}`, error);
    case '3D000':
      return fault('config', `PostgreSQL at ${server}: ${message} (${code})`, `create the database (createdb), or name an existing one in ${WHERE}`, error);
    case '57P03':
    case '53300':
      return fault(
        'environment',
        `PostgreSQL at ${server} cannot take a connection now: ${message} (${code})`,
        'wait for PostgreSQL to be ready, then run the command again',
        error,
      );
    default:
      return undefined;
  }
}

function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function sqliteFault(error: unknown, file: string): BatonError | undefined {
  const code = String(coded(error)?.code ?? '');
  if (isFolder(file)) {
    return fault('config', `${file} is a folder, not a SQLite database file`, `set ${WHERE} to a file path, e.g. ${path.join(file, 'baton.db')}`, error);
  }
  switch (code) {
    case 'ENOTDIR':
    case 'EEXIST':
      return fault('config', `cannot create the folder of ${file}: a file is in the way`, `set ${WHERE} to a path whose folders are folders`, error);
    case 'SQLITE_NOTADB':
      return fault('config', `${file} is not a SQLite database`, `move that file away, or set ${WHERE} to another path`, error);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
    case 'SQLITE_READONLY':
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_PERM':
      return fault(
        'environment',
        `cannot open ${file} for writing (${code})`,
        `give the user running Baton write access to ${file} and its folder, or set ${WHERE} to a writable path`,
        error,
      );
    case 'SQLITE_FULL':
    case 'ENOSPC':
      return fault('environment', `cannot write ${file}: the disk is full (${code})`, 'free some space on that disk and run the command again', error);
    default:
      return undefined;
  }
}

/** The wrong config or failed environment behind a store error, or undefined when it is neither. */
export function storeFault(error: unknown, database: string): BatonError | undefined {
  if (error instanceof BatonError) return undefined;
  return isPostgresUrl(database) ? postgresFault(error, database) : sqliteFault(error, database);
}

/** A lost database connection in the middle of a command, when nothing says which database: one line, exit 1. */
export function connectionFault(error: unknown): BatonError | undefined {
  if (error instanceof BatonError) return undefined;
  const e = coded(error);
  if (!e || !CONNECTION_CODES.has(String(e.code))) return undefined;
  const at = typeof e.address === 'string' && e.port !== undefined ? ` ${e.address}:${String(e.port)}` : '';
  return fault(
    'environment',
    `the database connection failed (${String(e.code)}${at})`,
    `check that the database server is running and reachable (${WHERE}), then run the command again`,
    error,
  );
}
