import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The frozen copy of the built `bin/baton` that test/support/build.ts provides. */
    batonBin: string;
  }
}

/**
 * Runs the BUILT command line (`node bin/baton ...`) as a user would, in a folder of the
 * test's choosing. `test/support/build.ts` (vitest globalSetup) builds dist/ once first and
 * freezes a copy of bin/ and dist/ for the run.
 */

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(REPO_ROOT, 'bin', 'baton');

/** The built CLI to run: the copy frozen by the globalSetup, else the repository's bin/baton. */
export function batonBin(): string {
  try {
    return inject('batonBin') || BIN;
  } catch {
    return BIN;
  }
}

export interface RunOptions {
  /** The folder the command runs in. */
  cwd: string;
  /** The time the command acts at, as BATON_NOW (ISO 8601). Left unset when omitted. */
  now?: string;
  /** Text for standard input (e.g. `packet file <id> -`); stdin is closed either way. */
  input?: string;
  /** Extra environment; a value of `undefined` removes the variable. */
  env?: Record<string, string | undefined>;
  /** Kill the command after this long (default 60 s) so a hang fails the test, not the run. */
  timeoutMs?: number;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The runner's own settings must not leak into a test: each test says what it means. */
const SCRUBBED = [
  'BATON_NOW',
  'BATON_ROLE',
  'BATON_CONFIG',
  'BATON_DATABASE_URL',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'BATON_SLACK_API_URL',
  'MONDAY_API_TOKEN',
  'BATON_MONDAY_API_URL',
];

function environment(opts: RunOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of SCRUBBED) delete env[name];
  if (opts.now !== undefined) env.BATON_NOW = opts.now;
  for (const [name, value] of Object.entries(opts.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

export function run(args: readonly string[], opts: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [batonBin(), ...args], {
      cwd: opts.cwd,
      env: environment(opts),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    // A command that never reads stdin may exit before we finish writing; that is fine.
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');

    const timeoutMs = opts.timeoutMs ?? 60_000;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`baton ${args.join(' ')} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);

    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}
