import { DAY, HOUR, MINUTE } from './durations.js';
import type { ClockName } from './types.js';

export interface MilestoneOffset {
  name: string;
  days: number;
}

/**
 * Everything the SOP fixes as a number or a text lives here, so that sop.manager can
 * version it and a handoff keeps the policy it started under.
 */
export interface Policy {
  version: string;
  price: number;
  /** Due durations in milliseconds, keyed by clock. */
  due: Record<ClockName, number>;
  /** Longest committed delivery window, from the SOW signature, in days. */
  deliveryWindowDays: number;
  milestones: MilestoneOffset[];
  /** A customer.success heartbeat at most this old counts as a live agent. */
  heartbeatWindowMs: number;
  /** A manual activation by the ceo counts as a live agent for this long. */
  activationWindowMs: number;
  /**
   * Outbox: attempts before a message is failed, the backoff bounds, and how long a
   * dispatcher holds a message it is sending (a process that dies mid-send frees it then).
   */
  delivery: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number; leaseMs: number };
  /** SPEC §15: DMs to a clock's owner, this long before it is due (ms), each sent once. */
  reminders: Partial<Record<ClockName, number[]>>;
  /** SPEC §15: the clocks that count working time only (with an `org.calendar`). */
  calendarClocks: ClockName[];
}

export const POLICY_V1: Policy = Object.freeze({
  version: '1.0',
  price: 2500,
  due: {
    packet: 2 * HOUR,
    announcement: 2 * HOUR,
    acknowledgement: 24 * HOUR,
    'ceo-escalation': 4 * HOUR,
    'sow-send': 24 * HOUR,
    'sow-signature': 48 * HOUR,
    delivery: 30 * DAY,
  },
  deliveryWindowDays: 30,
  milestones: [
    { name: 'Kickoff', days: 0 },
    { name: 'Discovery complete', days: 10 },
    { name: 'Findings draft', days: 21 },
    { name: 'Readout', days: 30 },
  ],
  heartbeatWindowMs: 30 * MINUTE,
  activationWindowMs: 24 * HOUR,
  delivery: { maxAttempts: 12, baseDelayMs: MINUTE, maxDelayMs: 8 * HOUR, leaseMs: 30_000 },
  reminders: { packet: [30 * MINUTE], acknowledgement: [4 * HOUR], 'sow-signature': [12 * HOUR] },
  calendarClocks: [],
}) as Policy;

/** `$2,500` for 2500: the price as the packet shows it. */
export function formatPrice(price: number): string {
  return `$${price.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
}

export const DURATION = { MINUTE, HOUR, DAY };
