import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CRO_SLACK, CS_SLACK, closeDeal, filePacket, openWorld, type World } from './support.js';

let world: World;
beforeEach(async () => {
  world = await openWorld();
  await closeDeal(world, 'acme');
  await filePacket(world, 'acme');
});
afterEach(async () => {
  await world.close();
});

/** The Acknowledge button Baton puts on the DM to customer.success, clicked by `userId`. */
function click(userId: string, dealId = 'acme'): Record<string, string> {
  return {
    payload: JSON.stringify({
      type: 'block_actions',
      user: { id: userId, username: 'someone' },
      team: { id: 'T1', domain: 'acme' },
      actions: [{ type: 'button', action_id: 'baton_ack', block_id: 'ack', value: dealId, action_ts: '1700000000.1' }],
      response_url: 'https://hooks.slack.com/actions/T1/1/x',
      trigger_id: '1.2.3',
    }),
  };
}

const slash = (userId: string, text: string) => ({ command: '/baton', text, user_id: userId, team_id: 'T1', channel_id: 'D1', response_url: 'https://hooks.slack.com/commands/1' });

async function acknowledged(): Promise<number> {
  return (await world.timeline('acme')).filter((e: any) => e.type === 'packet.acknowledged').length;
}

describe('Slack interactions: the Acknowledge button', () => {
  it('SOP-4.4a a signed click by customer.success acknowledges, at once, and wakes the serve loop', async () => {
    const wakes = world.wakes;
    const res = await world.slack('/slack/interactions', click(CS_SLACK));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ response_type: 'ephemeral' });
    expect(res.json.text).toMatch(/^Acknowledged: Acme Analytics/);
    expect((await world.status('acme')).state).toBe('acknowledged');
    expect((await world.timeline('acme')).find((e: any) => e.type === 'packet.acknowledged').actor).toBe('customer.success');
    expect(world.wakes).toBeGreaterThan(wakes);
  });

  it('SOP-4.4a a second click is harmless and says it was already acknowledged', async () => {
    await world.slack('/slack/interactions', click(CS_SLACK));
    const again = await world.slack('/slack/interactions', click(CS_SLACK));
    expect(again.status).toBe(200);
    expect(again.json.text).toMatch(/^Already acknowledged/);
    expect(await acknowledged()).toBe(1);
  });

  it('SOP-4.4a a click by anyone but customer.success changes nothing and says who may acknowledge', async () => {
    const res = await world.slack('/slack/interactions', click(CRO_SLACK));
    expect(res.status).toBe(200);
    expect(res.json.text).toMatch(/Only customer\.success may acknowledge/);
    expect(await acknowledged()).toBe(0);
    expect((await world.status('acme')).state).toBe('awaiting-acknowledgement');
  });

  it('a refused acknowledgement (no such deal) is told to the clicker, not a 4xx', async () => {
    const res = await world.slack('/slack/interactions', click(CS_SLACK, 'ghost'));
    expect(res.status).toBe(200);
    expect(res.json.text).toMatch(/could not acknowledge ghost/);
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
    expect(stale.json.message).toMatch(/X-Slack-Request-Timestamp is 301 s old/);
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
    expect(res.json.message).toMatch(/X-Slack-Request-Timestamp header is missing|X-Slack-Request-Timestamp is missing/);
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
