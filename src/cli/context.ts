import { DateTime } from 'luxon';
import { loadConfig, type BatonConfig } from '../config/config.js';
import { jsonTimes } from '../views/json-times.js';
import { defaultActor } from '../domain/permissions.js';
import type { CommandType } from '../domain/commands.js';
import { ROLES, type Actor, type Role } from '../domain/types.js';
import { closeEngine, openEngine, type Engine } from '../engine/engine.js';
import { BatonError, invalid } from '../domain/problem.js';

/** The world as the CLI sees it; tests and the demo pass their own. */
export interface CliIo {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  /** Read once, only when neither --now nor BATON_NOW is given. */
  wallClock: () => number;
}

export interface GlobalOptions {
  now?: string;
  json?: boolean;
  config?: string;
  as?: string;
}

/** What a command handler gets: parsed globals, the time it acts at, and the io. */
export interface Run {
  io: CliIo;
  json: boolean;
  now: number;
  globals: GlobalOptions;
  out: (text: string) => void;
  /** Exactly one JSON document on stdout when --json is set. */
  outJson: (value: unknown) => void;
  hint: (text: string) => void;
}

const ISO_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** `--now` / `BATON_NOW`: the edge where time enters. A date alone means midnight UTC. */
export function resolveNow(globals: GlobalOptions, io: CliIo): number {
  const raw = globals.now ?? io.env.BATON_NOW;
  if (raw === undefined || raw === '') return io.wallClock();
  return parseInstant(raw, globals.now !== undefined ? 'now' : 'BATON_NOW');
}

/** An ISO 8601 instant given on the command line (`--now`, `--since`); without a zone, UTC. */
export function parseInstant(raw: string, source: string): number {
  const text = raw.trim();
  const withZone = /T/.test(text) && !/(Z|[+-]\d{2}:?\d{2})$/.test(text) ? `${text}Z` : text;
  const parsed = DateTime.fromISO(withZone, { zone: 'UTC' });
  const ms = ISO_RE.test(text) && parsed.isValid ? parsed.toMillis() : Number.NaN;
  if (Number.isNaN(ms)) {
    throw invalid(source, `"${raw}" is not an ISO 8601 time`, 'write it like 2026-11-26T09:30:00Z');
  }
  return ms;
}

export function makeRun(io: CliIo, globals: GlobalOptions): Run {
  const json = Boolean(globals.json);
  return {
    io,
    json,
    globals,
    now: resolveNow(globals, io),
    out: (text) => io.stdout(text.endsWith('\n') ? text : `${text}\n`),
    outJson: (value) => io.stdout(`${JSON.stringify(jsonTimes(value), null, 2)}\n`),
    hint: (text) => io.stderr(text.endsWith('\n') ? text : `${text}\n`),
  };
}

export function configOf(run: Run): BatonConfig {
  return loadConfig({ cwd: run.io.cwd, env: run.io.env, ...(run.globals.config ? { configPath: run.globals.config } : {}) });
}

/** Opens the engine for one command and always closes it, so the process can exit. */
export async function withEngine<T>(run: Run, fn: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = await openEngine(configOf(run));
  try {
    return await fn(engine);
  } finally {
    await closeEngine(engine);
  }
}

/** The role named with `--as` or BATON_ROLE, if any. */
export function actingRole(run: Run): Role | undefined {
  const named = run.globals.as ?? run.io.env.BATON_ROLE;
  if (named === undefined || named === '') return undefined;
  return parseRole(named, run.globals.as !== undefined ? 'as' : 'BATON_ROLE');
}

/** Acknowledging is a signature: it must name who signs, never default to it. */
const EXPLICIT_ROLE: readonly CommandType[] = ['ack'];

/** `--as`, else BATON_ROLE, else the role the SOP gives the command. */
export function actorFor(run: Run, type: CommandType): Actor {
  const named = run.globals.as ?? run.io.env.BATON_ROLE;
  if (named === undefined || named === '') {
    if (EXPLICIT_ROLE.includes(type)) {
      throw invalid('as', 'acknowledging signs the packet, so the role must be named', 'add --as customer.success (or set BATON_ROLE)');
    }
    return defaultActor(type);
  }
  return parseRole(named, run.globals.as !== undefined ? 'as' : 'BATON_ROLE');
}

export function parseRole(value: string, field: string): Role {
  if ((ROLES as readonly string[]).includes(value)) return value as Role;
  throw invalid(field, `"${value}" is not a role`, `use one of: ${ROLES.join(', ')}`);
}
