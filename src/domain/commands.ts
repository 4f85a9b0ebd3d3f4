import type { WorkCalendar } from './calendar/index.js';
import type { Policy } from './policy.js';
import type { ErrorKind } from './problem.js';
import type { Actor, Briefing, ClockName, CommitmentType, Contact, Problem } from './types.js';

/** What someone asks of a deal. Front doors (CLI, HTTP, MCP, webhooks) build these. */
export type Command =
  | { type: 'deal.add'; company: string; contact: Contact; origin?: string; briefing?: Briefing }
  | { type: 'deal.update'; changes: DealChanges }
  | { type: 'deal.stage'; stage: string }
  | { type: 'deal.commit'; commitment: string; sowExpected?: string }
  | { type: 'deal.note'; text: string }
  | { type: 'packet.file'; text: string }
  | { type: 'ack' }
  | { type: 'sow.sent' }
  | { type: 'sow.signed' }
  | { type: 'delivery.start' }
  | { type: 'delivery.done' }
  | { type: 'clock.fire'; name: ClockName }
  | { type: 'clock.remind'; name: ClockName; index: number }
  | { type: 'clock.hold'; clock: string; reason: string }
  | { type: 'clock.resume'; clock: string }
  | { type: 'message.delivered'; kind: string; key: string; externalId?: string }
  | { type: 'message.retry'; messageId: number; kind: string; state: string };

/** `deal update`: a field given is set; an empty optional one is cleared. */
export interface DealChanges {
  company?: string;
  contact?: { name?: string; title?: string; email?: string; phone?: string };
  origin?: string;
}

export type CommandType = Command['type'];

/** Whether customer.success has a live agent, as the gate and the escalation text need it. */
export interface AgentLiveness {
  live: boolean;
  /** For people: `heartbeat 2026-11-26 09:12 UTC`, `activated by ceo ...`, or `no heartbeat`. */
  detail: string;
}

/** Everything `decide` may know besides the deal: all of it gathered by the engine first. */
export interface DecideContext {
  dealId: string;
  now: number;
  actor: Actor;
  /** The handoff's own policy once it has started; the config's for a new one. */
  policy: Policy;
  /** The stored policy's id (content hash), recorded when a handoff starts under `policy`. */
  policyId?: string;
  /** `org.calendar`: working time for the clocks in `policy.calendarClocks`. */
  calendar?: WorkCalendar;
  timezone: string;
  /** Packet paths already held by other handoffs, for the `-2`, `-3` suffix. */
  takenPacketPaths: readonly string[];
  customerSuccess: AgentLiveness;
}

export type Decision = { ok: true; events: import('./events.js').DomainEvent[] } | { ok: false; reason: ErrorKind; problems: Problem[] };

export const COMMITMENT_TYPES: readonly CommitmentType[] = ['written', 'verbal'];
