import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext } from '../lib/context.js';
import { load1 } from '../lib/context.js';
import { profileDir } from '../lib/profile.js';
import { cleanEnv } from '../lib/spawn.js';
import { summarise } from '../profile-summary.js';
import { fmt, median } from '../lib/stats.js';

/**
 * Goal 6: `baton status` (the built bin/baton, on a folder made by `baton init`) against
 * `node -e 0`, run alternately, N times each; medians of the wall time, and the ratio.
 */

const LIMIT = 2;

function timed(command: string, args: string[], cwd: string): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(command, args, { cwd, env: cleanEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr?.toString()}`);
  return ms;
}

function modulesLoaded(ctx: BenchContext, bin: string, cwd: string): { total: number; top: [string, number][] } {
  const hook = join(ctx.repo, 'dist-bench', 'bench', 'lib', 'count-modules.js');
  const r = spawnSync(process.execPath, ['--import', hook, bin, 'status'], { cwd, env: cleanEnv(), encoding: 'utf8' });
  const urls = (r.stderr ?? '')
    .split('\n')
    .filter((l) => l.startsWith('bench-loaded '))
    .map((l) => l.slice('bench-loaded '.length));
  const counts = new Map<string, number>();
  for (const url of urls) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    const key = m ? (m[1] as string) : /\/dist\//.test(url) ? 'baton (dist/)' : url.replace(/^file:\/\/.*\//, '');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return { total: urls.length, top: [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8) };
}

export async function cliSection(ctx: BenchContext): Promise<void> {
  const runs = ctx.quick ? 8 : 30;
  const dir = join(ctx.tmp, 'cli');
  mkdirSync(dir, { recursive: true });
  const bin = join(ctx.repo, 'bin', 'baton');
  timed(bin, ['init'], dir);
  for (let i = 0; i < 2; i++) timed(bin, ['status'], dir); // the first creates the store; warm the page cache
  const startLoad = load1();
  const node: number[] = [];
  const baton: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first in each pair.
    if (i % 2 === 0) {
      node.push(timed(process.execPath, ['-e', '0'], dir));
      baton.push(timed(bin, ['status'], dir));
    } else {
      baton.push(timed(bin, ['status'], dir));
      node.push(timed(process.execPath, ['-e', '0'], dir));
    }
  }
  const n = median(node);
  const b = median(baton);
  ctx.record({ section: 'cli', name: '`node -e 0` (median)', value: n, unit: 'ms', detail: `${runs} runs, alternating`, data: { samples: node }, load1: startLoad });
  ctx.record({
    section: 'cli',
    name: '`baton status` on an initialised folder (median)',
    value: b,
    unit: 'ms',
    detail: `${runs} runs, alternating; bin/baton`,
    data: { samples: baton },
    load1: startLoad,
  });
  ctx.record({ section: 'cli', name: 'ratio baton status / node -e 0', value: b / n, unit: 'x', load1: startLoad });
  if (ctx.args.profile) {
    // `node --cpu-prof bin/baton status` (the bin is a plain script behind its shebang).
    const profiles = mkdtempSync(join(profileDir(ctx), 'cli-'));
    timed(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profiles}`, '--cpu-prof-interval=100', bin, 'status'], dir);
    for (const f of readdirSync(profiles)) {
      ctx.log(`profile cli (baton status): ${join(profiles, f)}\n${summarise(JSON.parse(readFileSync(join(profiles, f), 'utf8')) as never, 15)}`);
    }
  }
  // What `baton status` loads (one untimed run under a loader hook that names each module).
  const loaded = modulesLoaded(ctx, bin, dir);
  ctx.record({
    section: 'cli',
    name: 'modules `baton status` loads',
    value: loaded.total,
    unit: 'modules',
    detail: loaded.top.map(([pkg, n]) => `${pkg} ${n}`).join(', '),
    data: { byPackage: Object.fromEntries(loaded.top) },
    load1: startLoad,
  });
  ctx.goal({ section: 'cli', goal: `CLI start <= ${LIMIT}x bare node`, target: `<= ${LIMIT}x`, measured: `${fmt(b / n)}x (${fmt(b)} ms vs ${fmt(n)} ms)`, met: b / n <= LIMIT });
}
