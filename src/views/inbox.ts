import type { InboxItem } from '../app/inbox.js';
import { formatDuration, localDateTime } from '../domain/time.js';
import type { Role } from '../domain/types.js';

/** `inbox` as people read it and as `--json`, the API and the MCP tool give it. */

export const URGENCY_WORDS: Record<InboxItem['urgency'], string> = { overdue: 'OVERDUE', 'due-soon': 'due soon', pending: 'due', held: 'held' };

/** When an item is due, in words: `OVERDUE by 2 h 05 min`, `due soon: in 20 min (Thu 26 Nov 11:00)`. */
export function dueWords(item: InboxItem, now: number, timezone: string): string {
  const at = localDateTime(item.dueAt, timezone);
  if (item.urgency === 'overdue') return `OVERDUE by ${formatDuration(now - item.dueAt)} (due ${at})`;
  if (item.urgency === 'held') return `held (was due ${at})`;
  return `${item.urgency === 'due-soon' ? 'due soon: ' : 'due '}in ${formatDuration(item.dueAt - now)} (${at})`;
}

export function inboxText(role: Role, items: readonly InboxItem[], now: number, timezone: string): string {
  if (items.length === 0) return `Nothing is owed by ${role}.\n`;
  const lines = [`${items.length} open for ${role}, most urgent first:`, ''];
  items.forEach((item, i) => {
    const where = item.id !== null ? `${item.company} (${item.id})${item.clock ? `, ${item.clock}` : ''}` : 'CEO Daily Summary';
    lines.push(`${i + 1}. ${where}: ${dueWords(item, now, timezone)}`);
    lines.push(`   ${item.what}`);
    lines.push(`   $ ${item.command}`);
    lines.push('');
  });
  return `${lines.join('\n')}`;
}

export function inboxJson(role: Role, items: readonly InboxItem[]) {
  return { role, items };
}
