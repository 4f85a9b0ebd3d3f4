import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A per-process key: both sides are hashed with it so that the compare sees equal lengths. */
const KEY = randomBytes(32);

/**
 * Compares two secrets in constant time. Both are HMAC-ed first, so neither the content nor
 * the length of the expected value leaks through timing.
 *
 * @example
 *   safeEqual(request.headers.get('x-token') ?? '', process.env.TOKEN ?? '') // false for ''
 */
export function safeEqual(given: string | Buffer, expected: string | Buffer): boolean {
  const a = createHmac('sha256', KEY).update(given).digest();
  const b = createHmac('sha256', KEY).update(expected).digest();
  return timingSafeEqual(a, b);
}
