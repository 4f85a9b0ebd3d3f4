import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// DESIGN.md "The shape", kept by reading the imports: every change goes through the
// use-case layer, adapters only talk to the outside, the domain is pure.

const SRC = path.resolve(import.meta.dirname, '../../src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : /\.tsx?$/.test(name) ? [full] : [];
  });
}

interface Import {
  from: string;
  target: string;
  names: string[];
  typeOnly: boolean;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const out: Import[] = [];
  for (const m of text.matchAll(/^import\s+(type\s+)?([^;]*?)\s+from\s+'([^']+)';/gms)) {
    const spec = m[3]!;
    if (!spec.startsWith('.')) continue;
    const names = [...(m[2] ?? '').matchAll(/\b([A-Za-z_$][\w$]*)\b/g)].map((n) => n[1]!).filter((n) => n !== 'type' && n !== 'as');
    out.push({ from: file, target: path.resolve(path.dirname(file), spec), names, typeOnly: Boolean(m[1]) });
  }
  for (const m of text.matchAll(/import\(\s*'(\.[^']+)'\s*\)/g)) out.push({ from: file, target: path.resolve(path.dirname(file), m[1]!), names: [], typeOnly: false });
  return out;
}

const within = (target: string, folder: string) => target.startsWith(path.join(SRC, folder) + path.sep);
const rel = (file: string) => path.relative(SRC, file);
const DOORS = ['cli', 'http', 'mcp', 'dashboard', 'import', 'demo', 'server'];
const WRITES = /^(record|insert|save|append|requeue|mark|upsert|release|claim|advance|notify)[A-Z]/;

describe('the import graph keeps the shape of DESIGN.md', () => {
  const all = filesUnder(SRC).flatMap(importsOf);

  it("front doors never import the store's write functions: they call the use-case layer", () => {
    const leaks = all
      .filter((i) => DOORS.some((d) => within(i.from, d)) && within(i.target, 'store') && !i.typeOnly)
      .flatMap((i) => i.names.filter((n) => WRITES.test(n)).map((n) => `${rel(i.from)} imports ${n}`));
    expect(leaks).toEqual([]);
  });

  it('adapters import no store (type shapes aside): sinks return what they created', () => {
    const leaks = all.filter((i) => within(i.from, 'adapters') && within(i.target, 'store') && !i.typeOnly).map((i) => `${rel(i.from)} → ${rel(i.target)}`);
    expect(leaks).toEqual([]);
  });

  it('the domain imports nothing of ours but itself', () => {
    const leaks = all.filter((i) => within(i.from, 'domain') && !within(i.target, 'domain')).map((i) => `${rel(i.from)} → ${rel(i.target)}`);
    expect(leaks).toEqual([]);
  });

  it("the use-case layer is the only caller of the engine's command execution outside the engine", () => {
    const callers = all.filter((i) => !within(i.from, 'engine') && !within(i.from, 'app') && i.names.some((n) => n === 'execute' || n === 'executeIn')).map((i) => rel(i.from));
    // The webhook applies several commands of one event in one transaction: the one exception, named here.
    expect(callers.filter((f) => f !== 'http/monday.ts')).toEqual([]);
  });
});
