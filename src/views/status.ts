import { sowStatusText } from '../domain/texts.js';
import { formatDuration, localDateTime } from '../domain/time.js';
import { iso } from './messages.js';
import { CLOCK_OWNERS } from '../domain/owners.js';
import { clockUrgency } from '../domain/clock-time.js';
import { CLOCK_NAMES, type Clock, type DealState, type Role } from '../domain/types.js';

/** `status --json` lists handoffs (SPEC §10); a deal not yet triggered is on the board only. */
export function handoffsOnly(states: readonly DealState[]): DealState[] {
  return states.filter((s) => s.handoff !== undefined);
}

/** The config's policy now, to say when a handoff's own policy differs from it (SPEC §15). */
export interface CurrentPolicy {
  id: string;
  version: string;
}

/**
 * SPEC §15: the policy a handoff follows, and whether the config now says otherwise. A
 * handoff from before policies were stored follows the config: it never differs.
 */
export function policyJson(state: DealState, current?: CurrentPolicy) {
  const h = state.handoff;
  if (!h) return null;
  const id = h.policyId ?? current?.id ?? null;
  return { version: h.policyVersion, id, configVersion: current?.version ?? null, differsFromConfig: current !== undefined && id !== null && id !== current.id };
}

/** `status --json`: one object per handoff, the shape SPEC §10 promises, with each clock's urgency at `now`. */
export function statusJson(state: DealState, now: number, current?: CurrentPolicy) {
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
    clocks: clocks.map((c) => ({
      name: c.name,
      state: c.state,
      urgency: clockUrgency(c, now),
      dueAt: iso(c.dueAt),
      doneAt: iso(c.doneAt),
      lateMs: lateOf(c),
      soonAt: iso(c.soonAt) ?? null,
      held: c.heldAt !== undefined,
      heldAt: iso(c.heldAt) ?? null,
      heldMs: heldSoFar(c, now),
      workingTime: c.calendar === true,
    })),
    ...(h?.deliveryItem ? { deliveryItem: h.deliveryItem } : {}),
    policyVersion: h?.policyVersion ?? null,
    policy: policyJson(state, current),
  };
}

/** The time a clock has been held in all, counting a hold still running up to `now` (wall time). */
export function heldSoFar(c: Clock, now: number): number {
  return (c.heldMs ?? 0) + (c.heldAt !== undefined ? Math.max(0, now - c.heldAt) : 0);
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

/** A clock in words at `now`, its urgency (`clockUrgency`) first: the same in the CLI, Slack and the dashboard. */
export function clockWords(c: Clock, now: number, timezone: string): string {
  const held = c.heldMs ? `; held ${formatDuration(c.heldMs)} before` : '';
  switch (clockUrgency(c, now)) {
    case 'done':
      return `done ${localDateTime(c.doneAt ?? 0, timezone)}${(c.doneAt ?? 0) > c.dueAt ? ` (${formatDuration((c.doneAt ?? 0) - c.dueAt)} late)` : ''}`;
    case 'cancelled':
      return 'cancelled';
    case 'held':
      return `HELD since ${localDateTime(c.heldAt ?? now, timezone)} (${formatDuration(heldSoFar(c, now))} held so far; was due ${localDateTime(c.dueAt, timezone)})`;
    case 'overdue':
      return `OVERDUE by ${formatDuration(now - c.dueAt)} (due ${localDateTime(c.dueAt, timezone)}${held})`;
    case 'due-soon':
      return `due soon: ${localDateTime(c.dueAt, timezone)} (in ${formatDuration(c.dueAt - now)}${held})`;
    case 'pending':
      return `due ${localDateTime(c.dueAt, timezone)} (in ${formatDuration(c.dueAt - now)}${held})`;
  }
}

/** `status <id>`: the handoff in full, for a person. */
export function statusDetail(state: DealState, now: number, timezone: string, current?: CurrentPolicy): string {
  const h = state.handoff;
  const lines = [
    `${state.deal.company} (deal ${state.deal.id})`,
    `Stage: ${state.deal.stage}`,
    `SOW: ${state.deal.commitment ? sowStatusText(state) : 'no commitment logged'}`,
    `Handoff: ${h ? h.state : 'not started (needs Closed-won and a commitment)'}`,
  ];
  if (h) {
    lines.push(`Packet: ${h.packetPath}${h.packet ? ` (revision ${h.packet.revision})` : ' (not filed)'}`);
    lines.push(policyLine(state, current));
    lines.push('Clocks:');
    for (const name of CLOCK_NAMES) {
      const c = h.clocks[name];
      if (c) lines.push(`  ${name.padEnd(16)} ${c.state.padEnd(9)} ${clockWords(c, now, timezone)}`);
    }
    const held = CLOCK_NAMES.flatMap((n) => (h.clocks[n] && heldSoFar(h.clocks[n] as Clock, now) > 0 ? [`${n} ${formatDuration(heldSoFar(h.clocks[n] as Clock, now))}`] : []));
    if (held.length > 0) lines.push(`Held time: ${held.join(', ')}`);
    if (h.deliveryItem) {
      const d = h.deliveryItem;
      lines.push(`Delivery item: ${d.name}, ${d.windowStart} → ${d.windowEnd}, owner ${d.owner}`);
      for (const m of d.milestones) lines.push(`  ${m.date}  ${m.name}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** `Policy: 1.0`, and when the config now says otherwise, that this handoff keeps its own. */
function policyLine(state: DealState, current?: CurrentPolicy): string {
  const p = policyJson(state, current);
  if (!p) return '';
  if (!p.differsFromConfig) return `Policy: ${p.version}`;
  const now = p.configVersion === p.version ? `a changed ${p.configVersion}` : p.configVersion;
  return `Policy: ${p.version} (the config now says ${now}; this handoff keeps the policy it started under)`;
}
