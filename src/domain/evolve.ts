import type { DomainEvent } from './events.js';
import type { Clock, DealState, Handoff } from './types.js';

/**
 * The handoff's states:
 * - awaiting-packet: triggered (Closed-won and a commitment); the CRO owes the packet.
 * - awaiting-acknowledgement: the packet is filed; customer.success owes the acknowledgement.
 * - acknowledged: the delivery item exists; delivery may start once the gate is open.
 * - in-delivery / delivered: the Assessment is under way / complete.
 * - on-hold: the deal left Closed-won before delivery; its open clocks are cancelled and a
 *   new close resumes the same handoff.
 * - stopped: the deal left Closed-won during delivery; the delivery clock is cancelled and a
 *   new close resumes the delivery.
 *
 * `evolve` folds one event into the state. It never refuses: `decide` already did.
 */
export function evolve(state: DealState | undefined, event: DomainEvent): DealState {
  if (event.type === 'deal.added') return { deal: { ...event.deal } };
  if (!state) throw new Error(`evolve: ${event.type} before deal.added`);
  const deal = state.deal;
  switch (event.type) {
    case 'deal.updated': {
      const next = { ...deal, ...event.changes };
      if (event.cleared?.includes('origin')) delete next.origin;
      return { ...state, deal: next };
    }
    case 'message.retried':
      return state;
    case 'deal.stage-changed':
      return { ...state, deal: { ...deal, stage: event.to } };
    case 'deal.commitment-logged': {
      const written = event.commitment.type === 'written';
      return {
        ...state,
        deal: { ...deal, commitment: event.commitment, sowSignedAt: written ? event.commitment.loggedAt : deal.sowSignedAt },
      };
    }
    case 'deal.note-added':
      return { ...state, deal: { ...deal, notes: [...deal.notes, event.note] } };
    case 'sow.sent':
      return { ...state, deal: { ...deal, sowSentAt: event.at } };
    case 'sow.signed':
      return { ...state, deal: { ...deal, sowSignedAt: event.at } };
    case 'handoff.started':
      return { ...state, handoff: started(state.handoff, event) };
    default:
      return { ...state, handoff: evolveHandoff(requireHandoff(state, event), event) };
  }
}

function started(previous: Handoff | undefined, event: Extract<DomainEvent, { type: 'handoff.started' }>): Handoff {
  const base: Handoff = previous
    ? { ...previous, escalatedToChiefStaffAt: undefined, escalatedToCeoAt: undefined }
    : { state: 'awaiting-packet', cycle: 1, t0: event.t0, closeDate: event.closeDate, policyVersion: event.policyVersion, packetPath: event.packetPath, clocks: {} };
  return {
    ...base,
    cycle: event.cycle,
    t0: event.t0,
    closeDate: event.closeDate,
    policyVersion: event.policyVersion,
    ...(event.policyId ? { policyId: event.policyId } : {}),
    packetPath: event.packetPath,
    state: stateAfterResume(base),
  };
}

function stateAfterResume(h: Handoff): Handoff['state'] {
  if (h.deliveryDoneAt !== undefined) return 'delivered';
  if (h.deliveryStartedAt !== undefined) return 'in-delivery';
  if (h.acknowledgedAt !== undefined) return 'acknowledged';
  if (h.packet) return 'awaiting-acknowledgement';
  return 'awaiting-packet';
}

function evolveHandoff(h: Handoff, event: DomainEvent): Handoff {
  switch (event.type) {
    case 'handoff.put-on-hold':
      return { ...h, state: 'on-hold' };
    case 'handoff.stopped':
      return { ...h, state: 'stopped' };
    case 'packet.acknowledgement-cleared': {
      const { acknowledgedAt: _cleared, ...rest } = h;
      return { ...rest, state: 'awaiting-acknowledgement' };
    }
    case 'delivery-item.revised':
      return { ...h, deliveryItem: event.item };
    case 'delivery-item.recorded':
      return { ...h, deliveryItemId: event.externalId };
    case 'clock.started': {
      const { remindAt, calendar } = event;
      const soonAt = remindAt?.at(-1);
      return withClock(h, {
        name: event.name,
        state: 'pending',
        startedAt: event.startedAt,
        dueAt: event.dueAt,
        ...(remindAt && remindAt.length > 0 ? { remindAt, reminded: 0 } : {}),
        ...(soonAt !== undefined ? { soonAt } : {}),
        ...(calendar ? { calendar } : {}),
      });
    }
    case 'clock.done':
      return withClock(h, { ...unheld(clockOf(h, event.name), event.at), state: 'done', doneAt: event.at });
    case 'clock.missed':
      return withClock(h, { ...clockOf(h, event.name), state: 'overdue', missedAt: event.at });
    case 'clock.cancelled':
      return withClock(h, { ...unheld(clockOf(h, event.name), event.at), state: 'cancelled' });
    case 'clock.reminded':
      return withClock(h, { ...clockOf(h, event.name), reminded: event.index + 1 });
    case 'clock.held':
      return withClock(h, { ...clockOf(h, event.clock), heldAt: event.at });
    case 'clock.resumed': {
      const { heldAt: _resumed, ...clock } = clockOf(h, event.clock);
      const soonAt = event.remindAt?.at(-1);
      return withClock(h, {
        ...clock,
        dueAt: event.dueAt,
        heldMs: (clock.heldMs ?? 0) + event.heldMs,
        ...(event.remindAt ? { remindAt: event.remindAt } : {}),
        ...(soonAt !== undefined ? { soonAt } : {}),
      });
    }
    case 'packet.filed':
      return {
        ...h,
        state: h.state === 'awaiting-packet' ? 'awaiting-acknowledgement' : h.state,
        packet: { revision: event.revision, filedAt: event.at, fields: event.fields, text: event.text },
      };
    case 'packet.acknowledged':
      return { ...h, state: 'acknowledged', acknowledgedAt: event.at, deliveryItem: event.deliveryItem };
    case 'announcement.posted':
      return { ...h, announcedAt: event.at };
    case 'escalation.chief-staff':
      return { ...h, escalatedToChiefStaffAt: event.at };
    case 'escalation.ceo':
      return { ...h, escalatedToCeoAt: event.at };
    case 'delivery.started':
      return { ...h, state: 'in-delivery', deliveryStartedAt: event.at };
    case 'delivery.done':
      return { ...h, state: 'delivered', deliveryDoneAt: event.at };
    default:
      throw new Error(`evolve: unhandled ${event.type}`);
  }
}

/** A clock that stops while held is no longer held; the wall time it was held is counted. */
function unheld(clock: Clock, at: number): Clock {
  if (clock.heldAt === undefined) return clock;
  const { heldAt, ...rest } = clock;
  return { ...rest, heldMs: (clock.heldMs ?? 0) + Math.max(0, at - heldAt) };
}

function withClock(h: Handoff, clock: Clock): Handoff {
  return { ...h, clocks: { ...h.clocks, [clock.name]: clock } };
}

function clockOf(h: Handoff, name: Clock['name']): Clock {
  const clock = h.clocks[name];
  if (!clock) throw new Error(`evolve: clock ${name} was never started`);
  return clock;
}

function requireHandoff(state: DealState, event: DomainEvent): Handoff {
  if (!state.handoff) throw new Error(`evolve: ${event.type} before handoff.started`);
  return state.handoff;
}

/** Folds a list of events, as the engine does after `decide`. */
export function evolveAll(state: DealState | undefined, events: readonly DomainEvent[]): DealState | undefined {
  return events.reduce<DealState | undefined>((s, e) => evolve(s, e), state);
}
