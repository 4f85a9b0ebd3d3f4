import { lateness, startClock } from './clock-time.js';
import type { Command, DecideContext, Decision } from './commands.js';
import { activeHandoff, noHandoff } from './decide-packet.js';
import type { DomainEvent, EventBody } from './events.js';
import { deliveryGate } from './gate.js';
import { refuse, refuseAll } from './refuse.js';
import { deliveryItemFor } from './delivery.js';
import { HOUR } from './durations.js';
import { sameItem } from './decide-packet.js';
import { evolveAll } from './evolve.js';
import type { Clock, ClockName, DealState, Handoff } from './types.js';

const ok = (ctx: DecideContext, bodies: EventBody[]): Decision => ({
  ok: true,
  events: bodies.map((b): DomainEvent => ({ ...b, at: ctx.now, actor: ctx.actor })),
});

const isOpen = (c: Clock | undefined): c is Clock => c !== undefined && (c.state === 'pending' || c.state === 'overdue');

function complete(handoff: Handoff | undefined, name: ClockName, ctx: DecideContext): EventBody[] {
  const clock = handoff?.state === 'on-hold' ? undefined : handoff?.clocks[name];
  return isOpen(clock) ? [{ type: 'clock.done', name, dueAt: clock.dueAt, lateMs: lateness(clock, ctx.now, ctx.calendar) }] : [];
}

/**
 * SOP-4.5: the CRO sends the SOW template and records its signature. The signature stops
 * both SOW clocks and starts the Assessment clock (SOP-4.5d): never the verbal commitment.
 */
export function decideSow(state: DealState, type: 'sow.sent' | 'sow.signed', ctx: DecideContext): Decision {
  const { deal, handoff } = state;
  const id = deal.id;
  if (!deal.commitment) {
    return refuse('commitment', 'no commitment is logged for this deal', 'log the commitment first', 'refused', { next: { command: 'deal.commit', id } });
  }
  if (type === 'sow.sent') {
    if (deal.sowSentAt !== undefined || deal.sowSignedAt !== undefined) return ok(ctx, []);
    return ok(ctx, [{ type: 'sow.sent' }, ...complete(handoff, 'sow-send', ctx)]);
  }
  if (deal.sowSignedAt !== undefined) return ok(ctx, []);
  const bodies: EventBody[] = [{ type: 'sow.signed' }, ...complete(handoff, 'sow-send', ctx), ...complete(handoff, 'sow-signature', ctx)];
  if (handoff && handoff.state !== 'on-hold') {
    bodies.push(startClock('delivery', ctx.now, ctx));
  }
  const events = bodies.map((b): DomainEvent => ({ ...b, at: ctx.now, actor: ctx.actor }));
  // SPEC §13: the 30-day maximum counts from the signature now, not the expected date.
  if (handoff?.deliveryItem) {
    const item = deliveryItemFor(evolveAll(state, events) as DealState, ctx.policy, ctx.timezone);
    if (!sameItem(item, handoff.deliveryItem)) events.push({ type: 'delivery-item.revised', item, reason: 'sow-signed', at: ctx.now, actor: ctx.actor });
  }
  return { ok: true, events };
}

/** SOP-4.5b and SOP-5c: the delivery gate, then the Assessment itself. */
export function decideDelivery(state: DealState, type: 'delivery.start' | 'delivery.done', ctx: DecideContext): Decision {
  const handoff = state.handoff;
  if (type === 'delivery.start') {
    if (handoff?.deliveryStartedAt !== undefined) return ok(ctx, []);
    const problems = deliveryGate(state, ctx.customerSuccess);
    return problems.length > 0 ? refuseAll(problems) : ok(ctx, [{ type: 'delivery.started' }]);
  }
  if (!activeHandoff(state) && handoff?.deliveryStartedAt === undefined) return noHandoff(state);
  if (handoff?.deliveryStartedAt === undefined) {
    return refuse('delivery', 'delivery has not started', 'start it first', 'refused', { next: { command: 'delivery.start', id: state.deal.id } });
  }
  if (handoff.deliveryDoneAt !== undefined) return ok(ctx, []);
  return ok(ctx, [{ type: 'delivery.done' }, ...complete(handoff, 'delivery', ctx)]);
}

/**
 * A due clock fires once: it is marked missed, and the SOP's consequence follows. A missed
 * acknowledgement escalates to chief.staff and arms the CEO escalation after the grace
 * period (SOP-5a/5b); that one fires only if the packet is still unacknowledged.
 */
export function decideClockFire(state: DealState, name: ClockName, ctx: DecideContext): Decision {
  const handoff = state.handoff;
  const clock = handoff?.clocks[name];
  if (!handoff || !clock || clock.state !== 'pending' || clock.heldAt !== undefined || clock.dueAt > ctx.now) return ok(ctx, []);
  const lateMs = lateness(clock, ctx.now, ctx.calendar);
  const bodies: EventBody[] = [{ type: 'clock.missed', name, dueAt: clock.dueAt, lateMs }];
  if (name === 'acknowledgement') {
    bodies.push({ type: 'escalation.chief-staff', hoursOverdue: lateMs / HOUR, customerSuccessLive: ctx.customerSuccess.live });
    // The grace period counts from the acknowledgement's due time, as the CEO text says.
    bodies.push({ ...startClock('ceo-escalation', clock.dueAt, ctx), startedAt: ctx.now });
  }
  if (name === 'ceo-escalation') {
    const ack = handoff.clocks.acknowledgement;
    bodies.push({ type: 'escalation.ceo', hoursOverdue: ack ? (ctx.now - ack.dueAt) / HOUR : 0 });
  }
  return ok(ctx, bodies);
}

/**
 * The dispatcher reports a delivery: the announcement's is what stops its clock, and the
 * delivery board's answer (the item's id there) is recorded on the handoff.
 */
export function decideDelivered(state: DealState, cmd: Extract<Command, { type: 'message.delivered' }>, ctx: DecideContext): Decision {
  if (cmd.kind === 'delivery-item' || cmd.kind === 'delivery-item-update') {
    const externalId = cmd.externalId ?? '';
    if (!state.handoff || externalId === '' || state.handoff.deliveryItemId === externalId) return ok(ctx, []);
    return ok(ctx, [{ type: 'delivery-item.recorded', externalId, messageKey: cmd.key }]);
  }
  if (cmd.kind !== 'announcement' || state.handoff?.announcedAt !== undefined) return ok(ctx, []);
  return ok(ctx, [{ type: 'announcement.posted', messageKey: cmd.key }, ...complete(state.handoff, 'announcement', ctx)]);
}
