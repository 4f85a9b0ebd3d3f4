import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { drainSlackResponses } from '../../src/http/slack-respond.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { CRO_SLACK, CS_SLACK, closeDeal, filePacket, openWorld, type World } from '../support/http.js';

/**
 * Slack's requests through `app.request()`. A click's outcome goes to its `response_url`:
 * here the fake Slack's recorder on 127.0.0.1, read once the POSTs in flight are drained.
 */

let world: World;
let slack: FakeSlack;
let clicks = 0;
beforeAll(async () => {
  slack = await startFakeSlack();
});
beforeEach(async () => {
  world = await openWorld();
  await closeDeal(world, 'acme');
  await filePacket(world, 'acme');
});
afterEach(async () => {
  await drainSlackResponses();
  await world.close();
  slack.reset();
});
afterAll(() => slack.close());

/** The Acknowledge button Baton puts on the DM to customer.success, clicked by `userId`. */
function click(userId: string, dealId = 'acme', responseUrl = slack.responseUrl(`c${++clicks}`)): Record<string, string> {
  return {
    payload: JSON.stringify({
      type: 'block_actions',
      user: { id: userId, username: 'someone' },
      team: { id: 'T1', domain: 'acme' },
      actions: [{ type: 'button', action_id: 'baton_ack', block_id: 'ack', value: dealId, action_ts: '1700000000.1' }],
      response_url: responseUrl,
      trigger_id: '1.2.3',
    }),
  };
}

/** A click, answered with an empty 200, and what it POSTed to its response_url. */
async function clickAndRead(userId: string, dealId = 'acme'): Promise<any> {
  const form = click(userId, dealId);
  const res = await world.slack('/slack/interactions', form);
  expect(res.status).toBe(200);
  expect(res.json).toBeUndefined();
  await drainSlackResponses();
  const token = new URL(JSON.parse(form.payload!).response_url).pathname.split('/').pop();
  const posted = slack.responses(token);
  expect(posted).toHaveLength(1);
  return posted[0]!.body;
}

const slash = (userId: string, text: string) => ({ command: '/baton', text, user_id: userId, team_id: 'T1', channel_id: 'D1', response_url: 'https://hooks.slack.com/commands/1' });

async function acknowledged(): Promise<number> {
  return (await world.timeline('acme')).filter((e: any) => e.type === 'packet.acknowledged').length;
}

describe('Slack interactions: the Acknowledge button', () => {
  it('SOP-4.4a a signed click by customer.success acknowledges, answers an empty 200, wakes the serve loop, and replaces the message', async () => {
    const wakes = world.wakes;
    const body = await clickAndRead(CS_SLACK);
    expect(body).toMatchObject({ replace_original: true, text: '✅ Acknowledged by <@U0CS> — 2026-11-26 09:00 UTC' });
    expect(body.blocks).toEqual([{ type: 'context', elements: [{ type: 'mrkdwn', text: '✅ Acknowledged by <@U0CS> — 2026-11-26 09:00 UTC' }] }]);
    expect((await world.status('acme')).state).toBe('acknowledged');
    expect((await world.timeline('acme')).find((e: any) => e.type === 'packet.acknowledged').actor).toBe('customer.success');
    expect(world.wakes).toBeGreaterThan(wakes);
  });

  it('SOP-4.4a a second click is harmless and replaces the message with who acknowledged', async () => {
    await clickAndRead(CS_SLACK);
    world.now += 60_000;
    const again = await clickAndRead(CS_SLACK);
    expect(again).toMatchObject({ replace_original: true, text: '✅ Acknowledged by <@U0CS> — 2026-11-26 09:00 UTC' });
    expect(await acknowledged()).toBe(1);
  });

  it('SOP-4.4a a click by anyone but customer.success changes nothing and tells the clicker, ephemerally, who may acknowledge', async () => {
    const body = await clickAndRead(CRO_SLACK);
    expect(body).toEqual({ response_type: 'ephemeral', replace_original: false, text: expect.stringMatching(/Only customer\.success may acknowledge/) });
    expect(await acknowledged()).toBe(0);
    expect((await world.status('acme')).state).toBe('awaiting-acknowledgement');
  });

  it('a refused acknowledgement (no such deal) is told to the clicker, not a 4xx', async () => {
    const body = await clickAndRead(CS_SLACK, 'ghost');
    expect(body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(body.text).toMatch(/could not acknowledge ghost/);
  });

  it('a response_url that is not http(s) is never fetched: the click is still acted on, and one line is logged', async () => {
    const res = await world.slack('/slack/interactions', click(CS_SLACK, 'acme', 'file:///etc/passwd'));
    expect(res.status).toBe(200);
    expect(res.json).toBeUndefined();
    await drainSlackResponses();
    expect(slack.responses()).toEqual([]);
    expect(await acknowledged()).toBe(1);
    expect(world.logs.filter((l) => /without an http\(s\) response_url/.test(l))).toHaveLength(1);
  });

  it('an interaction that is not block_actions gets an empty 200 and does nothing', async () => {
    const res = await world.slack('/slack/interactions', { payload: JSON.stringify({ type: 'view_closed', response_url: slack.responseUrl('v') }) });
    expect(res.status).toBe(200);
    expect(res.json).toBeUndefined();
    await drainSlackResponses();
    expect(slack.responses()).toEqual([]);
  });
});

describe('Slack request signatures (v0, ±300 s)', () => {
  it('a forged signature is 401 and changes nothing', async () => {
    const res = await world.slack('/slack/interactions', click(CS_SLACK), { secret: 'not-the-secret' });
    expect(res.status).toBe(401);
    expect(res.json.message).toMatch(/X-Slack-Signature/);
    expect(await acknowledged()).toBe(0);
  });

  it('a stale timestamp (more than 300 s old) is 401; exactly 300 s is accepted', async () => {
    const now = Math.floor(world.now / 1000);
    const stale = await world.slack('/slack/interactions', click(CS_SLACK), { ts: now - 301 });
    expect(stale.status).toBe(401);
    expect(stale.json.message).toMatch(/X-Slack-Request-Timestamp:? is 301 s old/);
    expect(await acknowledged()).toBe(0);
    expect((await world.slack('/slack/interactions', click(CS_SLACK), { ts: now - 300 })).status).toBe(200);
  });

  it('a timestamp more than 300 s in the future is 401', async () => {
    const res = await world.slack('/slack/interactions', click(CS_SLACK), { ts: Math.floor(world.now / 1000) + 301 });
    expect(res.status).toBe(401);
    expect(res.json.message).toMatch(/in the future/);
    expect(await acknowledged()).toBe(0);
  });

  it('a body tampered with after signing is 401 (a cro click re-labelled as customer.success)', async () => {
    const signed = new URLSearchParams(click(CRO_SLACK)).toString();
    const tampered = new URLSearchParams(click(CS_SLACK)).toString();
    expect(tampered).not.toBe(signed);
    const res = await world.slack('/slack/interactions', click(CRO_SLACK), { sendBody: tampered });
    expect(res.status).toBe(401);
    expect(await acknowledged()).toBe(0);
  });

  it('missing signature headers are 401 naming the header', async () => {
    const body = new URLSearchParams(click(CS_SLACK)).toString();
    const res = await world.raw('POST', '/slack/interactions', body, { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(401);
    expect(res.json.message).toMatch(/X-Slack-Request-Timestamp:? (header )?is missing/);
  });

  it('without SLACK_SIGNING_SECRET the Slack endpoints are off (503 naming the variable)', async () => {
    const off = await openWorld({ SLACK_SIGNING_SECRET: undefined });
    try {
      const res = await off.slack('/slack/commands', slash(CS_SLACK, 'status'));
      expect(res.status).toBe(503);
      expect(res.json.message).toMatch(/SLACK_SIGNING_SECRET/);
    } finally {
      await off.close();
    }
  });
});

describe('the /baton slash command', () => {
  it('SOP-4.4a /baton ack <deal> acknowledges for customer.success only', async () => {
    const denied = await world.slack('/slack/commands', slash(CRO_SLACK, 'ack acme'));
    expect(denied.status).toBe(200);
    expect(denied.json.text).toMatch(/Only customer\.success/);
    expect(await acknowledged()).toBe(0);
    const ok = await world.slack('/slack/commands', slash(CS_SLACK, 'ack acme'));
    expect(ok.json.text).toMatch(/^Acknowledged/);
    expect((await world.slack('/slack/commands', slash(CS_SLACK, 'ack acme'))).json.text).toMatch(/^Already acknowledged/);
    expect(await acknowledged()).toBe(1);
  });

  it('/baton status <deal> answers the status text; /baton status lists the deals', async () => {
    const one = await world.slack('/slack/commands', slash(CRO_SLACK, 'status acme'));
    expect(one.status).toBe(200);
    expect(one.json.text).toContain('Acme Analytics (deal acme)');
    expect(one.json.text).toContain('Handoff: awaiting-acknowledgement');
    const all = await world.slack('/slack/commands', slash(CRO_SLACK, 'status'));
    expect(all.json.text).toMatch(/acme\s+Acme Analytics/);
    const help = await world.slack('/slack/commands', slash(CRO_SLACK, 'dance'));
    expect(help.json.text).toMatch(/Usage/);
  });

  it('answers the unsigned ssl_check probe without acting', async () => {
    const res = await world.raw('POST', '/slack/commands', 'ssl_check=1&token=x', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(200);
  });
});
