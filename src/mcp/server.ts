import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { registerPrompts } from './prompts.js';
import { registerResources } from './resources.js';
import { failure, success } from './results.js';
import type { AnyTool, ToolContext } from './tool.js';
import { HANDOFF_TOOLS } from './tools-change.js';
import { DEAL_TOOLS } from './tools-deal.js';
import { READ_TOOLS } from './tools-read.js';
import { WORK_TOOLS } from './tools-work.js';
import { holdClock, inbox, report, resumeClock } from '../app/index.js';
import { holdTools, inboxReportTools } from './tools-sla.js';

/**
 * The MCP front door, the same on stdio (`baton mcp`) and Streamable HTTP (`/mcp` of
 * `baton serve`): one tool per command an agent may run (SPEC §16), each calling the
 * use-case layer with a zod input and output schema and honest hints; each handoff's packet
 * and timeline as resources; the `file_packet` and `daily_summary` prompts. Calls run one at
 * a time, as commands typed one after another would, so two calls never race for a deal.
 */

/**
 * Every tool, in the order `tools/list` gives them.
 */
export const TOOLS: readonly AnyTool[] = [
  ...READ_TOOLS,
  ...inboxReportTools({ inbox, report }),
  ...DEAL_TOOLS,
  ...HANDOFF_TOOLS,
  ...holdTools({ holdClock, resumeClock }),
  ...WORK_TOOLS,
];

export const SERVER_NAME = 'baton';
export const SERVER_VERSION = '0.1.0';

export interface ServerOptions {
  /** Only the read-only tools (a viewer: a localhost client without a token on `/mcp`). */
  readOnly?: boolean;
  /** Who this server acts as, for its instructions (e.g. "the role in BATON_ROLE"). */
  actingAs: string;
  /** Unexpected errors go here (stderr for stdio, serve's log for HTTP). */
  log: (text: string) => void;
  /** The tools to offer (default TOOLS), before the read-only filter. */
  tools?: readonly AnyTool[];
}

export function toolsFor(opts: Pick<ServerOptions, 'readOnly' | 'tools'>): AnyTool[] {
  return (opts.tools ?? TOOLS).filter((t) => !opts.readOnly || t.readOnly);
}

function instructions(opts: ServerOptions, names: Set<string>): string {
  const start = names.has('inbox')
    ? 'Start every session with inbox (what your role owes), then agent_heartbeat'
    : 'Start every session with status (what is owed, waitingOn and nextDueAt), then agent_heartbeat';
  return [
    'Baton is the system of record for the sales-to-onboarding handoff (SOP-REV v1.0).',
    opts.readOnly ? 'This connection is a viewer: it reads the record and changes nothing (send a role token to act).' : `Changes are made as ${opts.actingAs}.`,
    `${start}, and beat again at least every 30 minutes while working.`,
    'The cro adds the deal (deal_add), closes it (deal_stage closed-won), logs the commitment (deal_commit), drafts and files the Handoff Packet (packet_draft, packet_file; the file_packet prompt helps) and records the SOW (sow_sent, sow_signed);',
    'customer.success acknowledges (ack), then starts and finishes delivery (delivery_start, delivery_done); chief.staff files the daily summary (summary); the ceo activates an agent manually (agent_activate); chief.staff or the ceo may hold a clock with the reason (clock_hold) and resume it (clock_resume).',
    'A refused call is a tool error listing every problem as "field: message. Fix: ..." and changes nothing: mend them all and call again.',
  ].join(' ');
}

export function createMcpServer(ctx: ToolContext, opts: ServerOptions): McpServer {
  const tools = toolsFor(opts);
  const server = new McpServer(
    { name: SERVER_NAME, version: SERVER_VERSION },
    { instructions: instructions(opts, new Set(tools.map((t) => t.name))), capabilities: { completions: {} } },
  );
  let tail: Promise<unknown> = Promise.resolve();
  const serially = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = tail.then(fn, fn);
    tail = next.catch(() => undefined);
    return next;
  };
  for (const tool of tools) register(server, tool, (args) => serially(() => invoke(tool, args, ctx, opts.log)));
  registerResources(server, { engine: (fn) => serially(() => ctx.engine(fn)) });
  registerPrompts(server, { engine: (fn) => serially(() => ctx.engine(fn)), now: ctx.now });
  return server;
}

async function invoke(tool: AnyTool, args: unknown, ctx: ToolContext, log: (text: string) => void): Promise<CallToolResult> {
  try {
    return success(await tool.handle(args as never, ctx));
  } catch (error) {
    return failure(error, log);
  }
}

function register(server: McpServer, tool: AnyTool, handler: (args: unknown) => Promise<CallToolResult>): void {
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.input,
      // Open: a field added to a view later still validates at a client that checks.
      outputSchema: z.object(tool.output).passthrough(),
      annotations: {
        title: tool.title,
        readOnlyHint: tool.readOnly,
        destructiveHint: tool.destructive,
        idempotentHint: tool.idempotent,
        openWorldHint: tool.openWorld,
      },
    },
    // The SDK validates the arguments against `inputSchema` before calling this, and the
    // structured content of a success against `outputSchema` after.
    ((args: unknown) => handler(args)) as never,
  );
}
