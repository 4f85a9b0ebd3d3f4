import { slackEscape } from './slack-text.js';
import { formatDuration, localDateTime } from './time.js';
import type { ClockName, DealState } from './types.js';

/**
 * Every text Baton sends, in one place. Each direct message names the company, the clock,
 * how late it is, the packet path, and what its reader must do (SPEC §5).
 */

/** The SOW line of the announcement and the daily summary. */
export function sowStatusText(state: DealState): string {
  const expected = state.deal.commitment?.sowExpected;
  return state.deal.sowSignedAt !== undefined ? 'Signed' : `Pending — expected ${expected ?? 'unknown'}`;
}

/** SOP-4.3a: the three-line post to #exec-checkins, byte for byte. */
export function announcementText(state: DealState): string {
  return [`🟢 DEAL CLOSED — ${slackEscape(state.deal.company)} — Assessment™ confirmed`, 'Handoff packet filed → customer.success', `SOW status: ${sowStatusText(state)}`].join(
    '\n',
  );
}

interface Lateness {
  dueAt: number;
  lateMs: number;
  timezone: string;
}

const CLOCK_TITLE: Record<ClockName, string> = {
  packet: 'Handoff Packet not filed',
  announcement: 'deal not announced',
  acknowledgement: 'Handoff Packet not acknowledged',
  'ceo-escalation': 'customer.success activation needed',
  'sow-send': 'SOW template not sent',
  'sow-signature': 'SOW not signed',
  delivery: 'Assessment™ delivery overdue',
};

function header(icon: string, word: string, state: DealState, clock: ClockName): string {
  return `${icon} ${word} — ${slackEscape(state.deal.company)} — ${CLOCK_TITLE[clock]} (clock: ${clock})`;
}

function due(l: Lateness): string {
  return `Due ${localDateTime(l.dueAt, l.timezone)}; ${formatDuration(l.lateMs)} late.`;
}

function pathLine(state: DealState): string {
  return `Packet path: ${state.handoff?.packetPath ?? '(not assigned)'}`;
}

export function overdueText(state: DealState, clock: 'packet' | 'sow-send' | 'delivery', l: Lateness, reader: string): string {
  const id = state.deal.id;
  const todo: Record<typeof clock, string> = {
    packet: `file the Handoff Packet: baton packet draft ${id} > packet.md, complete it, then baton packet file ${id} packet.md`,
    'sow-send': `send the SOW template to the customer, then record it: baton sow sent ${id}`,
    delivery: `complete the Assessment™ and record it: baton delivery done ${id}`,
  };
  return [header('⏰', 'OVERDUE', state, clock), due(l), pathLine(state), `To do (${reader}): ${todo[clock]}`].join('\n');
}

/** SOP-4.5c: customer.success alerts the CRO when the SOW is late. */
export function sowDelayedText(state: DealState, l: Lateness): string {
  const expected = state.deal.commitment?.sowExpected ?? 'unknown';
  return [
    header('⚠️', 'SOW DELAYED', state, 'sow-signature'),
    `From customer.success: the signed SOW was expected ${expected}. ${due(l)}`,
    pathLine(state),
    `To do (cro): get the SOW signed, then record it: baton sow signed ${state.deal.id}. Delivery cannot begin before the signature.`,
  ].join('\n');
}

/** SOP-5a: the CRO's DM to chief.staff when the acknowledgement is missed. */
export function chiefStaffEscalationText(state: DealState, l: Lateness, live: { live: boolean; detail: string }): string {
  return [
    header('🔴', 'ESCALATION', state, 'acknowledgement'),
    `From cro: customer.success has not acknowledged the Handoff Packet. ${due(l)}`,
    pathLine(state),
    `customer.success live agent: ${live.live ? 'yes' : 'no'} (${live.detail})`,
    'To do (chief.staff): reach customer.success; if no agent is live, escalate to the CEO for manual customer.success activation.',
  ].join('\n');
}

/** SOP-5b: chief.staff's escalation to the CEO after the grace period. */
export function ceoEscalationText(state: DealState, l: Lateness, ackDueAt: number): string {
  return [
    header('🔴', 'ESCALATION', state, 'ceo-escalation'),
    `From chief.staff: the Handoff Packet is still unacknowledged, ${formatDuration(l.dueAt + l.lateMs - ackDueAt)} past its deadline of ${localDateTime(ackDueAt, l.timezone)}.`,
    pathLine(state),
    `To do (ceo): activate customer.success manually: baton agent activate customer.success --by ceo; then customer.success acknowledges: baton ack ${state.deal.id} --as customer.success`,
  ].join('\n');
}

/** SOP-4.4a: the request that reaches customer.success when the packet is filed. */
export function ackRequestText(state: DealState, ackDueAt: number, timezone: string): string {
  return [
    `📋 HANDOFF PACKET — ${slackEscape(state.deal.company)} — please acknowledge`,
    pathLine(state),
    `Acknowledge by ${localDateTime(ackDueAt, timezone)} (24 h).`,
    `To do (customer.success): read the packet, then: baton ack ${state.deal.id} --as customer.success`,
  ].join('\n');
}

export function packetRevisedText(state: DealState, revision: number): string {
  const acked = state.handoff?.acknowledgedAt !== undefined;
  return [
    `📝 PACKET REVISED — ${slackEscape(state.deal.company)} — revision ${revision}`,
    pathLine(state),
    `To do (customer.success): re-read the packet${acked ? '' : `, then acknowledge it: baton ack ${state.deal.id} --as customer.success`}`,
  ].join('\n');
}

/** SPEC §13: the deal left Closed-won while the Assessment™ was under way. */
export function deliveryStoppedText(state: DealState, stage: string): string {
  return [
    `⛔ DELIVERY STOPPED — ${slackEscape(state.deal.company)} — the deal left Closed-won (now ${slackEscape(stage)})`,
    pathLine(state),
    'The Assessment™ clock is cancelled until the deal is Closed-won again; pause the delivery work.',
    `To do (cro): confirm with the customer, then close it again: baton deal stage ${state.deal.id} closed-won`,
  ].join('\n');
}

/** SPEC §13: after filing, the board's primary contact changed. */
export function contactChangedText(state: DealState): string {
  const c = state.deal.contact;
  const who = [c.name, c.title, c.email, c.phone]
    .filter(Boolean)
    .map((v) => slackEscape(String(v)))
    .join(', ');
  return [
    `👤 CONTACT CHANGED — ${slackEscape(state.deal.company)}`,
    `Primary contact on the board is now: ${who || '(none)'}`,
    pathLine(state),
    'To do (customer.success): use the new contact; the filed packet still shows the old one until the cro re-files it.',
  ].join('\n');
}

/** SOP-4.2b: the coordination note dropped in customer.success's session directory. */
export function coordinationNoteText(state: DealState, ackDueAt: number | undefined, timezone: string): string {
  const filedAt = state.handoff?.packet?.filedAt;
  return [
    `Handoff: ${state.deal.company} (deal ${state.deal.id})`,
    `Handoff Packet: ${state.handoff?.packetPath ?? ''}`,
    filedAt !== undefined ? `Filed by cro — ${localDateTime(filedAt, timezone)}` : '',
    ackDueAt !== undefined ? `Acknowledge by ${localDateTime(ackDueAt, timezone)}: baton ack ${state.deal.id} --as customer.success` : '',
    '',
  ]
    .filter((line, i, all) => line !== '' || i === all.length - 1)
    .join('\n');
}

/** What each clock's owner runs to do its work: the exact command, as a reminder gives it. */
export function clockTodo(state: DealState, clock: ClockName): string {
  const id = state.deal.id;
  const todo: Record<ClockName, string> = {
    packet: `file the Handoff Packet: baton packet draft ${id} > packet.md, complete it, then baton packet file ${id} packet.md`,
    announcement: `file the Handoff Packet (the announcement follows it): baton packet file ${id} packet.md`,
    acknowledgement: `read the packet, then: baton ack ${id} --as customer.success`,
    'ceo-escalation': `reach customer.success, who acknowledges with: baton ack ${id} --as customer.success`,
    'sow-send': `send the SOW template to the customer, then record it: baton sow sent ${id}`,
    'sow-signature': `get the SOW signed, then record it: baton sow signed ${id}`,
    delivery: `complete the Assessment™ and record it: baton delivery done ${id}`,
  };
  return todo[clock];
}

/** SPEC §15: a reminder to the clock's owner before the clock falls due, with the command to run. */
export function reminderText(state: DealState, clock: ClockName, r: { dueAt: number; now: number; timezone: string; owner: string; leftMs: number }): string {
  return [
    header('⏳', 'REMINDER', state, clock),
    `Due ${localDateTime(r.dueAt, r.timezone)} (in ${formatDuration(r.leftMs)}).`,
    pathLine(state),
    `To do (${r.owner}): ${clockTodo(state, clock)}`,
  ].join('\n');
}
