import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/config.js';
import { backoffMs, dispatch } from '../../src/engine/dispatcher.js';
import { closeEngine, openEngine } from '../../src/engine/engine.js';
import { claimMessages, inTransaction, markMessageInFlight, requeueMessage } from '../../src/store/index.js';
import { startFakeSlack, type FakeSlack, type SlackCall, type SlackMessage } from '../support/fake-slack.js';
import { CHANNEL_ID, CRO_SLACK, CS_SLACK, HOUR, MINUTE, SECOND, SLACK_TOKEN, T0, openWorld, type World } from '../support/adapters.js';

/**
 * SPEC §5 through the REAL @slack/web-api WebClient: Baton's engine on a temp SQLite file
 * queues the messages (commands run with `execute` at injected times), `dispatch` delivers
 * them through `slackSink` to a fake Slack on 127.0.0.1, and the tests check what arrived
 * there, how many times, and when the outbox tries again.
 */

let slack: FakeSlack;
let world: World | undefined;

beforeAll(async () => {
  slack = await startFakeSlack({
    channels: [
      { id: CHANNEL_ID, name: 'exec-checkins' },
      { id: 'C0GENERAL', name: 'general' },
    ],
    knownUsers: [CRO_SLACK, CS_SLACK, 'U0COS', 'U0CEO'],
    token: SLACK_TOKEN,
    strictChannels: true,
  });
});
afterEach(async () => {
  await world?.close();
  world = undefined;
  slack.reset();
});
afterAll(() => slack.close());

async function open(env: Record<string, string> = {}): Promise<World> {
  world = await openWorld({ slackUrl: slack.url, env });
  return world;
}

const ANNOUNCEMENT = 'D-1/announcement';
const ACK_REQUEST = 'D-1/ack-request';

/** The posts that carry this message key in their metadata. */
const postsWithKey = (key: string): SlackMessage[] => slack.posts().filter((p) => p.metadata?.event_payload.key === key);
const callsOf = (method: string, from = 0): SlackCall[] => slack.calls.slice(from).filter((c) => c.method === method);

describe('Slack: what arrives, through the real WebClient', () => {
  it('SPEC-5 the announcement arrives in #exec-checkins byte-exact, with the message key in its metadata', async () => {
    const w = await open();
    const filedAt = await w.filedDeal('D-1');
    expect(await w.dispatch(filedAt)).toEqual({ delivered: 2, retrying: 0, failed: 0 });

    // #exec-checkins is resolved to its id through conversations.list.
    expect(callsOf('conversations.list')).toHaveLength(1);
    const [post] = postsWithKey(ANNOUNCEMENT);
    expect(postsWithKey(ANNOUNCEMENT)).toHaveLength(1);
    expect(post!.channel).toBe(CHANNEL_ID);
    expect(post!.text).toBe('🟢 DEAL CLOSED — Acme Analytics — Assessment™ confirmed\nHandoff packet filed → customer.success\nSOW status: Signed');
    expect(post!.metadata).toEqual({
      event_type: 'baton_message',
      event_payload: { key: ANNOUNCEMENT, deal_id: 'D-1', kind: 'announcement' },
    });
    expect(post!.body).not.toHaveProperty('blocks');
    expect(post!.body).not.toHaveProperty('link_names');
    expect(post!.body).not.toHaveProperty('parse');
    const postCall = callsOf('chat.postMessage')[0]!;
    expect(postCall.headers.authorization).toBe(`Bearer ${SLACK_TOKEN}`);

    const stored = await w.message(ANNOUNCEMENT);
    expect(stored).toMatchObject({ state: 'delivered', attempts: 1, deliveredAt: filedAt, externalId: `${CHANNEL_ID}/${post!.ts}` });
    // `messages` shows the text exactly as delivered.
    expect(stored.text).toBe(post!.text);
    // Every post carries its message's key, and every key was posted once.
    const all = await w.messages();
    expect(slack.posts().map((p) => p.metadata?.event_payload.key)).toEqual(all.map((m) => m.key));
    for (const p of slack.posts()) expect(p.text).toBe(all.find((m) => m.key === p.metadata?.event_payload.key)!.text);
  });

  it('SPEC-5 while the SOW is unsigned, the announcement says Pending with the expected date', async () => {
    const w = await open();
    const filedAt = await w.filedDeal('D-1', { commitment: 'verbal' });
    await w.dispatch(filedAt);
    expect(postsWithKey(ANNOUNCEMENT).map((p) => p.text)).toEqual([
      '🟢 DEAL CLOSED — Acme Analytics — Assessment™ confirmed\nHandoff packet filed → customer.success\nSOW status: Pending — expected 2026-12-01',
    ]);
  });

  it('SPEC-5 a DM to cro goes through conversations.open and lands in the D channel it returns', async () => {
    const w = await open();
    await w.closeDeal('D-1'); // no packet filed: the packet clock falls due at T0 + 2 h
    expect((await w.fireDueClocks(T0 + 2 * HOUR)).fired).toBeGreaterThan(0);
    await w.dispatch(T0 + 2 * HOUR);

    const key = 'D-1/c1/packet-overdue';
    const open_ = callsOf('conversations.open');
    expect(open_.map((c) => c.body.users)).toEqual([CRO_SLACK]);
    const [dm] = postsWithKey(key);
    expect(postsWithKey(key)).toHaveLength(1);
    expect(dm!.channel).toBe(slack.dmChannelFor(CRO_SLACK));
    expect(dm!.channel).toMatch(/^D/);
    expect(callsOf('chat.postMessage').find((c) => c.body.channel === dm!.channel)!.at).toBeGreaterThanOrEqual(open_[0]!.at);
    expect(dm!.text).toContain('Acme Analytics');
    expect(dm!.text).toContain('operations/handoffs/assessment-acme-analytics-2026-11-26.md');
    expect(await w.message(key)).toMatchObject({ state: 'delivered', recipient: 'cro', externalId: `${dm!.channel}/${dm!.ts}` });
  });

  it('SPEC-5 &, < and > in a company name arrive escaped, and @channel arrives defanged', async () => {
    const w = await open();
    const filedAt = await w.filedDeal('D-1', { company: 'Smith & <Sons> @channel <!here>' });
    await w.dispatch(filedAt);

    const [post] = postsWithKey(ANNOUNCEMENT);
    expect(post!.text!.split('\n')[0]).toBe('🟢 DEAL CLOSED — Smith &amp; &lt;Sons&gt; @\u200bchannel &lt;!here&gt; — Assessment™ confirmed');
    for (const p of slack.posts()) {
      expect(p.text).not.toMatch(/[<>]/);
      expect(p.text).not.toMatch(/@channel|@here/);
      expect(p.text).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
    // The Acknowledge message's block text is the same escaped text, kept verbatim.
    const [dm] = postsWithKey(ACK_REQUEST);
    const section = (dm!.blocks as { type: string; text?: { text: string; verbatim?: boolean } }[])[0]!;
    expect(section.text).toEqual({ type: 'mrkdwn', text: dm!.text, verbatim: true });
  });

  it('SOP-4.4 the ack-request DM to customer.success carries an Acknowledge button (baton_ack, value = deal id)', async () => {
    const w = await open();
    const filedAt = await w.filedDeal('D-7');
    await w.dispatch(filedAt);

    const [dm] = postsWithKey('D-7/ack-request');
    expect(dm!.channel).toBe(slack.dmChannelFor(CS_SLACK));
    expect(dm!.text).toContain('baton ack D-7 --as customer.success');
    const actions = (dm!.blocks as { type: string; elements?: unknown[] }[]).find((b) => b.type === 'actions');
    expect(actions!.elements).toEqual([
      expect.objectContaining({
        type: 'button',
        action_id: 'baton_ack',
        value: 'D-7',
        text: { type: 'plain_text', text: 'Acknowledge' },
      }),
    ]);
    // The announcement has no button.
    expect(postsWithKey('D-7/announcement')[0]!.blocks).toBeUndefined();
  });
});

describe('Slack: failures, retries and the outbox', () => {
  it('SPEC-5 a 429 with Retry-After 7 keeps the message queued until at least now + 7 s, then delivers it once', async () => {
    const w = await open();
    const filedAt = await w.filedDeal('D-1');
    slack.fail('chat.postMessage', { status: 429, retryAfter: 7 });
    expect(await w.dispatch(filedAt)).toEqual({ delivered: 1, retrying: 1, failed: 0 });

    const waiting = await w.message(ANNOUNCEMENT);
    expect(waiting).toMatchObject({ state: 'queued', attempts: 1 });
    expect(waiting.lastError).toMatch(/rate limit.*7 s/i);
    expect(waiting.nextAttemptAt).toBeGreaterThanOrEqual(filedAt + 7 * SECOND);
    // Definitely not posted: no history lookup is needed next time.
    expect(waiting.inFlightAt).toBeUndefined();
    expect(postsWithKey(ANNOUNCEMENT)).toHaveLength(0);

    const before = slack.calls.length;
    expect(await w.dispatch(filedAt + 7 * SECOND - 1)).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect(await w.dispatch(waiting.nextAttemptAt - 1)).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect(slack.calls.length).toBe(before);

    expect(await w.dispatch(waiting.nextAttemptAt)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(postsWithKey(ANNOUNCEMENT)).toHaveLength(1);
    expect(callsOf('conversations.history')).toHaveLength(0);
    expect(await w.message(ANNOUNCEMENT)).toMatchObject({ state: 'delivered', attempts: 2, deliveredAt: waiting.nextAttemptAt });
  });

  it('SPEC-5 a Retry-After longer than the backoff sets the next attempt exactly', async () => {
    const w = await open();
    const filedAt = await w.filedDeal('D-1');
    slack.fail('chat.postMessage', { status: 429, retryAfter: 600 });
    await w.dispatch(filedAt);
    const waiting = await w.message(ANNOUNCEMENT);
    expect(waiting.nextAttemptAt).toBe(filedAt + 600 * SECOND);
    expect(await w.dispatch(filedAt + 600 * SECOND - 1)).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect(await w.dispatch(filedAt + 600 * SECOND)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(postsWithKey(ANNOUNCEMENT)).toHaveLength(1);
  });

  it('SPEC-5 an HTTP 500 is retried later with backoff, and the retry posts once', async () => {
    const w = await open();
    const filedAt = await w.filedDeal('D-1');
    slack.fail('chat.postMessage', { status: 500 });
    expect(await w.dispatch(filedAt)).toEqual({ delivered: 1, retrying: 1, failed: 0 });

    const waiting = await w.message(ANNOUNCEMENT);
    expect(waiting).toMatchObject({ state: 'queued', attempts: 1, lastError: 'Slack HTTP 500' });
    expect(waiting.nextAttemptAt).toBeGreaterThanOrEqual(filedAt + 30 * SECOND);
    expect(waiting.nextAttemptAt).toBeLessThanOrEqual(filedAt + MINUTE);

    const from = slack.calls.length;
    expect(await w.dispatch(waiting.nextAttemptAt)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    // A 500 may have acted: the retry looked first, found nothing, then posted.
    expect(callsOf('conversations.history', from)).toHaveLength(1);
    expect(postsWithKey(ANNOUNCEMENT)).toHaveLength(1);
  });

  it('SPEC-5 ok:false channel_not_found fails at once with the reason; requeued, it is delivered once the fault is gone', async () => {
    const w = await open();
    const filedAt = await w.filedDeal('D-1');
    slack.fail('chat.postMessage', { okFalse: 'channel_not_found' });
    expect(await w.dispatch(filedAt)).toEqual({ delivered: 1, retrying: 0, failed: 1 });

    const failed = await w.message(ANNOUNCEMENT);
    expect(failed).toMatchObject({ state: 'failed', attempts: 1 });
    expect(failed.lastError).toContain('channel_not_found');
    expect(failed.inFlightAt).toBeUndefined();
    // Failed messages are not retried by themselves.
    const before = slack.calls.length;
    expect(await w.dispatch(filedAt + 24 * HOUR)).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect(slack.calls.length).toBe(before);

    const later = filedAt + 25 * HOUR;
    expect(await requeueMessage(w.engine.store.db, failed.id, later)).toBe(true);
    expect(await w.dispatch(later)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(postsWithKey(ANNOUNCEMENT)).toHaveLength(1);
    expect(postsWithKey(ANNOUNCEMENT)[0]!.channel).toBe(CHANNEL_ID);
    expect(await w.message(ANNOUNCEMENT)).toMatchObject({ state: 'delivered', deliveredAt: later });
  });

  it('SPEC-5 a channel recreated under the same name is resolved again once its old id answers channel_not_found', async () => {
    // A Slack of its own: the test replaces #exec-checkins by a new channel with a new id.
    const channels = [{ id: 'C0OLDEXEC', name: 'exec-checkins' }];
    const own = await startFakeSlack({ channels, knownUsers: [CS_SLACK], strictChannels: true });
    const w = await openWorld({ slackUrl: own.url });
    try {
      const filedAt = await w.filedDeal('D-1');
      await w.dispatch(filedAt);
      expect(own.messagesIn('C0OLDEXEC')).toHaveLength(1);

      await w.filedDeal('D-2');
      channels[0] = { id: 'C0NEWEXEC', name: 'exec-checkins' };
      own.reset(); // the fake re-reads its channels: C0OLDEXEC is gone, and so is the opened DM
      const at = filedAt + HOUR;
      expect(await w.dispatch(at)).toEqual({ delivered: 0, retrying: 0, failed: 2 });
      for (const key of ['D-2/announcement', 'D-2/ack-request']) {
        const failed = await w.message(key);
        expect(failed.lastError).toContain('channel_not_found');
        await requeueMessage(w.engine.store.db, failed.id, at + MINUTE);
      }

      expect(await w.dispatch(at + MINUTE)).toEqual({ delivered: 2, retrying: 0, failed: 0 });
      // Both targets were resolved again: the channel by name, the DM by conversations.open.
      expect(own.calls.filter((c) => c.method === 'conversations.list')).toHaveLength(1);
      expect(own.calls.filter((c) => c.method === 'conversations.open')).toHaveLength(1);
      expect(own.messagesIn('C0NEWEXEC').map((p) => p.metadata?.event_payload.key)).toEqual(['D-2/announcement']);
      expect(own.messagesIn(own.dmChannelFor(CS_SLACK)).map((p) => p.metadata?.event_payload.key)).toEqual(['D-2/ack-request']);
    } finally {
      await w.close();
      await own.close();
    }
  });

  it('SPEC-5 after 12 failed attempts, spaced by capped exponential backoff, the message is failed', async () => {
    const w = await open();
    await w.closeDeal('D-1'); // no packet: at T0 + 2 h the cro is owed a DM
    // Every attempt fails (here at conversations.open, before any post: no pacing wait).
    slack.fail('conversations.open', { status: 503 }, 12);
    let now = T0 + 2 * HOUR;
    await w.fireDueClocks(now);
    const key = 'D-1/c1/packet-overdue';
    const { maxAttempts } = w.engine.config.policy.delivery;
    expect(maxAttempts).toBe(12);
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const report = await w.dispatch(now);
      const m = await w.message(key);
      expect(m.attempts).toBe(attempt);
      if (attempt < maxAttempts) {
        expect(report).toEqual({ delivered: 0, retrying: 1, failed: 0 });
        expect(m.state).toBe('queued');
        // Backoff: between half and all of min(8 h, 1 min × 2^(attempt-1)).
        const ceiling = backoffMs(attempt, w.engine.config.policy, () => 1);
        expect(m.nextAttemptAt - now).toBeGreaterThanOrEqual(ceiling / 2);
        expect(m.nextAttemptAt - now).toBeLessThanOrEqual(ceiling);
        // Nothing is tried before the next attempt is due.
        expect(await w.dispatch(m.nextAttemptAt - 1)).toEqual({ delivered: 0, retrying: 0, failed: 0 });
        now = m.nextAttemptAt;
      } else {
        expect(report).toEqual({ delivered: 0, retrying: 0, failed: 1 });
        expect(m.state).toBe('failed');
        expect(m.lastError).toBe('Slack HTTP 503');
      }
    }
    expect(callsOf('conversations.open')).toHaveLength(12);
    expect(postsWithKey(key)).toHaveLength(0);
    expect(slack.pendingFaults()).toEqual({});
    expect(await w.dispatch(now + 7 * 24 * HOUR)).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect(callsOf('conversations.open')).toHaveLength(12);
  });
});

describe('Slack: an attempt that may have landed is looked up, never posted twice', () => {
  it.each([
    { title: 'the announcement in #exec-checkins', key: ANNOUNCEMENT, faults: [] as const },
    // The announcement goes first; the second post, the DM, is the one cut off.
    { title: 'the ack-request DM', key: ACK_REQUEST, faults: [{ delayMs: 0 }] as const },
  ])('SPEC-5 dropAfterStore on $title: the next attempt finds it via conversations.history', async ({ key, faults }) => {
    const w = await open();
    const filedAt = await w.filedDeal('D-1');
    for (const f of faults) slack.fail('chat.postMessage', f);
    slack.fail('chat.postMessage', { dropAfterStore: true });
    expect(await w.dispatch(filedAt)).toEqual({ delivered: 1, retrying: 1, failed: 0 });

    const landed = postsWithKey(key);
    expect(landed).toHaveLength(1); // the post landed; its answer was lost
    const waiting = await w.message(key);
    expect(waiting).toMatchObject({ state: 'queued', attempts: 1 });
    expect(waiting.lastError).toMatch(/^Slack request failed/);
    expect(waiting.inFlightAt).toBe(filedAt);

    const from = slack.calls.length;
    expect(await w.dispatch(waiting.nextAttemptAt)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    const lookups = callsOf('conversations.history', from);
    expect(lookups).toHaveLength(1);
    expect(lookups[0]!.body).toMatchObject({ channel: landed[0]!.channel, include_all_metadata: 'true' });
    expect(callsOf('chat.postMessage', from)).toHaveLength(0);
    expect(postsWithKey(key)).toHaveLength(1);
    expect(await w.message(key)).toMatchObject({ state: 'delivered', externalId: `${landed[0]!.channel}/${landed[0]!.ts}` });
  });

  it.each(['internal_error', 'fatal_error'])('SPEC-13 Slack answers %s after it stored the post: the retry finds it in conversations.history, one post in all', async (error) => {
    const w = await open();
    const filedAt = await w.filedDeal('D-1');
    slack.fail('chat.postMessage', { okFalseAfterStore: error });
    expect(await w.dispatch(filedAt)).toEqual({ delivered: 1, retrying: 1, failed: 0 });
    expect(postsWithKey(ANNOUNCEMENT)).toHaveLength(1);
    const waiting = await w.message(ANNOUNCEMENT);
    expect(waiting).toMatchObject({ state: 'queued', attempts: 1, inFlightAt: filedAt });
    expect(waiting.lastError).toContain(error);

    const from = slack.calls.length;
    expect(await w.dispatch(waiting.nextAttemptAt)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(callsOf('conversations.history', from)).toHaveLength(1);
    expect(callsOf('chat.postMessage', from)).toHaveLength(0);
    const [post] = postsWithKey(ANNOUNCEMENT);
    expect(postsWithKey(ANNOUNCEMENT)).toHaveLength(1);
    expect(await w.message(ANNOUNCEMENT)).toMatchObject({ state: 'delivered', externalId: `${CHANNEL_ID}/${post!.ts}` });
  });

  it('SPEC-13 an internal_error that did not post: the retry looks, finds nothing, and posts once', async () => {
    const w = await open();
    const filedAt = await w.filedDeal('D-1');
    slack.fail('chat.postMessage', { okFalse: 'internal_error' });
    await w.dispatch(filedAt);
    expect(postsWithKey(ANNOUNCEMENT)).toHaveLength(0);
    const from = slack.calls.length;
    expect(await w.dispatch((await w.message(ANNOUNCEMENT)).nextAttemptAt)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(callsOf('conversations.history', from)).toHaveLength(1);
    expect(postsWithKey(ANNOUNCEMENT)).toHaveLength(1);
  });

  it('SPEC-5 a landed post stays found even when the next lookup is itself rate-limited', async () => {
    const w = await open();
    const filedAt = await w.filedDeal('D-1');
    slack.fail('chat.postMessage', { dropAfterStore: true });
    await w.dispatch(filedAt);
    expect(postsWithKey(ANNOUNCEMENT)).toHaveLength(1);

    // Attempt 2: the history lookup answers 429, a definite "nothing done" for THAT call only.
    slack.fail('conversations.history', { status: 429, retryAfter: 1 });
    const second = (await w.message(ANNOUNCEMENT)).nextAttemptAt;
    expect(await w.dispatch(second)).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    const waiting = await w.message(ANNOUNCEMENT);
    expect(waiting.inFlightAt).toBe(filedAt); // the first attempt may still have landed

    // Attempt 3 looks again, finds the post, and does not post a second time.
    expect(await w.dispatch(waiting.nextAttemptAt)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(postsWithKey(ANNOUNCEMENT)).toHaveLength(1);
  });

  it('SPEC-5 a landed post is found after a definite failure, a failed state and a requeue', async () => {
    const w = await open();
    const filedAt = await w.filedDeal('D-1');
    slack.fail('chat.postMessage', { dropAfterStore: true });
    await w.dispatch(filedAt);
    // Attempt 2: the lookup fails definitively (the bot lacks a history scope): failed at once,
    // and still marked in flight, since the first attempt may have landed.
    slack.fail('conversations.history', { okFalse: 'missing_scope' });
    expect(await w.dispatch((await w.message(ANNOUNCEMENT)).nextAttemptAt)).toEqual({ delivered: 0, retrying: 0, failed: 1 });
    const failed = await w.message(ANNOUNCEMENT);
    expect(failed.lastError).toContain('missing_scope');
    expect(failed.inFlightAt).toBe(filedAt);

    // Once the scope is granted, the requeued message is found, not posted again.

    const later = filedAt + 2 * HOUR;
    await requeueMessage(w.engine.store.db, failed.id, later);
    expect(await w.dispatch(later)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(postsWithKey(ANNOUNCEMENT)).toHaveLength(1);
  });

  it('SPEC-5 a worker that died after its post landed: once its lease ends, a fresh process finds the post and does not post again', async () => {
    const w = await open();
    const filedAt = await w.filedDeal('D-1');
    // The first worker claims the announcement, marks it in flight and posts it, then dies
    // before recording anything (no dispatch bookkeeping after the send).
    const message = await w.message(ANNOUNCEMENT);
    // Leases run on the store's own clock (SPEC §17), so this one is short and real.
    expect((await inTransaction(w.engine.store, (tx) => claimMessages(tx, filedAt, 1, 400))).map((m) => m.id)).toEqual([message.id]);
    await markMessageInFlight(w.engine.store.db, message.id, filedAt);
    await w.engine.sinks.slack.send(message, filedAt);
    expect(postsWithKey(ANNOUNCEMENT)).toHaveLength(1);

    // A new process on the same database, with its own Slack client and no caches.
    const fresh = await openEngine(w.engine.config);
    try {
      const from = slack.calls.length;
      // While the dead worker's lease lasts, nobody touches the message (the DM is not leased).
      expect(await dispatch(fresh, filedAt + 30 * SECOND)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
      expect(callsOf('conversations.history', from)).toHaveLength(0);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await dispatch(fresh, filedAt + 60 * SECOND)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
      expect(callsOf('conversations.history', from)).toHaveLength(1);
      expect(postsWithKey(ANNOUNCEMENT)).toHaveLength(1);
      expect(await w.message(ANNOUNCEMENT)).toMatchObject({ state: 'delivered', deliveredAt: filedAt + 60 * SECOND });
    } finally {
      await closeEngine(fresh);
    }
  });

  it('SPEC-5 a reply slower than the client timeout (BATON_HTTP_TIMEOUT_MS) is ambiguous: found, not posted again', async () => {
    const w = await open({ BATON_HTTP_TIMEOUT_MS: '250' });
    const filedAt = await w.filedDeal('D-1');
    slack.fail('chat.postMessage', { delayMs: 3_000 });
    expect(await w.dispatch(filedAt)).toEqual({ delivered: 1, retrying: 1, failed: 0 });

    const waiting = await w.message(ANNOUNCEMENT);
    expect(waiting.lastError).toMatch(/^Slack request failed: .*timeout/i);
    expect(waiting.inFlightAt).toBe(filedAt);
    expect(postsWithKey(ANNOUNCEMENT)).toHaveLength(1); // stored, answered too late

    const from = slack.calls.length;
    expect(await w.dispatch(waiting.nextAttemptAt)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(callsOf('conversations.history', from)).toHaveLength(1);
    expect(callsOf('chat.postMessage', from)).toHaveLength(0);
    expect(postsWithKey(ANNOUNCEMENT)).toHaveLength(1);
  });

  it('BATON_HTTP_TIMEOUT_MS must be a positive whole number of milliseconds', () => {
    const parse = (value: string) => parseConfig('org: { name: "x" }\n', { path: '/tmp/baton-x/baton.config.yaml', env: { BATON_HTTP_TIMEOUT_MS: value } });
    expect(parse('250').httpTimeoutMs).toBe(250);
    expect(parseConfig('org: { name: "x" }\n', { path: '/tmp/baton-x/baton.config.yaml', env: {} }).httpTimeoutMs).toBeUndefined();
    for (const bad of ['abc', '0', '-5', '1.5']) {
      expect(() => parse(bad)).toThrow(ConfigError);
      expect(() => parse(bad)).toThrow(/environment: BATON_HTTP_TIMEOUT_MS: expected a positive whole number of milliseconds/);
    }
  });
});

describe('Slack: pacing', () => {
  it('SPEC-5 three posts to one channel arrive about 1 s apart; a post to another channel is not held back', async () => {
    const w = await open();
    let filedAt = 0;
    for (const id of ['D-1', 'D-2', 'D-3']) filedAt = await w.filedDeal(id, { company: `Company ${id}` });
    // Six messages: three announcements to #exec-checkins, three ack-request DMs to customer.success.
    expect(await w.dispatch(filedAt)).toEqual({ delivered: 6, retrying: 0, failed: 0 });

    const announcements = slack.messagesIn(CHANNEL_ID);
    expect(announcements.map((p) => p.metadata?.event_payload.key)).toEqual(['D-1/announcement', 'D-2/announcement', 'D-3/announcement']);
    const gaps = announcements.slice(1).map((p, i) => p.at - announcements[i]!.at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(950);

    // Each DM follows its deal's announcement within less than one pacing interval: the
    // #exec-checkins pacing does not hold back a post to another channel.
    const dms = slack.messagesIn(slack.dmChannelFor(CS_SLACK));
    expect(dms.map((p) => p.metadata?.event_payload.key)).toEqual(['D-1/ack-request', 'D-2/ack-request', 'D-3/ack-request']);
    for (let i = 0; i < 3; i++) {
      expect(dms[i]!.at).toBeGreaterThanOrEqual(announcements[i]!.at);
      expect(dms[i]!.at - announcements[i]!.at).toBeLessThan(900);
    }
  });
});
