import { retryRefusal } from './decide-retry.js';
import type { Problem } from './problem.js';
import { ROLES, type Actor, type Role } from './types.js';

/**
 * What happens to the organisation rather than to one deal: agents' heartbeats and the
 * ceo's manual activations (SOP-5b, 5c), summaries filed, board syncs. Decided here like a
 * deal's commands, recorded as org events with an actor and a time, shown by `baton audit`.
 */
export type OrgCommand =
  | { type: 'agent.heartbeat'; role: Role }
  | { type: 'agent.activate'; role: Role }
  | { type: 'summary.file'; date: string; path: string; scheduled?: boolean }
  | { type: 'board.sync'; added: number; updated: number; unchanged: number; problems: number }
  | { type: 'board.report-problem'; itemId: string; column: string; message: string; fix: string }
  | { type: 'message.retry'; messageId: number; kind: string; state: string };

export type OrgEventBody =
  | { type: 'agent.heartbeat'; role: Role }
  | { type: 'agent.activated'; role: Role }
  | { type: 'summary.filed'; date: string; path: string }
  | { type: 'board.synced'; added: number; updated: number; unchanged: number; problems: number }
  | { type: 'board.problem'; itemId: string; column: string; message: string; fix: string }
  | { type: 'message.retried'; messageId: number; kind: string };

export type OrgEvent = OrgEventBody & { at: number; actor: Actor };

export type OrgDecision = { ok: true; events: OrgEvent[] } | { ok: false; reason: 'forbidden' | 'invalid'; problems: Problem[] };

const SUMMARY_ROLES: readonly Role[] = ['chief.staff', 'ceo'];

const forbidden = (message: string, fix: string, roles: readonly Role[]): OrgDecision => ({
  ok: false,
  reason: 'forbidden',
  problems: [{ code: 'forbidden', field: 'role', message, fix, roles }],
});

/**
 * Authority, the same at every door: an agent beats only for its own role (a heartbeat for
 * customer.success opens the delivery gate, so nobody else may send it); only the ceo
 * activates an agent; chief.staff files the daily summary (the ceo may too; Baton does on
 * schedule); the Prospects board's reader (actor `monday`) records its syncs and the values it
 * could not read.
 */
export function decideOrg(command: OrgCommand, ctx: { actor: Actor; now: number }): OrgDecision {
  const stamp = (body: OrgEventBody): OrgEvent => ({ ...body, at: ctx.now, actor: ctx.actor });
  switch (command.type) {
    case 'agent.heartbeat':
      if (ctx.actor !== command.role) {
        return forbidden(`a heartbeat for ${command.role} comes from ${command.role}'s own agent, not ${ctx.actor}`, `the ${command.role} agent sends it itself`, [command.role]);
      }
      return { ok: true, events: [stamp({ type: 'agent.heartbeat', role: command.role })] };
    case 'agent.activate':
      if (ctx.actor !== 'ceo') return forbidden(`only the ceo activates an agent manually, not ${ctx.actor}`, 'the ceo activates it', ['ceo']);
      return { ok: true, events: [stamp({ type: 'agent.activated', role: command.role })] };
    case 'summary.file':
      if (ctx.actor !== 'baton' && !SUMMARY_ROLES.includes(ctx.actor as Role)) {
        return forbidden(`the CEO Daily Summary is filed by chief.staff, not ${ctx.actor}`, 'chief.staff files it', SUMMARY_ROLES);
      }
      return { ok: true, events: [stamp({ type: 'summary.filed', date: command.date, path: command.path })] };
    case 'message.retry':
      // A message owed to the org (the scheduled summary's DM): the retry rule of a handoff's messages.
      return retryRefusal(command, ctx.actor) ?? { ok: true, events: [stamp({ type: 'message.retried', messageId: command.messageId, kind: command.kind })] };
    case 'board.sync':
    case 'board.report-problem': {
      // The Prospects board's reader records what it read; what it changes goes through the deal commands.
      if (ctx.actor !== 'monday') return forbidden(`a board sync is recorded by the monday.com reader, not ${ctx.actor}`, 'run baton board sync, or let baton serve sync', []);
      if (command.type === 'board.report-problem') {
        return { ok: true, events: [stamp({ type: 'board.problem', itemId: command.itemId, column: command.column, message: command.message, fix: command.fix })] };
      }
      const { added, updated, unchanged, problems } = command;
      return { ok: true, events: [stamp({ type: 'board.synced', added, updated, unchanged, problems })] };
    }
  }
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The deal id of a message owed to the org rather than to a handoff (the scheduled daily summary's DM). */
export const ORG_MESSAGE_DEAL = '';
