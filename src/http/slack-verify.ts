import { createHmac } from 'node:crypto';
import { safeEqual } from './safe-equal.js';

/**
 * Slack's v0 request signature: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` with
 * the app's signing secret, over the exact bytes received. The timestamp must be within
 * 300 s of now in either direction (a replay from the past or a request from the future).
 */

export const SLACK_WINDOW_SECONDS = 300;

export type SlackCheck = { ok: true } | { ok: false; header: string; reason: string };

export function verifySlackSignature(secret: string, rawBody: Buffer, headers: { timestamp: string | undefined; signature: string | undefined }, nowMs: number): SlackCheck {
  const { timestamp, signature } = headers;
  if (!timestamp) return { ok: false, header: 'X-Slack-Request-Timestamp', reason: 'is missing' };
  if (!signature) return { ok: false, header: 'X-Slack-Signature', reason: 'is missing' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, header: 'X-Slack-Request-Timestamp', reason: 'is not a Unix time in seconds' };
  const ts = Number(timestamp);
  const skew = Math.floor(nowMs / 1000) - ts;
  if (Math.abs(skew) > SLACK_WINDOW_SECONDS) {
    return { ok: false, header: 'X-Slack-Request-Timestamp', reason: `is ${Math.abs(skew)} s ${skew > 0 ? 'old' : 'in the future'} (more than ${SLACK_WINDOW_SECONDS} s)` };
  }
  if (!signature.startsWith('v0=')) return { ok: false, header: 'X-Slack-Signature', reason: 'is not a v0 signature' };
  if (!safeEqual(signature, slackSignature(secret, timestamp, rawBody))) {
    return { ok: false, header: 'X-Slack-Signature', reason: 'does not match the body and the signing secret' };
  }
  return { ok: true };
}

/** `v0=<hex>` for a body; tests use it to play Slack. */
export function slackSignature(secret: string, timestamp: string | number, rawBody: Buffer | string): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}
