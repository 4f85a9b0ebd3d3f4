import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext, BenchResult, Goal } from './context.js';
import { fmt } from './stats.js';

/** The printed table and the JSON written to bench/results/. */

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r, n) => {
      const line = r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd();
      return n === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}

export function printReport(ctx: BenchContext, meta: Record<string, unknown>): string {
  const commands: string[] = [];
  const ref = (command: string) => {
    let i = commands.indexOf(command);
    if (i < 0) i = commands.push(command) - 1;
    return `[${i + 1}]`;
  };
  const out: string[] = [];
  out.push(`Baton benchmarks (${ctx.quick ? 'quick' : 'full'}): ${meta.startedAt}, ${meta.durationS} s; node ${meta.node}, ${meta.cpus}; PostgreSQL ${meta.postgres}`);
  out.push(`uptime before: ${meta.uptimeBefore}`);
  out.push(`uptime after:  ${meta.uptimeAfter}`);
  out.push('');
  out.push(
    table([
      ['section', 'measure', 'value', 'unit', 'load1', 'cmd', 'detail'],
      ...ctx.results.map((r) => [r.section, r.name, fmt(r.value), r.unit, r.load1.toFixed(2), ref(r.command), r.detail ?? '']),
    ]),
  );
  out.push('');
  out.push(
    table([
      ['goal', 'target', 'measured', 'met', 'cmd'],
      ...ctx.goals.map((g) => [g.goal, g.target, g.measured, g.met === null ? 'n/a' : g.met ? 'MET' : 'MISSED', ref(g.command)]),
    ]),
  );
  const notes = ctx.goals.filter((g) => g.note);
  if (notes.length > 0) {
    out.push('');
    for (const g of notes) out.push(`note (${g.goal}): ${g.note}`);
  }
  out.push('');
  out.push(`commands (the whole run: ${meta.command}):`);
  commands.forEach((c, i) => out.push(`  [${i + 1}] ${c}`));
  const text = out.join('\n');
  console.log(text);
  return text;
}

type Doc = { meta: Record<string, unknown>; results: (BenchResult & { from?: Carried })[]; goals: (Goal & { from?: Carried })[] };

/** Where a figure carried over from an earlier run came from. */
interface Carried {
  startedAt: string;
  mode: string;
  command: string;
  gitCommit: string;
}

/** The section a goal belongs to: its own field, else the `--only` of its command. */
function sectionOf(item: { section?: string; command: string }): string | undefined {
  return item.section ?? /--only (\w+)/.exec(item.command)?.[1];
}

/**
 * The run's JSON, written under its time stamp, and as latest.json: there, the figures of
 * the sections this run did not run are kept from the latest.json before it, each with the
 * run it came from (`from`), so that latest.json always holds every section's figures.
 */
export function writeResults(ctx: BenchContext, meta: Record<string, unknown>): string[] {
  const dir = join(ctx.repo, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = String(meta.startedAt).replace(/[:.]/g, '-');
  const doc: Doc = { meta, results: ctx.results, goals: ctx.goals };
  const file = join(dir, `${stamp}${ctx.quick ? '-quick' : ''}.json`);
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  const latest = join(dir, 'latest.json');
  const merged: Doc = { meta, results: [...doc.results], goals: [...doc.goals] };
  if (existsSync(latest)) {
    const before = JSON.parse(readFileSync(latest, 'utf8')) as Doc;
    const ran = new Set<string>(ctx.args.only);
    const origin = (item: { from?: Carried }): Carried =>
      item.from ?? { startedAt: String(before.meta.startedAt), mode: String(before.meta.mode), command: String(before.meta.command), gitCommit: String(before.meta.gitCommit) };
    for (const r of before.results) if (!ran.has(r.section)) merged.results.push({ ...r, from: origin(r) });
    for (const g of before.goals) {
      const section = sectionOf(g);
      if (section && !ran.has(section)) merged.goals.push({ ...g, from: origin(g) });
    }
  }
  writeFileSync(latest, `${JSON.stringify(merged, null, 2)}\n`);
  return [file, latest];
}
