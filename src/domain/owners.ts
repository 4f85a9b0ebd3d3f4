import type { ClockName, Role } from './types.js';

/**
 * Who owes each clock's work: the role a reminder goes to, the one a handoff is waiting
 * on, and (with chief.staff and ceo) the one who may retry a message about it.
 */
export const CLOCK_OWNERS: Record<ClockName, Role> = {
  packet: 'cro',
  announcement: 'cro',
  acknowledgement: 'customer.success',
  'ceo-escalation': 'chief.staff',
  'sow-send': 'cro',
  'sow-signature': 'cro',
  delivery: 'customer.success',
};

/** The clock each kind of owed message is about. */
const CLOCK_OF_MESSAGE: Record<string, ClockName> = {
  announcement: 'announcement',
  'ack-request': 'acknowledgement',
  'packet-revised': 'acknowledgement',
  'contact-changed': 'acknowledgement',
  'delivery-item': 'acknowledgement',
  'delivery-item-update': 'acknowledgement',
  'packet-overdue': 'packet',
  'sow-send-overdue': 'sow-send',
  'sow-delayed': 'sow-signature',
  'escalation-chief-staff': 'acknowledgement',
  'escalation-ceo': 'ceo-escalation',
  'delivery-overdue': 'delivery',
  'delivery-stopped': 'delivery',
};

/** The role that owns the clock a message is about; undefined for a kind Baton does not know. */
export function messageOwner(kind: string): Role | undefined {
  const clock = CLOCK_OF_MESSAGE[kind];
  return clock ? CLOCK_OWNERS[clock] : undefined;
}
