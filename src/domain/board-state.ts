import type { DealState } from './types.js';

/**
 * The handoff's state as the CRO reads it on the Prospects board (SPEC §14): the label Baton
 * writes to the item's `monday.prospectsColumns.handoff` column. Pure; undefined before the
 * handoff starts (the board's own columns say all there is then).
 *
 * - `Packet due`: closed with a commitment, the packet is not filed yet (overdue or not);
 * - `Packet filed`: filed, waiting for customer.success to acknowledge;
 * - `Escalated`: the acknowledgement is past due (chief.staff, then the ceo, were told);
 * - `Acknowledged`, `In delivery`, `Delivered`: the steps after;
 * - `Stopped`: the deal left Closed-won (on hold before delivery, stopped during it).
 *
 * @example
 *   handoffLabel(state); // 'Packet filed'
 */

export const HANDOFF_LABELS = ['Packet due', 'Packet filed', 'Acknowledged', 'Escalated', 'In delivery', 'Delivered', 'Stopped'] as const;
export type HandoffLabel = (typeof HANDOFF_LABELS)[number];

export function handoffLabel(state: DealState | undefined): HandoffLabel | undefined {
  const handoff = state?.handoff;
  if (!handoff) return undefined;
  switch (handoff.state) {
    case 'awaiting-packet':
      return 'Packet due';
    case 'awaiting-acknowledgement':
      return handoff.clocks.acknowledgement?.state === 'overdue' ? 'Escalated' : 'Packet filed';
    case 'acknowledged':
      return 'Acknowledged';
    case 'in-delivery':
      return 'In delivery';
    case 'delivered':
      return 'Delivered';
    case 'on-hold':
    case 'stopped':
      return 'Stopped';
  }
}

/**
 * The step of the handoff-state message's key (`{deal}/c{cycle}/board-state/{step}`): the label,
 * and once the packet was re-filed (revision n > 1) `{label}/r{n}`. A re-filing after the
 * acknowledgement asks for a new one, so `Packet filed` and `Acknowledged` come round again in
 * the same cycle: each round's labels are written once each, never twice.
 */
export function handoffLabelStep(state: DealState, label: HandoffLabel): string {
  const revision = state.handoff?.packet?.revision ?? 1;
  return revision > 1 ? `${label}/r${revision}` : label;
}
