import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { BIN } from '../support/cli.js';
import { PROSPECT_COLUMNS, startFakeMonday, type FakeMonday } from '../support/fake-monday.js';
import { BASE_ENV, TOKENS, type TokenRole } from '../support/http.js';
import { boardConfig, columnEvent, MONDAY_TOKEN, VERBAL_CLOSED, WEBHOOK } from '../support/board.js';

/**
 * SPEC §14 end to end: the BUILT `baton serve` reading the fake monday.com through the real
 * client. It syncs the Prospects board when it starts; a webhook event for a mapped column
 * makes it read the item, so the handoff starts from the board alone, in either order; a
 * redelivery changes nothing; the handoff's state is written back to the item.
 */

let fake: FakeMonday;
let dir: string;
let child: ChildProcess;
let url: string;
const log: string[] = [];

function batonBin(): string {
  try {
    return inject('batonBin') || BIN;
  } catch {
    return BIN;
  }
}

async function until<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const got = await check();
    if (got) return got;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}; serve said:\n${log.join('').slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function api(method: string, route: string, as: TokenRole = 'chief.staff', body?: unknown): Promise<any> {
  const res = await fetch(`${url}${route}`, {
    method,
    headers: { Authorization: `Bearer ${TOKENS[as]}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  expect(res.status, `${method} ${route}`).toBe(200);
  return res.json();
}

async function hook(body: unknown): Promise<any> {
  const res = await fetch(`${url}${WEBHOOK}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return res.json();
}

const status = async (id: string) => (await api('GET', `/api/status/${id}`))[0];
const clockNames = async (id: string): Promise<string[]> => (await status(id)).clocks.map((c: { name: string }) => c.name).sort();
const handoffLabel = (id: string) => {
  const v = fake.item(id)?.columnValues.handoff as { index: number } | undefined;
  return v ? PROSPECT_COLUMNS.find((c) => c.id === 'handoff')!.labels![v.index] : undefined;
};

beforeAll(async () => {
  fake = await startFakeMonday({ token: MONDAY_TOKEN, apiVersions: ['2026-07'] });
  dir = mkdtempSync(path.join(tmpdir(), 'baton-board-serve-'));
  writeFileSync(path.join(dir, 'baton.config.yaml'), boardConfig(fake, { database: 'baton.db' }));
  // On the board before serve starts: the first sync brings these in.
  fake.seedProspects(3, (i) => ({ stage: 'Qualified', contact_name: `Early ${i}` }), 'Early');

  const env: NodeJS.ProcessEnv = { ...process.env, ...BASE_ENV, MONDAY_API_TOKEN: MONDAY_TOKEN, BATON_MONDAY_API_URL: fake.url };
  for (const name of ['BATON_NOW', 'BATON_CONFIG', 'BATON_DATABASE_URL', 'BATON_ROLE', 'BATON_PORT', 'SLACK_BOT_TOKEN']) delete env[name];
  child = spawn(process.execPath, [batonBin(), 'serve', '--port', '0'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => log.push(chunk.toString('utf8')));
  url = await until(() => /listening on (http:\/\/\S+?) /.exec(log.join(''))?.[1], 'baton serve to listen', 30_000);
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('baton serve and the Prospects board', () => {
  it('syncs the board when it starts: the items already there become deals, and the audit says so', async () => {
    await until(() => log.join('').includes('Prospects board synced: 3 added'), 'the first sync');
    const audit = await api('GET', '/api/audit');
    expect(audit.filter((e: any) => e.type === 'board.synced')).toEqual([expect.objectContaining({ actor: 'monday', data: { added: 3, updated: 0, unchanged: 0, problems: 0 } })]);
    for (const early of fake.prospects().filter((i) => i.name.startsWith('Early'))) {
      expect(await status(early.id)).toMatchObject({ company: early.name, stage: 'qualified', state: 'no-handoff' });
    }
  });

  it('commitment column changed, then stage to Closed Won: the handoff starts with the verbal clocks and the draft filled from the item', async () => {
    const item = fake.seedItem({ board: 'prospects', name: 'Acme Analytics', columnValues: { ...VERBAL_CLOSED, stage: 'Proposal', commitment: 'Stuck' } });
    fake.updateItem(item.id, { commitment: 'Verbal' });
    expect(await hook(columnEvent(fake, item.id, 'commitment', { label: 'Verbal' }))).toMatchObject({ ok: true, outcome: 'added', handoffStarted: false });
    expect(await status(item.id)).toMatchObject({ stage: 'proposal', state: 'no-handoff' });

    fake.updateItem(item.id, { stage: 'Closed-won' });
    expect(await hook(columnEvent(fake, item.id, 'stage', { label: 'Closed-won' }))).toMatchObject({ ok: true, outcome: 'updated', handoffStarted: true });
    expect(await clockNames(item.id)).toEqual(['announcement', 'packet', 'sow-send', 'sow-signature']);
    const draft = await api('GET', `/api/deals/${item.id}/packet/draft`, 'cro');
    for (const text of ['Acme Analytics', 'Ana Ruiz', 'VP Partnerships', 'ana@acme.example']) expect(draft.text).toContain(text);
    // The serve loop writes the handoff's state back to the item.
    await until(() => handoffLabel(item.id) === 'Packet due', 'Packet due on the item');
  });

  it('the other order: stage first, then the commitment; a redelivery changes nothing', async () => {
    const { commitment: _c, sow_expected: _s, ...uncommitted } = VERBAL_CLOSED;
    const item = fake.seedItem({ board: 'prospects', name: 'Globex Partners', columnValues: uncommitted });
    expect(await hook(columnEvent(fake, item.id, 'stage', { label: 'Closed-won' }))).toMatchObject({ outcome: 'added', handoffStarted: false });
    fake.updateItem(item.id, { commitment: 'Verbal', sow_expected: { date: '2026-12-15' } });
    const event = columnEvent(fake, item.id, 'commitment', { label: 'Verbal', triggerUuid: 'globex-commitment' });
    expect(await hook(event)).toMatchObject({ outcome: 'updated', handoffStarted: true });
    const timeline = await api('GET', `/api/deals/${item.id}/timeline`);

    fake.updateItem(item.id, { contact_title: 'Chief Revenue Officer' });
    expect(await hook({ event: { ...event.event, isRetry: true } })).toMatchObject({ ok: true, duplicate: true, changed: false });
    expect(await api('GET', `/api/deals/${item.id}/timeline`)).toHaveLength(timeline.length);
    expect(await clockNames(item.id)).toContain('sow-signature');
  });

  it('a written-SOW item starts without SOW clocks', async () => {
    const item = fake.seedItem({ board: 'prospects', name: 'Initech', columnValues: { ...VERBAL_CLOSED, commitment: 'Written', sow_status: 'Signed', stage: 'Negotiation' } });
    await hook(columnEvent(fake, item.id, 'sow_status', { label: 'Signed' }));
    fake.updateItem(item.id, { stage: 'Closed-won' });
    expect(await hook(columnEvent(fake, item.id, 'stage', { label: 'Closed-won' }))).toMatchObject({ handoffStarted: true });
    const names = await clockNames(item.id);
    expect(names).not.toContain('sow-send');
    expect(names).not.toContain('sow-signature');
    await until(() => handoffLabel(item.id) === 'Packet due', 'Packet due on the written item');
  });

  it('stops on SIGTERM with exit 0', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(log.join('')).not.toMatch(/sync failed|unexpected/);
  });
});
