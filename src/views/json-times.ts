/** A key that holds an instant: `at`, `t0`, or anything ending in `At` (`dueAt`, `loggedAt`...). */
const isTimeKey = (key: string) => key === 'at' || key === 't0' || /[a-z]At$/.test(key);

/**
 * SPEC §13: every time in JSON output is ISO 8601 UTC, nested event data included. Epoch
 * milliseconds under a time key become ISO strings; durations (`lateMs`) stay numbers.
 */
export function jsonTimes<T>(value: T): T {
  if (Array.isArray(value)) return value.map(jsonTimes) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    out[key] = isTimeKey(key) && typeof v === 'number' && Number.isFinite(v) ? new Date(v).toISOString() : jsonTimes(v);
  }
  return out as T;
}
