import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchArgs, Section } from './args.js';

/** One figure of the report, with the command that produced it and the load beside it. */
export interface BenchResult {
  section: Section;
  name: string;
  value: number;
  unit: string;
  detail?: string;
  /** Anything else worth keeping in the JSON (samples, row counts, settings). */
  data?: Record<string, unknown>;
  command: string;
  /** 1-minute load average when the measurement started. */
  load1: number;
}

export interface Goal {
  section?: Section;
  goal: string;
  target: string;
  measured: string;
  met: boolean | null;
  note?: string;
  command: string;
}

export interface BenchContext {
  args: BenchArgs;
  quick: boolean;
  /** The repository root (where package.json and bin/ are). */
  repo: string;
  /** A temporary folder for this run's stores and workspaces. */
  tmp: string;
  runId: string;
  results: BenchResult[];
  goals: Goal[];
  /** Stores kept between sections (the idle-tick stores serve the memory section). */
  shared: Map<string, unknown>;
  cleanups: Array<() => Promise<void>>;
  log(line: string): void;
  command(section: Section, extra?: string): string;
  record(result: Omit<BenchResult, 'command' | 'load1'> & { load1?: number; command?: string }): BenchResult;
  goal(goal: Omit<Goal, 'command'> & { command?: string; section: Section }): void;
  /** A schema name unique to this run: `bench_<run>_<label>_<n>`. */
  schemaName(label: string): string;
}

export function load1(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}

export function createContext(args: BenchArgs, repo: string): BenchContext {
  const tmp = mkdtempSync(join(tmpdir(), 'baton-bench-'));
  const runId = Date.now().toString(36).slice(-6);
  let schemas = 0;
  const started = Date.now();
  const ctx: BenchContext = {
    args,
    quick: args.quick,
    repo,
    tmp,
    runId,
    results: [],
    goals: [],
    shared: new Map(),
    cleanups: [],
    log(line) {
      const t = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
      process.stderr.write(`[bench ${t}s load ${load1().toFixed(2)}] ${line}\n`);
    },
    command(section, extra) {
      return `npm run bench -- ${args.quick ? '--quick ' : ''}--only ${section}${extra ? ` ${extra}` : ''}`;
    },
    record(r) {
      const result: BenchResult = { ...r, command: r.command ?? ctx.command(r.section), load1: r.load1 ?? load1() };
      ctx.results.push(result);
      return result;
    },
    goal(g) {
      ctx.goals.push({ ...g, command: g.command ?? ctx.command(g.section) });
    },
    schemaName(label) {
      return `bench_${runId}_${label}_${++schemas}`.replace(/[^a-z0-9_]/g, '_');
    },
  };
  ctx.cleanups.push(async () => {
    if (!args.keep) rmSync(tmp, { recursive: true, force: true });
  });
  return ctx;
}
