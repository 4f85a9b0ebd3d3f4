/** A key that holds an instant: `at`, `t0`, or anything ending in `At` (`dueAt`, `loggedAt`...). */
const isTimeKey = (key: string) => key === 'at' || key === 't0' || /[a-z]At$/.test(key);

/**
 * SPEC §13: every time in JSON output is ISO 8601 UTC, nested event data included. Epoch
 * milliseconds under a time key become ISO strings; durations (`lateMs`) stay numbers.
 */
/** An instant under a time key, or a list of them (a clock's `remindAt`), as ISO strings. */
function timeOf(v: unknown): unknown {
  if (typeof v === 'number' && Number.isFinite(v)) return new Date(v).toISOString();
  if (Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x))) return v.map((x) => new Date(x as number).toISOString());
  return jsonTimes(v);
}

export function jsonTimes<T>(value: T): T {
  if (Array.isArray(value)) return value.map(jsonTimes) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    out[key] = isTimeKey(key) ? timeOf(v) : jsonTimes(v);
  }
  return out as T;
}
