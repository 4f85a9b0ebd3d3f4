import { makeRun, type CliIo, type GlobalOptions, type Run } from '../cli/context.js';
import { ROLES, type Role } from '../domain/types.js';
import { BatonError, invalid } from '../domain/problem.js';

/**
 * One `baton mcp` session: where it runs, its environment, how it reads the clock and where
 * its logs go. Every tool call becomes a CLI `Run` (the same config lookup, `--now` /
 * `BATON_NOW` parsing and command path as `baton ... --json`), with stdout captured so that
 * nothing but the MCP protocol ever reaches the real stdout.
 */
export interface McpSession {
  cwd: string;
  env: Record<string, string | undefined>;
  /** `--config`, `--now` and `--as` given to `baton mcp` itself. */
  globals: Pick<GlobalOptions, 'config' | 'now' | 'as'>;
  /** Logs and warnings: stderr. */
  log: (text: string) => void;
  /** Read once per tool call, only when neither `--now` nor `BATON_NOW` is set. */
  wallClock: () => number;
}

/** A Run for one tool call; `printed` holds the JSON document the CLI would have printed. */
export interface CallRun {
  run: Run;
  printed: () => unknown;
}

export function callRun(session: McpSession, role?: Role): CallRun {
  let printed: unknown;
  const io: CliIo = {
    cwd: session.cwd,
    env: session.env,
    // Nothing a command prints may reach the protocol stream: keep it, log it.
    stdout: (text) => session.log(`baton mcp: (stdout of the command) ${text}`),
    stderr: session.log,
    readStdin: async () => '',
    wallClock: session.wallClock,
  };
  const globals: GlobalOptions = { ...session.globals, json: true, ...(role ? { as: role } : {}) };
  const run: Run = {
    ...makeRun(io, globals),
    outJson: (value) => {
      printed = value;
    },
  };
  return { run, printed: () => printed };
}

/** Where the acting role was named: `--as` on the command line, else `BATON_ROLE`. */
function roleSource(session: McpSession): { value: string | undefined; field: string } {
  if (session.globals.as !== undefined) return { value: session.globals.as, field: '--as' };
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

/** For the startup log: the role, or why there is none. */
export function describeRole(session: McpSession): string {
  try {
    return `acting as ${actingRole(session)}`;
  } catch (error) {
    return `no usable acting role (${(error as Error).message}); read-only tools still work`;
  }
}
