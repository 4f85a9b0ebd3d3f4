import type { DomainEvent } from '../domain/events.js';
import { formatDuration, localDateTime } from '../domain/time.js';
import type { StoredEvent } from '../store/index.js';
import { jsonTimes } from './json-times.js';
import { iso } from './messages.js';

/** One event in words, as the timeline and every command's output show it. */
export function describeEvent(event: DomainEvent, timezone: string): string {
  const when = localDateTime(event.at, timezone);
  return `${when}  ${event.actor.padEnd(16)}  ${eventText(event, timezone)}`;
}

function late(ms: number): string {
  return ms > 0 ? `${formatDuration(ms)} late` : 'on time';
}

export function eventText(e: DomainEvent, timezone: string): string {
  switch (e.type) {
    case 'deal.added':
      return `deal added: ${e.deal.company}`;
    case 'deal.updated':
      return `deal updated: ${[...Object.keys(e.changes), ...(e.cleared ?? []).map((k) => `${k} cleared`)].join(', ')}`;
    case 'deal.stage-changed':
      return `stage ${e.from} → ${e.to}`;
    case 'deal.commitment-logged':
      return `commitment logged: ${e.commitment.type}${e.commitment.sowExpected ? `, SOW expected ${e.commitment.sowExpected}` : ''}`;
    case 'deal.note-added':
      return `note: ${e.note.text}`;
    case 'handoff.started':
      return `${e.resumed ? 'handoff resumed' : 'handoff started'} (T0, cycle ${e.cycle}); packet path ${e.packetPath}`;
    case 'handoff.put-on-hold':
      return `handoff on hold: stage is ${e.stage}; open clocks cancelled`;
    case 'handoff.stopped':
      return `handoff stopped during delivery: stage is ${e.stage}; delivery clock cancelled`;
    case 'packet.acknowledgement-cleared':
      return `acknowledgement cleared: revision ${e.revision} needs a new one`;
    case 'delivery-item.revised':
      return `delivery item revised (${e.reason === 'sow-signed' ? '30-day maximum from the SOW signature' : 'packet re-filed'}): ${e.item.windowStart} → ${e.item.windowEnd}`;
    case 'delivery-item.recorded':
      return `delivery item on the board: ${e.externalId}`;
    case 'message.retried':
      return `message ${e.messageId} (${e.kind}) queued again`;
    case 'clock.started':
      return `clock ${e.name} started, due ${localDateTime(e.dueAt, timezone)}`;
    case 'clock.done':
      return `clock ${e.name} done, ${late(e.lateMs)}`;
    case 'clock.missed':
      return `clock ${e.name} MISSED (due ${localDateTime(e.dueAt, timezone)}, fired ${formatDuration(e.lateMs)} after)`;
    case 'clock.cancelled':
      return `clock ${e.name} cancelled`;
    case 'clock.reminded':
      return `clock ${e.name}: reminder ${e.index + 1} sent (due ${localDateTime(e.dueAt, timezone)})`;
    case 'clock.held':
      return `clock ${e.clock} HELD: ${e.reason}`;
    case 'clock.resumed':
      return `clock ${e.clock} resumed after ${formatDuration(e.heldMs)} held; now due ${localDateTime(e.dueAt, timezone)}`;
    case 'packet.filed':
      return `packet filed, revision ${e.revision}: ${e.path}`;
    case 'packet.acknowledged':
      return `packet acknowledged; delivery item "${e.deliveryItem.name}" ${e.deliveryItem.windowStart} → ${e.deliveryItem.windowEnd}`;
    case 'announcement.posted':
      return 'deal announced in Slack';
    case 'sow.sent':
      return 'SOW template sent';
    case 'sow.signed':
      return 'SOW signed (Assessment™ clock starts)';
    case 'escalation.chief-staff':
      return `escalated to chief.staff (${e.hoursOverdue.toFixed(1)} h overdue; customer.success live: ${e.customerSuccessLive ? 'yes' : 'no'})`;
    case 'escalation.ceo':
      return `escalated to ceo for manual customer.success activation (${e.hoursOverdue.toFixed(1)} h overdue)`;
    case 'delivery.started':
      return 'Assessment™ delivery started';
    case 'delivery.done':
      return 'Assessment™ delivery done';
  }
}

/** A stored event back in domain shape, for the words above. */
export function describeStoredEvent(e: StoredEvent, timezone: string): string {
  return describeEvent({ ...(e.data as object), type: e.type, at: e.at, actor: e.actor } as DomainEvent, timezone);
}

/** `timeline --json` and the API. */
export function eventJson(e: StoredEvent) {
  return { at: iso(e.at), actor: e.actor, type: e.type, lateMs: e.lateMs ?? null, data: jsonTimes(e.data) };
}
