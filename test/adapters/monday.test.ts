import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeMonday, type FakeMonday, type MondayFault, type MondayRequest } from '../support/fake-monday.js';
import { CRO_MONDAY, CS_MONDAY, DELIVERY_BOARD, HOUR, MONDAY_TOKEN, SECOND, openWorld, type World } from '../support/adapters.js';

/**
 * SPEC §6 through the REAL @mondaydotcomorg/api ApiClient: on acknowledgement Baton's engine
 * queues the delivery item, `dispatch` delivers it through `mondaySink` to a fake monday.com
 * GraphQL API on 127.0.0.1 (every query validated against the schema subset), and the tests
 * check what the board holds, which requests were made, and when the outbox tries again.
 */

const USERS = [
  { id: CS_MONDAY, name: 'Casey Success', email: 'cs@example.com' },
  { id: CRO_MONDAY, name: 'Riley Revenue', email: 'cro@example.com' },
];

let monday: FakeMonday;
let world: World | undefined;

beforeAll(async () => {
  monday = await startFakeMonday({ token: MONDAY_TOKEN, boardId: DELIVERY_BOARD, users: USERS, apiVersions: ['2026-07'] });
});
afterEach(async () => {
  await world?.close();
  world = undefined;
  monday.reset();
});
afterAll(() => monday.close());

async function open(opts: { url?: string; env?: Record<string, string> } = {}): Promise<World> {
  world = await openWorld({ mondayUrl: opts.url ?? monday.url, ...(opts.env ? { env: opts.env } : {}) });
  return world;
}

const KEY = 'D-1/delivery-item';
const MILESTONES = [
  { name: 'Kickoff', date: '2026-11-26' },
  { name: 'Discovery complete', date: '2026-12-06' },
  { name: 'Findings draft', date: '2026-12-17' },
  { name: 'Readout', date: '2026-12-26' },
];

/** Closed, filed (its Slack messages go to the built-in sink) and acknowledged: the delivery item is queued. */
async function acknowledged(w: World, company = 'Acme Analytics'): Promise<number> {
  const filedAt = await w.filedDeal('D-1', { company });
  await w.dispatch(filedAt);
  const ackAt = filedAt + HOUR;
  const result = await w.ack('D-1', ackAt);
  expect(result.queued).toBe(1);
  return ackAt;
}

const fieldsFrom = (from: number): string[] => monday.requests.slice(from).flatMap((r) => r.fields);
const count = (field: string, from = 0): number => fieldsFrom(from).filter((f) => f === field).length;
const subitems = () => monday.subitems(monday.items()[0]!.id).map((s) => ({ name: s.name, date: (s.columnValues.date0 as { date: string }).date }));

describe('monday.com: the delivery item, through the real ApiClient', () => {
  it('SPEC-6 on acknowledgement: the item with its columns and source key, and one dated subitem per milestone', async () => {
    const w = await open();
    const ackAt = await acknowledged(w, 'Müller & Söhne <EU>');
    expect(monday.requests).toHaveLength(0); // nothing before the acknowledgement
    expect(await w.dispatch(ackAt)).toEqual({ delivered: 1, retrying: 0, failed: 0 });

    const items = monday.items();
    expect(items).toHaveLength(1);
    const item = items[0]!;
    // monday is not Slack: the company name goes as typed, unescaped.
    expect(item.name).toBe('Assessment™ — Müller & Söhne <EU>');
    expect(item.boardId).toBe(String(DELIVERY_BOARD));
    expect(item.columnValues).toEqual({
      text: 'Müller & Söhne <EU>',
      timeline: { from: '2026-11-26', to: '2026-12-26' },
      person: { personsAndTeams: [{ id: CS_MONDAY, kind: 'person' }] },
      text_key: 'D-1',
    });
    expect(subitems()).toEqual(MILESTONES);

    // Looked up by source key first, then created; every request pins API-Version and sends the raw token.
    expect(monday.requests.map((r) => r.fields)).toEqual([
      ['items_page_by_column_values'],
      ['create_item'],
      ['create_subitem'],
      ['create_subitem'],
      ['create_subitem'],
      ['create_subitem'],
    ]);
    expect(monday.requests[0]!.variables).toMatchObject({ board: String(DELIVERY_BOARD), column: 'text_key', value: 'D-1' });
    for (const r of monday.requests) {
      expect(r.apiVersion).toBe('2026-07');
      expect(r.headers['api-version']).toBe('2026-07');
      expect(r.headers.authorization).toBe(MONDAY_TOKEN);
    }

    // The committed window and milestones are the ones Baton decided; the sink returned the item's
    // id, which the dispatcher records on the message (the sink itself writes nothing to the store).
    const stored = await w.message(KEY);
    expect(stored).toMatchObject({ state: 'delivered', attempts: 1, deliveredAt: ackAt, externalId: item.id });
    expect(stored.payload.item).toMatchObject({ windowStart: '2026-11-26', windowEnd: '2026-12-26', milestones: MILESTONES, owner: 'customer.success' });
  });

  it('SPEC-6 a second dispatch, a repeated ack and a redelivered message create nothing new', async () => {
    const w = await open();
    const ackAt = await acknowledged(w);
    await w.dispatch(ackAt);
    expect(monday.items()).toHaveLength(1);
    const sent = monday.requests.length;

    expect(await w.dispatch(ackAt + HOUR)).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect((await w.ack('D-1', ackAt + 2 * HOUR)).queued).toBe(0);
    expect(await w.dispatch(ackAt + 2 * HOUR)).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect(monday.requests).toHaveLength(sent);

    // The same message sent again, as a worker would after dying between the calls and the
    // mark (its lease expired): it looks the item up, finds it complete, and creates nothing.
    const message = await w.message(KEY);
    const again = await w.engine.sinks.board.send(message, ackAt + 3 * HOUR);
    expect(again.externalId).toBe(monday.items()[0]!.id);
    expect(fieldsFrom(sent)).toEqual(['items_page_by_column_values']);
    expect(monday.items()).toHaveLength(1);
    expect(subitems()).toEqual(MILESTONES);
  });
});

describe('monday.com: failures, retries and the source key', () => {
  it('SPEC-6 COMPLEXITY_BUDGET_EXHAUSTED (429, retry_in_seconds 30) is retried no earlier than 30 s later', async () => {
    const w = await open();
    const ackAt = await acknowledged(w);
    monday.fail('create_item', { status: 429, complexity: true, retryInSeconds: 30 });
    expect(await w.dispatch(ackAt)).toEqual({ delivered: 0, retrying: 1, failed: 0 });

    const waiting = await w.message(KEY);
    expect(waiting).toMatchObject({ state: 'queued', attempts: 1 });
    expect(waiting.lastError).toContain('COMPLEXITY_BUDGET_EXHAUSTED');
    expect(waiting.nextAttemptAt).toBeGreaterThanOrEqual(ackAt + 30 * SECOND);
    expect(monday.items()).toHaveLength(0);

    const sent = monday.requests.length;
    expect(await w.dispatch(ackAt + 30 * SECOND - 1)).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect(await w.dispatch(waiting.nextAttemptAt - 1)).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect(monday.requests).toHaveLength(sent);

    expect(await w.dispatch(waiting.nextAttemptAt)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(monday.items()).toHaveLength(1);
    expect(subitems()).toEqual(MILESTONES);
  });

  it('SPEC-6 a retry_in_seconds longer than the backoff sets the next attempt exactly', async () => {
    const w = await open();
    const ackAt = await acknowledged(w);
    monday.fail('items_page_by_column_values', { status: 429, complexity: true, retryInSeconds: 300 });
    await w.dispatch(ackAt);
    expect((await w.message(KEY)).nextAttemptAt).toBe(ackAt + 300 * SECOND);
    expect(await w.dispatch(ackAt + 300 * SECOND - 1)).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect(await w.dispatch(ackAt + 300 * SECOND)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(monday.items()).toHaveLength(1);
  });

  it('SPEC-6 an HTTP 500 is retried later, and the item is created once', async () => {
    const w = await open();
    const ackAt = await acknowledged(w);
    monday.fail('create_item', { status: 500 });
    expect(await w.dispatch(ackAt)).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    const waiting = await w.message(KEY);
    expect(waiting.lastError).toMatch(/monday\.com server error/);
    expect(waiting.nextAttemptAt).toBeGreaterThan(ackAt);

    expect(await w.dispatch(waiting.nextAttemptAt)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(count('create_item')).toBe(2); // the refused one and the real one
    expect(monday.items()).toHaveLength(1);
    expect(subitems()).toEqual(MILESTONES);
  });

  it.each([
    {
      title: 'the connection drops after the item is stored',
      fault: { dropAfterStore: true } as MondayFault,
      env: {} as Record<string, string>,
      error: 'monday.com request failed: fetch failed',
    },
    {
      title: 'the answer comes after the client timeout',
      fault: { delayMs: 3_000 } as MondayFault,
      env: { BATON_HTTP_TIMEOUT_MS: '250' } as Record<string, string>,
      error: 'monday.com request timed out',
    },
  ])('SPEC-6 create_item where $title: the retry finds the item by its source key and creates no second one', async ({ fault, env, error }) => {
    const w = await open({ env });
    const ackAt = await acknowledged(w);
    monday.fail('create_item', fault);
    expect(await w.dispatch(ackAt)).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    expect(monday.items()).toHaveLength(1); // it landed
    const waiting = await w.message(KEY);
    expect(waiting.lastError).toBe(error);

    const sent = monday.requests.length;
    expect(await w.dispatch(waiting.nextAttemptAt)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(fieldsFrom(sent)).toEqual(['items_page_by_column_values', 'create_subitem', 'create_subitem', 'create_subitem', 'create_subitem']);
    expect(monday.items()).toHaveLength(1);
    expect(subitems()).toEqual(MILESTONES);
    expect(await w.message(KEY)).toMatchObject({ state: 'delivered', externalId: monday.items()[0]!.id });
  });

  it.each([
    { title: 'a 500 on the third subitem', fault: { status: 500 } as MondayFault, createdBefore: 2 },
    { title: 'a dropped answer on the third subitem', fault: { dropAfterStore: true } as MondayFault, createdBefore: 3 },
  ])('SPEC-6 subitems interrupted half-way ($title) are completed without duplicates', async ({ fault, createdBefore }) => {
    const w = await open();
    const ackAt = await acknowledged(w);
    // The first two subitems go through untouched; the third is the one cut off.
    monday.fail('create_subitem', { delayMs: 0 }, 2);
    monday.fail('create_subitem', fault);
    expect(await w.dispatch(ackAt)).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    expect(subitems()).toEqual(MILESTONES.slice(0, createdBefore));

    const sent = monday.requests.length;
    expect(await w.dispatch((await w.message(KEY)).nextAttemptAt)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(count('create_item', sent)).toBe(0);
    expect(count('create_subitem', sent)).toBe(MILESTONES.length - createdBefore);
    expect(subitems()).toEqual(MILESTONES);
    expect(monday.items()).toHaveLength(1);
  });

  it('SPEC-6 ColumnValueException (a board without the owner column) fails the message at once, with the reason', async () => {
    const broken = await startFakeMonday({
      token: MONDAY_TOKEN,
      boardId: DELIVERY_BOARD,
      users: USERS,
      columns: [
        { id: 'text', type: 'text', title: 'Client' },
        { id: 'timeline', type: 'timeline', title: 'Timeline' },
        { id: 'text_key', type: 'text', title: 'Source key' },
      ],
    });
    try {
      const w = await open({ url: broken.url });
      const ackAt = await acknowledged(w);
      expect(await w.dispatch(ackAt)).toEqual({ delivered: 0, retrying: 0, failed: 1 });

      const failed = await w.message(KEY);
      expect(failed).toMatchObject({ state: 'failed', attempts: 1 });
      expect(failed.lastError).toBe(
        "monday.com refused: ColumnValueException: This column ID doesn't exist for the board " + '(column "person": check monday.deliveryColumns in baton.config.yaml)',
      );
      expect(broken.items()).toHaveLength(0);
      expect(broken.requests.map((r: MondayRequest) => r.fields[0])).toEqual(['items_page_by_column_values', 'create_item']);

      // Failed stays failed: no more requests until someone requeues it.
      expect(await w.dispatch(ackAt + 24 * HOUR)).toEqual({ delivered: 0, retrying: 0, failed: 0 });
      expect(broken.requests).toHaveLength(2);
    } finally {
      await broken.close();
    }
  });
});
