import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/engine/dispatcher.js';
import { tick } from '../../src/engine/tick.js';
import { listMessages } from '../../src/store/index.js';
import { filePacket, HOUR } from '../support/http.js';
import { PROSPECT_COLUMNS } from '../support/fake-monday.js';
import { columnEvent, openBoardWorld, postEvent, VERBAL_CLOSED, type BoardWorld } from '../support/board.js';

/**
 * SPEC §14 write-back: with `prospectsColumns.handoff` set, the handoff's state is written to
 * its Prospects board item through the outbox (a `handoff-state` message on the board channel,
 * the real monday.com sink, change_simple_column_value on the fake), once per change.
 */

let bw: BoardWorld | undefined;
afterEach(async () => {
  await bw?.close();
  bw = undefined;
});

const LABELS = PROSPECT_COLUMNS.find((c) => c.id === 'handoff')!.labels!;
const writes = (w: BoardWorld) => w.fake.requests.filter((r) => r.fields.includes('change_simple_column_value'));
const labelOn = (w: BoardWorld, id: string) => LABELS[(w.fake.item(id)!.columnValues.handoff as { index: number }).index];
const stateMessages = async (w: BoardWorld) => (await listMessages(w.engine.store.db)).filter((m) => m.kind === 'handoff-state');

async function closedFromBoard(w: BoardWorld, values: Record<string, unknown> = VERBAL_CLOSED): Promise<string> {
  const item = w.fake.seedItem({ board: 'prospects', name: 'Acme Analytics', columnValues: values });
  const res = await postEvent(w.world, columnEvent(w.fake, item.id, 'stage', { label: 'Closed-won' }));
  expect(res.json).toMatchObject({ ok: true, handoffStarted: true });
  return item.id;
}

describe('the handoff state on the Prospects board item', () => {
  it('is written once per change, from Packet due to Delivered, and never again for a repeat', async () => {
    bw = await openBoardWorld();
    const w = bw;
    const { world } = w;
    const id = await closedFromBoard(w);
    await dispatch(w.engine, world.now);
    expect(writes(w)).toHaveLength(1);
    expect(writes(w)[0]!.variables).toEqual({ board: w.fake.prospectsBoardId, item: id, column: 'handoff', value: 'Packet due' });
    expect(labelOn(w, id)).toBe('Packet due');

    // A repeat: the same stage again, a redelivered dispatch: nothing written.
    await world.ok('POST', `/api/deals/${id}/stage`, { as: 'cro', body: { stage: 'closed-won' } });
    await dispatch(w.engine, world.now);
    expect(writes(w)).toHaveLength(1);

    world.now += HOUR;
    await filePacket(world, id);
    await dispatch(w.engine, world.now);
    expect(labelOn(w, id)).toBe('Packet filed');

    world.now += 25 * HOUR;
    await tick(w.engine, world.now);
    expect(labelOn(w, id)).toBe('Escalated');
    // Later misses of the same acknowledgement (the ceo's escalation) change no label.
    world.now += 24 * HOUR;
    await tick(w.engine, world.now);

    await world.ok('POST', `/api/deals/${id}/ack`, { as: 'customer.success' });
    await dispatch(w.engine, world.now);
    expect(labelOn(w, id)).toBe('Acknowledged');

    await world.ok('POST', `/api/deals/${id}/sow/signed`, { as: 'cro' });
    await world.ok('POST', '/api/agents/customer.success/heartbeat', { as: 'customer.success' });
    await world.ok('POST', `/api/deals/${id}/delivery/start`, { as: 'customer.success' });
    await dispatch(w.engine, world.now);
    expect(labelOn(w, id)).toBe('In delivery');

    world.now += HOUR;
    await world.ok('POST', `/api/deals/${id}/delivery/done`, { as: 'customer.success' });
    await dispatch(w.engine, world.now);
    expect(labelOn(w, id)).toBe('Delivered');

    expect(writes(w).map((r) => r.variables!.value)).toEqual(['Packet due', 'Packet filed', 'Escalated', 'Acknowledged', 'In delivery', 'Delivered']);
    expect((await stateMessages(w)).map((m) => [m.key, m.state])).toEqual(
      ['Packet due', 'Packet filed', 'Escalated', 'Acknowledged', 'In delivery', 'Delivered'].map((l) => [`${id}/c1/board-state/${l}`, 'delivered']),
    );
    await dispatch(w.engine, world.now + HOUR);
    expect(writes(w)).toHaveLength(6);
  });

  it('leaving Closed-won on the board shows Stopped; closing again is cycle 2, Packet due again', async () => {
    bw = await openBoardWorld();
    const w = bw;
    const id = await closedFromBoard(w);
    w.fake.updateItem(id, { stage: 'Negotiation' });
    w.world.now += HOUR;
    await postEvent(w.world, columnEvent(w.fake, id, 'stage', { label: 'Negotiation' }));
    w.fake.updateItem(id, { stage: 'Closed-won' });
    w.world.now += HOUR;
    await postEvent(w.world, columnEvent(w.fake, id, 'stage', { label: 'Closed-won' }));
    await dispatch(w.engine, w.world.now);
    expect((await stateMessages(w)).map((m) => m.key)).toEqual([`${id}/c1/board-state/Packet due`, `${id}/c1/board-state/Stopped`, `${id}/c2/board-state/Packet due`]);
    expect(writes(w).map((r) => r.variables!.value)).toEqual(['Packet due', 'Stopped', 'Packet due']);
    expect(labelOn(w, id)).toBe('Packet due');
  });

  it('a 429 COMPLEXITY_BUDGET_EXHAUSTED is retried by the outbox after retry_in_seconds, and written once', async () => {
    bw = await openBoardWorld();
    const w = bw;
    const id = await closedFromBoard(w);
    w.fake.fail('change_simple_column_value', { status: 429, complexity: true, retryInSeconds: 7 });
    const t = w.world.now;
    await dispatch(w.engine, t);
    const [waiting] = await stateMessages(w);
    expect(waiting).toMatchObject({ state: 'queued', attempts: 1, nextAttemptAt: t + 7000 });
    expect(waiting!.lastError).toMatch(/COMPLEXITY_BUDGET_EXHAUSTED/);
    expect(w.fake.item(id)!.columnValues.handoff ?? null).toBeNull();

    await dispatch(w.engine, t + 6999);
    expect(writes(w)).toHaveLength(1);
    await dispatch(w.engine, t + 7000);
    expect(writes(w)).toHaveLength(2);
    expect((await stateMessages(w))[0]).toMatchObject({ state: 'delivered', attempts: 2 });
    expect(labelOn(w, id)).toBe('Packet due');
  });

  it('a 429 whose wait is in the Retry-After header only is retried at that time', async () => {
    bw = await openBoardWorld();
    const w = bw;
    await closedFromBoard(w);
    w.fake.fail('change_simple_column_value', { status: 429, code: 'MINUTE_RATE_LIMIT_EXCEEDED', retryInSeconds: 3, headerOnly: true });
    await dispatch(w.engine, w.world.now);
    expect((await stateMessages(w))[0]).toMatchObject({ state: 'queued', nextAttemptAt: w.world.now + 3000 });
  });

  it('a label the column lacks fails the message at once, naming the fix', async () => {
    bw = await openBoardWorld();
    const w = bw;
    await closedFromBoard(w);
    w.fake.fail('change_simple_column_value', { errorCode: 'ColumnValueException', message: 'label does not exist' });
    await dispatch(w.engine, w.world.now);
    const [failed] = await stateMessages(w);
    expect(failed).toMatchObject({ state: 'failed' });
    expect(failed!.lastError).toMatch(/add that label to column "handoff"/);
  });

  it('without prospectsColumns.handoff nothing is written back', async () => {
    bw = await openBoardWorld({ handoff: false });
    await closedFromBoard(bw);
    await dispatch(bw.engine, bw.world.now);
    expect(await stateMessages(bw)).toEqual([]);
    expect(writes(bw)).toEqual([]);
  });

  it('without MONDAY_API_TOKEN the built-in board accepts the state, and monday.com is not called', async () => {
    bw = await openBoardWorld({ env: { MONDAY_API_TOKEN: undefined } });
    const { world } = bw;
    await world.ok('POST', '/api/deals/4242', { as: 'cro', body: { company: 'Acme Analytics', contact: { name: 'Ana Ruiz' } } });
    await world.ok('POST', '/api/deals/4242/commit', { as: 'cro', body: { type: 'written' } });
    await world.ok('POST', '/api/deals/4242/stage', { as: 'cro', body: { stage: 'closed-won' } });
    await dispatch(bw.engine, world.now);
    expect((await stateMessages(bw)).map((m) => [m.key, m.state, m.externalId])).toEqual([['4242/c1/board-state/Packet due', 'delivered', 'builtin-board:4242']]);
    expect(bw.fake.requests).toEqual([]);
  });
});
