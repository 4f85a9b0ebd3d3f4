/**
 * SPEC §15 SLA-grade clocks, through the CLI on both stores: policy versions kept per
 * handoff, reminders sent once however often tick runs, holds, and working-time clocks.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { closeEngine, openEngine } from '../../src/engine/engine.js';
import { testConfig, type TestConfig } from '../support/config.js';
import { InProcessCli } from '../support/in-process.js';
import { fillPacket } from '../support/packet.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.parse('2026-11-26T09:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

interface ClockJson {
  name: string;
  state: string;
  urgency: string;
  dueAt: string | null;
  soonAt: string | null;
  held: boolean;
  heldMs: number;
}
interface HandoffJson {
  id: string;
  policyVersion: string;
  policy: { version: string; configVersion: string; differsFromConfig: boolean };
  clocks: ClockJson[];
}
interface MessageJson {
  kind: string;
  to: string;
  text: string;
}

const clis: InProcessCli[] = [];
afterAll(async () => {
  await Promise.all(clis.map((c) => c.close()));
});

async function open(store: 'sqlite' | 'postgres', config: TestConfig, now = T0): Promise<InProcessCli> {
  const cli = await InProcessCli.open(store, iso(now - 2 * HOUR));
  clis.push(cli);
  configure(cli, config);
  return cli;
}

function configure(cli: InProcessCli, config: TestConfig): void {
  writeFileSync(path.join(cli.cwd, 'baton.config.yaml'), testConfig(config));
}

async function ok(cli: InProcessCli, args: string[], now: number, input?: string): Promise<string> {
  const res = await cli.run([...args, '--now', iso(now)], input !== undefined ? { input } : {});
  expect(res.code, `${args.join(' ')}: ${res.stderr}`).toBe(0);
  return res.stdout;
}

async function json<T>(cli: InProcessCli, args: string[], now: number): Promise<T> {
  return JSON.parse(await ok(cli, [...args, '--json'], now)) as T;
}

/** A written-SOW deal closed at `t0`: the handoff starts then. */
async function closeDeal(cli: InProcessCli, id: string, t0: number): Promise<void> {
  await ok(cli, ['deal', 'add', id, '--company', `${id} Corp`, '--contact-name', 'Ada Lee', '--contact-title', 'CTO', '--contact-email', 'ada@acme.example'], t0 - HOUR);
  await ok(cli, ['deal', 'commit', id, '--type', 'written'], t0 - 30 * MINUTE);
  await ok(cli, ['deal', 'stage', id, 'closed-won'], t0);
}

async function filePacket(cli: InProcessCli, id: string, now: number): Promise<void> {
  const draft = await ok(cli, ['packet', 'draft', id], now);
  await ok(cli, ['packet', 'file', id, '-'], now, fillPacket(draft));
}

const clockOf = (h: HandoffJson, name: string) => h.clocks.find((c) => c.name === name) as ClockJson;
const handoff = async (cli: InProcessCli, id: string, now: number) => (await json<HandoffJson[]>(cli, ['status', id], now))[0] as HandoffJson;

describe.each(['sqlite', 'postgres'] as const)('SPEC §15 on %s', (store) => {
  it('policy versions: a handoff started under 1.0 keeps its 24 h acknowledgement after the config moves to 1.1 with 48 h; a new one gets 48 h', async () => {
    const cli = await open(store, { reminders: false, policy: { version: '1.0' } });
    await closeDeal(cli, 'old', T0);
    configure(cli, { reminders: false, policy: { version: '1.1', clocks: { acknowledgementHours: 48 } } });
    await closeDeal(cli, 'new', T0 + HOUR);
    await filePacket(cli, 'old', T0 + 2 * HOUR);
    await filePacket(cli, 'new', T0 + 2 * HOUR);

    const old = await handoff(cli, 'old', T0 + 3 * HOUR);
    expect(clockOf(old, 'acknowledgement').dueAt).toBe(iso(T0 + 2 * HOUR + 24 * HOUR));
    expect(old).toMatchObject({ policyVersion: '1.0', policy: { version: '1.0', configVersion: '1.1', differsFromConfig: true } });
    const fresh = await handoff(cli, 'new', T0 + 3 * HOUR);
    expect(clockOf(fresh, 'acknowledgement').dueAt).toBe(iso(T0 + 2 * HOUR + 48 * HOUR));
    expect(fresh).toMatchObject({ policyVersion: '1.1', policy: { differsFromConfig: false } });

    const text = await ok(cli, ['status', 'old'], T0 + 3 * HOUR);
    expect(text).toContain('Policy: 1.0 (the config now says 1.1; this handoff keeps the policy it started under)');
    expect(await ok(cli, ['status', 'new'], T0 + 3 * HOUR)).toMatch(/^Policy: 1\.1$/m);

    // Stored once per distinct policy: two handoffs, two policies; a third handoff under 1.1 adds none.
    await closeDeal(cli, 'third', T0 + 2 * HOUR);
    const engine = await openEngine(loadConfig({ cwd: cli.cwd, env: cli.env }));
    try {
      const stored = await engine.store.db.selectFrom('policies').select(['version']).orderBy('version').execute();
      expect(stored.map((p) => p.version)).toEqual(['1.0', '1.1']);
    } finally {
      await closeEngine(engine);
    }

    // The old handoff misses at 24 h, not 48 h.
    await ok(cli, ['tick'], T0 + 26 * HOUR);
    const messages = await json<MessageJson[]>(cli, ['messages'], T0 + 26 * HOUR);
    expect(messages.filter((m) => m.kind === 'escalation-chief-staff').map((m) => m.text)).toEqual([expect.stringContaining('old Corp')]);
  });

  it('reminders: the packet reminder DMs the cro once, with the command, however often tick runs; the clock is due soon from then', async () => {
    const cli = await open(store, {});
    await closeDeal(cli, 'acme', T0);
    const before = clockOf(await handoff(cli, 'acme', T0 + HOUR), 'packet');
    expect(before).toMatchObject({ urgency: 'pending', soonAt: iso(T0 + 90 * MINUTE) });

    const remindAt = T0 + 90 * MINUTE;
    await Promise.all([1, 2, 3].map(() => ok(cli, ['tick'], remindAt)));
    await ok(cli, ['tick'], remindAt + MINUTE);
    await ok(cli, ['tick'], remindAt + 2 * MINUTE);
    const reminders = (await json<MessageJson[]>(cli, ['messages'], remindAt + 2 * MINUTE)).filter((m) => m.kind === 'reminder');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ to: 'cro' });
    expect(reminders[0]?.text).toContain('baton packet file acme packet.md');
    expect(reminders[0]?.text).toContain('(in 30 min)');
    expect(clockOf(await handoff(cli, 'acme', remindAt + 2 * MINUTE), 'packet').urgency).toBe('due-soon');
    expect(await ok(cli, ['status'], remindAt + 2 * MINUTE)).toContain('packet due soon: 2026-11-26 11:00 UTC');
    expect(await ok(cli, ['timeline', 'acme'], remindAt + 2 * MINUTE)).toContain('clock packet: reminder 1 sent');

    // The miss later is the miss; the reminder is not sent again.
    await ok(cli, ['tick'], T0 + 2 * HOUR);
    const after = await json<MessageJson[]>(cli, ['messages'], T0 + 2 * HOUR);
    expect(after.filter((m) => m.kind === 'reminder')).toHaveLength(1);
    expect(after.filter((m) => m.kind === 'packet-overdue')).toHaveLength(1);
  });

  it('hold and resume: chief.staff holds the packet clock; it neither reminds nor fires; resume moves its due time by the time held', async () => {
    const cli = await open(store, {});
    await closeDeal(cli, 'acme', T0);
    // The cro may not, a reason is required, an unknown clock is refused: exit 2, nothing written.
    const recorded = (await json<unknown[]>(cli, ['timeline', 'acme'], T0 + 30 * MINUTE)).length;
    for (const args of [
      ['clock', 'hold', 'acme', 'packet', '--reason', 'wait', '--as', 'cro'],
      ['clock', 'hold', 'acme', 'packet', '--as', 'chief.staff'],
      ['clock', 'hold', 'acme', 'lunch', '--reason', 'wait', '--as', 'chief.staff'],
      ['clock', 'resume', 'acme', 'packet', '--as', 'ceo'],
    ]) {
      const res = await cli.run([...args, '--now', iso(T0 + 30 * MINUTE)]);
      expect(res.code, `${args.join(' ')}: ${res.stderr}`).toBe(2);
      expect(res.stderr).toMatch(/Fix: /);
    }
    expect((await json<unknown[]>(cli, ['timeline', 'acme'], T0 + 30 * MINUTE)).length).toBe(recorded);

    const held = await json<{ events: { type: string; clock: string; reason: string }[] }>(
      cli,
      ['clock', 'hold', 'acme', 'packet', '--reason', 'customer asked to wait', '--as', 'chief.staff'],
      T0 + 30 * MINUTE,
    );
    expect(held.events).toMatchObject([{ type: 'clock.held', clock: 'packet', reason: 'customer asked to wait' }]);
    await ok(cli, ['tick'], T0 + 90 * MINUTE);
    await ok(cli, ['tick'], T0 + 4 * HOUR);
    expect((await json<MessageJson[]>(cli, ['messages'], T0 + 4 * HOUR)).filter((m) => m.to === 'cro')).toEqual([]);
    const whileHeld = clockOf(await handoff(cli, 'acme', T0 + 4 * HOUR), 'packet');
    expect(whileHeld).toMatchObject({ state: 'pending', urgency: 'held', held: true, heldMs: 3.5 * HOUR });
    expect(await ok(cli, ['status', 'acme'], T0 + 4 * HOUR)).toContain('HELD since 2026-11-26 09:30 UTC (3 h 30 min held so far');

    await ok(cli, ['clock', 'resume', 'acme', 'packet', '--as', 'ceo'], T0 + 4 * HOUR);
    const resumed = clockOf(await handoff(cli, 'acme', T0 + 4 * HOUR), 'packet');
    expect(resumed).toMatchObject({ urgency: 'pending', held: false, heldMs: 3.5 * HOUR, dueAt: iso(T0 + 5.5 * HOUR), soonAt: iso(T0 + 5 * HOUR) });
    const timeline = await ok(cli, ['timeline', 'acme'], T0 + 4 * HOUR);
    expect(timeline).toContain('clock packet HELD: customer asked to wait');
    expect(timeline).toContain('clock packet resumed after 3 h 30 min held; now due 2026-11-26 14:30 UTC');
    expect(await ok(cli, ['status', 'acme'], T0 + 4 * HOUR)).toContain('Held time: packet 3 h 30 min');

    await ok(cli, ['tick'], T0 + 5.5 * HOUR - 1);
    expect((await json<MessageJson[]>(cli, ['messages'], T0 + 5.5 * HOUR - 1)).map((m) => m.kind)).toEqual(['reminder']);
    await ok(cli, ['tick'], T0 + 5.5 * HOUR);
    expect((await json<MessageJson[]>(cli, ['messages'], T0 + 5.5 * HOUR)).map((m) => m.kind)).toEqual(['reminder', 'packet-overdue']);
  });

  it('business time: a packet clock (2 h) started Friday 16:30 in New York, Mon-Fri 09:00-17:00, is due Monday 10:30', async () => {
    const weekday = '09:00-17:00';
    const friday = Date.parse('2026-12-04T16:30:00-05:00');
    const cli = await open(store, {
      timezone: 'America/New_York',
      calendar: { hours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday }, holidays: ['2026-12-25'] },
      policy: { calendarClocks: ['packet'] },
    });
    await closeDeal(cli, 'acme', friday);
    const packet = clockOf(await handoff(cli, 'acme', friday), 'packet');
    expect(packet).toMatchObject({ dueAt: iso(Date.parse('2026-12-07T10:30:00-05:00')), soonAt: iso(Date.parse('2026-12-07T10:00:00-05:00')) });
    expect(await ok(cli, ['status', 'acme'], friday)).toContain('due 2026-12-07 10:30 EST');
    // Nothing over the weekend; the reminder Monday 10:00; the miss at 10:30.
    await ok(cli, ['tick'], Date.parse('2026-12-06T12:00:00-05:00'));
    expect(await json<MessageJson[]>(cli, ['messages'], Date.parse('2026-12-06T12:00:00-05:00'))).toEqual([]);
    await ok(cli, ['tick'], Date.parse('2026-12-07T10:00:00-05:00'));
    await ok(cli, ['tick'], Date.parse('2026-12-07T10:45:00-05:00'));
    const messages = await json<MessageJson[]>(cli, ['messages'], Date.parse('2026-12-07T10:45:00-05:00'));
    expect(messages.map((m) => m.kind)).toEqual(['reminder', 'packet-overdue']);
    expect(messages[1]?.text).toContain('Due 2026-12-07 10:30 EST; 15 min late.');
  });
});
