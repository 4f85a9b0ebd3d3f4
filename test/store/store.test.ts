import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Clock, DealState, DeliveryItem, Handoff } from '../../src/domain/types.js';
import {
  appendEvents,
  ConcurrencyError,
  claimDueClocks,
  claimMessages,
  getAgent,
  getDeliveryItem,
  inTransaction,
  recordDeliveryItem,
  insertMessages,
  listDeals,
  listEvents,
  listMessages,
  loadDeal,
  migrations,
  markMessageAttemptFailed,
  markMessageDelivered,
  nextClockWakeAt,
  openStore,
  recordActivation,
  recordHeartbeat,
  requeueMessage,
  saveDeal,
  takenPacketPaths,
  type NewMessage,
  type Store,
} from '../../src/store/index.js';
import { backends, type BackendTarget } from '../support/backends.js';

const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const HOUR = 3_600_000;

function clock(name: Clock['name'], dueAt: number, extra: Partial<Clock> = {}): Clock {
  return { name, state: 'pending', startedAt: T0, dueAt, ...extra };
}

function dealState(id: string, opts: { packetPath?: string; clocks?: Clock[]; handoff?: boolean } = {}): DealState {
  const state: DealState = {
    deal: {
      id,
      company: `Company ${id}`,
      contact: { name: 'Ada' },
      stage: 'closed-won',
      owner: 'cro',
      notes: [],
      commitment: { type: 'written', loggedAt: T0 },
    },
  };
  if (opts.handoff === false) return state;
  const clocks: Handoff['clocks'] = {};
  for (const c of opts.clocks ?? [clock('packet', T0 + 2 * HOUR)]) clocks[c.name] = c;
  state.handoff = {
    cycle: 1,
    t0: T0,
    closeDate: '2026-01-01',
    policyVersion: 'sop-1',
    state: 'awaiting-packet',
    packetPath: opts.packetPath ?? `handoffs/${id}.md`,
    clocks,
  };
  return state;
}

function message(key: string, dealId: string, createdAt: number): NewMessage {
  return {
    key,
    dealId,
    kind: 'announcement',
    channel: 'slack',
    recipient: '#handoffs',
    text: `text for ${key}`,
    payload: { blocks: [{ type: 'section', text: key }] },
    createdAt,
  };
}

async function clear(store: Store): Promise<void> {
  for (const table of ['clocks', 'handoffs', 'deals', 'events', 'messages', 'delivery_items', 'agents'] as const) {
    await store.db.deleteFrom(table).execute();
  }
}

describe.each(backends)('store on $name', (backend) => {
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

  beforeEach(() => clear(store));

  it('opens on the right dialect and migrates idempotently (open twice)', async () => {
    expect(store.dialect).toBe(backend.name);
    await saveDeal(store.db, dealState('d1'), undefined, T0);
    const again = await openStore(target.location, { pgSchema: target.pgSchema });
    try {
      expect(again.dialect).toBe(backend.name);
      expect((await loadDeal(again.db, 'd1'))?.version).toBe(1);
      const applied = await again.db
        .withSchema(target.pgSchema ?? 'main')
        .selectFrom('kysely_migration' as never)
        .select('name' as never)
        .execute();
      expect(applied).toEqual(Object.keys(migrations).map((name) => ({ name })));
    } finally {
      await again.close();
    }
  });

  it('saves and loads a deal with its handoff and clocks; optional fields stay absent', async () => {
    const state = dealState('d1', {
      clocks: [
        clock('packet', T0 + 2 * HOUR, { state: 'done', doneAt: T0 + HOUR }),
        clock('acknowledgement', T0 + 24 * HOUR, { state: 'overdue', missedAt: T0 + 24 * HOUR }),
        clock('sow-send', T0 + 48 * HOUR),
      ],
    });
    expect(await saveDeal(store.db, state, undefined, T0)).toBe(1);
    const loaded = await loadDeal(store.db, 'd1');
    expect(loaded).toEqual({ state, version: 1, updatedAt: T0 });
    const { deal, handoff } = loaded!.state;
    expect('origin' in deal).toBe(false);
    expect('sowSentAt' in deal).toBe(false);
    expect('packet' in handoff!).toBe(false);
    expect('acknowledgedAt' in handoff!).toBe(false);
    expect(Object.keys(handoff!.clocks).sort()).toEqual(['acknowledgement', 'packet', 'sow-send']);
    expect('missedAt' in handoff!.clocks.packet!).toBe(false);
    expect('doneAt' in handoff!.clocks['sow-send']!).toBe(false);
    expect(handoff!.clocks.acknowledgement).toEqual(clock('acknowledgement', T0 + 24 * HOUR, { state: 'overdue', missedAt: T0 + 24 * HOUR }));

    const dealOnly = dealState('d2', { handoff: false });
    await saveDeal(store.db, dealOnly, undefined, T0);
    expect(await loadDeal(store.db, 'd2')).toEqual({ state: dealOnly, version: 1, updatedAt: T0 });
    expect('handoff' in (await loadDeal(store.db, 'd2'))!.state).toBe(false);
    expect(await loadDeal(store.db, 'unknown')).toBeUndefined();
  });

  it('updates with the expected version and refuses a stale one or a duplicate insert', async () => {
    const state = dealState('d1');
    await saveDeal(store.db, state, undefined, T0);
    await expect(saveDeal(store.db, state, undefined, T0)).rejects.toBeInstanceOf(ConcurrencyError);

    const next: DealState = { ...state, deal: { ...state.deal, notes: [{ at: T0 + 1, text: 'hello' }] } };
    expect(await saveDeal(store.db, next, 1, T0 + 1)).toBe(2);
    await expect(saveDeal(store.db, state, 1, T0 + 2)).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await loadDeal(store.db, 'd1')).toEqual({ state: next, version: 2, updatedAt: T0 + 1 });
    await expect(saveDeal(store.db, dealState('ghost'), 1, T0)).rejects.toBeInstanceOf(ConcurrencyError);
  });

  it('makes the clock rows mirror the state: dropped clocks are deleted, changed ones updated', async () => {
    await saveDeal(store.db, dealState('d1', { clocks: [clock('packet', T0 + HOUR), clock('announcement', T0 + 2 * HOUR)] }), undefined, T0);
    const next = dealState('d1', { clocks: [clock('packet', T0 + HOUR, { state: 'done', doneAt: T0 + 10 })] });
    await saveDeal(store.db, next, 1, T0 + 10);
    expect((await loadDeal(store.db, 'd1'))?.state).toEqual(next);
    expect(await nextClockWakeAt(store.db)).toBeUndefined();
  });

  it('lists deals by creation time, with handoffs and clocks, in pages', async () => {
    await saveDeal(store.db, dealState('b', { clocks: [clock('packet', T0 + HOUR)] }), undefined, T0 + 1);
    await saveDeal(store.db, dealState('a', { handoff: false }), undefined, T0 + 1);
    await saveDeal(store.db, dealState('c', { clocks: [] }), undefined, T0);
    const all = await listDeals(store.db);
    expect(all.map((d) => d.state.deal.id)).toEqual(['c', 'a', 'b']);
    expect(all[2]).toEqual({ state: dealState('b', { clocks: [clock('packet', T0 + HOUR)] }), version: 1, updatedAt: expect.any(Number) });
    expect(all[1]?.state.handoff).toBeUndefined();
    expect(all[0]?.state.handoff?.clocks).toEqual({});
    expect((await listDeals(store.db, { limit: 2 })).map((d) => d.state.deal.id)).toEqual(['c', 'a']);
    expect((await listDeals(store.db, { offset: 1 })).map((d) => d.state.deal.id)).toEqual(['a', 'b']);
    expect((await listDeals(store.db, { limit: 1, offset: 2 })).map((d) => d.state.deal.id)).toEqual(['b']);
  });

  it('finds due clocks: due_at == now included, now - 1 excluded, ordered by due_at, deal, name', async () => {
    const now = T0 + 10 * HOUR;
    await saveDeal(
      store.db,
      dealState('b', {
        clocks: [clock('packet', now), clock('announcement', now - HOUR), clock('sow-send', now + 1)],
      }),
      undefined,
      T0,
    );
    await saveDeal(
      store.db,
      dealState('a', {
        clocks: [clock('packet', now), clock('acknowledgement', now - 2 * HOUR, { state: 'done', doneAt: T0 }), clock('delivery', now - 3 * HOUR, { state: 'cancelled' })],
      }),
      undefined,
      T0,
    );
    const due = (at: number, limit: number) =>
      inTransaction(store, (tx) => claimDueClocks(tx, at, limit, HOUR)).then((cs) => cs.map((c) => ({ dealId: c.dealId, name: c.name, dueAt: c.dueAt })));
    expect(await due(now - HOUR - 1, 10)).toEqual([]);
    expect(await due(now - 1, 10)).toEqual([{ dealId: 'b', name: 'announcement', dueAt: now - HOUR }]);
    expect(await due(now, 1)).toEqual([{ dealId: 'a', name: 'packet', dueAt: now }]);
    expect(await due(now, 10)).toEqual([{ dealId: 'b', name: 'packet', dueAt: now }]);
  });

  it('gives the next due time of a pending clock, overdue or not', async () => {
    expect(await nextClockWakeAt(store.db)).toBeUndefined();
    await saveDeal(
      store.db,
      dealState('a', {
        clocks: [clock('packet', T0 + 5 * HOUR), clock('announcement', T0 + HOUR, { state: 'done', doneAt: T0 })],
      }),
      undefined,
      T0,
    );
    await saveDeal(store.db, dealState('b', { clocks: [clock('sow-send', T0 + 3 * HOUR)] }), undefined, T0);
    const due = await nextClockWakeAt(store.db);
    expect(due).toBe(T0 + 3 * HOUR);
    expect(typeof due).toBe('number');
  });

  it('queues a message key once, delivers it, and finds only due queued ones in id order', async () => {
    expect(await insertMessages(store.db, [message('k1', 'd1', T0), message('k1', 'd1', T0)])).toBe(1);
    expect(await insertMessages(store.db, [message('k1', 'd1', T0 + 5), message('k2', 'd2', T0 + 10)])).toBe(1);
    expect(await insertMessages(store.db, [])).toBe(0);
    const [first, second] = await listMessages(store.db);
    expect(await listMessages(store.db)).toHaveLength(2);
    expect(first).toEqual({
      id: first!.id,
      key: 'k1',
      dealId: 'd1',
      kind: 'announcement',
      channel: 'slack',
      recipient: '#handoffs',
      text: 'text for k1',
      payload: { blocks: [{ type: 'section', text: 'k1' }] },
      state: 'queued',
      attempts: 0,
      nextAttemptAt: T0,
      createdAt: T0,
    });
    expect(typeof first!.id).toBe('number');
    expect(second!.id).toBeGreaterThan(first!.id);
    expect((await listMessages(store.db, { dealId: 'd2' })).map((m) => m.key)).toEqual(['k2']);

    const claim = (at: number, limit: number) => inTransaction(store, (tx) => claimMessages(tx, at, limit, HOUR)).then((ms) => ms.map((m) => m.key));
    expect(await claim(T0 + 9, 10)).toEqual(['k1']);
    expect(await claim(T0 + 10, 10)).toEqual(['k2']);

    await markMessageDelivered(store.db, first!.id, T0 + 20, 'ts-123');
    await markMessageDelivered(store.db, second!.id, T0 + 21);
    const [delivered, plain] = await listMessages(store.db);
    expect(delivered).toMatchObject({ state: 'delivered', deliveredAt: T0 + 20, externalId: 'ts-123', attempts: 1 });
    expect('externalId' in plain!).toBe(false);
    expect(await claim(T0 + HOUR, 10)).toEqual([]);
  });

  it('retries a failed attempt later, parks a failed message, and requeues it once', async () => {
    await insertMessages(store.db, [message('k1', 'd1', T0)]);
    const [queued] = await listMessages(store.db);
    const id = queued!.id;

    await markMessageAttemptFailed(store.db, id, { error: 'HTTP 500', nextAttemptAt: T0 + 1000, failed: false });
    expect((await listMessages(store.db))[0]).toMatchObject({ state: 'queued', attempts: 1, lastError: 'HTTP 500', nextAttemptAt: T0 + 1000 });
    const claim = (at: number) => inTransaction(store, (tx) => claimMessages(tx, at, 10, 1)).then((ms) => ms.map((m) => m.id));
    expect(await claim(T0 + 999)).toEqual([]);
    expect(await claim(T0 + 1000)).toEqual([id]);

    expect(await requeueMessage(store.db, id, T0 + 1500)).toBe(false);
    await markMessageAttemptFailed(store.db, id, { error: 'channel_not_found', nextAttemptAt: T0 + 2000, failed: true });
    expect((await listMessages(store.db))[0]).toMatchObject({ state: 'failed', attempts: 2, lastError: 'channel_not_found' });
    expect(await claim(T0 + HOUR)).toEqual([]);

    expect(await requeueMessage(store.db, id, T0 + 3000)).toBe(true);
    expect((await listMessages(store.db))[0]).toMatchObject({ state: 'queued', attempts: 0, nextAttemptAt: T0 + 3000 });
    expect(await requeueMessage(store.db, id, T0 + 3001)).toBe(false);
    expect(await requeueMessage(store.db, id + 1000, T0 + 3001)).toBe(false);
    expect(await claim(T0 + 3000)).toEqual([id]);
  });

  it('keeps the latest heartbeat and records activations', async () => {
    expect(await getAgent(store.db, 'cro')).toBeUndefined();
    await recordHeartbeat(store.db, 'cro', T0 + 100);
    expect(await getAgent(store.db, 'cro')).toEqual({ role: 'cro', lastHeartbeatAt: T0 + 100 });
    await recordHeartbeat(store.db, 'cro', T0 + 50);
    expect((await getAgent(store.db, 'cro'))?.lastHeartbeatAt).toBe(T0 + 100);
    await recordHeartbeat(store.db, 'cro', T0 + 200);
    expect((await getAgent(store.db, 'cro'))?.lastHeartbeatAt).toBe(T0 + 200);

    await recordActivation(store.db, 'ceo', T0, 'sop.manager');
    expect(await getAgent(store.db, 'ceo')).toEqual({ role: 'ceo', activatedAt: T0, activatedBy: 'sop.manager' });
    await recordHeartbeat(store.db, 'ceo', T0 + 1);
    await recordActivation(store.db, 'ceo', T0 + 2, 'chief.staff');
    expect(await getAgent(store.db, 'ceo')).toEqual({
      role: 'ceo',
      lastHeartbeatAt: T0 + 1,
      activatedAt: T0 + 2,
      activatedBy: 'chief.staff',
    });
  });

  it('records the delivery item as the board holds it: one row per deal, replaced by a revision', async () => {
    const item: DeliveryItem = {
      name: 'Acme onboarding',
      customer: 'Acme',
      windowStart: '2026-01-05',
      windowEnd: '2026-02-05',
      owner: 'customer.success',
      milestones: [{ name: 'Kickoff', date: '2026-01-06' }],
    };
    expect(await getDeliveryItem(store.db, 'd1')).toBeUndefined();
    await recordDeliveryItem(store.db, 'd1', item, 'monday-1', T0);
    const first = await getDeliveryItem(store.db, 'd1');
    expect(first).toEqual({ id: first!.id, dealId: 'd1', item, externalId: 'monday-1', createdAt: T0 });
    const revised = { ...item, windowEnd: '2026-02-01', milestones: [{ name: 'Kickoff', date: '2026-01-07' }] };
    await recordDeliveryItem(store.db, 'd1', revised, 'monday-1', T0 + 1);
    expect(await getDeliveryItem(store.db, 'd1')).toEqual({ id: first!.id, dealId: 'd1', item: revised, externalId: 'monday-1', createdAt: T0 });
    await recordDeliveryItem(store.db, 'd2', item, undefined, T0);
    expect('externalId' in (await getDeliveryItem(store.db, 'd2'))!).toBe(false);
  });

  it('lists taken packet paths by literal prefix, with _ and % and - taken as themselves', async () => {
    const paths = ['handoffs/a_b-co.md', 'handoffs/a_b-co-2.md', 'handoffs/axb-co.md', 'handoffs/a%c.md', 'handoffs/abc%.md', 'handoffs/A_B-co.md', 'handoffs/a\\b.md'];
    for (const [i, path] of paths.entries()) {
      await saveDeal(store.db, dealState(`d${i}`, { packetPath: path, clocks: [] }), undefined, T0);
    }
    expect(await takenPacketPaths(store.db, 'handoffs/a_b-co')).toEqual(['handoffs/a_b-co-2.md', 'handoffs/a_b-co.md']);
    expect(await takenPacketPaths(store.db, 'handoffs/a%')).toEqual(['handoffs/a%c.md']);
    expect(await takenPacketPaths(store.db, 'handoffs/a\\')).toEqual(['handoffs/a\\b.md']);
    expect(await takenPacketPaths(store.db, 'handoffs/zz')).toEqual([]);
    expect(await takenPacketPaths(store.db, 'handoffs/')).toHaveLength(paths.length);
  });

  it('refuses a packet path another deal holds, as a concurrency conflict', async () => {
    await saveDeal(store.db, dealState('d1', { packetPath: 'handoffs/acme.md' }), undefined, T0);
    await expect(inTransaction(store, (tx) => saveDeal(tx, dealState('d2', { packetPath: 'handoffs/acme.md' }), undefined, T0))).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await loadDeal(store.db, 'd2')).toBeUndefined();
  });

  it('reads events back in the order they were appended', async () => {
    await appendEvents(store.db, 'd1', [
      { at: T0 + 5, actor: 'cro', type: 'packet-filed', data: { revision: 1 } },
      { at: T0 + 1, actor: 'baton', type: 'clock-missed', lateMs: 0, data: { clock: 'packet' } },
    ]);
    await appendEvents(store.db, 'd2', [{ at: T0, actor: 'baton', type: 'other', data: null }]);
    await appendEvents(store.db, 'd1', [{ at: T0, actor: 'ceo', type: 'acknowledged', lateMs: 1234, data: undefined }]);
    await appendEvents(store.db, 'd1', []);
    const events = await listEvents(store.db, 'd1');
    expect(events.map((e) => e.type)).toEqual(['packet-filed', 'clock-missed', 'acknowledged']);
    expect(events[0]).toEqual({ id: events[0]!.id, dealId: 'd1', at: T0 + 5, actor: 'cro', type: 'packet-filed', data: { revision: 1 } });
    expect('lateMs' in events[0]!).toBe(false);
    expect(events[1]?.lateMs).toBe(0);
    expect(events[2]).toMatchObject({ lateMs: 1234, data: null });
    expect(typeof events[0]!.id).toBe('number');
    expect(events[0]!.id).toBeLessThan(events[1]!.id);
    expect(events[1]!.id).toBeLessThan(events[2]!.id);
    expect(await listEvents(store.db, 'none')).toEqual([]);
  });

  it('rolls the whole transaction back when fn throws', async () => {
    const boom = new Error('boom');
    await expect(
      inTransaction(store, async (tx) => {
        await saveDeal(tx, dealState('d1'), undefined, T0);
        await appendEvents(tx, 'd1', [{ at: T0, actor: 'cro', type: 'closed', data: {} }]);
        await insertMessages(tx, [message('k1', 'd1', T0)]);
        await recordHeartbeat(tx, 'cro', T0);
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await loadDeal(store.db, 'd1')).toBeUndefined();
    expect(await listEvents(store.db, 'd1')).toEqual([]);
    expect(await listMessages(store.db)).toEqual([]);
    expect(await getAgent(store.db, 'cro')).toBeUndefined();
    expect(await nextClockWakeAt(store.db)).toBeUndefined();
  });

  it('commits and returns what fn returns; retries fn on ConcurrencyError', async () => {
    let attempts = 0;
    const version = await inTransaction(store, async (tx) => {
      attempts++;
      await appendEvents(tx, 'd1', [{ at: T0, actor: 'cro', type: `attempt-${attempts}`, data: {} }]);
      if (attempts === 1) throw new ConcurrencyError('first try loses');
      return saveDeal(tx, dealState('d1'), undefined, T0);
    });
    expect(version).toBe(1);
    expect(attempts).toBe(2);
    expect((await listEvents(store.db, 'd1')).map((e) => e.type)).toEqual(['attempt-2']);

    let forever = 0;
    await expect(
      inTransaction(store, async () => {
        forever++;
        throw new ConcurrencyError('always');
      }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(forever).toBeGreaterThan(1);
  });

  it('applies two concurrent read-modify-write commands, retrying the one that lost', async () => {
    await saveDeal(store.db, dealState('d1'), undefined, T0);
    let attempts = 0;
    // On PostgreSQL both commands read version 1 before either writes, so one must lose and
    // retry. SQLite runs them one after the other (one connection, BEGIN IMMEDIATE).
    const bothRead = barrier(store.dialect === 'postgres' ? 2 : 0);
    const addNote = (text: string, at: number) =>
      inTransaction(store, async (tx) => {
        attempts++;
        const loaded = (await loadDeal(tx, 'd1'))!;
        await bothRead.arrive(text);
        const { deal } = loaded.state;
        const next: DealState = { ...loaded.state, deal: { ...deal, notes: [...deal.notes, { at, text }] } };
        return saveDeal(tx, next, loaded.version, at);
      });
    const versions = await Promise.all([addNote('first', T0 + 1), addNote('second', T0 + 2)]);
    expect(versions.sort()).toEqual([2, 3]);
    const loaded = await loadDeal(store.db, 'd1');
    expect(loaded?.version).toBe(3);
    expect(loaded?.state.deal.notes.map((n) => n.text).sort()).toEqual(['first', 'second']);
    expect(attempts).toBe(store.dialect === 'postgres' ? 3 : 2);
  });
});

/** Holds the first `parties` distinct callers until all have arrived; later calls pass. */
function barrier(parties: number): { arrive(who: string): Promise<void> } {
  const seen = new Set<string>();
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  if (parties === 0) open();
  return {
    async arrive(who) {
      if (seen.has(who)) return;
      seen.add(who);
      if (seen.size >= parties) open();
      await opened;
    },
  };
}
