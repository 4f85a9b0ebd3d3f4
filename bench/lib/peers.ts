import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BenchContext } from './context.js';
import type { RawSample } from './raw-floor.js';

/**
 * The peers Baton is measured against, at their current versions: pg-boss 12 and
 * graphile-worker 0.18, which need Node 22. Baton never requires them: the bench installs
 * them, with a Node 22 binary (the `node` package of the registry), into a cache folder of
 * its own (bench/.cache/peers/, git-ignored) with `npm install --prefix`, and runs each
 * peer's runner (bench/peers/*.mjs) under that Node as a child process, on the same
 * PostgreSQL, in a schema of its own.
 */

/** Exact versions, so that a figure names what produced it; bump them here. */
export const PEER_VERSIONS = { node: '22.23.3', 'pg-boss': '12.38.0', 'graphile-worker': '0.18.0' } as const;

export type Peer = 'pgboss' | 'graphile';

/**
 * The settings each runner is given: each peer's fastest documented configuration.
 * pg-boss 12: `work()` with `burstWhenBatchFull` (set in the runner) and the least poll
 * interval; `batchSize` 500 with `localConcurrency` 2 was the fastest of batch sizes 100,
 * 200, 500, 1000 and 1, 2, 4 workers on the development machine (`--peer-settings` tries
 * others). graphile-worker 0.18: its performance page's fastest configuration
 * (concurrency 24, pool 25, local queue 500, completions batched with no delay); it polls
 * for future jobs every `pollInterval`, set to pg-boss's least, 0.5 s (its default is 2 s).
 */
export const PEER_SETTINGS: Record<Peer, Record<string, number>> = {
  pgboss: { batchSize: 500, localConcurrency: 2 },
  graphile: { concurrency: 24, maxPoolSize: 25, localQueueSize: 500, pollInterval: 500 },
};

export const PEER_NAMES: Record<Peer, string> = {
  pgboss: `pg-boss ${PEER_VERSIONS['pg-boss']}`,
  graphile: `graphile-worker ${PEER_VERSIONS['graphile-worker']}`,
};

export interface PeerInstall {
  dir: string;
  node: string;
  versions: Record<string, string>;
}

const run = promisify(execFile);

function installedVersion(dir: string, name: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}

/** Installs the peers into the cache unless they are there at the pinned versions. */
export async function ensurePeers(ctx: BenchContext): Promise<PeerInstall> {
  const known = ctx.shared.get('peers') as PeerInstall | undefined;
  if (known) return known;
  const dir = join(ctx.repo, 'bench', '.cache', 'peers');
  const node = join(dir, 'node_modules', '.bin', 'node');
  const current = () => Object.entries(PEER_VERSIONS).every(([name, v]) => installedVersion(dir, name) === v) && existsSync(node);
  if (!current()) {
    mkdirSync(dir, { recursive: true });
    // The `node` package fetches its binary in a preinstall script: npm 11 runs it only
    // when the project's allowScripts names it.
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'baton-bench-peers', private: true, allowScripts: { node: true } }, null, 2)}\n`);
    const specs = Object.entries(PEER_VERSIONS).map(([name, v]) => `${name}@${v}`);
    ctx.log(`installing the peers into bench/.cache/peers: npm install --prefix bench/.cache/peers ${specs.join(' ')}`);
    await run('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--loglevel=error', ...specs], { cwd: dir, timeout: 300_000 });
    if (!current()) throw new Error(`the peers did not install at ${JSON.stringify(PEER_VERSIONS)} in ${dir}`);
  }
  const { stdout } = await run(node, ['--version']);
  const install: PeerInstall = {
    dir,
    node,
    versions: { node: stdout.trim(), 'pg-boss': installedVersion(dir, 'pg-boss') ?? '?', 'graphile-worker': installedVersion(dir, 'graphile-worker') ?? '?' },
  };
  ctx.shared.set('peers', install);
  return install;
}

/** What a runner is asked to do (the JSON argument of bench/peers/*.mjs). */
export interface PeerJob {
  mode: 'drain' | 'lateness';
  url: string;
  schema: string;
  n: number;
  /** lateness: jobs due evenly over this window, the first `leadMs` after insertion starts. */
  windowMs: number;
  leadMs: number;
  /** How long past the last due time the runner waits for its jobs. */
  timeoutMs: number;
  sample: RawSample;
  settings: Record<string, number>;
}

export interface PeerResult {
  peer: string;
  version: string;
  settings: Record<string, unknown>;
  n: number;
  handled: number;
  timedOut: boolean;
  /** From starting the worker to every job recorded completed by the peer. */
  ms: number;
  /** lateness: how long before the first due time the jobs were all inserted. */
  marginMs: number;
  tenths: { first: number; last: number };
  /** lateness: per job, handler start − due and outbox insert done − due (NaN: not handled). */
  lateness?: { start: (number | null)[]; done: (number | null)[] };
  /** Baton-side: the child's command line, for the record. */
  command: string;
}

/** Runs one peer job in a child process under Node 22; resolves with its RESULT line. */
export async function runPeer(ctx: BenchContext, peer: Peer, job: Omit<PeerJob, 'settings'> & { settings?: Record<string, number> }): Promise<PeerResult> {
  const install = await ensurePeers(ctx);
  const script = join(ctx.repo, 'bench', 'peers', `${peer}.mjs`);
  const full = { ...job, settings: job.settings ?? PEER_SETTINGS[peer], cacheDir: install.dir };
  const child = spawn(install.node, [script, JSON.stringify(full)], { cwd: install.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    for (const line of d.split('\n')) if (line.trim()) ctx.log(`${peer}: ${line.trim()}`);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (code !== 0 || !line) throw new Error(`${peer} runner exited with ${code}: ${stderr.trim().split('\n').slice(-5).join(' | ')}`);
  const parsed = JSON.parse(line.slice('RESULT '.length)) as Omit<PeerResult, 'command'>;
  return { ...parsed, command: `${install.node} bench/peers/${peer}.mjs '<job json>'` };
}
