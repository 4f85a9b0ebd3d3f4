import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clockDurationHistogram,
  countHandoffs,
  countMessagesByState,
  insertMessages,
  listHandoffsPage,
  markMessageAttemptFailed,
  openStore,
  weeklyOnTimeRate,
  type Store,
} from '../../src/store/index.js';
import { backends, type BackendTarget } from '../support/backends.js';
import { genId, insertHandoffs } from './generate.js';

/** The dashboard's queries, on every store: the same pages, counts and aggregates. */

const NOW = Date.parse('2026-11-26T12:00:00Z'); // a Thursday
const HOUR = 3_600_000;

describe.each(backends)('dashboard queries on $name', (backend) => {
  let target: BackendTarget;
  let store: Store;

  beforeAll(async () => {
    target = await backend.setup();
    store = await openStore(target.location, { pgSchema: target.pgSchema });
    await insertHandoffs(store, { count: 200, now: NOW });
  });

  afterAll(async () => {
    await store?.close();
    await target?.teardown();
  });

  it('pages the handoffs newest first with LIMIT/OFFSET, each with its clocks', async () => {
    const first = await listHandoffsPage(store.db, { filter: 'all', now: NOW, limit: 50, offset: 0 });
    expect(first.map((d) => d.state.deal.id)).toEqual(Array.from({ length: 50 }, (_, k) => genId(199 - k)));
    expect(first[0]?.state.handoff?.clocks.packet?.state).toBe('pending');
    const last = await listHandoffsPage(store.db, { filter: 'all', now: NOW, limit: 50, offset: 150 });
    expect(last.map((d) => d.state.deal.id).at(-1)).toBe(genId(0));
    expect(await listHandoffsPage(store.db, { filter: 'all', now: NOW, limit: 50, offset: 200 })).toEqual([]);
  });

  it('counts and filters: overdue (marked, or pending past due), awaiting acknowledgement, awaiting SOW', async () => {
    expect(await countHandoffs(store.db, 'all', NOW)).toBe(200);
    expect(await countHandoffs(store.db, 'overdue', NOW)).toBe(20);
    expect(await countHandoffs(store.db, 'awaiting-acknowledgement', NOW)).toBe(50);
    expect(await countHandoffs(store.db, 'awaiting-sow', NOW)).toBe(40);
    // Two hours on, every pending packet clock is past due though no tick has fired it.
    expect(await countHandoffs(store.db, 'overdue', NOW + 2 * HOUR)).toBe(150);

    const overdue = await listHandoffsPage(store.db, { filter: 'overdue', now: NOW, limit: 50, offset: 0 });
    expect(overdue).toHaveLength(20);
    expect(overdue.every((d) => d.state.handoff?.clocks.packet?.state === 'overdue')).toBe(true);
    const ack = await listHandoffsPage(store.db, { filter: 'awaiting-acknowledgement', now: NOW, limit: 50, offset: 0 });
    expect(ack.every((d) => d.state.handoff?.state === 'awaiting-acknowledgement')).toBe(true);
    const sow = await listHandoffsPage(store.db, { filter: 'awaiting-sow', now: NOW, limit: 100, offset: 0 });
    expect(sow).toHaveLength(40);
    expect(sow.every((d) => d.state.deal.commitment?.type === 'verbal')).toBe(true);
  });

  it('aggregates time-to-packet in SQL buckets, and the on-time rate per week', async () => {
    const packet = await clockDurationHistogram(store.db, 'packet', { bucketMs: HOUR / 2, buckets: 12, now: NOW });
    // The 50 filed packets took 1 h each: bucket [1 h, 1 h 30).
    expect(packet.buckets[2]).toBe(50);
    expect(packet.buckets.reduce((a, b) => a + b, 0)).toBe(50);
    expect(packet).toMatchObject({ done: 50, onTime: 50, openPastDue: 20 });
    const long = await clockDurationHistogram(store.db, 'packet', { bucketMs: HOUR / 8, buckets: 4, now: NOW });
    expect(long.buckets).toEqual([0, 0, 0, 50]);

    const weeks = await weeklyOnTimeRate(store.db, { now: NOW, weeks: 3 });
    expect(weeks).toHaveLength(3);
    expect(new Date(weeks[2]!.weekStart).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    // 50 packets done on time, 20 missed; the open clocks are not due yet.
    expect(weeks[2]).toMatchObject({ total: 70, onTime: 50 });
    expect(weeks[0]).toMatchObject({ total: 0, onTime: 0 });
  });

  it('counts messages by state', async () => {
    expect(await countMessagesByState(store.db)).toEqual({ queued: 0, delivered: 0, failed: 0 });
    const base = { dealId: genId(1), kind: 'announcement', channel: 'slack' as const, recipient: '#exec-checkins', text: 'x', payload: {}, createdAt: NOW };
    await insertMessages(store.db, [
      { ...base, key: 'k1' },
      { ...base, key: 'k2' },
    ]);
    const [first] = await store.db.selectFrom('messages').select('id').orderBy('id').execute();
    await markMessageAttemptFailed(store.db, Number(first!.id), { error: 'boom', nextAttemptAt: NOW, failed: true });
    expect(await countMessagesByState(store.db)).toEqual({ queued: 1, delivered: 0, failed: 1 });
  });
});
