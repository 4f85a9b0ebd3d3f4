import type { z } from 'zod';
import type { Acting } from '../app/index.js';
import type { Engine } from '../engine/engine.js';
import type { Reply } from './results.js';

/** What a tool handler may ask of its call. */
export interface ToolContext {
  /** The engine for this call, opened from the session's config and closed after. */
  engine<T>(fn: (engine: Engine) => Promise<T>): Promise<T>;
  /** The time this call acts at. */
  now(): number;
  /** The acting role (`BATON_ROLE`) and the time; a refusal that says how to set the role when missing. */
  acting(): Acting;
}

/**
 * One MCP tool, named after the CLI command it mirrors: its zod input shape, a description
 * that tells an agent when to use it, and a handler that calls the use-case layer and
 * returns the CLI's JSON or throws (a `BatonError` becomes a tool error listing every problem).
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
