import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/run.js';
import { dropSchema, freshSchemaName, pgTestUrl } from './pg.js';
import type { RunResult } from './cli.js';

/**
 * The CLI run in this process (`runCli`, as bin/baton runs it, minus the process): for
 * properties that need hundreds of runs, and for arguments a process cannot receive (an
 * argv cannot hold NUL). One workspace, on SQLite or on a fresh PostgreSQL schema.
 */

/** A PostgreSQL URL whose `options` select (and make Baton create) `schema`. */
export function pgUrlWithSchema(schema: string, url = pgTestUrl): string {
  return `${url}${url.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
}

export class InProcessCli {
  private constructor(
    readonly cwd: string,
    readonly env: Record<string, string | undefined>,
    private readonly schema: string | undefined,
  ) {}

  /** `baton init` in a fresh folder; with `postgres`, the store is a fresh schema of the test PostgreSQL. */
  static async open(store: 'sqlite' | 'postgres', now: string): Promise<InProcessCli> {
    const cwd = mkdtempSync(path.join(tmpdir(), `baton-inproc-${store}-`));
    const schema = store === 'postgres' ? freshSchemaName() : undefined;
    const env: Record<string, string | undefined> = { PATH: process.env.PATH, BATON_NOW: now, ...(schema ? { BATON_DATABASE_URL: pgUrlWithSchema(schema) } : {}) };
    const cli = new InProcessCli(cwd, env, schema);
    const init = await cli.run(['init']);
    if (init.code !== 0) throw new Error(`baton init failed: ${init.stderr}`);
    return cli;
  }

  async run(args: readonly string[], opts: { input?: string; env?: Record<string, string | undefined> } = {}): Promise<RunResult> {
    let stdout = '';
    let stderr = '';
    const code = await runCli([...args], {
      cwd: this.cwd,
      env: { ...this.env, ...opts.env },
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      readStdin: async () => opts.input ?? '',
      wallClock: () => Date.now(),
    });
    return { code, stdout, stderr };
  }

  async close(): Promise<void> {
    rmSync(this.cwd, { recursive: true, force: true });
    if (this.schema) await dropSchema(this.schema);
  }
}

/** The fields a refusal on stderr names (`  - --company: ...` → `--company`), in order. */
export function refusedFields(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('  - '))
    .map((l) => /^ {2}- ([^:]*):/.exec(l)?.[1] ?? '?');
}
