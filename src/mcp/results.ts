import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ConfigError } from '../config/config.js';
import { formatProblem } from '../domain/refuse.js';
import type { Problem } from '../domain/types.js';
import { Refused } from '../engine/refused.js';

/**
 * Tool results. A success carries the JSON document `baton ... --json` prints, as text and
 * as structured content; a refusal is a tool error (`isError`) whose text lists every
 * problem as `field: message. Fix: fix` and whose structured content holds `problems`, so
 * that an agent sees every field to mend in one answer.
 */

/** What a tool handler returns: the CLI's JSON and, when that is an array, an object around it. */
export interface Reply {
  json: unknown;
  structured?: Record<string, unknown>;
  /** More text blocks after the JSON (e.g. the packet draft as plain text). */
  more?: string[];
}

export function success(reply: Reply): CallToolResult {
  const structured = reply.structured ?? (isRecord(reply.json) ? reply.json : { result: reply.json });
  return {
    content: [
      { type: 'text', text: JSON.stringify(reply.json, null, 2) },
      ...(reply.more ?? []).map((text) => ({ type: 'text' as const, text })),
    ],
    structuredContent: structured,
  };
}

export type ErrorKind = 'refused' | 'not-found' | 'invalid' | 'configuration' | 'unexpected';

/** Every failure of a call, as a tool error the agent can act on; unexpected ones are logged. */
export function failure(error: unknown, log: (text: string) => void): CallToolResult {
  const { kind, problems } = classify(error);
  if (kind === 'unexpected') log(`baton mcp: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  const head = kind === 'refused' || kind === 'not-found' ? 'refused' : kind === 'invalid' ? 'bad input' : kind;
  const text = `baton: ${head}:\n${problems.map((p) => `- ${formatProblem(p)}`).join('\n')}`;
  const structured = { error: kind, problems };
  return {
    isError: true,
    content: [
      { type: 'text', text },
      { type: 'text', text: JSON.stringify(structured, null, 2) },
    ],
    structuredContent: structured,
  };
}

function classify(error: unknown): { kind: ErrorKind; problems: Problem[] } {
  if (error instanceof Refused) return { kind: error.reason, problems: error.problems.map(forAgents) };
  if (error instanceof ConfigError) {
    return { kind: 'configuration', problems: error.problems.map((p) => ({ field: p.key, message: p.message, fix: p.fix })) };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'unexpected', problems: [{ field: 'baton', message, fix: 'nothing was decided by the SOP here; the server log (stderr) has the details, and the call may be retried' }] };
}

/** An agent behind MCP cannot pass `--as`: its role is the server's BATON_ROLE. */
function forAgents(p: Problem): Problem {
  const fix = p.fix.replace(/--as ([a-z.]+)/g, 'BATON_ROLE=$1 in the MCP server environment');
  return fix === p.fix ? p : { ...p, fix };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
