import { z } from 'zod';
import { currentPolicy, type Acting } from '../app/index.js';
import type { Engine } from '../engine/engine.js';
import type { CommandResult } from '../engine/execute.js';
import { jsonTimes } from '../views/json-times.js';
import { DomainEventJson, HandoffJson } from '../views/schemas.js';
import { statusJson } from '../views/status.js';
import type { Reply } from './results.js';
import type { ToolContext } from './tool.js';

/**
 * What every tool that changes a deal answers: whether anything changed, the events it
 * recorded, the deal's status after it (who it now waits on, and when), and what became
 * of the messages it queued. The same document as `baton <command> --json`, plus `status`
 * as the API adds it.
 */

export const dealId = z.string().min(1).describe('The deal id, as on the Prospects board (the status tool lists the deals with a handoff).');

export const DeliveryJson = z
  .object({
    queued: z.number().int().describe('messages this call queued (Slack posts and DMs, delivery board items)'),
    delivered: z.number().int(),
    retrying: z.number().int(),
    failed: z.number().int(),
    by: z.enum(['call', 'serve']).describe('call: delivery was tried before this answer; serve: baton serve delivers right after it (see the messages tool)'),
  })
  .passthrough();

export const CHANGE_OUTPUT = {
  changed: z.boolean().describe('false when the record already said so: nothing was written'),
  events: z.array(DomainEventJson).describe('what was recorded, in order (also in the timeline)'),
  status: HandoffJson.nullable().describe('the deal after the change, as the status tool shows it'),
  delivery: DeliveryJson,
};

/** One use case as the acting role, then delivery of what it queued; the JSON above. */
export async function change(
  ctx: ToolContext,
  act: (engine: Engine, acting: Acting) => Promise<CommandResult>,
  extra?: (result: CommandResult) => Record<string, unknown>,
): Promise<Reply> {
  const acting = ctx.acting();
  return ctx.engine(async (engine) => {
    const result = await act(engine, acting);
    const delivery = await ctx.deliver(engine, result.queued);
    const json = {
      changed: result.events.length > 0,
      events: jsonTimes(result.events),
      ...(extra?.(result) ?? {}),
      status: result.state ? statusJson(result.state, acting.now, currentPolicy(engine)) : null,
      delivery,
    };
    return { json };
  });
}
