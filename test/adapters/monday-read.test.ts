import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mondayReader, type MondayReaderOptions } from '../../src/adapters/monday-read.js';
import { MondayApiError } from '../../src/adapters/monday-errors.js';
import { DeliveryError } from '../../src/adapters/sink.js';
import { readItem } from '../../src/board/read-item.js';
import type { ProspectsColumns } from '../../src/config/monday.js';
import { FAKE_PROSPECTS_COLUMNS, startFakeMonday, type FakeMonday } from '../support/fake-monday.js';

/**
 * SPEC §14, the read side, through the REAL @mondaydotcomorg/api ApiClient against the fake
 * monday.com on 127.0.0.1 (every query validated against the 2026-07 schema subset): items read
 * by id, the board paged through its cursor, rate limits waited out with an injected sleep.
 */

const TOKEN = 'monday-read-test-token';
/** The fake's default Prospects board columns. */
const COLUMNS: ProspectsColumns = FAKE_PROSPECTS_COLUMNS;
const DEAL = {
  stage: 'Closed-won',
  commitment: { label: 'Verbal' },
  sow_status: { label: 'Pending' },
  sow_expected: { date: '2026-12-01' },
  contact_name: 'Ana Ruiz',
  contact_title: 'VP Partnerships',
  contact_email: { email: 'ana@acme.example', text: 'ana@acme.example' },
  contact_phone: { phone: '+12025550169', countryShortName: 'US' },
  origin: 'Partner referral',
};

let fake: FakeMonday;
let waits: number[];

beforeAll(async () => {
  fake = await startFakeMonday({ token: TOKEN, apiVersions: ['2026-07'] });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

function reader(opts: Partial<MondayReaderOptions> = {}) {
  waits = [];
  return mondayReader({
    token: TOKEN,
    apiUrl: fake.url,
    apiVersion: '2026-07',
    boardId: fake.prospectsBoardId,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...opts,
  });
}
const fields = () => fake.requests.map((r) => r.fields.join('+'));

describe('readItems', () => {
  it('reads an item with every column type, which readItem turns into the deal', async () => {
    const seeded = fake.seedItem({ board: 'prospects', name: 'Acme Analytics', columnValues: DEAL });
    const items = await reader().readItems([seeded.id]);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: seeded.id, name: 'Acme Analytics', boardId: fake.prospectsBoardId });
    expect(items[0]!.column_values.find((c) => c.id === 'stage')).toEqual({
      id: 'stage',
      type: 'status',
      text: 'Closed-won',
      value: expect.stringMatching(/^\{"index":4,"post_id":null,"changed_at":"/),
    });
    expect(readItem(items[0]!, COLUMNS)).toEqual({
      deal: {
        id: seeded.id,
        company: 'Acme Analytics',
        contact: { name: 'Ana Ruiz', title: 'VP Partnerships', email: 'ana@acme.example', phone: '+12025550169' },
        stage: 'closed-won',
        commitment: { type: 'verbal', sowExpected: '2026-12-01' },
        sowSigned: false,
        origin: 'Partner referral',
      },
      problems: [],
    });
    const [request] = fake.requests;
    expect(request).toMatchObject({ apiVersion: '2026-07', fields: ['items'] });
    expect(request!.headers.authorization).toBe(TOKEN);
  });

  it('a dropdown commitment reads the same, and an unreadable label is a problem', async () => {
    const dropdown = await startFakeMonday({
      token: TOKEN,
      prospectsColumns: [
        { id: 'stage', type: 'status', title: 'Stage', labels: ['Closed-won', 'Won'] },
        { id: 'commitment', type: 'dropdown', title: 'Commitment', labels: ['Written', 'Verbal', 'Maybe'] },
      ],
    });
    try {
      const good = dropdown.seedItem({ board: 'prospects', name: 'Good', columnValues: { stage: 'Closed-won', commitment: { labels: ['Written'] } } });
      const bad = dropdown.seedItem({ board: 'prospects', name: 'Bad', columnValues: { stage: 'Won', commitment: { labels: ['Maybe'] } } });
      const items = await mondayReader({ token: TOKEN, apiUrl: dropdown.url, apiVersion: '2026-07' }).readItems([good.id, bad.id]);
      const columns = { ...COLUMNS };
      const [g, b] = items.map((i) => readItem(i, columns));
      // The other mapped columns are not on this board: problems too, but not about stage or commitment.
      expect(g!.deal).toMatchObject({ stage: 'closed-won', commitment: { type: 'written' } });
      expect(g!.problems.map((p) => p.field)).not.toContain('commitment');
      expect(b!.problems.filter((p) => p.code === 'unknown-label').map((p) => [p.field, p.message])).toEqual([
        ['stage', 'the label "Won" in column "stage" is not a stage'],
        ['commitment', 'the label "Maybe" in column "commitment" is neither Written nor Verbal'],
      ]);
    } finally {
      await dropdown.close();
    }
  });

  it('asks for the mapped columns only, for as many items as it names, 100 ids a query', async () => {
    const seeded = fake.seedProspects(150, () => DEAL);
    const delivery = fake.seedItem({ name: 'a delivery item' });
    const items = await reader({ columns: ['stage', 'commitment', 'stage'] }).readItems([...seeded.map((s) => s.id), delivery.id, '999', seeded[0]!.id]);
    expect(items.map((i) => i.id)).toEqual([...seeded.map((s) => s.id), delivery.id]);
    expect(items.at(-1)!.boardId).toBe(fake.boardId);
    expect(items[0]!.column_values.map((c) => c.id)).toEqual(['stage', 'commitment']);
    expect(fake.requests.map((r) => [r.variables?.limit, (r.variables?.ids as string[] | undefined)?.length, r.variables?.columns])).toEqual([
      [100, 100, ['stage', 'commitment']],
      [52, 52, ['stage', 'commitment']],
    ]);
  });
});

describe('pageBoard', () => {
  it('walks 3 pages: items_page, then next_items_page with each cursor until it is null', async () => {
    const seeded = fake.seedProspects(7, (i) => ({ stage: i % 2 ? 'Lead' : 'Closed-won' }));
    fake.seedItem({ name: 'not a prospect' });
    const pages: { ids: string[]; page: number; cursor: string | null }[] = [];
    const result = await reader({ pageSize: 3 }).pageBoard(fake.prospectsBoardId, async (items, info) => {
      await new Promise((r) => setTimeout(r, 1)); // each page is awaited before the next is asked for
      pages.push({ ids: items.map((i) => i.id), ...info });
    });
    expect(result).toEqual({ pages: 3, items: 7 });
    expect(pages.map((p) => p.ids)).toEqual([seeded.slice(0, 3), seeded.slice(3, 6), seeded.slice(6)].map((s) => s.map((i) => i.id)));
    expect(pages.map((p) => [p.page, p.cursor === null])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(fields()).toEqual(['boards', 'next_items_page', 'next_items_page']);
    expect(fake.requests[1]!.variables).toMatchObject({ cursor: pages[0]!.cursor, limit: 3 });
    expect(fake.requests[2]!.variables).toMatchObject({ cursor: pages[1]!.cursor, limit: 3 });
    expect(waits).toEqual([]);
  });

  it('pages 100 items at a time by default, and an empty board is one empty page', async () => {
    fake.seedProspects(250);
    const sizes: number[] = [];
    expect(await reader().pageBoard(fake.prospectsBoardId, (items) => void sizes.push(items.length))).toEqual({ pages: 3, items: 250 });
    expect(sizes).toEqual([100, 100, 50]);
    fake.reset();
    expect(await reader().pageBoard(fake.prospectsBoardId, (items) => void sizes.push(items.length))).toEqual({ pages: 1, items: 0 });
  });

  it('a board the token cannot see is a permanent error naming monday.prospectsBoardId', async () => {
    const error = await reader()
      .pageBoard(999, () => {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MondayApiError);
    expect(error).toMatchObject({ retryable: false, message: expect.stringContaining('no board 999') });
    expect((error as Error).message).toContain('monday.prospectsBoardId');
  });
});

describe('rate limits and failures', () => {
  it('COMPLEXITY_BUDGET_EXHAUSTED mid-walk: waits retry_in_seconds, then asks again with the same cursor', async () => {
    fake.seedProspects(7);
    fake.fail('next_items_page', { status: 429, complexity: true, retryInSeconds: 7 });
    const seen: number[] = [];
    expect(await reader({ pageSize: 3 }).pageBoard(fake.prospectsBoardId, (items) => void seen.push(items.length))).toEqual({ pages: 3, items: 7 });
    expect(waits).toEqual([7000]);
    expect(seen).toEqual([3, 3, 1]);
    expect(fields()).toEqual(['boards', 'next_items_page', 'next_items_page', 'next_items_page']);
    expect(fake.requests[2]!.variables?.cursor).toBe(fake.requests[1]!.variables?.cursor);
  });

  it('a 429 whose body names no wait: the Retry-After header says how long', async () => {
    const seeded = fake.seedItem({ board: 'prospects', name: 'Acme' });
    fake.fail('items', { status: 429, retryInSeconds: 9, headerOnly: true });
    fake.fail('items', { status: 429, code: 'MAX_CONCURRENCY_EXCEEDED', retryInSeconds: 2 });
    expect((await reader().readItems([seeded.id])).map((i) => i.id)).toEqual([seeded.id]);
    expect(waits).toEqual([9000, 2000]);
  });

  it('a 500 or a dropped answer is tried again after a short backoff', async () => {
    fake.seedProspects(2);
    fake.fail('boards', { status: 500 });
    fake.fail('boards', { drop: true });
    expect(await reader().pageBoard(fake.prospectsBoardId, () => {})).toEqual({ pages: 1, items: 2 });
    expect(waits).toEqual([1000, 2000]);
  });

  it('gives up after maxAttempts, with the classified error', async () => {
    fake.fail('items', { status: 429, complexity: true, retryInSeconds: 3 }, 5);
    const error = await reader({ maxAttempts: 3 })
      .readItems(['1'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MondayApiError);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 3000, code: 'COMPLEXITY_BUDGET_EXHAUSTED', status: 429 });
    expect(waits).toEqual([3000, 3000]);
    expect(fake.requests).toHaveLength(3);
  });

  it('a wait longer than maxWaitMs (a daily limit) fails at once, saying how long', async () => {
    fake.fail('items', { status: 429, code: 'DAILY_LIMIT_EXCEEDED', retryInSeconds: 3599 });
    const error = await reader()
      .readItems(['1'])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DAILY_LIMIT_EXCEEDED', retryAfterMs: 3_599_000 });
    expect((error as Error).message).toMatch(/Daily limit exceeded.*wait 3599 s/);
    expect(waits).toEqual([]);
  });

  it('an application error that no wait mends is not tried again', async () => {
    fake.fail('items', { errorCode: 'UserUnauthorizedException', message: 'User unauthorized to perform action', statusCode: 403 });
    const error = await reader()
      .readItems(['1'])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ retryable: false, code: 'UserUnauthorizedException' });
    expect(fake.requests).toHaveLength(1);
  });
});

describe('writeHandoffState', () => {
  it('writes a status label, or a text, with change_simple_column_value', async () => {
    const item = fake.seedItem({ board: 'prospects', name: 'Acme', columnValues: DEAL });
    const monday = reader();
    await monday.writeHandoffState(item.id, 'handoff', 'Packet filed');
    await monday.writeHandoffState(item.id, 'origin', 'Acknowledged');
    expect(fake.item(item.id)!.columnValues).toMatchObject({ handoff: { index: 1 }, origin: 'Acknowledged' });
    expect(fields()).toEqual(['change_simple_column_value', 'change_simple_column_value']);
    expect(fake.requests[0]!.variables).toEqual({ board: fake.prospectsBoardId, item: item.id, column: 'handoff', value: 'Packet filed' });
  });

  it('a label the status column lacks is a permanent error saying how to add it; a 429 is left to the outbox', async () => {
    const item = fake.seedItem({ board: 'prospects', name: 'Acme' });
    const error = await reader()
      .writeHandoffState(item.id, 'handoff', 'Paused')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ retryable: false, code: 'ColumnValueException' });
    expect((error as Error).message).toContain('add that label to column "handoff" on the Prospects board, or map monday.prospectsColumns.handoff to a text column');

    fake.fail('change_simple_column_value', { status: 429, retryInSeconds: 30 });
    const limited = await reader()
      .writeHandoffState(item.id, 'handoff', 'Packet due')
      .catch((e: unknown) => e);
    expect(limited).toMatchObject({ retryable: true, retryAfterMs: 30_000 });
    expect(waits).toEqual([]);
    expect(fake.item(item.id)!.columnValues.handoff).toBeUndefined();
  });

  it('needs monday.prospectsBoardId', async () => {
    const error = await reader({ boardId: undefined })
      .writeHandoffState('1', 'handoff', 'Packet due')
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe('monday.prospectsBoardId is not set in baton.config.yaml');
  });
});
