import { afterEach, describe, expect, it } from 'vitest';
import { mondayReader } from '../../src/adapters/monday-read.js';
import { claimBoardSync, syncBoard, type SyncReport } from '../../src/app/board-sync.js';
import { listEvents, listMessages, loadDeal } from '../../src/store/index.js';
import { backends } from '../support/backends.js';
import { startFakeMonday, type FakeMonday } from '../support/fake-monday.js';
import { freshSchemaName, dropSchema } from '../support/pg.js';
import { columnEvent, countRows, MONDAY_TOKEN, openBoardWorld, orgEvents, postEvent, PROSPECTS_COLUMNS, VERBAL_CLOSED, type BoardWorld } from '../support/board.js';

/**
 * SPEC §14 `baton board sync`: the Prospects board paged through its cursor (the real client
 * against the fake monday.com), every item reconciled with its deal, idempotently.
 */

let worlds: BoardWorld[] = [];
let fakes: FakeMonday[] = [];
afterEach(async () => {
  for (const w of worlds) await w.close();
  for (const f of fakes) await f.close();
  worlds = [];
  fakes = [];
});

async function open(opts: Parameters<typeof openBoardWorld>[0] = {}) {
  const w = await openBoardWorld(opts);
  worlds.push(w);
  return w;
}

function reader(w: BoardWorld, waits: number[] = [], pageSize = 5) {
  return mondayReader({ token: MONDAY_TOKEN, apiUrl: w.fake.url, apiVersion: '2026-07', boardId: w.fake.prospectsBoardId, pageSize, sleep: async (ms) => void waits.push(ms) });
}

const sync = (w: BoardWorld, opts: { dryRun?: boolean; waits?: number[] } = {}): Promise<SyncReport> =>
  syncBoard(w.engine, reader(w, opts.waits), {
    boardId: w.fake.prospectsBoardId,
    columns: PROSPECTS_COLUMNS,
    now: w.world.now,
    deliver: true,
    ...(opts.dryRun ? { dryRun: true } : {}),
  });

const counts = (r: SyncReport) => ({ added: r.added, updated: r.updated, unchanged: r.unchanged, problemItems: r.problemItems, items: r.items, pages: r.pages });

/** A lead on the board: a contact, no commitment. */
const lead = (i: number) => ({
  stage: 'Lead',
  contact_name: `Contact ${i}`,
  contact_title: 'CTO',
  contact_email: { email: `c${i}@example.com`, text: `c${i}@example.com` },
  origin: 'Outbound',
});

describe('baton board sync', () => {
  it('over 3 pages: new, changed and unreadable items counted; one audit problem; a second run changes nothing', async () => {
    const w = await open();
    const { fake, engine } = w;
    const first = fake.seedProspects(9, lead);
    expect(counts(await sync(w))).toEqual({ added: 9, updated: 0, unchanged: 0, problemItems: 0, items: 9, pages: 2 });

    // On the board meanwhile: three changed (one closed with a verbal commitment), three new, one unreadable.
    w.world.now += 3_600_000;
    fake.updateItem(first[0]!.id, { contact_title: 'CEO' });
    fake.updateItem(first[1]!.id, { origin: 'Partner referral' });
    fake.updateItem(first[2]!.id, { ...VERBAL_CLOSED, contact_name: 'Contact 3' });
    fake.seedProspects(3, (i) => lead(100 + i), 'New');
    const bad = fake.seedItem({ board: 'prospects', name: 'Broken Co', columnValues: { ...lead(200), sow_expected: { date: '2026-12-01' }, commitment: 'Perhaps' } });

    const run = await sync(w);
    expect(counts(run)).toEqual({ added: 3, updated: 3, unchanged: 6, problemItems: 1, items: 13, pages: 3 });
    expect(run.handoffsStarted).toBe(1);
    expect(run.problems).toEqual([
      expect.objectContaining({ itemId: bad.id, column: 'commitment', message: expect.stringMatching(/"Perhaps"/), fix: expect.stringMatching(/Written or Verbal/) }),
    ]);
    expect(await countRows(engine, 'deals')).toBe(12);
    expect((await w.world.status(first[2]!.id)).state).toBe('awaiting-packet');
    expect((await loadDeal(engine.store.db, first[0]!.id))!.state.deal.contact.title).toBe('CEO');
    expect(await orgEvents(engine, 'board.problem')).toHaveLength(1);
    expect((await orgEvents(engine, 'board.synced')).map((e) => e.data)).toEqual([
      { added: 9, updated: 0, unchanged: 0, problems: 0 },
      { added: 3, updated: 3, unchanged: 6, problems: 1 },
    ]);

    const events = await countRows(engine, 'events');
    const messages = await countRows(engine, 'messages');
    w.world.now += 60_000;
    const again = await sync(w);
    expect(counts(again)).toEqual({ added: 0, updated: 0, unchanged: 12, problemItems: 1, items: 13, pages: 3 });
    expect(await countRows(engine, 'events')).toBe(events);
    expect(await countRows(engine, 'messages')).toBe(messages);
    expect(await orgEvents(engine, 'board.problem')).toHaveLength(1);
    expect(await orgEvents(engine, 'board.synced')).toHaveLength(3);
    // Paged with the cursor: items_page once, then next_items_page.
    const pages = fake.requests.slice(-3).map((r) => r.fields[0]);
    expect(pages).toEqual(['boards', 'next_items_page', 'next_items_page']);
  });

  it('a dry run counts and writes nothing, not even its problems or the sync event', async () => {
    const w = await open();
    w.fake.seedProspects(4, lead);
    w.fake.seedItem({ board: 'prospects', name: 'Broken Co', columnValues: { stage: 'Stuck' } });
    const run = await sync(w, { dryRun: true });
    expect(counts(run)).toEqual({ added: 4, updated: 0, unchanged: 0, problemItems: 1, items: 5, pages: 1 });
    expect(run.problems[0]).toMatchObject({ column: 'stage', message: expect.stringMatching(/"Stuck" .* is not a stage/) });
    for (const table of ['deals', 'events', 'messages', 'org_events'] as const) expect(await countRows(w.engine, table)).toBe(0);
  });

  it('waits out COMPLEXITY_BUDGET_EXHAUSTED between pages for retry_in_seconds, then goes on', async () => {
    const w = await open();
    w.fake.seedProspects(12, lead);
    w.fake.fail('next_items_page', { status: 429, complexity: true, retryInSeconds: 9 });
    const waits: number[] = [];
    const run = await sync(w, { waits });
    expect(waits).toEqual([9000]);
    expect(counts(run)).toMatchObject({ added: 12, items: 12, pages: 3 });
  });

  it('serve processes claim the period: one wins, the others skip it', async () => {
    const w = await open();
    const period = 15 * 60_000;
    const claims = await Promise.all([claimBoardSync(w.engine, period), claimBoardSync(w.engine, period), claimBoardSync(w.engine, period)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await claimBoardSync(w.engine, period)).toBe(false);
  });
});

describe.each(backends.map((b) => b.name))('a sync and a webhook for the same item at the same moment (%s)', (backend) => {
  it('apply it once: one deal.added, one commitment, one stage change, one handoff, one handoff state per item', async () => {
    const fake = await startFakeMonday({ token: MONDAY_TOKEN, apiVersions: ['2026-07'] });
    fakes.push(fake);
    const schema = backend === 'postgres' ? freshSchemaName() : undefined;
    // Two processes' worth of engines on one store (on SQLite, one engine: a file has one writer).
    const a = await open({ fake, ...(schema ? { pgSchema: schema } : {}) });
    const b = schema ? await open({ fake, pgSchema: schema }) : a;
    try {
      const items = Array.from({ length: 10 }, (_, n) => fake.seedItem({ board: 'prospects', name: `Acme ${n}`, columnValues: VERBAL_CLOSED }));
      const [synced, ...hooks] = await Promise.all([sync(a), ...items.map((item) => postEvent(b.world, columnEvent(fake, item.id, 'stage', { label: 'Closed-won' })))]);
      expect(hooks.map((h) => h.status)).toEqual(items.map(() => 200));
      expect(synced.items).toBe(10);
      for (const item of items) {
        const types = (await listEvents(a.engine.store.db, item.id)).map((e) => e.type);
        for (const type of ['deal.added', 'deal.commitment-logged', 'deal.stage-changed', 'handoff.started'])
          expect(
            types.filter((t) => t === type),
            `${item.id} ${type}`,
          ).toHaveLength(1);
        const owed = (await listMessages(a.engine.store.db, { dealId: item.id })).map((m) => m.key);
        expect(owed.filter((k) => k.includes('board-state'))).toEqual([`${item.id}/c1/board-state/Packet due`]);
      }
      // Each item was applied by exactly one of the two; the other found nothing left to do.
      const byWebhook = hooks.filter((h) => h.json.changed === true).length;
      expect(synced.added + synced.updated + byWebhook).toBe(10);
      expect(synced.added + synced.updated + synced.unchanged).toBe(10);
      expect(await countRows(a.engine, 'deals')).toBe(10);
    } finally {
      if (schema) {
        for (const w of [b, a]) await w.close();
        worlds = worlds.filter((w) => w !== a && w !== b);
        await dropSchema(schema);
      }
    }
  });
});
