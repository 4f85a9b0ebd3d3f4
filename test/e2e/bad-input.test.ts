import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  Baton,
  CONTACT,
  HOUR,
  SCENARIO_TIMEOUT,
  closeVerbalDeal,
  fileDraft,
  fileListing,
  filledDraft,
  initWorkspace,
  removeTempFolders,
  snapshot,
  tempFolder,
} from '../support/e2e.js';
import type { RunResult } from '../support/cli.js';

/**
 * Bad input and refused actions: exit 2, a message on stderr that names the field and how
 * to fix it, and nothing written: the messages, status, timelines and files a user can see
 * are the same before and after.
 */

afterAll(removeTempFolders);

const T0 = Date.parse('2026-05-25T10:00:00.000Z');
const LATER = T0 + HOUR;

/**
 * Runs `attempts` between two snapshots of what a user can see (messages, status, every
 * timeline, the files): they must be equal.
 */
async function expectNothingWritten(baton: Baton, attempts: () => Promise<void>): Promise<void> {
  const before = await snapshot(baton, LATER);
  await attempts();
  expect(await snapshot(baton, LATER), 'a refused command changed what the user sees').toEqual(before);
}

/** One command that must exit 2 without touching a byte of the folder (database included). */
async function refuse(baton: Baton, args: string[], now?: number | string, opts: { input?: string } = {}): Promise<RunResult> {
  const files = fileListing(baton.cwd, { hashDatabase: true });
  const res = await baton.run(args, now, opts);
  expect(res.code, `baton ${args.join(' ')}: exit code; stderr:\n${res.stderr}`).toBe(2);
  expect(fileListing(baton.cwd, { hashDatabase: true }), `baton ${args.join(' ')} wrote to the folder`).toEqual(files);
  return res;
}

/** A workspace with deal `acme` Closed-won on a verbal commitment (SOW expected 2026-05-29). */
async function closedDeal(): Promise<Baton> {
  const baton = await initWorkspace(T0 - 2 * HOUR);
  await closeVerbalDeal(baton, { id: 'acme', company: 'Acme Analytics', t0: T0, sowExpected: '2026-05-29' });
  return baton;
}

/** As `closedDeal`, with the packet filed 30 min after T0. */
async function filedDeal(): Promise<Baton> {
  const baton = await closedDeal();
  await fileDraft(baton, 'acme', T0 + 30 * 60_000);
  return baton;
}

function expectNames(res: RunResult, ...patterns: (string | RegExp)[]): void {
  for (const p of patterns) {
    if (typeof p === 'string') expect(res.stderr, `stderr should name ${p}`).toContain(p);
    else expect(res.stderr).toMatch(p);
  }
}

describe.concurrent('bad input is refused with exit 2, a fix, and nothing written', { timeout: SCENARIO_TIMEOUT }, () => {
  it('an unknown deal is named, with how to add it, by the commands that take a deal', async () => {
    const baton = await closedDeal();
    const commands = [
      ['deal', 'stage', 'nope', 'closed-won'],
      ['deal', 'commit', 'nope', '--type', 'verbal', '--sow-expected', '2026-06-01'],
      ['packet', 'draft', 'nope'],
      ['packet', 'file', 'nope', '-'],
      ['ack', 'nope', '--as', 'customer.success'],
      ['sow', 'signed', 'nope'],
      ['delivery', 'start', 'nope'],
      ['timeline', 'nope'],
    ];
    await expectNothingWritten(baton, async () => {
      for (const args of commands) expectNames(await refuse(baton, args, LATER, { input: 'x' }), '"nope"', /deal add|baton status/);
    });
  });

  it('SOP-2a an unknown stage is refused, listing the stages', async () => {
    const baton = await initWorkspace(T0);
    await baton.ok(['deal', 'add', 'acme', '--company', 'Acme Analytics', ...CONTACT], T0);
    await expectNothingWritten(baton, async () => {
      expectNames(await refuse(baton, ['deal', 'stage', 'acme', 'won-ish'], LATER), 'stage', 'won-ish', 'closed-won', 'negotiation');
    });
  });

  it('SOP-2b SOP-4.1 a commitment type other than written or verbal is refused', async () => {
    const baton = await initWorkspace(T0);
    await baton.ok(['deal', 'add', 'acme', '--company', 'Acme Analytics', ...CONTACT], T0);
    await expectNothingWritten(baton, async () => {
      expectNames(await refuse(baton, ['deal', 'commit', 'acme', '--type', 'handshake'], LATER), '--type', 'handshake', 'written', 'verbal');
    });
  });

  it('SOP-4.1 a malformed --sow-expected is refused, asking for YYYY-MM-DD', async () => {
    const baton = await initWorkspace(T0);
    await baton.ok(['deal', 'add', 'acme', '--company', 'Acme Analytics', ...CONTACT], T0);
    await expectNothingWritten(baton, async () => {
      for (const bad of ['2026-13-45', 'next friday', '2026-02-30']) {
        const res = await refuse(baton, ['deal', 'commit', 'acme', '--type', 'verbal', '--sow-expected', bad], LATER);
        expectNames(res, '--sow-expected', bad, 'YYYY-MM-DD');
      }
    });
  });

  it('SOP-4.1 a malformed e-mail in deal add is refused, and the deal is not added', async () => {
    const baton = await initWorkspace(T0);
    await expectNothingWritten(baton, async () => {
      for (const bad of ['not-an-email', 'ada@@acme.example']) {
        const res = await refuse(baton, ['deal', 'add', 'acme', '--company', 'Acme Analytics', '--contact-name', 'Ada Lee', '--contact-email', bad], LATER);
        expectNames(res, '--contact-email', bad, '@');
      }
    });
    expect(await baton.status(LATER)).toEqual([]);
  });

  it('SOP-3c a packet with an unfilled placeholder is refused, naming the field', async () => {
    const baton = await closedDeal();
    const text = (await filledDraft(baton, 'acme', LATER)).replace(/^Red flags: .*$/m, 'Red flags: {anything CRO is concerned about going into delivery}');
    await expectNothingWritten(baton, async () => {
      const res = await refuse(baton, ['packet', 'file', 'acme', '-'], LATER, { input: text });
      expectNames(res, 'Red flags', '{anything CRO is concerned about going into delivery}', /replace|fill|write/i);
    });
  });

  it('SOP-3d a packet with a price other than $2,500 is refused, naming the price', async () => {
    const baton = await closedDeal();
    const text = await filledDraft(baton, 'acme', LATER, { 'Assessment™ price': '$3,000' });
    await expectNothingWritten(baton, async () => {
      expectNames(await refuse(baton, ['packet', 'file', 'acme', '-'], LATER, { input: text }), 'Assessment™ price', '$3,000', '$2,500');
    });
  });

  it('SOP-3e a delivery start target more than 30 days after the expected SOW date is refused; 30 days is accepted', async () => {
    const baton = await closedDeal(); // SOW expected 2026-05-29: the latest start target is 2026-06-28
    const window = (date: string) => ({ 'Committed delivery window': `${date} start target / 30-day max from SOW` });
    const tooLate = await filledDraft(baton, 'acme', LATER, window('2026-06-29'));
    await expectNothingWritten(baton, async () => {
      expectNames(await refuse(baton, ['packet', 'file', 'acme', '-'], LATER, { input: tooLate }), 'Committed delivery window', '2026-06-28');
    });
    const latest = tooLate.replace('2026-06-29 start target', '2026-06-28 start target');
    await baton.ok(['packet', 'file', 'acme', '-'], LATER, { input: latest });
  });

  it('SOP-3g SOP-4.4a acknowledgement by the wrong role (--as cro) is refused', async () => {
    const baton = await filedDeal();
    await expectNothingWritten(baton, async () => {
      expectNames(await refuse(baton, ['ack', 'acme', '--as', 'cro'], LATER), 'cro', '--as customer.success');
    });
  });

  it('SOP-3g SOP-4.4a acknowledgement with no --as is refused: the signer must be named', async () => {
    const baton = await filedDeal();
    await expectNothingWritten(baton, async () => {
      expectNames(await refuse(baton, ['ack', 'acme'], LATER), '--as', 'customer.success');
    });
  });

  it('SOP-4.5b SOP-5c delivery start before the gate is refused, listing every unmet condition', async () => {
    const baton = await filedDeal();
    await expectNothingWritten(baton, async () => {
      const res = await refuse(baton, ['delivery', 'start', 'acme'], LATER);
      expectNames(res, /acknowledg/i, /SOW/, /live/i, 'baton ack acme', 'baton sow signed acme', 'heartbeat');
    });
  });

  it('a malformed --now (or BATON_NOW) is refused with an example of the format', async () => {
    const baton = await closedDeal();
    await expectNothingWritten(baton, async () => {
      let res = await refuse(baton, ['deal', 'note', 'acme', 'called them', '--now', 'yesterday']);
      expectNames(res, '--now', 'yesterday', /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
      res = await refuse(baton, ['tick'], 'next tuesday');
      expectNames(res, 'BATON_NOW', 'next tuesday', /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    });
  });

  it('a --now that is not a real time (2026-02-30) is refused', async () => {
    const baton = await closedDeal();
    await expectNothingWritten(baton, async () => {
      expectNames(await refuse(baton, ['deal', 'note', 'acme', 'called them', '--now', '2026-02-30T09:00:00Z']), '--now', '2026-02-30');
    });
  });

  it('a missing config: every command says to run baton init and writes nothing', async () => {
    const dir = tempFolder();
    const baton = new Baton(dir);
    for (const args of [['deal', 'add', 'acme', '--company', 'Acme Analytics'], ['status', '--json'], ['tick']]) {
      expectNames(await refuse(baton, args, LATER), 'baton.config.yaml', 'baton init');
      expect(fileListing(dir)).toEqual([]);
    }
  });

  it('a broken config (bad YAML) is refused, naming the file and the line, and nothing is written', async () => {
    const baton = await closedDeal();
    const configPath = path.join(baton.cwd, 'baton.config.yaml');
    const good = readFileSync(configPath, 'utf8');
    await expectNothingWritten(baton, async () => {
      writeFileSync(configPath, `${good}\norg: [unclosed\n`);
      expectNames(await refuse(baton, ['deal', 'note', 'acme', 'called them'], LATER), 'baton.config.yaml', /line \d+/i);
      writeFileSync(configPath, good);
    });
  });

  it('a broken config (unknown key) is refused, naming the key and the fix, and nothing is written', async () => {
    const baton = await closedDeal();
    const configPath = path.join(baton.cwd, 'baton.config.yaml');
    const good = readFileSync(configPath, 'utf8');
    await expectNothingWritten(baton, async () => {
      for (const [broken, key] of [
        [`${good}\ncolour: blue\n`, 'colour'],
        [`${good}\npolicy: { prise: 3000 }\n`, 'prise'],
      ] as const) {
        writeFileSync(configPath, broken);
        expectNames(await refuse(baton, ['deal', 'note', 'acme', 'called them'], LATER), key, /remove|one of|valid|allowed|did you mean/i);
      }
      writeFileSync(configPath, good);
    });
  });

  it('init twice: the second exits 2 and does not change the config', async () => {
    const baton = await closedDeal();
    const good = readFileSync(path.join(baton.cwd, 'baton.config.yaml'), 'utf8');
    await expectNothingWritten(baton, async () => {
      expectNames(await refuse(baton, ['init'], LATER), 'baton.config.yaml', 'baton init');
    });
    expect(readFileSync(path.join(baton.cwd, 'baton.config.yaml'), 'utf8')).toBe(good);
  });
});
