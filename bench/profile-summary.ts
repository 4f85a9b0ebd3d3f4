import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Summarises V8 CPU profiles (`node --cpu-prof`): the functions and the modules with the
 * most self time. Usage: node dist-bench/bench/profile-summary.js <file.cpuprofile | dir> [top]
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function moduleOf(url: string): string {
  if (!url) return '(native / V8)';
  if (url.startsWith('node:'))
    return `node:${url
      .slice(5)
      .split('/')
      .slice(0, url.startsWith('node:internal/') ? 3 : 1)
      .join('/')}`;
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1] as string;
  const own = /\/(?:dist-bench|dist)\/((?:src|bench)\/.*?)\.js$/.exec(url) ?? /\/dist\/(.*?)\.js$/.exec(url);
  if (own) return `baton ${own[1]}`;
  return url.replace(/^file:\/\//, '');
}

export function summarise(profile: Profile, top = 15): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // Leave out the profiler's own stop (the inspector session's post) from the figures.
  const excluded = new Set<number>();
  const exclude = (n: ProfileNode) => {
    excluded.add(n.id);
    for (const c of n.children ?? []) {
      const child = byId.get(c);
      if (child) exclude(child);
    }
  };
  for (const n of profile.nodes) if (n.callFrame.url === 'node:inspector') exclude(n);
  const self = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    if (excluded.has(id)) return;
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(id, (self.get(id) ?? 0) + dt);
    total += dt;
  });
  const fns = new Map<string, number>();
  const mods = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const mod = moduleOf(url);
    const name = functionName || '(anonymous)';
    const key = url ? `${name}  [${mod}:${lineNumber + 1}]` : name;
    fns.set(key, (fns.get(key) ?? 0) + us);
    mods.set(mod === '(native / V8)' ? name : mod, (mods.get(mod === '(native / V8)' ? name : mod) ?? 0) + us);
  }
  const fmt = (entries: Map<string, number>) =>
    [...entries.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `  ${(us / 1000).toFixed(0).padStart(7)} ms  ${((us / total) * 100).toFixed(1).padStart(5)} %  ${k}`)
      .join('\n');
  return `sampled ${(total / 1000).toFixed(0)} ms\ntop self time by function:\n${fmt(fns)}\ntop self time by module:\n${fmt(mods)}`;
}

function main(): void {
  const target = process.argv[2];
  const top = Number(process.argv[3] ?? 15);
  if (!target) {
    console.error('usage: node dist-bench/bench/profile-summary.js <file.cpuprofile | dir> [top]');
    process.exitCode = 2;
    return;
  }
  const files = statSync(target).isDirectory()
    ? readdirSync(target)
        .filter((f) => f.endsWith('.cpuprofile'))
        .map((f) => join(target, f))
    : [target];
  for (const f of files) {
    console.log(`== ${f}`);
    console.log(summarise(JSON.parse(readFileSync(f, 'utf8')) as Profile, top));
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) main();
