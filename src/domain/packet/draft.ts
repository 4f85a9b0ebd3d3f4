import { formatPrice, type Policy } from '../policy.js';
import { sowDate } from '../delivery.js';
import { isIsoDate, localDate } from '../time.js';
import type { DealState, PacketFields } from '../types.js';
import { LABEL, SOP_PLACEHOLDER, renderPacket } from './template.js';

/**
 * `packet draft`: the template pre-filled with what the board knows, so the CRO writes
 * only the narrative. Whatever the board does not know stays a visible `{...}`
 * placeholder, which filing refuses, so a gap can never be filed by accident.
 */

export interface DraftOptions {
  policy: Policy;
  timezone: string;
}

const DATE_PLACEHOLDER = '{YYYY-MM-DD}';

// Board values are single-line text; a stray newline must not break the packet layout.
const oneLine = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

export { sowDate };

/**
 * The start target Baton proposes: the SOW date (signed or expected), the day the
 * Assessment clock can start, but never before the deal closed; else the close date.
 */
export function proposedStartTarget(state: DealState, timezone: string): string | undefined {
  const sow = sowDate(state, timezone);
  const close = state.handoff?.closeDate;
  const closed = close && isIsoDate(close) ? close : undefined;
  if (sow && closed) return sow > closed ? sow : closed;
  return sow ?? closed;
}

function contactLine(state: DealState): string {
  const c = state.deal.contact ?? {};
  const parts = [oneLine(c.name) || '{name}', oneLine(c.title) || '{title}', oneLine(c.email) || '{email}'];
  const phone = oneLine(c.phone);
  if (phone) parts.push(phone);
  return parts.join(', ');
}

function sowStatusLine(state: DealState): string {
  if (state.deal.sowSignedAt !== undefined) return 'Signed';
  const expected = state.deal.commitment?.sowExpected;
  return `Verbal commitment — signed SOW pending by ${expected && isIsoDate(expected) ? expected : DATE_PLACEHOLDER}`;
}

function historyLine(state: DealState, timezone: string): string {
  const notes = [...(state.deal.notes ?? [])].sort((a, b) => a.at - b.at);
  const written = notes
    .map((n) => ({ date: localDate(n.at, timezone), text: oneLine(n.text) }))
    .filter((n) => n.text !== '')
    .map((n) => `${n.date}: ${n.text}`);
  return written.length > 0 ? written.join('; ') : SOP_PLACEHOLDER[LABEL.history];
}

function briefingLine(state: DealState): string {
  const b = state.deal.briefing;
  if (!b) return SOP_PLACEHOLDER[LABEL.briefing];
  if (!b.delivered) return 'N';
  const response = oneLine(b.response);
  return `Y — ${response || '{what did they respond to?}'}`;
}

/** The draft's fields, for callers that want to adjust them before rendering. */
export function draftFields(state: DealState, opts: DraftOptions): PacketFields {
  const close = state.handoff?.closeDate;
  const start = proposedStartTarget(state, opts.timezone) ?? DATE_PLACEHOLDER;
  return {
    [LABEL.company]: oneLine(state.deal.company) || SOP_PLACEHOLDER[LABEL.company],
    [LABEL.contact]: contactLine(state),
    [LABEL.closeDate]: close && isIsoDate(close) ? close : DATE_PLACEHOLDER,
    [LABEL.sowStatus]: sowStatusLine(state),
    [LABEL.price]: formatPrice(opts.policy.price),
    [LABEL.deliveryWindow]: `${start} start target / ${opts.policy.deliveryWindowDays}-day max from SOW`,
    [LABEL.problem]: SOP_PLACEHOLDER[LABEL.problem],
    [LABEL.expectations]: SOP_PLACEHOLDER[LABEL.expectations],
    [LABEL.whatSold]: SOP_PLACEHOLDER[LABEL.whatSold],
    [LABEL.sensitivities]: SOP_PLACEHOLDER[LABEL.sensitivities],
    [LABEL.ecosystem]: SOP_PLACEHOLDER[LABEL.ecosystem],
    [LABEL.origin]: oneLine(state.deal.origin) || SOP_PLACEHOLDER[LABEL.origin],
    [LABEL.history]: historyLine(state, opts.timezone),
    [LABEL.briefing]: briefingLine(state),
    [LABEL.scope]: SOP_PLACEHOLDER[LABEL.scope],
    [LABEL.redFlags]: SOP_PLACEHOLDER[LABEL.redFlags],
    [LABEL.followOn]: SOP_PLACEHOLDER[LABEL.followOn],
    [LABEL.filedBy]: '',
    [LABEL.acknowledgedBy]: '',
  };
}

/** The pre-filled packet text, exactly what `baton packet draft` prints. */
export function draftPacket(state: DealState, opts: DraftOptions): string {
  return renderPacket(draftFields(state, opts));
}
