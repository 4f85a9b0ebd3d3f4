import { DeliveryError } from './sink.js';

/** Codes that mean "wait and try again"; their wait is in `retry_in_seconds` or Retry-After. */
const RETRY_CODES = new Set([
  'COMPLEXITY_BUDGET_EXHAUSTED',
  'ComplexityException',
  'RATE_LIMIT_EXCEEDED',
  'RateLimitExceeded',
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

/**
 * Maps what the monday.com client throws to retry-or-fail. A GraphQL error is definite
 * (the mutation did not happen); a timeout, a dropped connection or a 5xx may have acted,
 * which is why the sink looks the item up before creating it.
 */
export function classifyMondayError(error: unknown): DeliveryError {
  const e = error as MondayClientError;
  const response = e?.response;
  if (!response) {
    const reason = e?.name === 'AbortError' || /abort|timeout/i.test(e?.message ?? '') ? 'timed out' : `failed: ${e?.message ?? String(error)}`;
    return new DeliveryError(`monday.com request ${reason}`, true, undefined, true);
  }
  const first = response.errors?.[0];
  const code = first?.extensions?.code ?? response.error_code;
  const status = response.status ?? 0;
  const retryIn = first?.extensions?.retry_in_seconds ?? first?.extensions?.error_data?.retry_in_seconds;
  const header = Number(response.headers?.get('retry-after') ?? Number.NaN);
  const waitMs = (retryIn ?? (Number.isFinite(header) ? header : undefined)) !== undefined ? (retryIn ?? header) * 1000 : undefined;
  const detail = `${code ?? `HTTP ${status}`}${first?.message ? `: ${first.message}` : ''}`;
  if ((code && RETRY_CODES.has(code)) || status === 429 || status === 423) {
    return new DeliveryError(`monday.com asks to wait (${detail})`, true, waitMs ?? 60_000, false);
  }
  if (code && PERMANENT_CODES.has(code)) {
    // Name the column: the fix is a column id in monday.deliveryColumns (baton.config.yaml).
    const column = first?.extensions?.error_data?.column_id;
    const where = typeof column === 'string' && column ? ` (column "${column}": check monday.deliveryColumns in baton.config.yaml)` : '';
    return new DeliveryError(`monday.com refused: ${detail}${where}`, false, undefined, false);
  }
  if (status >= 500) return new DeliveryError(`monday.com server error (${detail})`, true, waitMs, true);
  if (status >= 400) return new DeliveryError(`monday.com refused: ${detail}`, false, undefined, false);
  return new DeliveryError(`monday.com error (${detail})`, false, undefined, false);
}
