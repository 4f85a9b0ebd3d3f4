import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type RunResult } from '../support/cli.js';
import { anyText, tally, wellFormed } from '../support/fuzz.js';
import { InProcessCli, refusedFields } from '../support/in-process.js';
import { pgUnreachable } from '../support/pg.js';

/**
 * fast-check over every text input of every command, at the command line: whatever the
 * text (controls, NUL, unpaired surrogates, 12,000 characters), the answer is exit 0 or 2,
 * never 1; a refusal is at most 50 problems, one line each; and SQLite and PostgreSQL give
 * the same exit code and name the same fields. Each input runs against both stores, which
 * start from the same state and see the same commands.
 *
 * Two runs: the built CLI in processes (few inputs, processes are slow; an argv cannot hold
 * NUL, which becomes U+0001) and `runCli` in this process (many inputs, NUL included).
 */

const NOW = '2026-05-25T12:00:00.000Z';
const pgDown = await pgUnreachable();
const pgSkip = pgDown !== undefined && !process.env.CI;
const CLI_RUNS = Number(process.env.BATON_FUZZ_CLI_RUNS ?? 30);
const IN_PROCESS_RUNS = Number(process.env.BATON_FUZZ_RUNS ?? 200);

interface Invocation {
  args: string[];
  input?: string;
}

/** Every command that takes text, with `t` in each text position. */
const COMMANDS: ((t: string) => Invocation)[] = [
  (t) => ({ args: ['deal', 'add', `--company=${t}`, '--', 'acme'] }),
  (t) => ({ args: ['deal', 'add', '--company=Acme Analytics', '--', t] }),
  (t) => ({ args: ['deal', 'add', 'beta', `--company=${t}`] }),
  (t) => ({ args: ['deal', 'add', 'acme', '--company=Acme Analytics', `--contact-name=${t}`] }),
  (t) => ({ args: ['deal', 'add', 'acme', '--company=Acme Analytics', `--contact-title=${t}`] }),
  (t) => ({ args: ['deal', 'add', 'acme', '--company=Acme Analytics', `--contact-email=${t}`] }),
  (t) => ({ args: ['deal', 'add', 'acme', '--company=Acme Analytics', `--contact-phone=${t}`] }),
  (t) => ({ args: ['deal', 'add', 'acme', '--company=Acme Analytics', `--origin=${t}`] }),
  (t) => ({ args: ['deal', 'add', 'acme', '--company=Acme Analytics', `--briefing=${t}`] }),
  (t) => ({ args: ['deal', 'note', '--', 'acme', t] }),
  (t) => ({ args: ['deal', 'stage', '--', 'acme', t] }),
  (t) => ({ args: ['deal', 'commit', 'acme', `--type=${t}`] }),
  (t) => ({ args: ['deal', 'commit', 'acme', '--type=verbal', `--sow-expected=${t}`] }),
  (t) => ({ args: ['packet', 'file', 'acme', '-'], input: t }),
  (t) => ({ args: ['packet', 'file', '--', 'acme', t] }),
  (t) => ({ args: ['packet', 'draft', '--', t] }),
  (t) => ({ args: ['status', '--', t] }),
  (t) => ({ args: ['timeline', '--', t] }),
  (t) => ({ args: ['--as', 'customer.success', 'ack', '--', t] }),
  (t) => ({ args: ['sow', 'signed', '--', t] }),
  (t) => ({ args: ['summary', `--date=${t}`] }),
  (t) => ({ args: [`--now=${t}`, 'status'] }),
  (t) => ({ args: [`--as=${t}`, 'deal', 'note', 'acme', 'a note'] }),
  (t) => ({ args: ['agent', 'heartbeat', '--', t] }),
  (t) => ({ args: ['messages', 'retry', '--', t] }),
];

const invocation = fc.tuple(fc.nat({ max: COMMANDS.length - 1 }), anyText).map(([i, t]) => (COMMANDS[i] as (t: string) => Invocation)(t));

/** The commands both stores run first: a deal Closed-won on a verbal commitment. */
const SETUP: string[][] = [
  ['deal', 'add', 'acme', '--company', 'Acme Analytics', '--contact-name', 'Ada Lee', '--contact-title', 'CTO', '--contact-email', 'ada@acme.example'],
  ['deal', 'commit', 'acme', '--type', 'verbal', '--sow-expected', '2026-05-29'],
  ['deal', 'stage', 'acme', 'closed-won'],
];

function expectBounded(inv: Invocation, res: RunResult, store: string): void {
  const what = `${store}: baton ${JSON.stringify(inv.args).slice(0, 300)} → exit ${res.code}\n${res.stderr.slice(0, 3000)}`;
  expect([0, 2], what).toContain(res.code);
  expect(res.stderr, what).not.toMatch(/^\s+at /m);
  if (res.code === 2) {
    const lines = res.stderr.trimEnd().split('\n');
    const problems = lines.filter((l) => l.startsWith('  - '));
    expect(problems.length, what).toBeLessThanOrEqual(50);
    expect(lines.length, what).toBeLessThanOrEqual(53);
    for (const l of problems) expect(l.length, what).toBeLessThanOrEqual(410);
  }
}

function compare(inv: Invocation, a: RunResult, b: RunResult): void {
  const what = `baton ${JSON.stringify(inv.args).slice(0, 300)}\n--- sqlite ---\n${a.stderr.slice(0, 1500)}\n--- postgres ---\n${b.stderr.slice(0, 1500)}`;
  expect(b.code, what).toBe(a.code);
  expect(refusedFields(b.stderr), what).toEqual(refusedFields(a.stderr));
}

describe.skipIf(pgSkip)('every text input of every command, on SQLite and PostgreSQL (fast-check)', () => {
  describe('the built CLI, in processes', () => {
    let sqlite: InProcessCli;
    let postgres: InProcessCli;
    beforeAll(async () => {
      // Workspaces made in process; the commands under test run as processes in them.
      sqlite = await InProcessCli.open('sqlite', NOW);
      postgres = await InProcessCli.open('postgres', NOW);
      for (const args of SETUP) for (const cli of [sqlite, postgres]) expect((await cli.run(args)).code).toBe(0);
    });
    afterAll(async () => {
      await sqlite?.close();
      await postgres?.close();
    });

    it(`${CLI_RUNS} inputs: exit 0 or 2, bounded refusals, the same answer on both stores`, { timeout: 600_000 }, async () => {
      const t = tally();
      const started = Date.now();
      await fc.assert(
        fc.asyncProperty(invocation, async (inv) => {
          // A process's argv cannot hold NUL, nor an unpaired surrogate.
          const args = inv.args.map((a) => wellFormed(a).replace(/\u0000/g, '\u0001'));
          const spawned = { ...inv, args };
          const [a, b] = await Promise.all(
            [sqlite, postgres].map((cli) => run(args, { cwd: cli.cwd, env: cli.env as Record<string, string>, ...(inv.input !== undefined ? { input: inv.input } : {}) })),
          );
          expectBounded(spawned, a as RunResult, 'sqlite');
          expectBounded(spawned, b as RunResult, 'postgres');
          compare(spawned, a as RunResult, b as RunResult);
          t.add((a as RunResult).code);
        }),
        { numRuns: CLI_RUNS, endOnFailure: true },
      );
      console.log(`fuzz-inputs (CLI processes): ${t.runs} inputs x 2 stores in ${Date.now() - started} ms; exit codes ${JSON.stringify(t.byOutcome)}`);
    });
  });

  describe('runCli in this process', () => {
    let sqlite: InProcessCli;
    let postgres: InProcessCli;
    beforeAll(async () => {
      sqlite = await InProcessCli.open('sqlite', NOW);
      postgres = await InProcessCli.open('postgres', NOW);
      for (const args of SETUP) for (const cli of [sqlite, postgres]) expect((await cli.run(args)).code).toBe(0);
    });
    afterAll(async () => {
      await sqlite?.close();
      await postgres?.close();
    });

    it(`${IN_PROCESS_RUNS} inputs, NUL included: exit 0 or 2, bounded refusals, the same answer on both stores`, { timeout: 600_000 }, async () => {
      const t = tally();
      const started = Date.now();
      await fc.assert(
        fc.asyncProperty(invocation, async (inv) => {
          const opts = inv.input !== undefined ? { input: inv.input } : {};
          const a = await sqlite.run(inv.args, opts);
          const b = await postgres.run(inv.args, opts);
          expectBounded(inv, a, 'sqlite');
          expectBounded(inv, b, 'postgres');
          compare(inv, a, b);
          t.add(a.code);
        }),
        { numRuns: IN_PROCESS_RUNS, endOnFailure: true },
      );
      console.log(`fuzz-inputs (runCli in process): ${t.runs} inputs x 2 stores in ${Date.now() - started} ms; exit codes ${JSON.stringify(t.byOutcome)}`);
    });
  });
});
