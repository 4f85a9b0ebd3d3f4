import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessCli } from '../support/in-process.js';
import { fillPacket } from '../support/e2e.js';

// SPEC §13 "JSON times": every time in --json output, nested event data included, is ISO
// 8601 UTC. The walk runs a deal through every command that prints JSON and checks every
// value of every document: a time key holds an ISO string (or null), and no number looks
// like epoch milliseconds anywhere.

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const isTimeKey = (key: string) => key === 'at' || key === 't0' || /[a-z]At$/.test(key);
const EPOCH_MS = (n: number) => n > 1e12 && n < 1e13;

function offenders(value: unknown, where: string, out: string[]): string[] {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) offenders(v, `${where}[${i}]`, out);
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const at = `${where}.${key}`;
      // A time key holds one ISO time, or a list of them (a clock's reminders, `remindAt`).
      const iso = (x: unknown) => typeof x === 'string' && ISO.test(x);
      if (isTimeKey(key) && v !== null && !iso(v) && !(Array.isArray(v) && v.length > 0 && v.every(iso))) out.push(`${at} = ${JSON.stringify(v)}`);
      else if (typeof v === 'number' && EPOCH_MS(v)) out.push(`${at} = ${v} (epoch milliseconds?)`);
      else offenders(v, at, out);
    }
  }
  return out;
}

let cli: InProcessCli;
const documents: { command: string; json: unknown }[] = [];

beforeAll(async () => {
  cli = await InProcessCli.open('sqlite', '2026-11-26T09:00:00Z');
  const json = async (args: string[], now: string, input?: string) => {
    const res = await cli.run([...args, '--json', '--now', now], input !== undefined ? { input } : {});
    expect(res.code, `${args.join(' ')}: ${res.stderr}`).toBe(0);
    documents.push({ command: args.slice(0, 2).join(' '), json: JSON.parse(res.stdout) });
    return JSON.parse(res.stdout);
  };
  await json(
    ['deal', 'add', 'acme', '--company', 'Acme Corp', '--contact-name', 'Ada Lee', '--contact-title', 'CTO', '--contact-email', 'ada@acme.example'],
    '2026-11-26T09:00:00Z',
  );
  await json(['deal', 'commit', 'acme', '--type', 'verbal', '--sow-expected', '2026-12-01'], '2026-11-26T09:00:00Z');
  await json(['deal', 'note', 'acme', 'Discovery call'], '2026-11-26T09:00:00Z');
  await json(['deal', 'stage', 'acme', 'closed-won'], '2026-11-26T09:10:00Z');
  await json(['tick'], '2026-11-26T11:10:01Z');
  const draft = await json(['packet', 'draft', 'acme'], '2026-11-26T11:15:00Z');
  await json(['packet', 'file', 'acme', '-'], '2026-11-26T11:20:00Z', fillPacket(draft.text));
  await json(['ack', 'acme', '--as', 'customer.success'], '2026-11-27T08:00:00Z');
  await json(['deal', 'update', 'acme', '--origin', 'Webinar'], '2026-11-27T08:30:00Z');
  await json(['sow', 'signed', 'acme'], '2026-11-28T10:00:00Z');
  await json(['agent', 'heartbeat', 'customer.success'], '2026-11-28T10:01:00Z');
  await json(['agent', 'activate', 'customer.success', '--by', 'ceo'], '2026-11-28T10:01:30Z');
  await json(['delivery', 'start', 'acme', '--as', 'customer.success'], '2026-11-28T10:02:00Z');
  for (const read of [['status'], ['status', 'acme'], ['timeline', 'acme'], ['messages'], ['audit'], ['summary', '--date', '2026-11-26']]) {
    await json(read, '2026-11-29T09:00:00Z');
  }
}, 120_000);

afterAll(() => cli.close());

describe('SPEC §13 every time in --json output is ISO 8601 UTC', () => {
  it('walks every JSON document the commands printed and finds no raw time', () => {
    expect(documents.length).toBeGreaterThanOrEqual(19);
    const found = documents.flatMap((d) => offenders(d.json, d.command, []));
    expect(found).toEqual([]);
  });

  it('the walk would catch a raw time (the check itself can fail)', () => {
    expect(offenders({ events: [{ at: 1_764_147_600_000, data: { dueAt: 5 } }] }, 'x', [])).toHaveLength(2);
  });
});
