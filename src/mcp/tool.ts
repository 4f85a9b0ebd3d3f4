import type { z } from 'zod';
import type { Acting } from '../app/index.js';
import type { Role } from '../domain/types.js';
import type { Engine } from '../engine/engine.js';
import type { Reply } from './results.js';

/** What a change did with the messages it queued: delivered them now (stdio), or left them to `serve`. */
export interface Delivery {
  queued: number;
  delivered: number;
  retrying: number;
  failed: number;
  /** `call`: tried before the answer, as the CLI does; `serve`: the serve loop delivers right after it. */
  by: 'call' | 'serve';
}

/**
 * What a tool handler may ask of its call. The door behind it decides each answer: stdio
 * (`baton mcp`) opens the engine per call and acts as BATON_ROLE; Streamable HTTP (`/mcp` of
 * `baton serve`) shares serve's engine and acts as the bearer token's role.
 */
export interface ToolContext {
  /** The engine for this call. */
  engine<T>(fn: (engine: Engine) => Promise<T>): Promise<T>;
  /** The time this call acts at. */
  now(): number;
  /** The acting role and the time; a refusal that says how to get a role when there is none. */
  acting(): Acting;
  /** The acting role when there is one (a viewer has none). */
  role(): Role | undefined;
  /** After a change is recorded: deliver what it queued, or hand it to the serve loop. */
  deliver(engine: Engine, queued: number): Promise<Delivery>;
}

/** MCP tool annotations, stated for every tool (SPEC §16: honest hints). */
export interface ToolHints {
  /** Reads the record only. */
  readOnly: boolean;
  /** Calling it again with the same arguments changes nothing more. */
  idempotent: boolean;
  /** It may replace or cancel what is there (a re-filed packet, cancelled clocks), not only add. */
  destructive: boolean;
  /** It may call Slack or monday.com (it queues messages or board items). */
  openWorld: boolean;
}

/**
 * One MCP tool, named after the CLI command it mirrors: its zod input and output shapes, a
 * description that tells an agent when to use it, honest hints, and a handler that calls
 * the use-case layer and returns a document matching `output`, or throws (a `BatonError`
 * becomes a tool error listing every problem).
 */
export interface ToolDefinition<S extends z.ZodRawShape = z.ZodRawShape, O extends z.ZodRawShape = z.ZodRawShape> extends ToolHints {
  name: string;
  title: string;
  description: string;
  input: S;
  output: O;
  handle(args: z.objectOutputType<S, z.ZodTypeAny>, ctx: ToolContext): Promise<Reply> | Reply;
}

/** Infers the argument types from the shapes (a definition is checked where it is written). */
export function defineTool<S extends z.ZodRawShape, O extends z.ZodRawShape>(tool: ToolDefinition<S, O>): ToolDefinition<S, O> {
  return tool;
}

/** The tools of one server, whatever their shapes. */
export type AnyTool = ToolDefinition<any, any>;
