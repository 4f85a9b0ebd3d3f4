import type { StoredMessage } from '../store/index.js';

/** `messages --json` and the API: one object per message, times in ISO 8601 UTC (SPEC §10). */
export const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

export function messageJson(m: StoredMessage) {
  return {
    id: m.id,
    kind: m.kind,
    to: m.recipient,
    text: m.text,
    state: m.state,
    createdAt: iso(m.createdAt),
    deliveredAt: iso(m.deliveredAt),
    dealId: m.dealId,
    key: m.key,
    attempts: m.attempts,
    lastError: m.lastError ?? null,
  };
}
