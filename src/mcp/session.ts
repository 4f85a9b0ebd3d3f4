import type { Acting } from '../app/index.js';
import { parseInstant } from '../cli/context.js';
import { loadConfig } from '../config/config.js';
import { invalid } from '../domain/problem.js';
import { ROLES, type Role } from '../domain/types.js';
import { dispatch } from '../engine/dispatcher.js';
import { closeEngine, openEngine, type Engine } from '../engine/engine.js';
import type { ToolContext } from './tool.js';

/**
 * One `baton mcp` session: where it runs, its environment, how it reads the clock and where
 * its logs go. A tool call opens the engine from the same config the CLI would find and
 * calls the use-case layer directly; nothing a call does reaches stdout, which belongs to
 * the protocol.
 */
export interface McpSession {
  cwd: string;
  env: Record<string, string | undefined>;
  /** `--config`, `--now` and `--as` given to `baton mcp` itself. */
  globals: { config?: string; now?: string; as?: string };
  /** Logs and warnings: stderr. */
  log: (text: string) => void;
  /** Read once per tool call, only when neither `--now` nor `BATON_NOW` is set. */
  wallClock: () => number;
}

/** The time a call acts at: `--now`, else BATON_NOW, else the wall clock. */
export function callNow(session: McpSession): number {
  const raw = session.globals.now ?? session.env.BATON_NOW;
  if (raw === undefined || raw === '') return session.wallClock();
  return parseInstant(raw, session.globals.now !== undefined ? 'now' : 'BATON_NOW');
}

/** Opens the engine for one call and always closes it. */
export async function withSessionEngine<T>(session: McpSession, fn: (engine: Engine) => Promise<T>): Promise<T> {
  const config = loadConfig({ cwd: session.cwd, env: session.env, ...(session.globals.config ? { configPath: session.globals.config } : {}) });
  const engine = await openEngine(config);
  try {
    return await fn(engine);
  } finally {
    await closeEngine(engine);
  }
}

/** Where the acting role was named: `--as` on the command line, else `BATON_ROLE`. */
function roleSource(session: McpSession): { value: string | undefined; field: string } {
  if (session.globals.as !== undefined) return { value: session.globals.as, field: 'as' };
  return { value: session.env.BATON_ROLE, field: 'BATON_ROLE' };
}

/** The role every change is made as. Missing or unknown: a refusal that says how to set it. */
export function actingRole(session: McpSession): Role {
  const { value, field } = roleSource(session);
  const setIt = `start baton mcp with BATON_ROLE set to the role this agent fills, one of: ${ROLES.join(', ')} (e.g. "env": { "BATON_ROLE": "cro" } in the MCP client's server config)`;
  if (value === undefined || value.trim() === '') {
    throw invalid('BATON_ROLE', 'no acting role is set, and every change is made as a role', setIt);
  }
  if (!(ROLES as readonly string[]).includes(value)) throw invalid(field, `"${value}" is not a role`, setIt);
  return value as Role;
}

export function acting(session: McpSession): Acting {
  return { now: callNow(session), actor: actingRole(session) };
}

/**
 * The tools' context on stdio: the engine opened per call, the role from BATON_ROLE, and
 * what a change queued delivered before the answer, as the CLI does (SPEC §10).
 */
export function stdioContext(session: McpSession): ToolContext {
  return {
    engine: (fn) => withSessionEngine(session, fn),
    now: () => callNow(session),
    acting: () => acting(session),
    role: () => {
      try {
        return actingRole(session);
      } catch {
        return undefined;
      }
    },
    deliver: async (engine, queued) => {
      const report = queued > 0 ? await dispatch(engine, callNow(session)) : { delivered: 0, retrying: 0, failed: 0 };
      return { queued, ...report, by: 'call' };
    },
  };
}

/** For the startup log: the role, or why there is none. */
export function describeRole(session: McpSession): string {
  try {
    return `acting as ${actingRole(session)}`;
  } catch (error) {
    return `no usable acting role (${(error as Error).message}); read-only tools still work`;
  }
}
