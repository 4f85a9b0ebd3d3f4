import { startClock } from './clock-time.js';
import type { DecideContext } from './commands.js';
import type { DomainEvent, EventBody } from './events.js';
import { companySlug, packetRelativePath } from './slug.js';
import { localDate } from './time.js';
import type { ClockName, DealState, Handoff } from './types.js';

/**
 * SOP-2a/2b: T0 is the first moment at which the stage is Closed-won and a commitment is
 * confirmed, whichever came second. Leaving Closed-won before delivery puts the handoff on
 * hold and cancels its open clocks; leaving it during delivery stops the handoff (the
 * delivery clock is cancelled, customer.success and the cro are told). Closing again
 * resumes it as cycle n with a new T0 and the new close date.
 */
export function triggerHolds(state: DealState): boolean {
  return state.deal.stage === 'closed-won' && state.deal.commitment !== undefined;
}

/** Events that follow a stage or commitment change, given the state after that change. */
export function triggerEvents(before: DealState, after: DealState, ctx: DecideContext): DomainEvent[] {
  const stamp = (body: EventBody): DomainEvent => ({ ...body, at: ctx.now, actor: ctx.actor });
  const handoff = after.handoff;
  const holds = triggerHolds(after);
  if (holds && !handoff) return start(after, ctx).map(stamp);
  if (holds && (handoff?.state === 'on-hold' || handoff?.state === 'stopped')) return resume(after, handoff, ctx).map(stamp);
  if (!holds && triggerHolds(before) && handoff && handoff.state !== 'on-hold' && handoff.state !== 'stopped') {
    if (handoff.deliveryStartedAt === undefined) return hold(handoff, after).map(stamp);
    if (handoff.deliveryDoneAt === undefined) return stop(handoff, after).map(stamp);
  }
  return [];
}

/** The packet's path for a close on `closeDate`: `-2`, `-3`... after those other handoffs hold. */
function freePacketPath(state: DealState, closeDate: string, ctx: DecideContext): string {
  const slug = companySlug(state.deal.company, state.deal.id);
  let n = 1;
  while (ctx.takenPacketPaths.includes(packetRelativePath(slug, closeDate, n))) n++;
  return packetRelativePath(slug, closeDate, n);
}

function start(state: DealState, ctx: DecideContext): EventBody[] {
  const closeDate = localDate(ctx.now, ctx.timezone);
  const packetPath = freePacketPath(state, closeDate, ctx);
  const started: EventBody = {
    type: 'handoff.started',
    cycle: 1,
    t0: ctx.now,
    closeDate,
    policyVersion: ctx.policy.version,
    ...(ctx.policyId ? { policyId: ctx.policyId } : {}),
    packetPath,
    resumed: false,
  };
  const pseudo: Handoff = { cycle: 1, t0: ctx.now, closeDate, policyVersion: ctx.policy.version, state: 'awaiting-packet', packetPath, clocks: {} };
  return [started, ...openingClocks(state, pseudo, ctx)];
}

function resume(state: DealState, handoff: Handoff, ctx: DecideContext): EventBody[] {
  const closeDate = localDate(ctx.now, ctx.timezone);
  // A packet already filed keeps its file; an unfiled one is named after the new close.
  const packetPath = handoff.packet || closeDate === handoff.closeDate ? handoff.packetPath : freePacketPath(state, closeDate, ctx);
  const resumed: EventBody = {
    type: 'handoff.started',
    cycle: handoff.cycle + 1,
    t0: ctx.now,
    closeDate,
    policyVersion: handoff.policyVersion,
    ...(handoff.policyId ? { policyId: handoff.policyId } : {}),
    packetPath,
    resumed: true,
  };
  return [resumed, ...openingClocks(state, { ...handoff, t0: ctx.now }, ctx)];
}

/** The clocks a (re)started handoff owes, from what is still undone. */
function openingClocks(state: DealState, handoff: Handoff, ctx: DecideContext): EventBody[] {
  const { deal } = state;
  const t0 = handoff.t0;
  const clocks: EventBody[] = [];
  const open = (name: ClockName, startedAt: number) => {
    if (handoff.clocks[name]?.state === 'done') return;
    clocks.push(startClock(name, startedAt, ctx));
  };
  if (!handoff.packet) open('packet', t0);
  if (handoff.announcedAt === undefined) open('announcement', t0);
  if (handoff.packet && handoff.acknowledgedAt === undefined) open('acknowledgement', ctx.now);
  if (deal.commitment?.type === 'verbal' && deal.sowSignedAt === undefined) {
    if (deal.sowSentAt === undefined) open('sow-send', t0);
    open('sow-signature', t0);
  }
  if (deal.sowSignedAt !== undefined && handoff.deliveryDoneAt === undefined) {
    open('delivery', deal.sowSignedAt);
  }
  return clocks;
}

function stop(handoff: Handoff, after: DealState): EventBody[] {
  const delivery = handoff.clocks.delivery;
  const open = delivery && (delivery.state === 'pending' || delivery.state === 'overdue');
  return [{ type: 'handoff.stopped', stage: after.deal.stage }, ...(open ? [{ type: 'clock.cancelled' as const, name: 'delivery' as const }] : [])];
}

function hold(handoff: Handoff, after: DealState): EventBody[] {
  const cancelled: EventBody[] = Object.values(handoff.clocks)
    .filter((c) => c.state === 'pending' || c.state === 'overdue')
    .map((c) => ({ type: 'clock.cancelled', name: c.name }));
  return [{ type: 'handoff.put-on-hold', stage: after.deal.stage }, ...cancelled];
}
