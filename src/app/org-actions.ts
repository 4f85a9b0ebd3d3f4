import type { Kysely } from 'kysely';
import { BatonError } from '../domain/problem.js';
import type { OrgCommand, OrgEvent } from '../domain/org.js';
import { decideOrg, ORG_MESSAGE_DEAL } from '../domain/org.js';
import type { Role } from '../domain/types.js';
import type { Engine } from '../engine/engine.js';
import type { Database } from '../store/schema.js';
import { executeIn, type CommandResult } from '../engine/execute.js';
import { appendOrgEvents, getMessage, recordActivation, recordHeartbeat, requeueMessage } from '../store/index.js';
import type { Acting } from './context.js';
import { transact } from './transact.js';

/**
 * The org's use cases: an agent's heartbeat, the ceo's manual activation, a person's retry
 * of a failed message. Each is decided by the domain (who may), recorded as an event (org
 * events for agents, the handoff's timeline for a retry), and only then projected into
 * the tables the delivery gate and the dispatcher read.
 */

export async function recordOrg(engine: Engine, command: OrgCommand, acting: Acting): Promise<OrgEvent[]> {
  const decision = decideOrg(command, acting);
  if (!decision.ok) throw new BatonError(decision.reason, decision.problems);
  return transact(engine, async (tx) => {
    await recordOrgEvents(tx, decision.events);
    return {};
  }).then(() => decision.events);
}

/** Appends org events and projects them into the tables the gate and the dispatcher read. */
async function recordOrgEvents(tx: Kysely<Database>, events: readonly OrgEvent[]): Promise<void> {
  await appendOrgEvents(tx, events);
  for (const event of events) {
    if (event.type === 'agent.heartbeat') await recordHeartbeat(tx, event.role, event.at);
    if (event.type === 'agent.activated') await recordActivation(tx, event.role, event.at, event.actor);
    if (event.type === 'message.retried') await requeueMessage(tx, event.messageId, event.at);
  }
}

export const heartbeat = (engine: Engine, role: Role, acting: Acting) => recordOrg(engine, { type: 'agent.heartbeat', role }, acting);
export const activate = (engine: Engine, role: Role, acting: Acting) => recordOrg(engine, { type: 'agent.activate', role }, acting);

/** Queues a failed message again, as the domain allows the acting role; in the handoff's timeline (an org message's, in the audit). */
export async function retryMessage(engine: Engine, id: number, acting: Acting): Promise<CommandResult> {
  return transact(engine, async (tx) => {
    const message = await getMessage(tx, id);
    if (!message) {
      throw new BatonError('not-found', [
        { code: 'not-found', field: 'id', message: `no message with id ${id}`, fix: 'use an id the messages list shows', next: { command: 'messages' } },
      ]);
    }
    if (message.dealId === ORG_MESSAGE_DEAL) {
      // Owed to the org, not to a handoff: decided as an org command, in `baton audit`.
      const decision = decideOrg({ type: 'message.retry', messageId: id, kind: message.kind, state: message.state }, acting);
      if (!decision.ok) throw new BatonError(decision.reason, decision.problems);
      await recordOrgEvents(tx, decision.events);
      return { events: [], state: undefined, queued: 0 };
    }
    return executeIn(tx, engine, message.dealId, { type: 'message.retry', messageId: id, kind: message.kind, state: message.state }, acting);
  });
}
