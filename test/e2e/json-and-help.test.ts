import { afterAll, describe, expect, it } from 'vitest';
import { Baton, CONTACT, HOUR, MINUTE, SCENARIO_TIMEOUT, fileListing, filledDraft, removeTempFolders, tempFolder } from '../support/e2e.js';

afterAll(removeTempFolders);

const T0 = Date.parse('2026-06-08T10:00:00.000Z');

describe('--json prints exactly one JSON document on stdout', { timeout: SCENARIO_TIMEOUT }, () => {
  it('every command that prints data, through a whole handoff', async () => {
    const baton = new Baton(tempFolder());
    /** Runs with --json; the whole of stdout must parse as one document. */
    const json = async (args: string[], now: number, input?: string) => {
      const full = [...args, '--json'];
      const res = await baton.run(full, now, input !== undefined ? { input } : {});
      expect(res.code, `baton ${full.join(' ')}\n${res.stderr}`).toBe(0);
      let doc: unknown;
      expect(
        () => {
          doc = JSON.parse(res.stdout);
        },
        `baton ${full.join(' ')} printed:\n${res.stdout}`,
      ).not.toThrow();
      expect(doc, `baton ${full.join(' ')}`).not.toBeNull();
      return doc;
    };

    await json(['init'], T0 - HOUR);
    await json(['deal', 'add', 'acme', '--company', 'Acme Analytics', ...CONTACT], T0 - HOUR);
    await json(['deal', 'note', 'acme', 'Discovery call went well'], T0 - HOUR);
    await json(['deal', 'commit', 'acme', '--type', 'verbal', '--sow-expected', '2026-06-12'], T0 - 30 * MINUTE);
    await json(['deal', 'stage', 'acme', 'closed-won'], T0);
    await json(['tick'], T0 + 2 * HOUR + 1);
    const draft = await json(['packet', 'draft', 'acme'], T0 + 3 * HOUR);
    expect(typeof draft).toBe('object');
    const text = await filledDraft(baton, 'acme', T0 + 3 * HOUR);
    await json(['packet', 'file', 'acme', '-'], T0 + 3 * HOUR, text);
    await json(['sow', 'sent', 'acme'], T0 + 4 * HOUR);
    await json(['sow', 'signed', 'acme'], T0 + 5 * HOUR);
    await json(['ack', 'acme', '--as', 'customer.success'], T0 + 6 * HOUR);
    await json(['agent', 'heartbeat', 'customer.success'], T0 + 7 * HOUR);
    await json(['agent', 'activate', 'customer.success', '--by', 'ceo'], T0 + 7 * HOUR);
    await json(['delivery', 'start', 'acme'], T0 + 7 * HOUR + MINUTE);
    await json(['delivery', 'done', 'acme'], T0 + 10 * 24 * HOUR);
    await json(['summary'], T0 + 8 * HOUR);
    await json(['summary', '--date', '2026-06-08'], T0 + 10 * 24 * HOUR);

    const status = await json(['status'], T0 + 10 * 24 * HOUR);
    expect(Array.isArray(status)).toBe(true);
    const one = await json(['status', 'acme'], T0 + 10 * 24 * HOUR);
    expect(one).toBeDefined();
    const timeline = await json(['timeline', 'acme'], T0 + 10 * 24 * HOUR);
    expect(Array.isArray(timeline)).toBe(true);
    const messages = await json(['messages'], T0 + 10 * 24 * HOUR);
    expect(Array.isArray(messages)).toBe(true);

    // SPEC §10: the fields of status and messages.
    const [h] = status as Record<string, unknown>[];
    expect(Object.keys(h ?? {})).toEqual(expect.arrayContaining(['id', 'company', 'state', 'packetPath', 'clocks', 'deliveryItem']));
    for (const m of messages as Record<string, unknown>[]) {
      expect(Object.keys(m)).toEqual(expect.arrayContaining(['id', 'kind', 'to', 'text', 'state', 'createdAt', 'deliveredAt']));
      expect(m.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/);
    }
  });
});

/** Every command of SPEC §10, as a user types it. */
const COMMANDS = [
  'init',
  'deal add',
  'deal stage',
  'deal commit',
  'deal note',
  'packet draft',
  'packet file',
  'ack',
  'sow sent',
  'sow signed',
  'agent heartbeat',
  'agent activate',
  'delivery start',
  'delivery done',
  'tick',
  'status',
  'timeline',
  'messages',
  'summary',
  'serve',
  'mcp',
];

describe.concurrent('--help', () => {
  it('baton --help lists the commands (exit 0)', async () => {
    const dir = tempFolder();
    const res = await new Baton(dir).run(['--help']);
    expect(res.code).toBe(0);
    for (const top of ['init', 'deal', 'packet', 'ack', 'sow', 'agent', 'delivery', 'tick', 'status', 'timeline', 'messages', 'summary']) {
      expect(res.stdout).toMatch(new RegExp(`^\\s+${top}\\b`, 'm'));
    }
  });

  it.each(COMMANDS)('baton %s --help shows that command’s usage (exit 0) and writes nothing', async (command) => {
    const dir = tempFolder();
    const res = await new Baton(dir).run([...command.split(' '), '--help']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(`Usage: baton ${command}`);
    expect(fileListing(dir)).toEqual([]);
  });
});
