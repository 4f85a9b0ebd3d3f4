import type { Command, DecideContext, Decision } from './commands.js';
import { decideDealAdd, decideCommit, decideNote, decideStage } from './decide-deal.js';
import { decideDealUpdate } from './decide-update.js';
import { decideRetry } from './decide-retry.js';
import { decideHold, decideRemind, decideResume } from './decide-holds.js';
import { decideAck, decidePacketFile } from './decide-packet.js';
import { decideClockFire, decideDelivered, decideDelivery, decideSow } from './decide-progress.js';
import { boundsRefusal } from './input-bounds.js';
import { ACTORS_FOR_COMMAND } from './permissions.js';
import { forbid, notFound } from './refuse.js';
import { ROLES, type Actor, type DealState, type Role } from './types.js';

const isRole = (a: Actor): a is Role => (ROLES as readonly string[]).includes(a);

/**
 * The whole SOP as one pure function: given the deal as it stands, a command, and the
 * context gathered by the engine, say what happened (events) or why nothing may (a
 * refusal listing every problem). An empty list of events means the command was already
 * satisfied: repeating a command changes nothing.
 */
export function decide(state: DealState | undefined, command: Command, ctx: DecideContext): Decision {
  const allowed = ACTORS_FOR_COMMAND[command.type];
  if (!allowed.includes(ctx.actor)) {
    return forbid(`${command.type} is for ${allowed.join(' or ')}, not ${ctx.actor}`, `only ${allowed.join(' or ')} may do this`, allowed.filter(isRole));
  }
  const outOfBounds = boundsRefusal(command);
  if (outOfBounds) return outOfBounds;
  if (command.type === 'deal.add') return decideDealAdd(state, command, ctx);
  if (!state) return notFound(ctx.dealId);
  switch (command.type) {
    case 'deal.update':
      return decideDealUpdate(state, command, ctx);
    case 'message.retry':
      return decideRetry(state, command, ctx);
    case 'deal.stage':
      return decideStage(state, command, ctx);
    case 'deal.commit':
      return decideCommit(state, command, ctx);
    case 'deal.note':
      return decideNote(state, command, ctx);
    case 'packet.file':
      return decidePacketFile(state, command, ctx);
    case 'ack':
      return decideAck(state, ctx);
    case 'sow.sent':
    case 'sow.signed':
      return decideSow(state, command.type, ctx);
    case 'delivery.start':
    case 'delivery.done':
      return decideDelivery(state, command.type, ctx);
    case 'clock.fire':
      return decideClockFire(state, command.name, ctx);
    case 'clock.remind':
      return decideRemind(state, command.name, command.index, ctx);
    case 'clock.hold':
      return decideHold(state, command, ctx);
    case 'clock.resume':
      return decideResume(state, command, ctx);
    case 'message.delivered':
      return decideDelivered(state, command, ctx);
  }
}
