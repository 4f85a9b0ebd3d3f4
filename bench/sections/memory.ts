import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { BenchContext } from '../lib/context.js';
import { load1 } from '../lib/context.js';
import { cleanEnv } from '../lib/spawn.js';
import { BASE_T0, HOUR } from '../lib/seed.js';
import { fmt } from '../lib/stats.js';
import { seedStore, type BigStore } from './idle.js';

/**
 * Goal 7: peak RSS (VmHWM) of the built `bin/baton serve` holding 1M handoffs (quick:
 * 100k), on each store: the process starts on the seeded workspace with BATON_NOW at
 * T0 + 1 h (nothing due), serves and ticks for a while, and its /proc status is read.
 */

const LIMIT_MB = 300;

function statusOf(pid: number): { hwmKb: number; rssKb: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN);
  return { hwmKb: kb('VmHWM'), rssKb: kb('VmRSS') };
}

async function serveAndMeasure(ctx: BenchContext, dir: string, seconds: number): Promise<{ hwmMb: number; rssMb: number; ticks: number }> {
  const bin = join(ctx.repo, 'bin', 'baton');
  const child = spawn(bin, ['serve', '--port', '0', '--host', '127.0.0.1'], {
    cwd: dir,
    env: cleanEnv({ BATON_NOW: new Date(BASE_T0 + HOUR).toISOString() }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 60_000;
    while (!/listening on/.test(stderr)) {
      if (child.exitCode !== null) throw new Error(`baton serve exited ${child.exitCode}: ${stderr}`);
      if (Date.now() > deadline) throw new Error(`baton serve did not start: ${stderr}`);
      await delay(50);
    }
    let hwm = 0;
    let rss = 0;
    const until = Date.now() + seconds * 1000;
    while (Date.now() < until) {
      const s = statusOf(child.pid as number);
      hwm = Math.max(hwm, s.hwmKb);
      rss = s.rssKb;
      await delay(200);
    }
    const final = statusOf(child.pid as number);
    // The serve loop polls every second: `seconds` of it is that many idle ticks or more.
    return { hwmMb: Math.max(hwm, final.hwmKb) / 1024, rssMb: rss / 1024, ticks: seconds };
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
    const code = await Promise.race([exited, delay(15_000).then(() => 'timeout' as const)]);
    if (code === 'timeout') {
      child.kill('SIGKILL');
      ctx.log('memory: baton serve did not stop within 15 s of SIGTERM');
    }
  }
}

export async function memorySection(ctx: BenchContext): Promise<void> {
  const size = ctx.quick ? 100_000 : 1_000_000;
  const seconds = ctx.quick ? 2.5 : 10;
  const parts: string[] = [];
  let met: boolean | null = null;
  for (const kind of ['sqlite', 'postgres'] as const) {
    let big = ctx.shared.get(`big-${kind}`) as BigStore | undefined;
    if (!big || big.size !== size) {
      ctx.log(`memory ${kind}: seeding ${size.toLocaleString('en-US')} handoffs ...`);
      big = { store: await seedStore(ctx, kind, size), size };
      const made = big;
      ctx.cleanups.push(() => made.store.destroy());
    }
    await big.store.close();
    const startLoad = load1();
    ctx.log(`memory ${kind}: baton serve on ${size.toLocaleString('en-US')} handoffs for ${seconds} s ...`);
    const m = await serveAndMeasure(ctx, big.store.dir, seconds);
    await big.store.destroy();
    ctx.shared.delete(`big-${kind}`);
    const name = kind === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    ctx.record({
      section: 'memory',
      name: `baton serve peak RSS (VmHWM), ${name}, ${size.toLocaleString('en-US')} handoffs`,
      value: m.hwmMb,
      unit: 'MB',
      detail: `VmRSS at the end ${fmt(m.rssMb)} MB; ${seconds} s of serving and idle ticks`,
      load1: startLoad,
    });
    parts.push(`${name} ${fmt(m.hwmMb)} MB`);
    met = (met ?? true) && m.hwmMb < LIMIT_MB;
  }
  ctx.goal({
    section: 'memory',
    goal: `peak RSS of baton serve < ${LIMIT_MB} MB at ${ctx.quick ? '100k (quick; the goal is at 1M)' : '1M'} handoffs`,
    target: `< ${LIMIT_MB} MB`,
    measured: parts.join(', '),
    met,
  });
}
