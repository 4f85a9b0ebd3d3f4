import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mondaySink, type DeliveryItemPayload } from '../../src/adapters/monday.js';
import type { Sink } from '../../src/adapters/sink.js';
import { parseConfig } from '../../src/config/config.js';
import type { DeliveryItem } from '../../src/domain/types.js';
import type { StoredMessage } from '../../src/store/index.js';
import { startFakeMonday, type FakeMonday } from '../support/fake-monday.js';

/**
 * SPEC §13: re-filing after acknowledgement (or a SOW signature that re-caps the window) updates
 * the delivery item on monday.com: the window with change_multiple_column_values on the delivery
 * board, and each milestone's date with change_multiple_column_values on the SUBITEMS board (the
 * board each subitem names), in the column `monday.deliveryColumns.milestones` (default date0).
 * The REAL @mondaydotcomorg/api client, against the fake on 127.0.0.1.
 */

const TOKEN = 'monday-update-test-token';
const NOW = Date.parse('2026-12-02T09:00:00Z');

const ITEM: DeliveryItem = {
  name: 'Assessment™ — Acme Analytics',
  customer: 'Acme Analytics',
  windowStart: '2026-11-26',
  windowEnd: '2026-12-26',
  owner: 'customer.success',
  milestones: [
    { name: 'Kickoff', date: '2026-11-26' },
    { name: 'Discovery complete', date: '2026-12-06' },
    { name: 'Findings draft', date: '2026-12-17' },
    { name: 'Readout', date: '2026-12-26' },
  ],
};
/** The start target moved a week: every date moves, and the Readout is capped at the 30-day maximum. */
const MOVED: DeliveryItem = {
  ...ITEM,
  windowStart: '2026-12-03',
  windowEnd: '2026-12-28',
  milestones: [
    { name: 'Kickoff', date: '2026-12-03' },
    { name: 'Discovery complete', date: '2026-12-13' },
    { name: 'Findings draft', date: '2026-12-24' },
    { name: 'Readout', date: '2026-12-28' },
  ],
};

let fake: FakeMonday;
let sink: Sink;
let nextId = 1;

beforeAll(async () => {
  fake = await startFakeMonday({ token: TOKEN, boardId: 456, subitemsBoardId: 457 });
  sink = sinkFrom(fake);
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

/** The sink as `baton` builds it from the config: deliveryColumns, milestones included, come from parseConfig. */
function sinkFrom(server: FakeMonday, yaml = ''): Sink {
  const config = parseConfig(`org: { name: "Test" }\nmonday: { deliveryBoardId: ${server.boardId}${yaml} }\n`, {
    path: '/nonexistent/baton.config.yaml',
    env: { MONDAY_API_TOKEN: TOKEN, BATON_MONDAY_API_URL: server.url },
  });
  return mondaySink({
    token: config.monday.token!,
    apiUrl: config.monday.apiUrl,
    apiVersion: config.monday.apiVersion,
    boardId: config.monday.deliveryBoardId,
    columns: config.monday.deliveryColumns,
    ownerId: undefined,
  });
}

function message(payload: DeliveryItemPayload, key = 'D-1/delivery-item', dealId = 'D-1'): StoredMessage {
  return {
    id: nextId++,
    key,
    dealId,
    kind: 'delivery-item',
    channel: 'board',
    recipient: 'delivery-board',
    text: payload.item.name,
    payload: { dealId, ...payload },
    state: 'queued',
    attempts: 0,
    nextAttemptAt: NOW,
    createdAt: NOW,
  };
}

const window = () => fake.items()[0]!.columnValues.timeline;
const dates = (server = fake, column = 'date0') => server.subitems(server.items()[0]!.id).map((s) => [s.name, (s.columnValues[column] as { date: string } | undefined)?.date]);
const fieldsFrom = (from: number) => fake.requests.slice(from).map((r) => r.fields[0]);

describe('monday.com: updating the delivery item', () => {
  it('moves the window on the delivery board and each milestone date on the subitems board', async () => {
    const created = await sink.send(message({ item: ITEM }), NOW);
    expect(dates()).toEqual(ITEM.milestones.map((m) => [m.name, m.date]));
    const subitemIds = fake.subitems(created.externalId!).map((s) => s.id);
    const sent = fake.requests.length;

    const updated = await sink.send(message({ item: MOVED, update: true }, 'D-1/delivery-item-r2'), NOW);
    expect(updated).toEqual({ externalId: created.externalId });
    expect(window()).toEqual({ from: '2026-12-03', to: '2026-12-28' });
    expect(dates()).toEqual(MOVED.milestones.map((m) => [m.name, m.date]));
    expect(fake.items()).toHaveLength(1);
    expect(fake.subitems(created.externalId!).map((s) => s.id)).toEqual(subitemIds); // moved, not re-created

    const requests = fake.requests.slice(sent);
    expect(requests.map((r) => r.fields[0])).toEqual(['items_page_by_column_values', ...Array(5).fill('change_multiple_column_values')]);
    expect(requests[1]!.variables).toEqual({
      board: '456',
      item: created.externalId,
      values: JSON.stringify({ timeline: { from: '2026-12-03', to: '2026-12-28' } }),
    });
    // A subitem is changed on the subitems board, the one each subitem names.
    expect(requests.slice(2).map((r) => [r.variables?.board, r.variables?.item, r.variables?.values])).toEqual(
      MOVED.milestones.map((m, i) => ['457', subitemIds[i], JSON.stringify({ date0: { date: m.date } })]),
    );
    for (const r of requests) expect(r.apiVersion).toBe('2026-07');
  });

  it('changes only what differs, and the same update again changes nothing', async () => {
    await sink.send(message({ item: ITEM }), NOW);
    const capped: DeliveryItem = { ...ITEM, windowEnd: '2026-12-20', milestones: ITEM.milestones.map((m) => (m.name === 'Readout' ? { ...m, date: '2026-12-20' } : m)) };
    let sent = fake.requests.length;
    await sink.send(message({ item: capped, update: true }), NOW);
    expect(fieldsFrom(sent)).toEqual(['items_page_by_column_values', 'change_multiple_column_values', 'change_multiple_column_values']);
    expect(dates().at(-1)).toEqual(['Readout', '2026-12-20']);
    expect(window()).toEqual({ from: '2026-11-26', to: '2026-12-20' });

    sent = fake.requests.length;
    await sink.send(message({ item: capped, update: true }), NOW);
    expect(fieldsFrom(sent)).toEqual(['items_page_by_column_values']);
  });

  it("a create message never moves dates (a redelivery of the original item leaves people's edits alone)", async () => {
    await sink.send(message({ item: ITEM }), NOW);
    const sent = fake.requests.length;
    await sink.send(message({ item: MOVED }), NOW);
    expect(fieldsFrom(sent)).toEqual(['items_page_by_column_values']);
    expect(window()).toEqual({ from: '2026-11-26', to: '2026-12-26' });
  });

  it('an update of an item that is not there yet creates it with the new dates; a missing milestone is created', async () => {
    await sink.send(message({ item: MOVED, update: true }), NOW);
    expect(window()).toEqual({ from: '2026-12-03', to: '2026-12-28' });
    expect(dates()).toEqual(MOVED.milestones.map((m) => [m.name, m.date]));

    fake.reset();
    const parent = fake.seedItem({ name: ITEM.name, columnValues: { text_key: 'D-1', timeline: { from: '2026-11-26', to: '2026-12-26' } } });
    fake.seedItem({ name: 'Kickoff', parentId: parent.id, columnValues: { date0: { date: '2026-11-26' } } });
    const sent = fake.requests.length;
    await sink.send(message({ item: MOVED, update: true }), NOW);
    expect(fieldsFrom(sent)).toEqual([
      'items_page_by_column_values',
      'change_multiple_column_values',
      'change_multiple_column_values',
      'create_subitem',
      'create_subitem',
      'create_subitem',
    ]);
    expect(dates()).toEqual(MOVED.milestones.map((m) => [m.name, m.date]));
  });

  it('dates go to monday.deliveryColumns.milestones on the subitems board', async () => {
    const custom = await startFakeMonday({ token: TOKEN, subitemColumns: [{ id: 'date_mkx7', type: 'date', title: 'Due' }] });
    try {
      const s = sinkFrom(custom, ', deliveryColumns: { milestones: "date_mkx7" }');
      await s.send(message({ item: ITEM }), NOW);
      await s.send(message({ item: MOVED, update: true }), NOW);
      expect(dates(custom, 'date_mkx7')).toEqual(MOVED.milestones.map((m) => [m.name, m.date]));

      // Left at its default (date0), a subitems board without that column refuses, naming it.
      const error = await sinkFrom(custom)
        .send(message({ item: ITEM }, 'D-2/delivery-item', 'D-2'), NOW)
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ retryable: false, message: expect.stringContaining('(column "date0": check monday.deliveryColumns in baton.config.yaml)') });
    } finally {
      await custom.close();
    }
  });

  it('a rate limit on a subitem date fails the attempt with the wait; the retry finishes the rest', async () => {
    await sink.send(message({ item: ITEM }), NOW);
    fake.fail('change_multiple_column_values', { delayMs: 0 }, 2); // the window and the first date go through
    fake.fail('change_multiple_column_values', { status: 429, complexity: true, retryInSeconds: 12 });
    const error = await sink.send(message({ item: MOVED, update: true }), NOW).catch((e: unknown) => e);
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 12_000, code: 'COMPLEXITY_BUDGET_EXHAUSTED' });
    expect(dates().map(([, d]) => d)).toEqual(['2026-12-03', '2026-12-06', '2026-12-17', '2026-12-26']);

    const sent = fake.requests.length;
    await sink.send(message({ item: MOVED, update: true }), NOW);
    expect(fieldsFrom(sent)).toEqual(['items_page_by_column_values', ...Array(3).fill('change_multiple_column_values')]);
    expect(dates()).toEqual(MOVED.milestones.map((m) => [m.name, m.date]));
  });
});
