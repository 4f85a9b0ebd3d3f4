import { ErrorCode, LogLevel, WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError, WebClient, type WebClientOptions } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';

/** The fake Slack, driven by the real @slack/web-api WebClient, configured the way Baton builds it. */

let fake: FakeSlack;
let slack: WebClient;

const clientOptions = (extra: WebClientOptions = {}): WebClientOptions => ({
  slackApiUrl: fake.url,
  retryConfig: { retries: 0 },
  rejectRateLimitedCalls: true,
  logLevel: LogLevel.ERROR, // the client WARNs on every injected failure
  ...extra,
});

/** Resolves to the rejection (fails the test if the promise fulfils). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

const checkin = (key: string, channel = 'C0EXEC') => ({
  channel,
  text: `Exec check-in ${key}`,
  blocks: [{ type: 'section', text: { type: 'mrkdwn', verbatim: true, text: `*Acme &amp; Co* ${key}` } }],
  metadata: { event_type: 'exec_checkin', event_payload: { key } },
});

beforeAll(async () => {
  fake = await startFakeSlack({
    channels: [
      { id: 'C0EXEC', name: 'exec-checkins' },
      { id: 'C0OTHER', name: 'general' },
      { id: 'C0ARCH', name: 'old-stuff', isArchived: true },
      { id: 'C0NOTIN', name: 'secret', isMember: false },
    ],
    knownUsers: ['U0ALICE', 'U0BOB'],
  });
  slack = new WebClient('xoxb-test', clientOptions());
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

describe('fake Slack: the happy path through the real WebClient', () => {
  it('serves /api/<method> at the slackApiUrl and answers auth.test', async () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    const res = await slack.auth.test();
    expect(res.ok).toBe(true);
    expect(res.user_id).toMatch(/^U/);
    expect(res.team_id).toMatch(/^T/);
  });

  it('refuses a call without a Bearer xoxb- token with invalid_auth (a platform error)', async () => {
    const bad = new WebClient('xoxp-user-token', clientOptions());
    const err = await rejection(bad.auth.test());
    expect(err).toBeInstanceOf(WebAPIPlatformError);
    expect((err as WebAPIPlatformError).data.error).toBe('invalid_auth');
    const none = new WebClient(undefined, clientOptions());
    expect(((await rejection(none.auth.test())) as WebAPIPlatformError).data.error).toBe('invalid_auth');
  });

  it('stores chat.postMessage with parsed blocks and metadata, and answers {ok, channel, ts, message}', async () => {
    const res = await slack.chat.postMessage(checkin('monday:1:abc'));
    expect(res.ok).toBe(true);
    expect(res.channel).toBe('C0EXEC');
    expect(res.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(res.message?.text).toBe('Exec check-in monday:1:abc');

    const [stored] = fake.posts();
    expect(fake.posts()).toHaveLength(1);
    expect(stored).toMatchObject({
      channel: 'C0EXEC',
      ts: res.ts,
      text: 'Exec check-in monday:1:abc',
      metadata: { event_type: 'exec_checkin', event_payload: { key: 'monday:1:abc' } },
    });
    expect(stored!.blocks).toEqual(checkin('monday:1:abc').blocks);
    expect(stored!.metadata?.event_payload.key).toBe('monday:1:abc');
  });

  it('records every call with method, time, parsed body and headers', async () => {
    const before = Date.now();
    await slack.chat.postMessage(checkin('k1'));
    const [call] = fake.calls;
    expect(call).toMatchObject({ method: 'chat.postMessage' });
    expect(call!.at).toBeGreaterThanOrEqual(before);
    expect(call!.headers.authorization).toBe('Bearer xoxb-test');
    expect(call!.headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect(call!.body.channel).toBe('C0EXEC');
    expect(call!.body.metadata).toEqual({ event_type: 'exec_checkin', event_payload: { key: 'k1' } });
    expect(Array.isArray(call!.body.blocks)).toBe(true);
  });

  it('gives strictly increasing ts values even within one millisecond', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => slack.chat.postMessage(checkin(`k${i}`))));
    const ts = fake.posts().map((m) => m.ts);
    expect(new Set(ts).size).toBe(20);
    expect([...ts].sort()).toEqual(ts);
    expect(results.map((r) => r.ts).sort()).toEqual(ts);
  });

  it('resolves #name (and a bare name) to the channel id, and lists channels with id and name', async () => {
    const res = await slack.chat.postMessage({ channel: '#exec-checkins', text: 'hello' });
    expect(res.channel).toBe('C0EXEC');
    await slack.chat.postMessage({ channel: 'general', text: 'hi all' });
    expect(fake.messagesIn('C0EXEC').map((m) => m.text)).toEqual(['hello']);
    expect(fake.messagesIn('C0OTHER').map((m) => m.text)).toEqual(['hi all']);

    const list = await slack.conversations.list({ types: 'public_channel,private_channel' });
    expect(list.channels?.map((c) => ({ id: c.id, name: c.name }))).toEqual(
      expect.arrayContaining([
        { id: 'C0EXEC', name: 'exec-checkins' },
        { id: 'C0OTHER', name: 'general' },
      ]),
    );
    const paged = await slack.conversations.list({ limit: 2 });
    expect(paged.channels).toHaveLength(2);
    const rest = await slack.conversations.list({ limit: 2, cursor: paged.response_metadata?.next_cursor });
    expect(rest.channels?.map((c) => c.id)).toEqual(['C0ARCH', 'C0NOTIN']);
    expect(rest.response_metadata?.next_cursor).toBe('');
  });

  it('answers channel_not_found, no_text, is_archived and not_in_channel like Slack', async () => {
    const code = async (p: Promise<unknown>) => ((await rejection(p)) as WebAPIPlatformError).data.error;
    expect(await code(slack.chat.postMessage({ channel: '#no-such-channel', text: 'x' }))).toBe('channel_not_found');
    expect(await code(slack.chat.postMessage({ channel: 'C0EXEC' } as never))).toBe('no_text');
    expect(await code(slack.chat.postMessage({ channel: 'C0ARCH', text: 'x' }))).toBe('is_archived');
    expect(await code(slack.chat.postMessage({ channel: 'C0NOTIN', text: 'x' }))).toBe('not_in_channel');
    expect(fake.posts()).toEqual([]);
    // blocks alone are enough (text is only the notification fallback)
    await slack.chat.postMessage({ channel: 'C0EXEC', blocks: checkin('b').blocks });
    expect(fake.posts()).toHaveLength(1);
  });

  it('opens a stable D channel per user, refuses unknown users, and posts the DM there', async () => {
    const a1 = await slack.conversations.open({ users: 'U0ALICE' });
    const a2 = await slack.conversations.open({ users: 'U0ALICE' });
    const b = await slack.conversations.open({ users: 'U0BOB' });
    expect(a1.channel?.id).toMatch(/^D/);
    expect(a2.channel?.id).toBe(a1.channel?.id);
    expect(a2.already_open).toBe(true);
    expect(b.channel?.id).not.toBe(a1.channel?.id);
    expect(fake.dmChannelFor('U0ALICE')).toBe(a1.channel?.id);

    const err = await rejection(slack.conversations.open({ users: 'U0MALLORY' }));
    expect(err).toBeInstanceOf(WebAPIPlatformError);
    expect((err as WebAPIPlatformError).data.error).toBe('user_not_found');

    const posted = await slack.chat.postMessage({ channel: a1.channel!.id!, text: 'please acknowledge' });
    expect(posted.channel).toBe(a1.channel?.id);
    expect(fake.messagesIn(a1.channel!.id!).map((m) => m.text)).toEqual(['please acknowledge']);
  });

  it('accepts any user when no knownUsers list is given', async () => {
    const open = await startFakeSlack();
    try {
      const client = new WebClient('xoxb-test', { slackApiUrl: open.url, retryConfig: { retries: 0 } });
      const res = await client.conversations.open({ users: 'U0ANYONE' });
      expect(res.channel?.id).toBe(open.dmChannelFor('U0ANYONE'));
    } finally {
      await open.close();
    }
  });

  it('returns history newest first, with metadata only when include_all_metadata is true', async () => {
    const first = await slack.chat.postMessage(checkin('k-1'));
    await slack.chat.postMessage(checkin('k-2'));
    await slack.chat.postMessage(checkin('k-3'));
    await slack.chat.postMessage({ channel: 'C0OTHER', text: 'elsewhere' });

    const plain = await slack.conversations.history({ channel: 'C0EXEC' });
    expect(plain.messages?.map((m) => m.text)).toEqual(['Exec check-in k-3', 'Exec check-in k-2', 'Exec check-in k-1']);
    expect(plain.messages?.every((m) => m.metadata === undefined)).toBe(true);

    const withMeta = await slack.conversations.history({ channel: 'C0EXEC', include_all_metadata: true });
    expect(withMeta.messages?.map((m) => (m.metadata?.event_payload as { key?: string } | undefined)?.key)).toEqual(['k-3', 'k-2', 'k-1']);

    const newer = await slack.conversations.history({ channel: 'C0EXEC', oldest: first.ts });
    expect(newer.messages?.map((m) => m.text)).toEqual(['Exec check-in k-3', 'Exec check-in k-2']);

    const page1 = await slack.conversations.history({ channel: 'C0EXEC', limit: 2 });
    expect(page1.messages).toHaveLength(2);
    expect(page1.has_more).toBe(true);
    const page2 = await slack.conversations.history({
      channel: 'C0EXEC',
      limit: 2,
      cursor: page1.response_metadata?.next_cursor,
    });
    expect(page2.messages?.map((m) => m.text)).toEqual(['Exec check-in k-1']);
    expect(page2.has_more).toBe(false);
  });
});

describe('fake Slack: scripted faults seen through the real WebClient', () => {
  it('429 with Retry-After gives WebAPIRateLimitedError with retryAfter, stores nothing, then recovers', async () => {
    fake.fail('chat.postMessage', { status: 429, retryAfter: 7 });
    const err = await rejection(slack.chat.postMessage(checkin('k')));
    expect(err).toBeInstanceOf(WebAPIRateLimitedError);
    expect((err as WebAPIRateLimitedError).code).toBe(ErrorCode.RateLimitedError);
    expect((err as WebAPIRateLimitedError).retryAfter).toBe(7);
    expect(fake.posts()).toEqual([]);
    await slack.chat.postMessage(checkin('k'));
    expect(fake.posts()).toHaveLength(1);
  });

  it('500 gives WebAPIHTTPError with the status code', async () => {
    fake.fail('chat.postMessage', { status: 500 });
    const err = await rejection(slack.chat.postMessage(checkin('k')));
    expect(err).toBeInstanceOf(WebAPIHTTPError);
    expect((err as WebAPIHTTPError).statusCode).toBe(500);
    expect(fake.posts()).toEqual([]);
  });

  it('okFalse gives WebAPIPlatformError with that error and stores nothing', async () => {
    fake.fail('chat.postMessage', { okFalse: 'channel_not_found' });
    const err = await rejection(slack.chat.postMessage(checkin('k')));
    expect(err).toBeInstanceOf(WebAPIPlatformError);
    expect((err as WebAPIPlatformError).data).toMatchObject({ ok: false, error: 'channel_not_found' });
    expect(fake.posts()).toEqual([]);
  });

  it('dropAfterStore gives WebAPIRequestError, yet the post landed and is findable by its metadata key', async () => {
    const key = 'monday:1772099344:504b2eb7';
    const sentAt = Date.now() / 1000;
    fake.fail('chat.postMessage', { dropAfterStore: true });
    const err = await rejection(slack.chat.postMessage(checkin(key)));
    expect(err).toBeInstanceOf(WebAPIRequestError);
    expect((err as WebAPIRequestError).code).toBe(ErrorCode.RequestError);
    expect(fake.posts()).toHaveLength(1);

    // What an outbox does after an ambiguous failure: look for the key before re-sending.
    const history = await slack.conversations.history({
      channel: 'C0EXEC',
      oldest: String(Math.floor(sentAt) - 60),
      include_all_metadata: true,
    });
    const found = history.messages?.filter((m) => (m.metadata?.event_payload as { key?: string } | undefined)?.key === key) ?? [];
    expect(found).toHaveLength(1);
    expect(found[0]!.ts).toBe(fake.posts()[0]!.ts);
  });

  it('drop gives WebAPIRequestError and stores nothing', async () => {
    fake.fail('chat.postMessage', { drop: true });
    const err = await rejection(slack.chat.postMessage(checkin('k')));
    expect(err).toBeInstanceOf(WebAPIRequestError);
    expect(fake.posts()).toEqual([]);
  });

  it('delayMs answers late: a client timeout gives WebAPIRequestError while the post landed', async () => {
    const impatient = new WebClient('xoxb-test', clientOptions({ timeout: 100 }));
    fake.fail('chat.postMessage', { delayMs: 1_000 });
    const started = Date.now();
    const err = await rejection(impatient.chat.postMessage(checkin('slow')));
    expect(err).toBeInstanceOf(WebAPIRequestError);
    expect(Date.now() - started).toBeLessThan(900);
    expect(fake.posts().map((m) => m.metadata?.event_payload.key)).toEqual(['slow']);
  });

  it('a delay shorter than the client timeout just answers late', async () => {
    fake.fail('auth.test', { delayMs: 150 });
    const started = Date.now();
    await slack.auth.test();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('faults queue per method, are consumed in order, and `times` repeats one', async () => {
    fake.fail('chat.postMessage', { status: 503 }, 2);
    fake.fail('chat.postMessage', { okFalse: 'not_in_channel' });
    await slack.auth.test(); // another method does not consume them
    expect(fake.pendingFaults()['chat.postMessage']).toHaveLength(3);
    expect(((await rejection(slack.chat.postMessage(checkin('a')))) as WebAPIHTTPError).statusCode).toBe(503);
    expect(((await rejection(slack.chat.postMessage(checkin('a')))) as WebAPIHTTPError).statusCode).toBe(503);
    expect(((await rejection(slack.chat.postMessage(checkin('a')))) as WebAPIPlatformError).data.error).toBe('not_in_channel');
    await slack.chat.postMessage(checkin('a'));
    expect(fake.posts()).toHaveLength(1);
    expect(fake.pendingFaults()).toEqual({});
    expect(fake.calls.map((c) => c.method)).toEqual(['auth.test', 'chat.postMessage', 'chat.postMessage', 'chat.postMessage', 'chat.postMessage']);
  });

  it('with the default rate-limit handling the client waits Retry-After and retries once', async () => {
    const patient = new WebClient('xoxb-test', {
      slackApiUrl: fake.url,
      retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 1 },
      logLevel: LogLevel.ERROR,
    });
    fake.fail('chat.postMessage', { status: 429, retryAfter: 1 });
    const started = Date.now();
    await patient.chat.postMessage(checkin('retried'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(2);
    expect(fake.posts()).toHaveLength(1);
  });

  it('reset forgets calls, messages and faults but keeps configured channels', async () => {
    await slack.chat.postMessage(checkin('a'));
    fake.fail('auth.test', { status: 500 });
    fake.reset();
    expect(fake.calls).toEqual([]);
    expect(fake.posts()).toEqual([]);
    await slack.auth.test();
    expect((await slack.chat.postMessage({ channel: '#exec-checkins', text: 'x' })).channel).toBe('C0EXEC');
  });
});

describe('fake Slack: size limits, and faults after the post landed', () => {
  it('answers msg_too_long for a text over 40,000 characters and stores nothing; 40,000 is accepted', async () => {
    const tooLong = await rejection(slack.chat.postMessage({ channel: 'C0EXEC', text: 'x'.repeat(40_001) }));
    expect((tooLong as WebAPIPlatformError).data.error).toBe('msg_too_long');
    expect(fake.posts()).toEqual([]);
    await slack.chat.postMessage({ channel: 'C0EXEC', text: 'x'.repeat(40_000) });
    expect(fake.posts()).toHaveLength(1);
  });

  it('answers invalid_blocks for a section text over 3,000 characters, naming the block', async () => {
    const section = (n: number) => [{ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(n) } }];
    const err = await rejection(slack.chat.postMessage({ channel: 'C0EXEC', text: 'fallback', blocks: section(3_001) }));
    expect((err as WebAPIPlatformError).data).toMatchObject({ error: 'invalid_blocks', response_metadata: { messages: [expect.stringMatching(/blocks\[0\]/)] } });
    expect(fake.posts()).toEqual([]);
    await slack.chat.postMessage({ channel: 'C0EXEC', text: 'fallback', blocks: section(3_000) });
    expect(fake.posts()).toHaveLength(1);
  });

  it('okFalseAfterStore stores the post, then answers the platform error (internal_error may have posted)', async () => {
    fake.fail('chat.postMessage', { okFalseAfterStore: 'internal_error' });
    const err = await rejection(slack.chat.postMessage(checkin('landed')));
    expect(err).toBeInstanceOf(WebAPIPlatformError);
    expect((err as WebAPIPlatformError).data.error).toBe('internal_error');
    expect(fake.posts().map((m) => m.metadata?.event_payload.key)).toEqual(['landed']);
  });
});

describe('fake Slack: the response_url recorder', () => {
  const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  it('records the JSON POSTed to /response/<token>, per token, and answers {"ok":true}', async () => {
    const url = fake.responseUrl('t1');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/response\/t1$/);
    const res = await post(url, { replace_original: true, text: 'done' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    await post(fake.responseUrl('t2'), { text: 'other' });
    expect(fake.responses('t1').map((r) => r.body)).toEqual([{ replace_original: true, text: 'done' }]);
    expect(fake.responses().map((r) => r.token)).toEqual(['t1', 't2']);
    expect(fake.responses('t1')[0]!.headers['content-type']).toMatch(/application\/json/);
    fake.reset();
    expect(fake.responses()).toEqual([]);
  });

  it('applies faults queued for `response`: a 500 is answered and not recorded', async () => {
    fake.fail('response', { status: 500 });
    expect((await post(fake.responseUrl('t'), { text: 'a' })).status).toBe(500);
    expect(fake.responses()).toEqual([]);
    expect((await post(fake.responseUrl('t'), { text: 'b' })).status).toBe(200);
    expect(fake.responses().map((r) => r.body.text)).toEqual(['b']);
  });
});
