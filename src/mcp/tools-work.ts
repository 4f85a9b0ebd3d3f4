import { z } from 'zod';
import { activate, fileSummary, heartbeat, retryMessage } from '../app/index.js';
import { ROLES, type Role } from '../domain/types.js';
import { Instant, LocalDate, RoleName } from '../views/schemas.js';
import { DeliveryJson } from './change.js';
import { defineTool } from './tool.js';

/**
 * The org's work as tools: an agent's heartbeat, the ceo's manual activation, a retry of a
 * failed message, and chief.staff's daily summary. Each is a use case the domain decides
 * (who may), recorded with its actor and time.
 */

export const agentHeartbeat = defineTool({
  name: 'agent_heartbeat',
  title: 'Agent heartbeat',
  description:
    "Record that this agent's role is live now. Call it at the start of a session (after inbox) and regularly while working (at least every 30 minutes by default), " +
    'above all as customer.success: delivery cannot start, and escalations report the role as unstaffed, without a recent heartbeat. ' +
    "Only a role's own agent may beat for it. Returns {role, heartbeatAt, by}, as `baton agent heartbeat <role> --json` does.",
  input: { role: z.enum(ROLES).optional().describe('The role that is live; default (and the only one allowed) the acting role.') },
  output: { role: RoleName, heartbeatAt: Instant, by: z.string() },
  readOnly: false,
  idempotent: false,
  destructive: false,
  openWorld: false,
  handle: async ({ role: named }, ctx) => {
    const who = ctx.acting();
    const role = (named ?? who.actor) as Role;
    await ctx.engine((engine) => heartbeat(engine, role, who));
    return { json: { role, heartbeatAt: new Date(who.now).toISOString(), by: who.actor } };
  },
});

export const agentActivate = defineTool({
  name: 'agent_activate',
  title: 'Activate an agent manually',
  description:
    "The ceo activates a role's agent manually (SOP escalation: customer.success has not acknowledged and has no live agent). Only the ceo may; " +
    'an activation counts as the role being live for the delivery gate. Returns {role, activatedAt, activatedBy}, as `baton agent activate <role> --by ceo --json` does.',
  input: { role: z.enum(ROLES).describe('The role whose agent is activated, usually customer.success.') },
  output: { role: RoleName, activatedAt: Instant, activatedBy: z.string() },
  readOnly: false,
  idempotent: false,
  destructive: false,
  openWorld: false,
  handle: async ({ role }, ctx) => {
    const who = ctx.acting();
    await ctx.engine((engine) => activate(engine, role, who));
    return { json: { role, activatedAt: new Date(who.now).toISOString(), activatedBy: who.actor } };
  },
});

export const messagesRetry = defineTool({
  name: 'messages_retry',
  title: 'Retry a failed message',
  description:
    'Queue a failed message again (chief.staff, the ceo, or the role that owns the clock the message is about) and try to deliver it. ' +
    'Only a failed message can be retried: the messages tool with state "failed" lists them, with the last error. The retry is in the deal\'s timeline. ' +
    'Returns {id, requeued, delivery}.',
  input: { id: z.number().int().positive().describe('The message id, as the messages tool shows it (not the deal id).') },
  output: { id: z.number().int(), requeued: z.literal(true), delivery: DeliveryJson },
  readOnly: false,
  idempotent: false,
  destructive: false,
  openWorld: true,
  handle: async ({ id }, ctx) => {
    const who = ctx.acting();
    return ctx.engine(async (engine) => {
      await retryMessage(engine, id, who);
      const delivery = await ctx.deliver(engine, 1);
      return { json: { id, requeued: true, delivery } };
    });
  },
});

export const summary = defineTool({
  name: 'summary',
  title: 'CEO Daily Summary section',
  description:
    "chief.staff's section of the CEO Daily Summary for one org-local day: KEY COMPLETIONS TODAY (each deal announced that day) and NEEDS ATTENTION (every overdue clock and open escalation); a past day reads as it was that day. " +
    'Use it as chief.staff (or the ceo) when writing the daily summary. It files the text under sessions/chief.staff/ (writing it again replaces it with the same day) and records that it was filed; ' +
    'the daily_summary prompt reads it without filing. Returns {date, path, text} as `baton summary --json` does.',
  input: { date: LocalDate.optional().describe('The org-local day, YYYY-MM-DD; default today in the org time zone.') },
  output: { date: LocalDate, path: z.string().describe('where it is filed, relative to the workspace root'), text: z.string() },
  readOnly: false,
  idempotent: true,
  destructive: false,
  openWorld: false,
  handle: ({ date }, ctx) => {
    const who = ctx.acting();
    return ctx.engine(async (engine) => {
      const filed = await fileSummary(engine, date, who);
      return { json: filed, more: [filed.text] };
    });
  },
});

export const WORK_TOOLS = [agentHeartbeat, agentActivate, messagesRetry, summary];
