import type { Briefing } from './types.js';

/**
 * `Y — they liked the benchmark` / `N`, as the packet's Briefing™ line reads: the one way a
 * door turns that text into a Briefing. Undefined when it says neither Y nor N.
 */
export function parseBriefing(text: string): Briefing | undefined {
  const match = /^\s*(y|yes|n|no)\b\s*[—–:-]?\s*(.*)$/i.exec(text);
  if (!match) return undefined;
  const delivered = match[1]!.toLowerCase().startsWith('y');
  const response = match[2]?.trim();
  return { delivered, ...(delivered && response ? { response } : {}) };
}
