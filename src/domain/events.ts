import type { Actor, Briefing, ClockName, Commitment, Contact, Deal, DeliveryItem, Note, PacketFields, Stage } from './types.js';

/** What happened, in the past tense; the timeline is these, in order. */
export type EventBody =
  | { type: 'deal.added'; deal: Deal }
  | { type: 'deal.updated'; changes: { company?: string; contact?: Contact; origin?: string; briefing?: Briefing }; cleared?: 'origin'[] }
  | { type: 'deal.stage-changed'; from: Stage; to: Stage }
  | { type: 'deal.commitment-logged'; commitment: Commitment }
  | { type: 'deal.note-added'; note: Note }
  | {
      type: 'handoff.started';
      cycle: number;
      t0: number;
      closeDate: string;
      policyVersion: string;
      /** The stored policy (its content hash) every clock of this handoff follows. */
      policyId?: string;
      packetPath: string;
      resumed: boolean;
    }
  | { type: 'handoff.put-on-hold'; stage: Stage }
  /** Left Closed-won after delivery started: the delivery clock is cancelled until a re-close. */
  | { type: 'handoff.stopped'; stage: Stage }
  | { type: 'clock.started'; name: ClockName; startedAt: number; dueAt: number; remindAt?: number[]; calendar?: boolean }
  /** SPEC §15: reminder `index` (0-based, of `remindAt`) was sent to the clock's owner. */
  | { type: 'clock.reminded'; name: ClockName; index: number; dueAt: number }
  /** SPEC §15: the clock is paused; it neither fires nor reminds until resumed. */
  | { type: 'clock.held'; clock: ClockName; reason: string }
  /** The hold ended: `heldMs` (as the clock counts) moved the due time, now `dueAt`. */
  | { type: 'clock.resumed'; clock: ClockName; heldMs: number; dueAt: number; remindAt?: number[] }
  | { type: 'clock.done'; name: ClockName; dueAt: number; lateMs: number }
  | { type: 'clock.missed'; name: ClockName; dueAt: number; lateMs: number }
  | { type: 'clock.cancelled'; name: ClockName }
  | { type: 'packet.filed'; revision: number; fields: PacketFields; text: string; path: string }
  | { type: 'packet.acknowledged'; deliveryItem: DeliveryItem }
  /** A packet re-filed after acknowledgement needs a new signature. */
  | { type: 'packet.acknowledgement-cleared'; revision: number }
  /** The delivery item changed (a re-filed start target, the 30-day cap at signature). */
  | { type: 'delivery-item.revised'; item: DeliveryItem; reason: 'packet-refiled' | 'sow-signed' }
  /** The delivery board holds the item: its id there (a monday.com item, or the built-in board). */
  | { type: 'delivery-item.recorded'; externalId: string; messageKey: string }
  | { type: 'message.retried'; messageId: number; kind: string }
  | { type: 'announcement.posted'; messageKey: string }
  | { type: 'sow.sent' }
  | { type: 'sow.signed' }
  | { type: 'escalation.chief-staff'; hoursOverdue: number; customerSuccessLive: boolean }
  | { type: 'escalation.ceo'; hoursOverdue: number }
  | { type: 'delivery.started' }
  | { type: 'delivery.done' };

export type DomainEvent = EventBody & { at: number; actor: Actor };

export type EventType = DomainEvent['type'];

/** Lateness recorded beside the event, for events that close or miss a clock. */
export function lateMsOf(event: DomainEvent): number | undefined {
  return event.type === 'clock.done' || event.type === 'clock.missed' ? event.lateMs : undefined;
}
