import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessCli } from '../support/in-process.js';
import { fillPacket } from '../support/e2e.js';

// The README's "Five minutes" walkthrough, run as written: every `baton` line in order,
// with the one step a person does by hand (filling packet.md in an editor) done by the test.

const README = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');

function walkthrough(): string[][] {
  const block = /## Five minutes[\s\S]*?```sh\n([\s\S]*?)```/.exec(README)?.[1] ?? '';
  const lines = block.replace(/\\\n\s*/g, '').split('\n');
  return lines
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line.startsWith('baton '))
    .map((line) => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? ''));
}

let cli: InProcessCli;
const outputs: { args: string[]; code: number; stdout: string; stderr: string }[] = [];

beforeAll(async () => {
  const now = /export BATON_NOW=(\S+)/.exec(README)?.[1] ?? '';
  cli = await InProcessCli.open('sqlite', now);
  for (const words of walkthrough().slice(1)) {
    let args = words.slice(1);
    const redirect = args.indexOf('>');
    const target = redirect >= 0 ? args[redirect + 1] : undefined;
    if (redirect >= 0) args = args.slice(0, redirect);
    const res = await cli.run(args);
    outputs.push({ args, ...res });
    // What `$EDITOR packet.md` stands for: every {...} filled in.
    if (target) writeFileSync(path.join(cli.cwd, target), fillPacket(res.stdout));
  }
}, 120_000);

afterAll(() => cli.close());

describe('SOP-3e the README walkthrough, run as written', () => {
  it('runs every command; only the delivery start before the signature is refused, and it lists what is missing', () => {
    expect(outputs.length).toBeGreaterThan(15);
    const failed = outputs.filter((o) => o.code !== 0);
    expect(failed.map((o) => o.args.slice(0, 2).join(' '))).toEqual(['delivery start']);
    expect(failed[0]?.code).toBe(2);
    expect(failed[0]?.stderr).toMatch(/SOW status: the SOW is not signed/);
    expect(failed[0]?.stderr).toMatch(/customer\.success agent: no live customer\.success agent/);
  });

  it('ends delivered, with every milestone inside the 30-day maximum from the SOW signature', async () => {
    const [handoff] = JSON.parse((await cli.run(['status', 'acme', '--json'])).stdout);
    expect(handoff.state).toBe('delivered');
    const max = '2026-12-28'; // signed 2026-11-28 + 30 days
    expect(handoff.deliveryItem.windowEnd <= max).toBe(true);
    for (const m of handoff.deliveryItem.milestones) expect(m.date <= max, `${m.name} ${m.date}`).toBe(true);
    expect(handoff.deliveryItem.milestones.at(-1)).toEqual({ name: 'Readout', date: max });
  });

  it('prints the summary of the close day with the deal under KEY COMPLETIONS TODAY', () => {
    const summary = outputs.find((o) => o.args[0] === 'summary');
    expect(summary?.stdout).toMatch(/^KEY COMPLETIONS TODAY\n- 🟢 DEAL CLOSED — Acme Corp — Assessment™ confirmed \(SOW: Pending — expected 2026-12-01\)$/m);
  });
});
