import type { MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';
import { BatonError } from '../domain/problem.js';

/**
 * SPEC §17: a request body over 1 MB is answered 413 before it is read in full and before
 * anything else looks at the request (authentication included), on every route. A
 * `Content-Length` over the limit is refused at once, unread (whatever the method); a
 * chunked body is counted as it streams and refused at the first byte over the limit, so
 * a request never holds more than 1 MB in memory. Hono's `bodyLimit` does the counting
 * (and hands the routes the buffered body); @hono/node-server then drains and closes what
 * the client still sends.
 *
 * @example
 *   app.use('*', bodyLimit());
 */

export const MAX_BODY_BYTES = 1024 * 1024;

const count = (n: number) => n.toLocaleString('en-US');

function tooLarge(maxBytes: number, length?: number): BatonError {
  return new BatonError('too-large', [
    {
      code: 'too-large',
      field: 'body',
      message: `is larger than ${maxBytes === MAX_BODY_BYTES ? '1 MB' : `${count(maxBytes)} bytes`}${length !== undefined ? ` (Content-Length ${count(length)})` : ''}; the limit is ${count(maxBytes)} bytes`,
      fix: 'send a smaller body; a filled Handoff Packet is a few kilobytes',
    },
  ]);
}

export function bodyLimit(maxBytes = MAX_BODY_BYTES): MiddlewareHandler {
  const streaming = honoBodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge(maxBytes);
    },
  });
  return async (c, next) => {
    const declared = c.req.header('content-length')?.trim();
    if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > maxBytes) throw tooLarge(maxBytes, Number(declared));
    return streaming(c, next);
  };
}
