import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { drainSlackResponses, slackResponsesInFlight } from '../../src/http/slack-respond.js';
import { slackSignature } from '../../src/http/slack-verify.js';
import { startServer, type RunningServer } from '../../src/server/serve.js';
import { startFakeSlack, type FakeSlack, type SlackMessage } from '../support/fake-slack.js';
import { CONTACT, CRO_SLACK, CS_SLACK, SLACK_SECRET, T0, TOKENS, fillPacket, openWorld, type TokenRole, type World } from '../support/http.js';

/**
 * SPEC §13, §18, end to end over real sockets: `baton serve` (startServer) posts the request
 * to acknowledge through the REAL @slack/web-api client to a fake Slack on 127.0.0.1; the
 * test clicks its button the way Slack does (a signed `block_actions` payload carrying the
 * message as posted and a `response_url` on the fake's recorder) and reads what Baton
 * POSTed there.
 */

let slack: FakeSlack;
let world: World;
let server: RunningServer | undefined;
let logs: string[];

beforeAll(async () => {
  slack = await startFakeSlack({ channels: [{ id: 'C0EXEC', name: 'exec-checkins' }], knownUsers: [CRO_SLACK, CS_SLACK, 'U0COS', 'U0CEO'] });
});
beforeEach(async () => {
  world = await openWorld({ SLACK_BOT_TOKEN: 'xoxb-response-url-tests', BATON_SLACK_API_URL: slack.url });
  logs = [];
  // A poll far longer than a test: the commands' wake-ups deliver.
  server = await startServer(world.engine, { port: 0, host: '127.0.0.1', now: () => world.now, pollMs: 3_600_000, log: (l) => logs.push(l), env: world.env });
});
afterEach(async () => {
  await server?.stop();
  server = undefined;
  await world.close();
  slack.reset();
});
afterAll(() => slack.close());

async function call(method: string, path: string, as: TokenRole, body?: unknown): Promise<any> {
  const res = await fetch(`${server!.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${TOKENS[as]}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = await res.json();
  expect(res.status, `${method} ${path}: ${JSON.stringify(json)}`).toBe(200);
  return json;
}

/** Closed-won and filed over HTTP; resolves with the request to acknowledge as Slack stored it. */
async function filedAndPosted(): Promise<SlackMessage> {
  await call('POST', '/api/deals/acme', 'cro', { company: 'Smith & Sons <EU>', contact: CONTACT, origin: 'Partner referral' });
  await call('POST', '/api/deals/acme/commit', 'cro', { type: 'written' });
  await call('POST', '/api/deals/acme/stage', 'cro', { stage: 'Closed-won' });
  const draft = await call('GET', '/api/deals/acme/packet/draft', 'cro');
  await call('POST', '/api/deals/acme/packet', 'cro', { text: fillPacket(draft.text) });
  // Delivered and recorded as such, so that the record holds still while the test reads it.
  await vi.waitFor(
    async () => {
      const messages = await call('GET', '/api/messages', 'ceo');
      expect(messages.map((m: any) => m.state)).toEqual(['delivered', 'delivered']);
    },
    { timeout: 10_000, interval: 20 },
  );
  const found = slack.posts().find((p) => p.metadata?.event_payload.key === 'acme/ack-request');
  expect(found).toBeDefined();
  return found!;
}

/** Slack's click on the button of `message`, signed, POSTed to `baton serve`: the status and the raw body of its answer. */
async function click(message: SlackMessage, userId: string, token: string): Promise<{ status: number; body: string }> {
  const payload = {
    type: 'block_actions',
    user: { id: userId, username: 'someone', team_id: 'T0FAKE' },
    team: { id: 'T0FAKE', domain: 'fake' },
    container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
    channel: { id: message.channel, name: 'directmessage' },
    message: { type: 'message', ts: message.ts, user: 'U0BATONBOT', text: message.text, blocks: message.blocks },
    actions: [{ type: 'button', action_id: 'baton_ack', block_id: 'baton_ack', value: 'acme', text: { type: 'plain_text', text: 'Acknowledge' }, action_ts: '1.2' }],
    response_url: slack.responseUrl(token),
    trigger_id: '1.2.3',
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const ts = String(Math.floor(world.now / 1000));
  const res = await fetch(`${server!.url}/slack/interactions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Slack-Request-Timestamp': ts, 'X-Slack-Signature': slackSignature(SLACK_SECRET, ts, body) },
    body,
  });
  return { status: res.status, body: await res.text() };
}

const LINE = '✅ Acknowledged by <@U0CS> — 2026-11-26 09:00 UTC';

describe('a click on Acknowledge: an empty 200, then the outcome at the response_url', () => {
  it('SPEC-13 success replaces the message: the button goes, the ✅ line comes, the rest stays as posted', async () => {
    const posted = await filedAndPosted();
    expect(posted.blocks?.some((b: any) => b.type === 'actions')).toBe(true);

    const answer = await click(posted, CS_SLACK, 'ok');
    expect(answer).toEqual({ status: 200, body: '' });
    await drainSlackResponses();

    const [response, ...more] = slack.responses('ok');
    expect(more).toEqual([]);
    expect(response!.headers['content-type']).toMatch(/^application\/json/);
    const body = response!.body;
    expect(body.replace_original).toBe(true);
    expect(body).not.toHaveProperty('response_type');
    expect(body.text).toBe(`${posted.text}\n${LINE}`);
    expect(body.text).toContain('Smith &amp; Sons &lt;EU&gt;');
    expect(body.blocks.some((b: any) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(body.blocks)).not.toContain('baton_ack');
    expect(body.blocks[0]).toEqual(posted.blocks![0]);
    expect(body.blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: LINE }] });

    const [status] = await call('GET', '/api/status/acme', 'chief.staff');
    expect(status.state).toBe('acknowledged');
  });

  it('SPEC-13 a wrong clicker gets an ephemeral refusal saying why, and nothing changes in the record', async () => {
    const posted = await filedAndPosted();
    const before = { timeline: await call('GET', '/api/deals/acme/timeline', 'chief.staff'), messages: await call('GET', '/api/messages', 'ceo') };

    expect(await click(posted, CRO_SLACK, 'cro')).toEqual({ status: 200, body: '' });
    await drainSlackResponses();
    expect(slack.responses('cro').map((r) => r.body)).toEqual([
      { response_type: 'ephemeral', replace_original: false, text: 'Only customer.success may acknowledge the Handoff Packet of acme. Nothing was changed.' },
    ]);
    expect(await call('GET', '/api/deals/acme/timeline', 'chief.staff')).toEqual(before.timeline);
    expect(await call('GET', '/api/messages', 'ceo')).toEqual(before.messages);
    const [status] = await call('GET', '/api/status/acme', 'chief.staff');
    expect(status.state).toBe('awaiting-acknowledgement');
  });

  it('SPEC-13 a second click replaces the message again with who acknowledged, and acknowledges nothing more', async () => {
    const posted = await filedAndPosted();
    await click(posted, CS_SLACK, 'first');
    world.now = T0 + 5 * 60_000;
    expect(await click(posted, CS_SLACK, 'second')).toEqual({ status: 200, body: '' });
    await drainSlackResponses();
    const body = slack.responses('second')[0]!.body;
    expect(body).toMatchObject({ replace_original: true, text: `${posted.text}\n${LINE}` });
    expect(body.blocks.some((b: any) => b.type === 'actions')).toBe(false);
    const timeline = await call('GET', '/api/deals/acme/timeline', 'chief.staff');
    expect(timeline.filter((e: any) => e.type === 'packet.acknowledged')).toHaveLength(1);
  });

  it('a response_url answering 5xx is tried again (3 attempts in all); still failing, one line is logged', async () => {
    const posted = await filedAndPosted();
    slack.fail('response', { status: 503 }, 2);
    await click(posted, CS_SLACK, 'flaky');
    await drainSlackResponses();
    expect(slack.responses('flaky')).toHaveLength(1);
    expect(slack.pendingFaults()).toEqual({});

    slack.fail('response', { status: 500 }, 3);
    await click(posted, CS_SLACK, 'down');
    await drainSlackResponses();
    expect(slack.responses('down')).toEqual([]);
    const failures = logs.filter((l) => l.includes('could not be posted to its response_url'));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toContain('HTTP 500');
    expect(failures[0]).not.toContain('/response/down'); // the URL's token stays out of the log
  });

  it('the answer does not wait for the response_url; stopping `serve` waits for the POST in flight', async () => {
    const posted = await filedAndPosted();
    slack.fail('response', { delayMs: 400 });
    const answer = await click(posted, CS_SLACK, 'slow');
    expect(answer).toEqual({ status: 200, body: '' });
    expect(slackResponsesInFlight()).toBe(1);
    expect(slack.responses('slow')).toEqual([]);
    await server!.stop();
    expect(slackResponsesInFlight()).toBe(0);
    expect(slack.responses('slow')).toHaveLength(1);
  });
});
