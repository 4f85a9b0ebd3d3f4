import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { summarise } from '../profile-summary.js';
import type { BenchContext } from './context.js';

/**
 * With `--profile`, the timed part of a measurement runs under V8's CPU profiler (the one
 * `node --cpu-prof` starts), and the profile is written to bench/results/profiles/ and
 * summarised (top self time by function and by module). A profiled run is slower: its
 * figures explain, they do not count.
 */
export async function profiled<T>(ctx: BenchContext, name: string, fn: () => Promise<T>): Promise<T> {
  if (!ctx.args.profile) return fn();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    const file = writeProfile(ctx, name, profile);
    ctx.log(`profile ${name}: ${file}\n${summarise(profile as never, 12)}`);
  }
}

export function profileDir(ctx: BenchContext): string {
  const dir = join(ctx.repo, 'bench', 'results', 'profiles');
  mkdirSync(dir, { recursive: true });
  return dir;
}

function writeProfile(ctx: BenchContext, name: string, profile: unknown): string {
  const file = join(profileDir(ctx), `${new Date().toISOString().replace(/[:.]/g, '-')}-${name}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  return file;
}
