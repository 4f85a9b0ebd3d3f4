import type { z } from 'zod';
import type { Role } from '../domain/types.js';
import type { Reply } from './results.js';
import type { CallRun } from './session.js';

/** What a tool handler may ask of its call. */
export interface ToolContext {
  /** The CLI Run this call acts through; with a role, changes are made as that role. */
  run(role?: Role): CallRun;
  /** The acting role (`BATON_ROLE`); a refusal that says how to set it when missing or unknown. */
  role(): Role;
}

/**
 * One MCP tool, named after the CLI command it mirrors: its zod input shape, a description
 * that tells an agent when to use it, and a handler that returns the CLI's JSON or throws
 * (a `Refused` becomes a tool error listing every problem).
 */
export interface ToolDefinition<S extends z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  input: S;
  /** Reads the record only (status, timeline, packet_draft). */
  readOnly: boolean;
  /** Calling it twice with the same arguments changes nothing more. */
  idempotent?: boolean;
  handle(args: z.objectOutputType<S, z.ZodTypeAny>, ctx: ToolContext): Promise<Reply> | Reply;
}
