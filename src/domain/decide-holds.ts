import { resumedTimes } from './clock-time.js';
import type { Command, DecideContext, Decision } from './commands.js';
import type { DomainEvent, EventBody } from './events.js';
import { noHandoff } from './decide-packet.js';
import { refuse } from './refuse.js';
import { CLOCK_NAMES, type Clock, type ClockName, type DealState } from './types.js';

/**
 * SPEC §15, holds and reminders. chief.staff or the ceo may hold an open clock (pending or
 * overdue) with a reason: while held it neither fires nor reminds. Resuming moves its due
 * time, and its unsent reminders, later by the time held (working time for a calendar
 * clock). A reminder is sent once, to the clock's owner, while the clock is pending, not
 * held and not yet due: a clock already done, cancelled, held or missed reminds no one.
 */

const ok = (ctx: DecideContext, bodies: EventBody[]): Decision => ({
  ok: true,
  events: bodies.map((b): DomainEvent => ({ ...b, at: ctx.now, actor: ctx.actor })),
});

const isClockName = (name: string): name is ClockName => (CLOCK_NAMES as readonly string[]).includes(name);

function openClock(state: DealState, name: string): { clock: Clock } | { refusal: Decision } {
  const handoff = state.handoff;
  if (!handoff) return { refusal: noHandoff(state) };
  if (!isClockName(name)) {
    return { refusal: refuse('clock', `no clock named ${JSON.stringify(name.slice(0, 64))}`, `name one of ${CLOCK_NAMES.join(', ')}`, 'invalid') };
  }
  const clock = handoff.clocks[name];
  if (!clock) {
    const started = CLOCK_NAMES.filter((n) => handoff.clocks[n]);
    return { refusal: refuse('clock', `the ${name} clock has not started for this handoff`, `name a clock it has: ${started.join(', ') || 'none yet'}`, 'not-found') };
  }
  if (clock.state !== 'pending' && clock.state !== 'overdue') {
    const open = CLOCK_NAMES.filter((n) => ['pending', 'overdue'].includes(handoff.clocks[n]?.state ?? ''));
    return { refusal: refuse('clock', `the ${name} clock is ${clock.state}, not open`, `only an open clock can be held or resumed; open now: ${open.join(', ') || 'none'}`) };
  }
  return { clock };
}

export function decideHold(state: DealState, cmd: Extract<Command, { type: 'clock.hold' }>, ctx: DecideContext): Decision {
  const reason = cmd.reason.trim();
  if (reason === '') return refuse('reason', 'is required', 'say why the clock is held, e.g. "customer asked to wait until January"', 'required');
  const found = openClock(state, cmd.clock);
  if ('refusal' in found) return found.refusal;
  const { clock } = found;
  if (clock.heldAt !== undefined) {
    return refuse('clock', `the ${clock.name} clock is already held (since ${new Date(clock.heldAt).toISOString()})`, 'resume it first, or leave it held', 'refused', {
      next: { command: 'clock.resume', id: state.deal.id },
    });
  }
  return ok(ctx, [{ type: 'clock.held', clock: clock.name, reason }]);
}

export function decideResume(state: DealState, cmd: Extract<Command, { type: 'clock.resume' }>, ctx: DecideContext): Decision {
  const found = openClock(state, cmd.clock);
  if ('refusal' in found) return found.refusal;
  const { clock } = found;
  if (clock.heldAt === undefined) {
    return refuse('clock', `the ${clock.name} clock is not held`, 'hold it first; a clock that is not held runs already', 'refused', {
      next: { command: 'clock.hold', id: state.deal.id },
    });
  }
  const times = resumedTimes(clock, ctx.now, ctx.calendar);
  return ok(ctx, [{ type: 'clock.resumed', clock: clock.name, heldMs: times.heldMs, dueAt: times.dueAt, ...(times.remindAt ? { remindAt: times.remindAt } : {}) }]);
}

/** Reminder `index` of the clock, once it is owed; nothing when it is not (or no longer) owed. */
export function decideRemind(state: DealState, name: ClockName, index: number, ctx: DecideContext): Decision {
  const handoff = state.handoff;
  const clock = handoff?.clocks[name];
  const at = clock?.remindAt?.[index];
  if (!handoff || handoff.state === 'on-hold' || !clock || at === undefined) return ok(ctx, []);
  if (clock.state !== 'pending' || clock.heldAt !== undefined || (clock.reminded ?? 0) > index) return ok(ctx, []);
  if (at > ctx.now || clock.dueAt <= ctx.now) return ok(ctx, []);
  return ok(ctx, [{ type: 'clock.reminded', name, index, dueAt: clock.dueAt }]);
}
