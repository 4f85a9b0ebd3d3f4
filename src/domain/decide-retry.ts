import type { Command, DecideContext, Decision } from './commands.js';
import { messageOwner } from './owners.js';
import { forbid } from './refuse.js';
import type { Problem } from './problem.js';
import type { Actor, DealState, Role } from './types.js';

type Retry = Extract<Command, { type: 'message.retry' }>;

/** A refusal as both the handoff's and the org's decisions carry it. */
export interface RetryRefusal {
  ok: false;
  reason: 'forbidden' | 'invalid';
  problems: Problem[];
}

/**
 * Why `actor` may not retry this message, or undefined when it may (SPEC §13): chief.staff,
 * the ceo, or the role that owns the clock the message is about, and only a failed message.
 * The one rule for a handoff's messages and for those owed to the org (the scheduled summary's DM).
 */
export function retryRefusal(cmd: { messageId: number; kind: string; state: string }, actor: Actor): RetryRefusal | undefined {
  const owner = messageOwner(cmd.kind);
  const allowed: Role[] = ['chief.staff', 'ceo', ...(owner && owner !== 'chief.staff' ? [owner] : [])];
  if (!allowed.includes(actor as Role)) {
    // forbid() is always a refusal of kind `forbidden`.
    return forbid(`retrying a ${cmd.kind} message is for ${allowed.join(', ')}, not ${actor}`, `ask ${allowed.join(' or ')}`, allowed) as RetryRefusal;
  }
  if (cmd.state === 'failed') return undefined;
  return {
    ok: false,
    reason: 'invalid',
    problems: [
      {
        code: 'refused',
        field: 'id',
        message: `message ${cmd.messageId} is ${cmd.state}, not failed`,
        fix: 'only a failed message is retried; the messages list shows which failed',
        next: { command: 'messages' },
      },
    ],
  };
}

/** A person retries a failed message of a handoff; the retry is in the handoff's timeline. */
export function decideRetry(_state: DealState, cmd: Retry, ctx: DecideContext): Decision {
  return retryRefusal(cmd, ctx.actor) ?? { ok: true, events: [{ type: 'message.retried', messageId: cmd.messageId, kind: cmd.kind, at: ctx.now, actor: ctx.actor }] };
}
