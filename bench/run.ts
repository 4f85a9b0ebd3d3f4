import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type Section } from './lib/args.js';
import { createContext, type BenchContext } from './lib/context.js';
import { dropStaleSchemas, ensureDatabase, pgVersion } from './lib/pg.js';
import { PEER_VERSIONS } from './lib/peers.js';
import { printReport, writeResults } from './lib/report.js';
import { boardSection } from './sections/board.js';
import { calendarSection } from './sections/calendar.js';
import { cliSection } from './sections/cli.js';
import { dashboardSection } from './sections/dashboard.js';
import { drainSection } from './sections/drain.js';
import { idleSection } from './sections/idle.js';
import { importSection } from './sections/import.js';
import { latenessSection } from './sections/lateness.js';
import { memorySection } from './sections/memory.js';
import { slackSection } from './sections/slack.js';

/**
 * `npm run bench [-- --quick] [--only ...]`: every figure of the issue "The benchmark",
 * printed as a table with the command behind each, and written to bench/results/.
 */

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function sh(command: string): string {
  try {
    return execSync(command, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '?';
  }
}

function versionOf(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(resolve(repo, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

const SECTIONS: Record<Section, (ctx: BenchContext) => Promise<void>> = {
  drain: drainSection,
  lateness: latenessSection,
  idle: idleSection,
  // The memory section reuses the largest idle store: it runs right after idle.
  memory: memorySection,
  cli: cliSection,
  board: boardSection,
  slack: slackSection,
  import: importSection,
  dashboard: dashboardSection,
  calendar: calendarSection,
};

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const ctx = createContext(args, repo);
  const startedAt = new Date();
  const meta: Record<string, unknown> = {
    startedAt: startedAt.toISOString(),
    mode: args.quick ? 'quick' : 'full',
    command: `npm run bench${args.argv.length > 0 ? ` -- ${args.argv.join(' ')}` : ''}`,
    node: process.version,
    cpus: `${cpus().length} x ${cpus()[0]?.model ?? '?'}`,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    gitCommit: sh('git rev-parse --short HEAD'),
    gitDirty: sh('git status --porcelain') !== '',
    peers: PEER_VERSIONS,
    loadavgBefore: loadavg(),
    betterSqlite3: versionOf('better-sqlite3'),
    pg: versionOf('pg'),
    uptimeBefore: sh('uptime'),
    pgUrl: args.pgUrl,
  };
  const failed: string[] = [];
  try {
    await ensureDatabase(args.pgUrl);
    meta.postgres = await pgVersion(args.pgUrl);
    const stale = await dropStaleSchemas(args.pgUrl);
    if (stale > 0) ctx.log(`dropped ${stale} schema(s) left by an earlier run`);
    for (const section of ['drain', 'lateness', 'idle', 'memory', 'cli', 'board', 'slack', 'import', 'dashboard', 'calendar'] as const) {
      if (!args.only.has(section)) continue;
      ctx.log(`== ${section}`);
      try {
        await SECTIONS[section](ctx);
      } catch (error) {
        // One section failing (a peer that cannot keep up, a store that went away) must not
        // lose the others' figures: it is reported as failed and the run exits non-zero.
        const message = error instanceof Error ? error.message : String(error);
        ctx.log(`${section} FAILED: ${error instanceof Error ? (error.stack ?? message) : message}`);
        ctx.record({ section, name: `${section} FAILED`, value: Number.NaN, unit: '', detail: message.split('\n')[0] });
        failed.push(section);
      }
    }
  } finally {
    for (const cleanup of ctx.cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        ctx.log(`cleanup: ${(error as Error).message}`);
      }
    }
  }
  meta.uptimeAfter = sh('uptime');
  meta.loadavgAfter = loadavg();
  const peers = ctx.shared.get('peers') as { versions: Record<string, string> } | undefined;
  if (peers) meta.peers = peers.versions;
  meta.failedSections = failed;
  if (failed.length > 0) process.exitCode = 1;
  meta.durationS = Math.round((Date.now() - startedAt.getTime()) / 100) / 10;
  printReport(ctx, meta);
  if (!args.noWrite) {
    const files = writeResults(ctx, meta);
    console.log(`\nwrote ${files.map((f) => f.replace(`${repo}/`, '')).join(' and ')}`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
