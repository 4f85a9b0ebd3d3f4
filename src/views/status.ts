import { sowStatusText } from '../domain/texts.js';
import { formatDuration, localDateTime } from '../domain/time.js';
import { iso } from './messages.js';
import { CLOCK_OWNERS } from '../domain/owners.js';
import { CLOCK_NAMES, type Clock, type DealState, type Role } from '../domain/types.js';

/** `status --json` lists handoffs (SPEC §10); a deal not yet triggered is on the board only. */
export function handoffsOnly(states: readonly DealState[]): DealState[] {
  return states.filter((s) => s.handoff !== undefined);
}

/** `status --json`: one object per handoff, the shape SPEC §10 promises. */
export function statusJson(state: DealState) {
  const h = state.handoff;
  const clocks = h ? CLOCK_NAMES.flatMap((n) => (h.clocks[n] ? [h.clocks[n] as Clock] : [])) : [];
  return {
    id: state.deal.id,
    company: state.deal.company,
    stage: state.deal.stage,
    state: h?.state ?? 'no-handoff',
    sowStatus: state.deal.commitment ? sowStatusText(state) : null,
    packetPath: h?.packetPath ?? null,
    packetRevision: h?.packet?.revision ?? null,
    ...whoMustAct(state),
    clocks: clocks.map((c) => ({ name: c.name, state: c.state, dueAt: iso(c.dueAt), doneAt: iso(c.doneAt), lateMs: lateOf(c) })),
    ...(h?.deliveryItem ? { deliveryItem: h.deliveryItem } : {}),
    policyVersion: h?.policyVersion ?? null,
  };
}

/**
 * SPEC §13, §18: the handoff waits on the owner of its open clock due soonest; none when no
 * clock is open. The same answer in `status --json`, the API and the dashboard's list.
 */
export function whoMustAct(state: DealState): { waitingOn: Role | null; nextDueAt: string | null } {
  const next = openClocks(state)[0];
  return { waitingOn: next ? CLOCK_OWNERS[next.name] : null, nextDueAt: next ? (iso(next.dueAt) ?? null) : null };
}

export function openClocks(state: DealState): Clock[] {
  const h = state.handoff;
  return h
    ? Object.values(h.clocks)
        .filter((c) => c.state === 'pending' || c.state === 'overdue')
        .sort((a, b) => a.dueAt - b.dueAt)
    : [];
}

function lateOf(c: Clock): number | null {
  if (c.doneAt !== undefined) return Math.max(0, c.doneAt - c.dueAt);
  if (c.state === 'overdue') return (c.missedAt ?? c.dueAt) - c.dueAt;
  return null;
}

/** One line per deal, with the most urgent open clock. */
export function statusLine(state: DealState, now: number, timezone: string): string {
  const h = state.handoff;
  const next = openClocks(state)[0];
  const clock = next ? `${next.name} ${clockWords(next, now, timezone)}` : '';
  return [state.deal.id.padEnd(14), state.deal.company.slice(0, 28).padEnd(28), (h?.state ?? `${state.deal.stage}`).padEnd(26), clock].join('  ').trimEnd();
}

export function clockWords(c: Clock, now: number, timezone: string): string {
  if (c.state === 'done') return `done ${localDateTime(c.doneAt ?? 0, timezone)}${(c.doneAt ?? 0) > c.dueAt ? ` (${formatDuration((c.doneAt ?? 0) - c.dueAt)} late)` : ''}`;
  if (c.state === 'cancelled') return 'cancelled';
  if (c.dueAt <= now) return `OVERDUE by ${formatDuration(now - c.dueAt)} (due ${localDateTime(c.dueAt, timezone)})`;
  return `due ${localDateTime(c.dueAt, timezone)} (in ${formatDuration(c.dueAt - now)})`;
}

/** `status <id>`: the handoff in full, for a person. */
export function statusDetail(state: DealState, now: number, timezone: string): string {
  const h = state.handoff;
  const lines = [
    `${state.deal.company} (deal ${state.deal.id})`,
    `Stage: ${state.deal.stage}`,
    `SOW: ${state.deal.commitment ? sowStatusText(state) : 'no commitment logged'}`,
    `Handoff: ${h ? h.state : 'not started (needs Closed-won and a commitment)'}`,
  ];
  if (h) {
    lines.push(`Packet: ${h.packetPath}${h.packet ? ` (revision ${h.packet.revision})` : ' (not filed)'}`);
    lines.push('Clocks:');
    for (const name of CLOCK_NAMES) {
      const c = h.clocks[name];
      if (c) lines.push(`  ${name.padEnd(16)} ${c.state.padEnd(9)} ${clockWords(c, now, timezone)}`);
    }
    if (h.deliveryItem) {
      const d = h.deliveryItem;
      lines.push(`Delivery item: ${d.name}, ${d.windowStart} → ${d.windowEnd}, owner ${d.owner}`);
      for (const m of d.milestones) lines.push(`  ${m.date}  ${m.name}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
