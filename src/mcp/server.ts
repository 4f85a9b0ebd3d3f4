import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { failure, success } from './results.js';
import { acting, callNow, withSessionEngine, type McpSession } from './session.js';
import type { ToolContext, ToolDefinition } from './tool.js';
import { ack, agentHeartbeat, packetFile, sowSent, sowSigned } from './tools-change.js';
import { packetDraft, status, summary, timeline } from './tools-read.js';

/**
 * The MCP front door: one tool per CLI command an agent needs, each going through the same
 * command path and views as `baton <command> --json`. Calls run one at a time, as commands
 * typed one after another would, so two calls never race for the same deal.
 */

/** Every tool, in the order `tools/list` gives them. */
export const TOOLS: readonly ToolDefinition<z.ZodRawShape>[] = [status, timeline, packetDraft, packetFile, ack, sowSent, sowSigned, agentHeartbeat, summary];

export const SERVER_NAME = 'baton';
export const SERVER_VERSION = '0.1.0';

export function createMcpServer(session: McpSession): McpServer {
  const server = new McpServer(
    { name: SERVER_NAME, version: SERVER_VERSION },
    {
      instructions:
        'Baton is the system of record for the sales-to-onboarding handoff (SOP-REV v1.0). Changes are made as the role in BATON_ROLE. ' +
        'Start with status; the cro drafts (packet_draft) and files (packet_file) the Handoff Packet, records the SOW (sow_sent, sow_signed); ' +
        'customer.success acknowledges (ack) and sends agent_heartbeat while working; chief.staff writes the daily summary (summary). ' +
        'A refused call lists every problem as "field: message. Fix: ..." and changes nothing: mend them all and call again.',
    },
  );
  let tail: Promise<unknown> = Promise.resolve();
  const serially = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = tail.then(fn, fn);
    tail = next.catch(() => undefined);
    return next;
  };
  const ctx: ToolContext = { engine: (fn) => withSessionEngine(session, fn), now: () => callNow(session), acting: () => acting(session) };

  for (const tool of TOOLS) register(server, tool, (args) => serially(() => invoke(tool, args, ctx, session)));
  return server;
}

async function invoke<S extends z.ZodRawShape>(tool: ToolDefinition<S>, args: z.objectOutputType<S, z.ZodTypeAny>, ctx: ToolContext, session: McpSession): Promise<CallToolResult> {
  try {
    return success(await tool.handle(args, ctx));
  } catch (error) {
    return failure(error, session.log);
  }
}

function register<S extends z.ZodRawShape>(server: McpServer, tool: ToolDefinition<S>, handler: (args: z.objectOutputType<S, z.ZodTypeAny>) => Promise<CallToolResult>): void {
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.input,
      annotations: { title: tool.title, readOnlyHint: tool.readOnly, destructiveHint: false, idempotentHint: tool.idempotent ?? tool.readOnly, openWorldHint: false },
    },
    // The SDK validates the arguments against `inputSchema` before calling this.
    ((args: z.objectOutputType<S, z.ZodTypeAny>) => handler(args)) as never,
  );
}
