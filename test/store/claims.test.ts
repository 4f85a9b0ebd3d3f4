import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Clock, DealState, Handoff } from '../../src/domain/types.js';
import { schemaInUrl } from '../../src/store/open.js';
import {
  appendManyEvents,
  claimDueClocks,
  claimMessages,
  CLOCKS_CHANNEL,
  databaseNow,
  inTransaction,
  insertMessages,
  listEvents,
  listMessages,
  loadDeal,
  loadDeals,
  markMessageDelivered,
  nextClockWakeAt,
  nextMessageWakeAt,
  notifyClockWritten,
  openStore,
  releaseClocks,
  releaseMessages,
  saveDeal,
  saveDeals,
  type NewMessage,
  type Store,
} from '../../src/store/index.js';
import { backends, type BackendTarget } from '../support/backends.js';
import { dropSchema, freshSchemaName, pgTestUrl } from '../support/pg.js';

/**
 * Claims and batches for several processes on one store: due clocks and queued messages
 * are claimed in one statement with a lease (skip locked on PostgreSQL), released by
 * token, and a batch of deals is written with one version check per deal.
 */

const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const HOUR = 3_600_000;
const LEASE = 30_000;

function clock(name: Clock['name'], dueAt: number, extra: Partial<Clock> = {}): Clock {
  return { name, state: 'pending', startedAt: T0, dueAt, ...extra };
}

function dealState(id: string, clocks: Clock[] = [clock('packet', T0 + 2 * HOUR)], handoff = true): DealState {
  const state: DealState = {
    deal: { id, company: `Company ${id}`, contact: { name: 'Ada' }, stage: 'closed-won', owner: 'cro', notes: [], commitment: { type: 'written', loggedAt: T0 } },
  };
  if (!handoff) return state;
  const byName: Handoff['clocks'] = {};
  for (const c of clocks) byName[c.name] = c;
  state.handoff = { cycle: 1, t0: T0, closeDate: '2026-01-01', policyVersion: 'sop-1', state: 'awaiting-packet', packetPath: `handoffs/${id}.md`, clocks: byName };
  return state;
}

function message(key: string, createdAt: number): NewMessage {
  return { key, dealId: 'd1', kind: 'dm', channel: 'slack', recipient: 'cro', text: key, payload: {}, createdAt };
}

/**
 * Leases are on the database's clock (`leaseClock`), not on the `now` a claim is made at:
 * a claim's end lies between the lease clock read before and after it, plus the lease.
 */
async function timed<T>(store: Store, fn: () => Promise<T>): Promise<{ result: T; from: number; to: number }> {
  const from = await databaseNow(store.db);
  const result = await fn();
  return { result, from, to: await databaseNow(store.db) };
}

function expectLease(claimedUntil: number | null | undefined, span: { from: number; to: number }, lease: number): void {
  expect(claimedUntil).toBeGreaterThanOrEqual(span.from + lease);
  expect(claimedUntil).toBeLessThanOrEqual(span.to + lease);
}

/** Ends every lease as if `ms` had passed on the lease clock: what a process that died leaves. */
async function age(store: Store, ms: number): Promise<void> {
  await store.db
    .updateTable('clocks')
    .set((eb) => ({ claimed_until: eb('claimed_until', '-', ms) }))
    .where('claimed_until', 'is not', null)
    .execute();
  await store.db
    .updateTable('messages')
    .set((eb) => ({ claimed_until: eb('claimed_until', '-', ms) }))
    .where('claimed_until', 'is not', null)
    .execute();
}

const claimsOf = (store: Store) => store.db.selectFrom('clocks').select(['deal_id', 'name', 'claimed_until']).orderBy('deal_id').orderBy('name').execute();

describe.each(backends)('claims and batches on $name', (backend) => {
  let target: BackendTarget;
  let store: Store;

  beforeAll(async () => {
    target = await backend.setup();
    store = await openStore(target.location, { pgSchema: target.pgSchema });
  });

  afterAll(async () => {
    await store?.close();
    await target?.teardown();
  });

  beforeEach(async () => {
    for (const table of ['clocks', 'handoffs', 'deals', 'events', 'messages'] as const) await store.db.deleteFrom(table).execute();
  });

  it('claims due clocks in due order with a lease; a claimed clock is skipped until its lease ends', async () => {
    const now = T0 + 10 * HOUR;
    await saveDeal(store.db, dealState('b', [clock('packet', now), clock('announcement', now - HOUR), clock('sow-send', now + 1)]), undefined, T0);
    await saveDeal(store.db, dealState('a', [clock('packet', now), clock('acknowledgement', now - 2 * HOUR, { state: 'done', doneAt: T0 })]), undefined, T0);

    const first = await timed(store, () => inTransaction(store, (tx) => claimDueClocks(tx, now, 2, LEASE)));
    expect(first.result.map(({ claimedUntil, ...c }) => c)).toEqual([
      { dealId: 'b', name: 'announcement', dueAt: now - HOUR },
      { dealId: 'a', name: 'packet', dueAt: now },
    ]);
    // One token for the whole claim, on the lease clock.
    expect(first.result[0]!.claimedUntil).toBe(first.result[1]!.claimedUntil);
    expectLease(first.result[0]!.claimedUntil, first, LEASE);
    const second = await inTransaction(store, (tx) => claimDueClocks(tx, now, 10, LEASE));
    expect(second.map((c) => `${c.dealId}/${c.name}`)).toEqual(['b/packet']);
    // A later `now` makes more clocks due; it does not end anyone's lease.
    const later = await inTransaction(store, (tx) => claimDueClocks(tx, now + LEASE + HOUR, 10, LEASE));
    expect(later.map((c) => `${c.dealId}/${c.name}`)).toEqual(['b/sow-send']);
    // The leases end (on the lease clock): a process that died holding them frees them.
    await age(store, LEASE);
    const again = await inTransaction(store, (tx) => claimDueClocks(tx, now, 10, LEASE));
    expect(again.map((c) => `${c.dealId}/${c.name}`)).toEqual(['b/announcement', 'a/packet', 'b/packet']);
  });

  it('a claim made at a `now` a day ahead lasts its lease on the database clock: a claimer a day back or two days ahead skips it until then', async () => {
    const wall = await databaseNow(store.db);
    const DAY = 24 * HOUR;
    const lease = 400;
    await saveDeal(store.db, dealState('a', [clock('packet', wall - DAY - HOUR)]), undefined, T0);
    await insertMessages(store.db, [message('m1', wall - DAY - HOUR)]);
    const ahead = await timed(store, async () => ({
      clocks: await inTransaction(store, (tx) => claimDueClocks(tx, wall + DAY, 10, lease)),
      messages: await inTransaction(store, (tx) => claimMessages(tx, wall + DAY, 10, lease)),
    }));
    expect(ahead.result.clocks).toHaveLength(1);
    expect(ahead.result.messages).toHaveLength(1);
    // Not `now + lease` (a day ahead): the lease clock's reading + the lease.
    expectLease(ahead.result.clocks[0]!.claimedUntil, ahead, lease);
    expectLease(ahead.result.messages[0]!.claimedUntil, ahead, lease);
    for (const at of [wall - DAY, wall, wall + 2 * DAY]) {
      expect(await inTransaction(store, (tx) => claimDueClocks(tx, at, 10, lease)), `clocks at ${at - wall} ms`).toEqual([]);
      expect(await inTransaction(store, (tx) => claimMessages(tx, at, 10, lease)), `messages at ${at - wall} ms`).toEqual([]);
    }
    // Once the database clock passes the lease, a claimer a day BACK takes both.
    await expect.poll(() => databaseNow(store.db), { timeout: 5000, interval: 20 }).toBeGreaterThan(ahead.result.clocks[0]!.claimedUntil);
    expect((await inTransaction(store, (tx) => claimDueClocks(tx, wall - DAY, 10, lease))).map((c) => c.name)).toEqual(['packet']);
    expect((await inTransaction(store, (tx) => claimMessages(tx, wall - DAY, 10, lease))).map((m) => m.key)).toEqual(['m1']);
  });

  it('releases only the claims that still hold its token', async () => {
    const now = T0 + 10 * HOUR;
    await saveDeal(store.db, dealState('a', [clock('packet', now), clock('announcement', now)]), undefined, T0);
    const mine = await inTransaction(store, (tx) => claimDueClocks(tx, now, 10, LEASE));
    expect(mine).toHaveLength(2);
    // Another scheduler took the announcement after our lease ended.
    await store.db
      .updateTable('clocks')
      .set({ claimed_until: mine[0]!.claimedUntil + 5 * LEASE })
      .where('name', '=', 'announcement')
      .execute();
    await releaseClocks(store.db, mine);
    expect(await claimsOf(store)).toEqual([
      { deal_id: 'a', name: 'announcement', claimed_until: mine[0]!.claimedUntil + 5 * LEASE },
      { deal_id: 'a', name: 'packet', claimed_until: null },
    ]);
    await releaseClocks(store.db, []);
  });

  it('drops a claim when the clock stops being pending or moves, keeps it otherwise', async () => {
    const now = T0 + 10 * HOUR;
    await saveDeal(store.db, dealState('a', [clock('packet', now), clock('announcement', now), clock('sow-send', now)]), undefined, T0);
    const [claim] = await inTransaction(store, (tx) => claimDueClocks(tx, now, 10, LEASE));
    const next = dealState('a', [clock('packet', now, { state: 'overdue', missedAt: now }), clock('announcement', now + HOUR), clock('sow-send', now)]);
    await saveDeal(store.db, next, 1, now);
    expect(await claimsOf(store)).toEqual([
      { deal_id: 'a', name: 'announcement', claimed_until: null },
      { deal_id: 'a', name: 'packet', claimed_until: null },
      { deal_id: 'a', name: 'sow-send', claimed_until: claim!.claimedUntil },
    ]);
  });

  it('SPEC §15 a reminder is a row claimed like a clock, at its own time; a held clock and the reminders of a clock that is done are never claimed', async () => {
    const packet = clock('packet', T0 + 2 * HOUR, { remindAt: [T0 + 90 * 60_000], reminded: 0, soonAt: T0 + 90 * 60_000 });
    const sow = clock('sow-signature', T0 + 48 * HOUR, { remindAt: [T0 + 36 * HOUR], reminded: 0, heldAt: T0 + HOUR });
    await saveDeal(store.db, dealState('a', [packet, sow]), undefined, T0);
    expect(await nextClockWakeAt(store.db)).toBe(T0 + 90 * 60_000);
    // Loaded back, the clocks carry their reminders and the hold; the reminder rows are not clocks.
    expect((await loadDeal(store.db, 'a'))?.state.handoff?.clocks).toEqual({ packet, 'sow-signature': sow });
    const claimed = await inTransaction(store, (tx) => claimDueClocks(tx, T0 + 100 * HOUR, 10, LEASE));
    expect(claimed.map((c) => c.name)).toEqual(['packet#reminder-1', 'packet']);
    await releaseClocks(store.db, claimed);
    // The packet is filed: its reminder row is void, and nothing is left to claim or wake for.
    await saveDeal(store.db, dealState('a', [{ ...packet, state: 'done', doneAt: T0 + HOUR }, sow]), 1, T0 + HOUR);
    expect(await inTransaction(store, (tx) => claimDueClocks(tx, T0 + 100 * HOUR, 10, LEASE))).toEqual([]);
    expect(await nextClockWakeAt(store.db)).toBeUndefined();
  });

  it('gives the next time to look at clocks: a due time, or the end of a lease held on a due clock', async () => {
    expect(await nextClockWakeAt(store.db)).toBeUndefined();
    await saveDeal(store.db, dealState('a', [clock('packet', T0 + HOUR), clock('announcement', T0, { state: 'done', doneAt: T0 })]), undefined, T0);
    await saveDeal(store.db, dealState('b', [clock('sow-send', T0 + 3 * HOUR)]), undefined, T0);
    expect(await nextClockWakeAt(store.db)).toBe(T0 + HOUR);
    await inTransaction(store, (tx) => claimDueClocks(tx, T0 + HOUR, 10, 5 * HOUR));
    expect(await nextClockWakeAt(store.db)).toBe(T0 + 3 * HOUR);
    const last = await timed(store, () => inTransaction(store, (tx) => claimDueClocks(tx, T0 + 3 * HOUR, 10, 60_000)));
    // Both clocks are claimed: the next look is when the shorter lease ends, on the lease clock.
    expect(await nextClockWakeAt(store.db)).toBe(last.result[0]!.claimedUntil);
    expectLease(await nextClockWakeAt(store.db), last, 60_000);
  });

  it('claims queued messages due for an attempt in id order, releases by token, and the next attempt or lease end is the next wake', async () => {
    await insertMessages(store.db, [message('k1', T0), message('k2', T0 + 10), message('k3', T0), message('k4', T0 + HOUR)]);
    expect(await nextMessageWakeAt(store.db)).toBe(T0);
    const first = await timed(store, () => inTransaction(store, (tx) => claimMessages(tx, T0 + 10, 2, LEASE)));
    const token = first.result[0]!.claimedUntil;
    expectLease(token, first, LEASE);
    expect(first.result.map((m) => [m.key, m.claimedUntil, m.state])).toEqual([
      ['k1', token, 'queued'],
      ['k2', token, 'queued'],
    ]);
    const second = await inTransaction(store, (tx) => claimMessages(tx, T0 + 10, 10, LEASE));
    expect(second.map((m) => m.key)).toEqual(['k3']);
    // The unclaimed k4 is due at T0 + 1 h, long before any lease (on the lease clock) ends.
    expect(await nextMessageWakeAt(store.db)).toBe(T0 + HOUR);

    await markMessageDelivered(store.db, first.result[0]!.id, T0 + 20, 'ts-1');
    await releaseMessages(store.db, [first.result[1]!.id], token);
    await releaseMessages(store.db, [second[0]!.id], 12345); // not its token: kept
    const rows = await store.db.selectFrom('messages').select(['key', 'claimed_until']).orderBy('id').execute();
    expect(rows).toEqual([
      { key: 'k1', claimed_until: null },
      { key: 'k2', claimed_until: null },
      { key: 'k3', claimed_until: second[0]!.claimedUntil },
      { key: 'k4', claimed_until: null },
    ]);
    expect((await inTransaction(store, (tx) => claimMessages(tx, T0 + 20, 10, LEASE))).map((m) => m.key)).toEqual(['k2']);
    expect((await listMessages(store.db)).map((m) => m.state)).toEqual(['delivered', 'queued', 'queued', 'queued']);
  });

  it('splits due clocks between two schedulers claiming at the same moment', async () => {
    const now = T0 + 10 * HOUR;
    for (let i = 0; i < 20; i++) await saveDeal(store.db, dealState(`d${String(i).padStart(2, '0')}`, [clock('packet', now - i)]), undefined, T0);
    // On PostgreSQL the first claim holds its rows locked until it commits; the second one
    // skips them (skip locked) instead of waiting. On SQLite the two run one after the other.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstClaimed!: () => void;
    const claimedOnce = new Promise<void>((resolve) => (firstClaimed = resolve));
    const a = inTransaction(store, async (tx) => {
      const claimed = await claimDueClocks(tx, now, 12, LEASE);
      firstClaimed();
      await held;
      return claimed;
    });
    await claimedOnce;
    const b = store.dialect === 'postgres' ? await inTransaction(store, (tx) => claimDueClocks(tx, now, 12, LEASE)) : undefined;
    release();
    const first = await a;
    const second = b ?? (await inTransaction(store, (tx) => claimDueClocks(tx, now, 12, LEASE)));
    expect(first).toHaveLength(12);
    expect(second).toHaveLength(8);
    const all = [...first, ...second].map((c) => c.dealId);
    expect(new Set(all).size).toBe(20);
  });

  it('writes a batch of deals at their versions; a deal changed meanwhile is left out, not an error', async () => {
    await saveDeal(store.db, dealState('a', [clock('packet', T0), clock('announcement', T0)]), undefined, T0);
    await saveDeal(store.db, dealState('b'), undefined, T0);
    await saveDeal(store.db, dealState('c'), undefined, T0);
    const loaded = await loadDeals(store.db, ['a', 'b', 'c', 'ghost', 'a']);
    expect([...loaded.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(loaded.get('a')).toEqual(await loadDeal(store.db, 'a'));

    // b moves on before the batch writes.
    const bNext = dealState('b', [clock('packet', T0 + 2 * HOUR, { state: 'done', doneAt: T0 + 1 })]);
    await saveDeal(store.db, bNext, 1, T0 + 1);

    const aAfter = dealState('a', [clock('packet', T0, { state: 'overdue', missedAt: T0 + 5 })]);
    aAfter.deal.notes = [{ at: T0 + 5, text: 'missed' }];
    const cAfter = dealState('c', [], false);
    const written = await inTransaction(store, (tx) =>
      saveDeals(
        tx,
        [
          { before: loaded.get('a')!, after: aAfter },
          { before: loaded.get('b')!, after: dealState('b', [clock('packet', T0 + 2 * HOUR, { state: 'cancelled' })]) },
          { before: loaded.get('c')!, after: cAfter },
        ],
        T0 + 5,
      ),
    );
    expect([...written].sort()).toEqual(['a', 'c']);
    expect(await loadDeal(store.db, 'a')).toEqual({ state: aAfter, version: 2, updatedAt: expect.any(Number) });
    expect(await loadDeal(store.db, 'b')).toEqual({ state: bNext, version: 2, updatedAt: expect.any(Number) });
    expect(await loadDeal(store.db, 'c')).toEqual({ state: cAfter, version: 2, updatedAt: expect.any(Number) });
    expect((await claimsOf(store)).map((c) => `${c.deal_id}/${c.name}`)).toEqual(['a/packet', 'b/packet']);
    expect(await inTransaction(store, (tx) => saveDeals(tx, [], T0))).toEqual(new Set());
  });

  it('appends the events of several deals, each deal in the order given', async () => {
    await appendManyEvents(store.db, [
      { dealId: 'a', at: T0, actor: 'baton', type: 'clock.missed', lateMs: 3, data: { name: 'packet' } },
      { dealId: 'b', at: T0, actor: 'baton', type: 'clock.missed', data: { name: 'packet' } },
      { dealId: 'a', at: T0, actor: 'baton', type: 'escalation', data: {} },
    ]);
    expect((await listEvents(store.db, 'a')).map((e) => [e.type, e.lateMs])).toEqual([
      ['clock.missed', 3],
      ['escalation', undefined],
    ]);
    expect(await listEvents(store.db, 'b')).toHaveLength(1);
  });

  it.runIf(backend.name === 'postgres')('notifies listeners of a clock on commit, not on rollback', async () => {
    const heard: (string | undefined)[] = [];
    const stop = await store.listen!(CLOCKS_CHANNEL, (payload) => heard.push(payload));
    try {
      // The first connection announces itself with undefined ("look again").
      await expect.poll(() => heard.length, { timeout: 10_000 }).toBeGreaterThan(0);
      await inTransaction(store, (tx) => notifyClockWritten(tx, T0 + 1));
      await expect(
        inTransaction(store, async (tx) => {
          await notifyClockWritten(tx, T0 + 2);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      await inTransaction(store, (tx) => notifyClockWritten(tx, T0 + 3));
      await expect.poll(() => heard.filter((p) => p !== undefined), { timeout: 10_000 }).toEqual([String(T0 + 1), String(T0 + 3)]);
    } finally {
      await stop();
    }
  });
});

describe('selecting a PostgreSQL schema in the URL', () => {
  it('reads options=-c search_path=<schema>, a single lowercase identifier only', () => {
    expect(schemaInUrl('postgres://u@h/db?options=-c%20search_path%3Dbaton_a')).toBe('baton_a');
    expect(schemaInUrl('postgres://u@h/db?options=-c%20statement_timeout%3D5s%20-c%20search_path%3Dfoo')).toBe('foo');
    expect(schemaInUrl('postgres://u@h/db')).toBeUndefined();
    expect(schemaInUrl('postgres://u@h/db?options=-c%20search_path%3Da%2Cb')).toBeUndefined();
    expect(schemaInUrl('postgres://u@h/db?options=-c%20search_path%3DBig')).toBeUndefined();
  });

  it.runIf(backends.some((b) => b.name === 'postgres'))('creates and migrates the schema the URL names, and works in it', async () => {
    const schema = freshSchemaName();
    const url = new URL(pgTestUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const store = await openStore(url.toString());
    try {
      await saveDeal(store.db, dealState('x'), undefined, T0);
      const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.id(schema, 'deals')}`.execute(store.db);
      expect(Number(rows[0]?.n)).toBe(1);
    } finally {
      await store.close();
      await dropSchema(schema);
    }
  });
});
