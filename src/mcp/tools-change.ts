import { z } from 'zod';
import { heartbeat, runAndDeliver } from '../app/index.js';
import type { Command } from '../domain/commands.js';
import type { DealState } from '../domain/types.js';
import { ROLES } from '../domain/types.js';
import { jsonTimes } from '../views/json-times.js';
import type { Reply } from './results.js';
import type { ToolContext, ToolDefinition } from './tool.js';

/**
 * The tools that change the record, each made as the acting role (`BATON_ROLE`) through
 * the use-case layer (the command in one transaction, then an attempt to deliver what it
 * queued), answering the JSON `--json` prints. A refusal lists every problem and writes nothing.
 */

const dealId = z.string().min(1).describe('The deal id, as on the Prospects board (the status tool lists them).');

/** One domain command as the acting role; the JSON `baton <command> --json` prints. */
async function change(ctx: ToolContext, id: string, command: Command, extra?: (acted: { state: DealState | undefined }) => Record<string, unknown>): Promise<Reply> {
  const who = ctx.acting();
  return ctx.engine(async (engine) => {
    const acted = await runAndDeliver(engine, id, command, who);
    return { json: jsonTimes({ changed: acted.events.length > 0, events: acted.events, ...(extra?.(acted) ?? {}), delivery: acted.delivery }) };
  });
}

export const packetFile: ToolDefinition<{ id: typeof dealId; text: z.ZodString }> = {
  name: 'packet_file',
  title: 'File the Handoff Packet',
  description:
    'File the completed Handoff Packet (as the cro, within 2 hours of the close). Pass the whole packet text: the packet_draft output with every {...} replaced. ' +
    'Baton checks every field at once (no {...} left, no empty required field, valid dates and e-mail, the policy price, a start target within 30 days of the SOW) ' +
    'and, when any is wrong, refuses with a problem per field and writes nothing: mend every listed field and call again. ' +
    'On success it writes the packet file, signs "Filed by", drops the coordination note for customer.success, posts the #exec-checkins announcement and starts the 24 h acknowledgement clock; ' +
    'filing again before delivery replaces the packet as a new revision. Returns {changed, events, path, revision, delivery} as `baton packet file <id> - --json` does.',
  input: {
    id: dealId,
    text: z.string().min(1).describe('The complete packet, every "Label: value" line as in the draft; "Filed by" and "Acknowledged by" are filled by Baton.'),
  },
  readOnly: false,
  idempotent: true,
  handle: ({ id, text }, ctx) =>
    change(ctx, id, { type: 'packet.file', text }, (acted) => ({ path: acted.state?.handoff?.packetPath, revision: acted.state?.handoff?.packet?.revision })),
};

export const ack: ToolDefinition<{ id: typeof dealId }> = {
  name: 'ack',
  title: 'Acknowledge the Handoff Packet',
  description:
    'Acknowledge a filed Handoff Packet (only customer.success, within 24 hours of filing): signs "Acknowledged by" in the packet, stops the acknowledgement clock ' +
    'and creates the Assessment™ delivery item with its window and milestones. Read the packet (its path is in status) before acknowledging. ' +
    'Acknowledging twice changes nothing. Returns {changed, events, delivery} as `baton ack <id> --json` does; status then shows the deliveryItem.',
  input: { id: dealId },
  readOnly: false,
  idempotent: true,
  handle: ({ id }, ctx) => change(ctx, id, { type: 'ack' }),
};

export const sowSent: ToolDefinition<{ id: typeof dealId }> = {
  name: 'sow_sent',
  title: 'Record the SOW template sent',
  description:
    'Record that the cro sent the SOW template to the customer (a verbal commitment needs it within 24 hours of the close). ' +
    'Use it as the cro right after sending the SOW. Returns {changed, events, delivery} as `baton sow sent <id> --json` does.',
  input: { id: dealId },
  readOnly: false,
  idempotent: true,
  handle: ({ id }, ctx) => change(ctx, id, { type: 'sow.sent' }),
};

export const sowSigned: ToolDefinition<{ id: typeof dealId }> = {
  name: 'sow_signed',
  title: 'Record the SOW signed',
  description:
    'Record that the customer signed the SOW (as the cro). It stops the SOW clocks and starts the 30-day Assessment™ delivery clock now; delivery cannot start before it. ' +
    'Returns {changed, events, delivery} as `baton sow signed <id> --json` does.',
  input: { id: dealId },
  readOnly: false,
  idempotent: true,
  handle: ({ id }, ctx) => change(ctx, id, { type: 'sow.signed' }),
};

export const agentHeartbeat: ToolDefinition<{ role: z.ZodOptional<z.ZodEnum<[string, ...string[]]>> }> = {
  name: 'agent_heartbeat',
  title: 'Agent heartbeat',
  description:
    'Record that a role has a live agent now. Call it regularly (at least every 30 minutes by default) while this agent is working, ' +
    'above all as customer.success: delivery cannot start, and escalations report the role as unstaffed, without a recent heartbeat. ' +
    'Returns {role, heartbeatAt} as `baton agent heartbeat <role> --json` does.',
  input: { role: z.enum(ROLES).optional().describe('The role that is live; default the acting role (BATON_ROLE).') },
  readOnly: false,
  idempotent: false,
  handle: async ({ role: named }, ctx) => {
    const who = ctx.acting();
    const role = (named ?? who.actor) as (typeof ROLES)[number];
    await ctx.engine((engine) => heartbeat(engine, role, who));
    return { json: { role, heartbeatAt: new Date(who.now).toISOString() } };
  },
};
