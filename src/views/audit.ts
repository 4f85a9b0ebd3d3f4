import { localDateTime } from '../domain/time.js';
import type { StoredOrgEvent } from '../store/index.js';
import { jsonTimes } from './json-times.js';

/** One org event in words, for `baton audit` and the dashboard. */
export function describeOrgEvent(e: StoredOrgEvent, timezone: string): string {
  return `${localDateTime(e.at, timezone)}  ${e.actor.padEnd(16)}  ${orgEventText(e)}`;
}

export function orgEventText(e: StoredOrgEvent): string {
  const d = e.data as Record<string, string | number>;
  switch (e.type) {
    case 'agent.heartbeat':
      return `heartbeat: ${d.role}`;
    case 'agent.activated':
      return `${d.role} activated manually`;
    case 'summary.filed':
      return `CEO Daily Summary for ${d.date} filed: ${d.path}`;
    case 'board.synced':
      return `Prospects board synced: ${d.added} added, ${d.updated} updated, ${d.unchanged} unchanged, ${d.problems} problem(s)`;
    case 'message.retried':
      return `message #${d.messageId} (${d.kind}) queued again`;
    case 'board.problem':
      return `board item ${d.itemId}, column ${d.column}: ${d.message}. Fix: ${d.fix}`;
    default:
      return e.type;
  }
}

export function orgEventJson(e: StoredOrgEvent) {
  return { id: e.id, at: new Date(e.at).toISOString(), actor: e.actor, type: e.type, data: jsonTimes(e.data) };
}
