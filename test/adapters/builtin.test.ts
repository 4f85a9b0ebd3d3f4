import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDeliveryItem } from '../../src/store/index.js';
import { startFakeMonday, type FakeMonday } from '../support/fake-monday.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { HOUR, T0, openWorld, type World } from '../support/adapters.js';

/**
 * SPEC §12: without their tokens, Slack and monday.com are the built-in sinks. Messages and
 * the delivery item are stored and shown as delivered, and nothing goes over HTTP, even
 * with the API URLs set (they point at fakes that would record any call).
 */

let slack: FakeSlack;
let monday: FakeMonday;
let world: World | undefined;

beforeAll(async () => {
  slack = await startFakeSlack({ channels: [{ id: 'C0EXEC', name: 'exec-checkins' }] });
  monday = await startFakeMonday();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await world?.close();
  world = undefined;
});
afterAll(async () => {
  await slack.close();
  await monday.close();
});

describe('built-in sinks', () => {
  it('SPEC-12 without tokens every message and the delivery item are delivered, with no HTTP at all', async () => {
    world = await openWorld({ slackUrl: slack.url, mondayUrl: monday.url, slackToken: null, mondayToken: null });
    expect(world.engine.config.slack.botToken).toBeUndefined();
    expect(world.engine.config.monday.token).toBeUndefined();
    const fetchSpy = vi.spyOn(globalThis, 'fetch');

    const filedAt = await world.filedDeal('D-1', { company: 'Smith & <Sons>' });
    expect(await world.dispatch(filedAt)).toEqual({ delivered: 2, retrying: 0, failed: 0 });
    await world.ack('D-1', filedAt + HOUR);
    expect(await world.dispatch(filedAt + HOUR)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    // A DM owed later goes the same way.
    await world.closeDeal('D-2', { at: T0 });
    await world.fireDueClocks(T0 + 2 * HOUR);
    expect(await world.dispatch(T0 + 2 * HOUR)).toEqual({ delivered: 1, retrying: 0, failed: 0 });

    const messages = await world.messages();
    expect(messages.map((m) => [m.key, m.state])).toEqual([
      ['D-1/announcement', 'delivered'],
      ['D-1/ack-request', 'delivered'],
      ['D-1/delivery-item', 'delivered'],
      ['D-2/c1/packet-overdue', 'delivered'],
    ]);
    for (const m of messages.filter((x) => x.channel === 'slack')) expect(m.externalId).toBe(`builtin:${m.id}`);
    // `messages` shows the text as it would have been posted: escaped.
    expect(messages[0]!.text.split('\n')[0]).toBe('🟢 DEAL CLOSED — Smith &amp; &lt;Sons&gt; — Assessment™ confirmed');

    const item = await getDeliveryItem(world.engine.store.db, 'D-1');
    expect(item?.item).toMatchObject({ name: 'Assessment™ — Smith & <Sons>', customer: 'Smith & <Sons>', owner: 'customer.success' });
    expect(messages[2]!.externalId).toBe(`builtin-board:${item!.dealId}`);

    expect(fetchSpy).not.toHaveBeenCalled();
    expect(slack.calls).toHaveLength(0);
    expect(monday.requests).toHaveLength(0);
  });
});
