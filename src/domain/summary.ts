import { sowStatusText } from './texts.js';
import { dayBounds, formatDuration, localDateTime } from './time.js';
import type { DealState } from './types.js';

/**
 * SOP-4.3b: chief.staff's section of the CEO Daily Summary for one org-local day. KEY
 * COMPLETIONS TODAY lists the deals announced that day; NEEDS ATTENTION lists, as of `now`,
 * every overdue clock and every escalation still open.
 */
export function dailySummary(states: readonly DealState[], opts: { date: string; timezone: string; now: number }): string {
  const { start, end } = dayBounds(opts.date, opts.timezone);
  const announced = states
    .filter((s) => s.handoff?.announcedAt !== undefined && s.handoff.announcedAt >= start && s.handoff.announcedAt < end)
    .sort((a, b) => (a.handoff?.announcedAt ?? 0) - (b.handoff?.announcedAt ?? 0));
  const completions = announced.map((s) => `- 🟢 DEAL CLOSED — ${s.deal.company} — Assessment™ confirmed (SOW: ${sowStatusText(s)})`);
  const attention = states.flatMap((s) => attentionLines(s, opts));
  return ['KEY COMPLETIONS TODAY', ...(completions.length > 0 ? completions : ['- none']), '', 'NEEDS ATTENTION', ...(attention.length > 0 ? attention : ['- none']), ''].join(
    '\n',
  );
}

function attentionLines(state: DealState, opts: { timezone: string; now: number }): string[] {
  const h = state.handoff;
  if (!h || h.state === 'on-hold') return [];
  const company = state.deal.company;
  const lines = Object.values(h.clocks)
    // A pending clock past its due time is overdue even if no tick has fired it yet.
    .filter((c) => (c.state === 'overdue' || (c.state === 'pending' && c.dueAt <= opts.now)) && c.name !== 'ceo-escalation')
    .sort((a, b) => a.dueAt - b.dueAt)
    .map((c) => `- ⏰ ${company} — ${c.name} overdue: due ${localDateTime(c.dueAt, opts.timezone)}, ${formatDuration(opts.now - c.dueAt)} late (${h.packetPath})`);
  if (h.escalatedToChiefStaffAt !== undefined && h.acknowledgedAt === undefined) {
    const toCeo = h.escalatedToCeoAt !== undefined ? `, to ceo ${localDateTime(h.escalatedToCeoAt, opts.timezone)}` : '';
    lines.push(`- 🔴 ${company} — acknowledgement escalated to chief.staff ${localDateTime(h.escalatedToChiefStaffAt, opts.timezone)}${toCeo}`);
  }
  return lines;
}
