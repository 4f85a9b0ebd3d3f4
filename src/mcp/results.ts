import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { BatonError, capProblems, type ErrorKind, type Problem } from '../domain/problem.js';

/**
 * Tool results. A success carries the JSON document `baton ... --json` prints, as text and
 * as structured content (matching the tool's output schema); a refusal is a tool error
 * (`isError`) whose first text lists every problem as `field: message. Fix: fix` and whose
 * second text is the JSON `{error, problems}`, so that an agent sees every field to mend in
 * one answer. A tool error carries no structured content: clients (the SDK's among them)
 * check any structured content against the output schema, which describes successes.
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
    content: [{ type: 'text', text: JSON.stringify(reply.json, null, 2) }, ...(reply.more ?? []).map((text) => ({ type: 'text' as const, text }))],
    structuredContent: structured,
  };
}

/** Every failure of a call, as a tool error the agent can act on; unexpected ones are logged. */
export function failure(error: unknown, log: (text: string) => void): CallToolResult {
  const { kind, problems } = classify(error);
  if (kind === 'unexpected') log(`baton mcp: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  const text = `baton: ${kind}:\n${problems.map((p) => `- ${mcpField(p.field)}: ${p.message}. Fix: ${p.fix}`).join('\n')}`;
  const structured = { error: kind, problems: problems.map((p) => ({ ...p, field: mcpField(p.field) })) };
  return {
    isError: true,
    content: [
      { type: 'text', text },
      { type: 'text', text: JSON.stringify(structured, null, 2) },
    ],
  };
}

function classify(error: unknown): { kind: ErrorKind | 'unexpected'; problems: Problem[] } {
  if (error instanceof BatonError) return { kind: error.kind, problems: capProblems(error.problems).map(mcpProblem) };
  const message = error instanceof Error ? error.message : String(error);
  return {
    kind: 'unexpected',
    problems: [{ code: 'invalid', field: 'baton', message, fix: 'nothing was decided by the SOP here; the server log (stderr) has the details, and the call may be retried' }],
  };
}

/** The domain's field names as tool arguments (the CLI's names, SPEC §18). */
const ARGUMENTS: Record<string, string> = {
  commitment: 'type',
  'contact.name': 'contactName',
  'contact.title': 'contactTitle',
  'contact.email': 'contactEmail',
  'contact.phone': 'contactPhone',
};

export function mcpField(field: string): string {
  return ARGUMENTS[field] ?? field;
}

/** An agent behind MCP cannot pass `--as`: its role is the server's; a fix names the tool to call. */
export function mcpProblem(p: Problem): Problem {
  if (p.code === 'forbidden' && p.roles && p.roles.length > 0) {
    return {
      ...p,
      fix: `${p.fix}: this is for ${p.roles.join(' or ')}; an agent filling that role calls it (BATON_ROLE=${p.roles[0]} for stdio, or that role's bearer token over HTTP)`,
    };
  }
  if (p.next) return { ...p, fix: `${p.fix}: call the tool ${p.next.command.replace(/[.-]/g, '_')}${p.next.id ? ` with id "${p.next.id}"` : ''}` };
  return p;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
