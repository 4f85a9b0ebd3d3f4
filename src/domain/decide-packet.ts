import { lateness, startClock } from './clock-time.js';
import type { Command, DecideContext, Decision } from './commands.js';
import { deliveryItemFor, sowDate } from './delivery.js';
import type { DomainEvent, EventBody } from './events.js';
import { evolveAll } from './evolve.js';
import { withBatonLines } from './packet-file.js';
import { fieldsFromText } from './packet/validate.js';
import { refuse, refuseAll } from './refuse.js';
import { boardAgreementProblems } from './packet/board-agreement.js';
import type { DealState, DeliveryItem, Handoff, PacketFields } from './types.js';

type Of<T extends Command['type']> = Extract<Command, { type: T }>;

const BATON_LABELS = ['Filed by', 'Acknowledged by'];

/**
 * SOP-3 and SOP-4.2: the CRO files the packet. Every problem is listed at once and nothing
 * is recorded until there are none; the packet must agree with the board (company and
 * contact). Re-filing before delivery replaces the packet and tells customer.success.
 * Before the acknowledgement it does not restart that clock, so a re-filing cannot
 * postpone an escalation. After it (SPEC §13), the signature no longer covers what is
 * filed: it is cleared, a new acknowledgement clock starts, and the delivery item follows
 * a changed start target.
 */
export function decidePacketFile(state: DealState, cmd: Of<'packet.file'>, ctx: DecideContext): Decision {
  const handoff = activeHandoff(state);
  if (!handoff) return noHandoff(state);
  if (handoff.deliveryStartedAt !== undefined) {
    return refuse('packet', 'delivery has started, so the packet can no longer be replaced', 'record changes in the delivery item instead');
  }
  const sow = sowDate(state, ctx.timezone);
  const parsed = fieldsFromText(cmd.text, {
    policy: ctx.policy,
    sowSigned: state.deal.sowSignedAt !== undefined,
    closeDate: handoff.closeDate,
    ...(sow ? { sowDate: sow } : {}),
  });
  const problems = [...parsed.problems, ...boardAgreementProblems(parsed.fields, state.deal)];
  if (problems.length > 0) return refuseAll(problems);
  const fields = authorFields(parsed.fields);
  if (handoff.packet && sameFields(handoff.packet.fields, fields)) return { ok: true, events: [] };
  const revision = (handoff.packet?.revision ?? 0) + 1;
  const text = withBatonLines(fields, { filedAt: ctx.now, timezone: ctx.timezone });
  const bodies: EventBody[] = [{ type: 'packet.filed', revision, fields, text, path: handoff.packetPath }];
  const packetClock = handoff.clocks.packet;
  if (packetClock && (packetClock.state === 'pending' || packetClock.state === 'overdue')) {
    bodies.push({ type: 'clock.done', name: 'packet', dueAt: packetClock.dueAt, lateMs: lateness(packetClock, ctx.now, ctx.calendar) });
  }
  const reopens = handoff.acknowledgedAt !== undefined;
  if (reopens) bodies.push({ type: 'packet.acknowledgement-cleared', revision });
  if (!handoff.packet || reopens) {
    bodies.push(startClock('acknowledgement', ctx.now, ctx));
  }
  const stamped = bodies.map((b): DomainEvent => ({ ...b, at: ctx.now, actor: ctx.actor }));
  if (reopens && handoff.deliveryItem) {
    const item = deliveryItemFor(evolveAll(state, stamped) as DealState, ctx.policy, ctx.timezone);
    if (!sameItem(item, handoff.deliveryItem)) stamped.push({ type: 'delivery-item.revised', item, reason: 'packet-refiled', at: ctx.now, actor: ctx.actor });
  }
  return { ok: true, events: stamped };
}

/**
 * SOP-3g and SOP-4.4: customer.success acknowledges; the clock stops, any pending CEO
 * escalation is called off, and the delivery item is owed. A second acknowledgement
 * changes nothing.
 */
export function decideAck(state: DealState, ctx: DecideContext): Decision {
  const handoff = activeHandoff(state);
  if (!handoff) return noHandoff(state);
  if (!handoff.packet) {
    return refuse('packet', 'there is no Handoff Packet to acknowledge yet', 'the cro files it first', 'refused', { next: { command: 'packet.file', id: state.deal.id } });
  }
  if (handoff.acknowledgedAt !== undefined) return { ok: true, events: [] };
  const bodies: EventBody[] = [];
  const ack = handoff.clocks.acknowledgement;
  if (ack && (ack.state === 'pending' || ack.state === 'overdue')) {
    bodies.push({ type: 'clock.done', name: 'acknowledgement', dueAt: ack.dueAt, lateMs: lateness(ack, ctx.now, ctx.calendar) });
  }
  const escalation = handoff.clocks['ceo-escalation'];
  if (escalation?.state === 'pending') bodies.push({ type: 'clock.cancelled', name: 'ceo-escalation' });
  if (escalation?.state === 'overdue') {
    bodies.push({ type: 'clock.done', name: 'ceo-escalation', dueAt: escalation.dueAt, lateMs: lateness(escalation, ctx.now, ctx.calendar) });
  }
  const stamped: DomainEvent[] = bodies.map((b) => ({ ...b, at: ctx.now, actor: ctx.actor }));
  const after = evolveAll(state, stamped) as DealState;
  const deliveryItem = deliveryItemFor(after, ctx.policy, ctx.timezone);
  return { ok: true, events: [{ type: 'packet.acknowledged', deliveryItem, at: ctx.now, actor: ctx.actor }, ...stamped] };
}

export function sameItem(a: DeliveryItem, b: DeliveryItem): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function authorFields(fields: PacketFields): PacketFields {
  return Object.fromEntries(Object.entries(fields).filter(([label]) => !BATON_LABELS.includes(label)));
}

function sameFields(a: PacketFields, b: PacketFields): boolean {
  const keys = new Set([...Object.keys(authorFields(a)), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? '') === (b[k] ?? ''));
}

export function activeHandoff(state: DealState): Handoff | undefined {
  const h = state.handoff;
  return h && h.state !== 'on-hold' && h.state !== 'stopped' ? h : undefined;
}

export function noHandoff(state: DealState): Decision {
  const id = state.deal.id;
  const onHold = state.handoff?.state === 'on-hold' || state.handoff?.state === 'stopped';
  return refuse(
    'handoff',
    onHold
      ? `the deal left Closed-won (stage ${state.deal.stage}), so its handoff is on hold`
      : `deal ${id} has no handoff yet: it starts when the stage is Closed-won and a commitment is logged`,
    onHold ? 'close it again' : 'move the deal to Closed-won and log its commitment',
    'refused',
    { next: { command: onHold ? 'deal.stage' : 'deal.commit', id } },
  );
}
