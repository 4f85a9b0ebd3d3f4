import type { Policy } from './policy.js';
import { addDays, localDate } from './time.js';
import type { DealState, DeliveryItem, Milestone } from './types.js';

const START_TARGET_RE = /^\s*(\d{4}-\d{2}-\d{2})/;
const WINDOW_LABEL = 'Committed delivery window';

/** The SOW date the 30-day maximum counts from: the signature, else the expected date. */
export function sowDate(state: DealState, timezone: string): string | undefined {
  const { deal } = state;
  if (deal.sowSignedAt !== undefined) return localDate(deal.sowSignedAt, timezone);
  return deal.commitment?.sowExpected;
}

/** The start target the filed packet commits to, if it has one. */
export function startTarget(state: DealState): string | undefined {
  const value = state.handoff?.packet?.fields[WINDOW_LABEL];
  return value ? START_TARGET_RE.exec(value)?.[1] : undefined;
}

/**
 * The item customer.success owns on the delivery board. Milestones are offsets from the
 * start target, clamped so that none falls past the 30-day maximum from the SOW.
 */
export function deliveryItemFor(state: DealState, policy: Policy, timezone: string): DeliveryItem {
  const start = startTarget(state) ?? state.handoff?.closeDate ?? localDate(state.handoff?.t0 ?? 0, timezone);
  const sow = sowDate(state, timezone) ?? start;
  const latest = addDays(sow, policy.deliveryWindowDays);
  const end = addDays(start, policy.deliveryWindowDays) < latest ? addDays(start, policy.deliveryWindowDays) : latest;
  const milestones: Milestone[] = policy.milestones.map((m) => {
    const date = addDays(start, m.days);
    return { name: m.name, date: date > end ? end : date };
  });
  return {
    name: `Assessment™ — ${state.deal.company}`,
    customer: state.deal.company,
    windowStart: start,
    windowEnd: end,
    owner: 'customer.success',
    milestones,
  };
}
