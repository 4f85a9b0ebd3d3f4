/**
 * The words of the handoff, as types. A deal is a row on the Prospects board; once it is
 * Closed-won with a confirmed commitment it owns one handoff, whose clocks and packet are
 * the substance of the SOP. Times are epoch milliseconds (UTC); calendar dates are
 * `YYYY-MM-DD` strings in the org time zone.
 */

export const ROLES = ['cro', 'customer.success', 'chief.staff', 'ceo', 'sop.manager'] as const;
export type Role = (typeof ROLES)[number];

/** Who did something: a role, Baton itself (clocks, dispatcher), or a connected service. */
export type Actor = Role | 'baton' | 'monday' | 'slack';

export const STAGES = ['lead', 'qualified', 'proposal', 'negotiation', 'closed-won', 'closed-lost'] as const;
export type Stage = (typeof STAGES)[number];

export type CommitmentType = 'written' | 'verbal';

export interface Contact {
  name?: string;
  title?: string;
  email?: string;
  phone?: string;
}

export interface Commitment {
  type: CommitmentType;
  loggedAt: number;
  /** Expected SOW signature date, required while a verbal commitment is unsigned. */
  sowExpected?: string;
}

export interface Note {
  at: number;
  text: string;
}

export interface Briefing {
  delivered: boolean;
  response?: string;
}

export interface Deal {
  id: string;
  company: string;
  contact: Contact;
  stage: Stage;
  owner: Role;
  origin?: string;
  briefing?: Briefing;
  notes: Note[];
  commitment?: Commitment;
  sowSentAt?: number;
  sowSignedAt?: number;
}

export const CLOCK_NAMES = ['packet', 'announcement', 'acknowledgement', 'ceo-escalation', 'sow-send', 'sow-signature', 'delivery'] as const;
export type ClockName = (typeof CLOCK_NAMES)[number];

export type ClockState = 'pending' | 'done' | 'overdue' | 'cancelled';

export interface Clock {
  name: ClockName;
  state: ClockState;
  startedAt: number;
  dueAt: number;
  /** When the clock's work was done; later than dueAt means done late. */
  doneAt?: number;
  /** When Baton recorded the miss (the fire time); kept after a late completion. */
  missedAt?: number;
  /** From this instant the clock is "due soon": its last reminder's time (SPEC §15). */
  soonAt?: number;
  /** Set while the clock is held (`clock.hold`): it neither fires nor reminds. */
  heldAt?: number;
  /** Total time held so far (working time for a calendar clock), added by each resume. */
  heldMs?: number;
  /** When each reminder is owed (`policy.reminders`), earliest first. */
  remindAt?: number[];
  /** How many of `remindAt` were sent. */
  reminded?: number;
  /** Counts working time only (`policy.calendarClocks` with an `org.calendar`). */
  calendar?: boolean;
}

export type HandoffState = 'awaiting-packet' | 'awaiting-acknowledgement' | 'acknowledged' | 'in-delivery' | 'delivered' | 'on-hold' | 'stopped';

/** The Handoff Packet's fields, keyed by their label in the SOP template. */
export type PacketFields = Record<string, string>;

export interface FiledPacket {
  revision: number;
  filedAt: number;
  fields: PacketFields;
  /** The packet exactly as filed, with Baton's `Filed by` line and no acknowledgement. */
  text: string;
}

export interface Milestone {
  name: string;
  date: string;
}

export interface DeliveryItem {
  name: string;
  customer: string;
  windowStart: string;
  windowEnd: string;
  owner: Role;
  milestones: Milestone[];
}

export interface Handoff {
  /** 1 for the first close; each re-close after leaving Closed-won adds one. */
  cycle: number;
  t0: number;
  closeDate: string;
  policyVersion: string;
  /** The stored policy this handoff started under (its content hash); absent before policies were stored. */
  policyId?: string;
  state: HandoffState;
  /** Relative to the workspace root, fixed when the handoff starts. */
  packetPath: string;
  packet?: FiledPacket;
  acknowledgedAt?: number;
  deliveryItem?: DeliveryItem;
  /** The delivery board's id for the item, once the board holds it. */
  deliveryItemId?: string;
  announcedAt?: number;
  escalatedToChiefStaffAt?: number;
  escalatedToCeoAt?: number;
  deliveryStartedAt?: number;
  deliveryDoneAt?: number;
  clocks: Partial<Record<ClockName, Clock>>;
}

/** What `decide` and `evolve` work on: a deal and, once triggered, its handoff. */
export interface DealState {
  deal: Deal;
  handoff?: Handoff;
}

export type { Problem } from './problem.js';
