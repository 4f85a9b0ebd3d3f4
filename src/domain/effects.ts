import type { DomainEvent } from './events.js';
import { packetFileText } from './packet-file.js';
import {
  ackRequestText,
  announcementText,
  ceoEscalationText,
  chiefStaffEscalationText,
  contactChangedText,
  coordinationNoteText,
  deliveryStoppedText,
  overdueText,
  packetRevisedText,
  reminderText,
  sowDelayedText,
} from './texts.js';
import type { WorkCalendar } from './calendar/index.js';
import { clockSpan } from './clock-time.js';
import { CLOCK_OWNERS } from './owners.js';
import { handoffLabel, handoffLabelStep } from './board-state.js';
import { localDateTime } from './time.js';
import type { DealState, Role } from './types.js';

/** A message owed to Slack or the delivery board, keyed by `(handoff, step)`. */
export interface OwedMessage {
  key: string;
  kind: string;
  channel: 'slack' | 'board';
  /** A Slack channel name, a role (for a DM), or `delivery-board`. */
  recipient: string;
  text: string;
  payload: Record<string, unknown>;
}

/** A file in the workspace, relative to its root. */
export interface OwedFile {
  path: string;
  content: string;
}

export interface EffectContext {
  timezone: string;
  /** The channel that gets the announcement, e.g. `#exec-checkins`. */
  channel: string;
  customerSuccess: { live: boolean; detail: string };
  /** `org.calendar`: how long a working-time clock has left, in a reminder. */
  calendar?: WorkCalendar;
  /** `monday.prospectsColumns.handoff` is set: write the handoff's state to its Prospects board item (SPEC §14). */
  boardState?: boolean;
}

/**
 * What the events of one command owe the outside world. The keys make every effect
 * idempotent: a repeated command, a redelivered webhook or a second worker produces the
 * same key, and the outbox keeps one row per key.
 */
export function effectsOf(
  events: readonly DomainEvent[],
  after: DealState,
  ctx: EffectContext,
  /** The state before the events: the handoff-state label is written when they change it. */
  before?: DealState,
): { messages: OwedMessage[]; files: OwedFile[] } {
  const messages: OwedMessage[] = [];
  const files: OwedFile[] = [];
  const handoff = after.handoff;
  const id = after.deal.id;
  const cycle = handoff?.cycle ?? 1;
  const dm = (kind: string, role: Role, text: string, step = kind) =>
    messages.push({ key: `${id}/c${cycle}/${step}`, kind, channel: 'slack', recipient: role, text, payload: { dealId: id } });

  for (const event of events) {
    const l = (dueAt: number, lateMs: number) => ({ dueAt, lateMs, timezone: ctx.timezone });
    switch (event.type) {
      case 'packet.filed': {
        const ackDue = handoff?.clocks.acknowledgement?.dueAt;
        if (event.revision === 1) {
          messages.push({ key: `${id}/announcement`, kind: 'announcement', channel: 'slack', recipient: ctx.channel, text: announcementText(after), payload: { dealId: id } });
          if (ackDue !== undefined) {
            messages.push({
              key: `${id}/ack-request`,
              kind: 'ack-request',
              channel: 'slack',
              recipient: 'customer.success',
              text: ackRequestText(after, ackDue, ctx.timezone),
              payload: { dealId: id, action: 'ack' },
            });
          }
        } else if (events.some((e) => e.type === 'packet.acknowledgement-cleared')) {
          // The signature no longer covers the packet: the revision asks for a new one, with the button.
          const text = `${packetRevisedText(after, event.revision)}${ackDue !== undefined ? `\nAcknowledge by ${localDateTime(ackDue, ctx.timezone)}.` : ''}`;
          messages.push({
            key: `${id}/ack-request-r${event.revision}`,
            kind: 'ack-request',
            channel: 'slack',
            recipient: 'customer.success',
            text,
            payload: { dealId: id, action: 'ack' },
          });
        } else {
          messages.push({
            key: `${id}/packet-r${event.revision}`,
            kind: 'packet-revised',
            channel: 'slack',
            recipient: 'customer.success',
            text: packetRevisedText(after, event.revision),
            payload: { dealId: id },
          });
        }
        pushPacketFiles(files, after, ctx.timezone, ackDue);
        break;
      }
      case 'packet.acknowledged':
        messages.push({
          key: `${id}/delivery-item`,
          kind: 'delivery-item',
          channel: 'board',
          recipient: 'delivery-board',
          text: event.deliveryItem.name,
          payload: { dealId: id, item: event.deliveryItem },
        });
        pushPacketFiles(files, after, ctx.timezone, undefined, false);
        break;
      case 'delivery-item.revised': {
        const step = event.reason === 'sow-signed' ? 'sow-signed' : `r${handoff?.packet?.revision ?? 1}`;
        messages.push({
          key: `${id}/c${cycle}/delivery-item/${step}`,
          kind: 'delivery-item-update',
          channel: 'board',
          recipient: 'delivery-board',
          text: event.item.name,
          payload: { dealId: id, item: event.item, update: true },
        });
        break;
      }
      case 'handoff.stopped':
        for (const role of ['customer.success', 'cro'] as const) {
          dm('delivery-stopped', role, deliveryStoppedText(after, event.stage), `delivery-stopped/${role}/${event.at}`);
        }
        break;
      case 'deal.updated':
        if (event.changes.contact && handoff?.packet) dm('contact-changed', 'customer.success', contactChangedText(after), `contact-changed/${event.at}`);
        break;
      case 'clock.reminded': {
        const clock = handoff?.clocks[event.name];
        const owner = CLOCK_OWNERS[event.name];
        const leftMs = clock ? clockSpan(clock, event.at, event.dueAt, ctx.calendar) : event.dueAt - event.at;
        const text = reminderText(after, event.name, { dueAt: event.dueAt, now: event.at, timezone: ctx.timezone, owner, leftMs });
        dm('reminder', owner, text, `reminder/${event.name}/${clock?.startedAt ?? 0}/${event.index + 1}`);
        break;
      }
      case 'clock.missed':
        if (event.name === 'packet') dm('packet-overdue', 'cro', overdueText(after, 'packet', l(event.dueAt, event.lateMs), 'cro'));
        if (event.name === 'sow-send') dm('sow-send-overdue', 'cro', overdueText(after, 'sow-send', l(event.dueAt, event.lateMs), 'cro'));
        if (event.name === 'sow-signature') dm('sow-delayed', 'cro', sowDelayedText(after, l(event.dueAt, event.lateMs)));
        if (event.name === 'acknowledgement') dm('escalation-chief-staff', 'chief.staff', chiefStaffEscalationText(after, l(event.dueAt, event.lateMs), ctx.customerSuccess));
        if (event.name === 'ceo-escalation') {
          dm('escalation-ceo', 'ceo', ceoEscalationText(after, l(event.dueAt, event.lateMs), handoff?.clocks.acknowledgement?.dueAt ?? event.dueAt));
        }
        if (event.name === 'delivery') {
          for (const role of ['customer.success', 'cro'] as const) {
            dm('delivery-overdue', role, overdueText(after, 'delivery', l(event.dueAt, event.lateMs), role), `delivery-overdue/${role}`);
          }
        }
        break;
      default:
        break;
    }
  }
  const label = ctx.boardState && events.length > 0 && BOARD_ITEM_ID.test(id) ? handoffLabel(after) : undefined;
  if (label && label !== handoffLabel(before)) {
    const key = `${id}/c${cycle}/board-state/${handoffLabelStep(after, label)}`;
    messages.push({ key, kind: 'handoff-state', channel: 'board', recipient: 'prospects-board', text: label, payload: { dealId: id, itemId: id, label } });
  }
  return { messages, files };
}

/** A deal from the Prospects board has its item's id (SPEC §18), which monday.com makes of digits only. */
const BOARD_ITEM_ID = /^\d+$/;

function pushPacketFiles(files: OwedFile[], state: DealState, timezone: string, ackDue: number | undefined, withNote = true): void {
  const handoff = state.handoff;
  const text = handoff && packetFileText(handoff, timezone);
  if (!handoff || !text) return;
  files.push({ path: handoff.packetPath, content: text });
  if (withNote) files.push({ path: coordinationNotePath(handoff.packetPath), content: coordinationNoteText(state, ackDue, timezone) });
}

/** The note sits beside customer.success's other session files and mirrors the packet's name. */
export function coordinationNotePath(packetPath: string): string {
  const name = packetPath.split('/').pop() ?? 'packet.md';
  return `sessions/customer.success/${name.replace(/^assessment-/, 'handoff-')}`;
}
