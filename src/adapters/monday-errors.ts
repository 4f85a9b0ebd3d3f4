import { DeliveryError } from './sink.js';

/**
 * Codes that mean "wait and try again"; their wait is in `retry_in_seconds` or Retry-After.
 * Since 2025-07 they come with HTTP 429 and `extensions { code, retry_in_seconds }`
 * (COMPLEXITY_BUDGET_EXHAUSTED, MINUTE_RATE_LIMIT_EXCEEDED, MAX_CONCURRENCY_EXCEEDED,
 * DAILY_LIMIT_EXCEEDED, as monday.com's own agent toolkit tests record them); the older names stay.
 */
const RETRY_CODES = new Set([
  'COMPLEXITY_BUDGET_EXHAUSTED',
  'ComplexityException',
  'MINUTE_RATE_LIMIT_EXCEEDED',
  'RATE_LIMIT_EXCEEDED',
  'RateLimitExceeded',
  'MAX_CONCURRENCY_EXCEEDED',
  'maxConcurrencyExceeded',
  'IP_RATE_LIMIT_EXCEEDED',
  'FIELD_LIMIT_EXCEEDED',
  'DAILY_LIMIT_EXCEEDED',
]);

/** Codes that no retry can mend: the board, a column or the token is wrong. */
const PERMANENT_CODES = new Set([
  'ColumnValueException',
  'InvalidColumnIdException',
  'InvalidBoardIdException',
  'InvalidItemIdException',
  'ItemNameTooLongException',
  'UserUnauthorizedException',
  'NOT_AUTHENTICATED',
  'JsonParseException',
  'GRAPHQL_VALIDATION_FAILED',
]);

interface MondayClientError {
  response?: {
    status?: number;
    headers?: { get(name: string): string | null };
    errors?: {
      message?: string;
      extensions?: { code?: string; retry_in_seconds?: number; error_data?: { retry_in_seconds?: number; column_id?: unknown } };
    }[];
    error_code?: string;
  };
  name?: string;
  message?: string;
}

/** A monday.com failure, classified: a DeliveryError (so the outbox can retry it) with monday's code and HTTP status. */
export class MondayApiError extends DeliveryError {
  constructor(
    message: string,
    retryable: boolean,
    retryAfterMs: number | undefined,
    ambiguous: boolean,
    /** `errors[0].extensions.code` (or the legacy `error_code`), when monday.com sent one. */
    readonly code?: string,
    /** The HTTP status; undefined when no answer came (timeout, dropped connection). */
    readonly status?: number,
  ) {
    super(message, retryable, retryAfterMs, ambiguous);
    this.name = 'MondayApiError';
  }
}

/**
 * Maps what the monday.com client throws to retry-or-fail. A GraphQL error is definite
 * (the mutation did not happen); a timeout, a dropped connection or a 5xx may have acted,
 * which is why the sink looks the item up before creating it. `columnsKey` is the config key
 * a column error sends people to (`monday.deliveryColumns`, `monday.prospectsColumns`).
 */
export function classifyMondayError(error: unknown, columnsKey = 'monday.deliveryColumns'): MondayApiError {
  if (error instanceof MondayApiError) return error;
  const e = error as MondayClientError;
  const response = e?.response;
  if (!response) {
    const reason = e?.name === 'AbortError' || /abort|timeout/i.test(e?.message ?? '') ? 'timed out' : `failed: ${e?.message ?? String(error)}`;
    return new MondayApiError(`monday.com request ${reason}`, true, undefined, true);
  }
  const first = response.errors?.[0];
  const code = first?.extensions?.code ?? response.error_code;
  const status = response.status ?? 0;
  const retryIn = first?.extensions?.retry_in_seconds ?? first?.extensions?.error_data?.retry_in_seconds;
  const header = Number(response.headers?.get('retry-after') ?? Number.NaN);
  const waitMs = (retryIn ?? (Number.isFinite(header) ? header : undefined)) !== undefined ? (retryIn ?? header) * 1000 : undefined;
  const detail = `${code ?? `HTTP ${status}`}${first?.message ? `: ${first.message}` : ''}`;
  const make = (message: string, retryable: boolean, wait: number | undefined, ambiguous: boolean) =>
    new MondayApiError(message, retryable, wait, ambiguous, code, status || undefined);
  if ((code && RETRY_CODES.has(code)) || status === 429 || status === 423) {
    return make(`monday.com asks to wait (${detail})`, true, waitMs ?? 60_000, false);
  }
  if (code && PERMANENT_CODES.has(code)) {
    // Name the column: the fix is a column id in the config's column map (baton.config.yaml).
    const column = first?.extensions?.error_data?.column_id;
    const where = typeof column === 'string' && column ? ` (column "${column}": check ${columnsKey} in baton.config.yaml)` : '';
    return make(`monday.com refused: ${detail}${where}`, false, undefined, false);
  }
  if (status >= 500) return make(`monday.com server error (${detail})`, true, waitMs, true);
  if (status >= 400) return make(`monday.com refused: ${detail}`, false, undefined, false);
  return make(`monday.com error (${detail})`, false, undefined, false);
}
