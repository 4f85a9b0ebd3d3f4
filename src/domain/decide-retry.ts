import type { Command, DecideContext, Decision } from './commands.js';
import { messageOwner } from './owners.js';
import { forbid } from './refuse.js';
import type { DealState, Role } from './types.js';

type Retry = Extract<Command, { type: 'message.retry' }>;

/**
 * A person retries a failed message (SPEC §13): chief.staff, the ceo, or the role that
 * owns the clock the message is about. Only a failed message can be retried; the retry
 * is in the handoff's timeline.
 */
export function decideRetry(_state: DealState, cmd: Retry, ctx: DecideContext): Decision {
  const owner = messageOwner(cmd.kind);
  const allowed: Role[] = ['chief.staff', 'ceo', ...(owner && owner !== 'chief.staff' ? [owner] : [])];
  if (!allowed.includes(ctx.actor as Role)) {
    return forbid(`retrying a ${cmd.kind} message is for ${allowed.join(', ')}, not ${ctx.actor}`, `ask ${allowed.join(' or ')}`, allowed);
  }
  if (cmd.state !== 'failed') {
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
  return { ok: true, events: [{ type: 'message.retried', messageId: cmd.messageId, kind: cmd.kind, at: ctx.now, actor: ctx.actor }] };
}
