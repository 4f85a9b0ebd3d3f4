import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { startFakeMonday, type FakeMonday } from '../support/fake-monday.js';
import { boardConfig, MONDAY_TOKEN, VERBAL_CLOSED } from '../support/board.js';

/**
 * `baton board sync [--json] [--dry-run]` as the command line runs it (runCli in this
 * process), against the fake monday.com through the real client: 3 pages of 100 items.
 */

let fake: FakeMonday;
let dir: string;
beforeAll(async () => {
  fake = await startFakeMonday({ token: MONDAY_TOKEN, apiVersions: ['2026-07'] });
});
afterAll(() => fake.close());
afterEach(() => {
  fake.reset();
  rmSync(dir, { recursive: true, force: true });
});

async function baton(args: string[], env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    cwd: dir,
    env: { MONDAY_API_TOKEN: MONDAY_TOKEN, BATON_MONDAY_API_URL: fake.url, BATON_NOW: '2026-11-26T09:00:00Z', ...env },
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => '',
    wallClock: () => Date.now(),
  });
  return { code, stdout, stderr };
}

function workspace(config = boardConfig(fake)) {
  dir = mkdtempSync(path.join(tmpdir(), 'baton-board-cli-'));
  writeFileSync(path.join(dir, 'baton.config.yaml'), config);
}

const lead = (i: number) => ({
  stage: i % 50 === 0 ? 'Closed-won' : 'Qualified',
  contact_name: `Contact ${i}`,
  ...(i % 50 === 0 ? { commitment: 'Written', sow_status: 'Signed' } : {}),
});

describe('baton board sync', () => {
  it('--json over 3 pages: counts and the problem; the audit shows it once; a second run is all unchanged', async () => {
    workspace();
    fake.seedProspects(249, lead);
    const bad = fake.seedItem({ board: 'prospects', name: 'Broken Co', columnValues: { stage: 'Won-ish' } });
    const first = await baton(['board', 'sync', '--json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report).toMatchObject({ added: 249, updated: 0, unchanged: 0, handoffsStarted: 4, items: 250, pages: 3, dryRun: false });
    expect(report.problems).toEqual([{ itemId: bad.id, column: 'stage', message: expect.stringMatching(/"Won-ish"/), fix: expect.stringMatching(/Closed-won/) }]);

    const audit = JSON.parse((await baton(['audit', '--json'])).stdout);
    expect(audit.map((e: any) => e.type)).toEqual(['board.problem', 'board.synced']);
    expect(audit[0]).toMatchObject({ actor: 'monday', data: { itemId: bad.id, column: 'stage' } });

    const second = await baton(['board', 'sync']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Synced the Prospects board.');
    expect(second.stdout).toMatch(/ 0 added\n {2}0 updated\n {2}249 unchanged\n {2}1 with problems/);
    expect(second.stdout).toMatch(new RegExp(`item ${bad.id}, column stage: the label "Won-ish" .*Fix: set column "stage" of item ${bad.id}`));
    const text = (await baton(['audit'])).stdout;
    expect(text.match(/board item/g)).toHaveLength(1);
    expect(text).toMatch(/Prospects board synced: 0 added, 0 updated, 249 unchanged, 1 problem/);
  });

  it('--dry-run counts what would change and writes nothing', async () => {
    workspace();
    fake.seedItem({ board: 'prospects', name: 'Acme Analytics', columnValues: VERBAL_CLOSED });
    const dry = await baton(['board', 'sync', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/Dry run of the Prospects board: nothing was written\.\n.*\n {2}1 would be added/);
    expect(dry.stdout).toContain('1 handoff would start');
    expect(JSON.parse((await baton(['status', '--json'])).stdout)).toEqual([]);
    expect(JSON.parse((await baton(['audit', '--json'])).stdout)).toEqual([]);
  });

  it('without the token or the column map: exit 2 naming each key and its fix', async () => {
    workspace();
    const noToken = await baton(['board', 'sync'], { MONDAY_API_TOKEN: undefined });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/^baton: MONDAY_API_TOKEN: is not set, so Baton cannot read the Prospects board\. Fix: set MONDAY_API_TOKEN/);
    rmSync(dir, { recursive: true, force: true });
    workspace('org: { name: "Board Co", timezone: "UTC" }\n');
    const bare = await baton(['board', 'sync']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/monday\.prospectsBoardId/);
    expect(bare.stderr).toMatch(/monday\.prospectsColumns/);
  });

  it('a token monday.com refuses: exit 2 with one line; monday.com unreachable: exit 1', async () => {
    workspace();
    const refused = await baton(['board', 'sync'], { MONDAY_API_TOKEN: 'wrong-token' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^baton: monday\.com: monday\.com refused: NOT_AUTHENTICATED.*Fix: check MONDAY_API_TOKEN/);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    const down = await baton(['board', 'sync'], { BATON_MONDAY_API_URL: 'http://127.0.0.1:9/v2', BATON_HTTP_TIMEOUT_MS: '2000' });
    expect(down.code, down.stderr).toBe(1);
    expect(down.stderr).toMatch(/^baton: monday\.com: monday\.com request failed/);
  }, 60_000);

  it('on a terminal, stderr shows the progress bar; --json never does', async () => {
    workspace();
    fake.seedProspects(250, lead);
    const tty = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
    Object.defineProperty(process.stderr, 'isTTY', { value: true, configurable: true });
    try {
      const shown = await baton(['board', 'sync']);
      expect(shown.code).toBe(0);
      expect(shown.stderr).toMatch(/\r\[#{10}\.{10}\] 125\/250 items/);
      expect(shown.stderr.endsWith('\r[####################] 250/250 items\n')).toBe(true);
      expect((await baton(['board', 'sync', '--json'])).stderr).toBe('');
    } finally {
      if (tty) Object.defineProperty(process.stderr, 'isTTY', tty);
      else delete (process.stderr as { isTTY?: boolean }).isTTY;
    }
  });
});
