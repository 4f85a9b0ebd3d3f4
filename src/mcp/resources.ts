import { existsSync, readFileSync } from 'node:fs';
import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { resolveInside } from '../adapters/workspace-files.js';
import { allDeals, packetDraft, timeline } from '../app/index.js';
import { BatonError } from '../domain/problem.js';
import type { DealState } from '../domain/types.js';
import type { Engine } from '../engine/engine.js';
import { handoffsOnly } from '../views/status.js';
import { eventJson } from '../views/timeline.js';
import type { ToolContext } from './tool.js';

/**
 * Each handoff as two resources: `baton://handoffs/{id}/packet` (the packet file as it is in
 * the workspace, signatures included; before filing, the draft with its {...} placeholders)
 * and `baton://handoffs/{id}/timeline` (its events, as the timeline tool returns them).
 * Both templates list every handoff and complete the id.
 */

/** JSON-RPC "resource not found" (MCP specification, resources). */
const RESOURCE_NOT_FOUND = -32002;

export const PACKET_URI = 'baton://handoffs/{id}/packet';
export const TIMELINE_URI = 'baton://handoffs/{id}/timeline';

export const packetUri = (id: string) => `baton://handoffs/${encodeURIComponent(id)}/packet`;
export const timelineUri = (id: string) => `baton://handoffs/${encodeURIComponent(id)}/timeline`;

type ReadContext = Pick<ToolContext, 'engine'>;

/** The packet as the workspace holds it: the file, else the text filed, else the draft. */
export async function packetText(engine: Engine, state: DealState): Promise<string> {
  const h = state.handoff;
  if (h?.packet) {
    const file = resolveInside(engine.config.root, h.packetPath);
    return existsSync(file) ? readFileSync(file, 'utf8') : h.packet.text;
  }
  return packetDraft(engine, state.deal.id);
}

async function handoffs(ctx: ReadContext): Promise<DealState[]> {
  return ctx.engine(async (engine) => handoffsOnly(await allDeals(engine)));
}

async function handoff(engine: Engine, id: string, uri: string): Promise<DealState> {
  const found = handoffsOnly(await allDeals(engine)).find((s) => s.deal.id === id);
  if (!found) throw new McpError(RESOURCE_NOT_FOUND, `Resource not found: ${uri} (no handoff for deal "${id}"; resources/list shows the handoffs)`);
  return found;
}

function idOf(variables: Record<string, string | string[]>): string {
  const raw = variables.id;
  return decodeURIComponent(Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? ''));
}

/** A refusal of the use-case layer as a resource error, naming the problem. */
async function reading<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof BatonError) throw new McpError(RESOURCE_NOT_FOUND, error.problems.map((p) => `${p.field}: ${p.message}`).join('; '));
    throw error;
  }
}

export function registerResources(server: McpServer, ctx: ReadContext): void {
  const complete = {
    id: async (value: string) =>
      (await handoffs(ctx))
        .map((s) => s.deal.id)
        .filter((id) => id.startsWith(value))
        .slice(0, 100),
  };

  server.registerResource(
    'packet',
    new ResourceTemplate(PACKET_URI, {
      list: async () => ({
        resources: (await handoffs(ctx)).map((s) => ({
          uri: packetUri(s.deal.id),
          name: `packet-${s.deal.id}`,
          title: `Handoff Packet — ${s.deal.company}${s.handoff?.packet ? ` (revision ${s.handoff.packet.revision})` : ' (draft, not filed)'}`,
          mimeType: 'text/markdown',
        })),
      }),
      complete,
    }),
    {
      title: 'Handoff Packet',
      description: 'The Handoff Packet of one handoff, as filed in the workspace (Filed by and Acknowledged by included); before filing, the draft with {...} placeholders.',
      mimeType: 'text/markdown',
    },
    async (uri, variables) =>
      reading(() =>
        ctx.engine(async (engine) => {
          const state = await handoff(engine, idOf(variables), uri.href);
          return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text: await packetText(engine, state) }] };
        }),
      ),
  );

  server.registerResource(
    'timeline',
    new ResourceTemplate(TIMELINE_URI, {
      list: async () => ({
        resources: (await handoffs(ctx)).map((s) => ({
          uri: timelineUri(s.deal.id),
          name: `timeline-${s.deal.id}`,
          title: `Timeline — ${s.deal.company}`,
          mimeType: 'application/json',
        })),
      }),
      complete,
    }),
    {
      title: 'Handoff timeline',
      description: "Every event of one deal in order (when, who, what, how late), as JSON: the timeline tool's answer.",
      mimeType: 'application/json',
    },
    async (uri, variables) =>
      reading(() =>
        ctx.engine(async (engine) => {
          const state = await handoff(engine, idOf(variables), uri.href);
          const events = (await timeline(engine, state.deal.id)).events.map(eventJson);
          return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(events, null, 2) }] };
        }),
      ),
  );
}
