import { afterEach, describe, expect, it } from 'vitest';
import { signHs256 } from '../../src/http/jwt.js';
import { CONTACT, PROSPECTS_BOARD, T0, WEBHOOK_SECRET, openWorld, type World } from '../support/http.js';

const PULSE = 1772099344;
const URL_PATH = `/webhooks/monday/${WEBHOOK_SECRET}`;
const SIGNING = 'monday-app-signing-secret';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** monday.com's status-change payload (docs sample), with the label and trigger we choose. */
function statusChange(label: string, opts: { triggerUuid?: string; boardId?: number | string; pulseId?: number } = {}) {
  return {
    event: {
      userId: 9603417,
      originalTriggerUuid: null,
      boardId: opts.boardId ?? PROSPECTS_BOARD,
      groupId: 'topics',
      pulseId: opts.pulseId ?? PULSE,
      pulseName: 'Globex Partners',
      columnId: 'status',
      columnType: 'color',
      columnTitle: 'Status',
      value: { label: { index: 3, text: label, style: { color: '#0086c0' } }, post_id: null },
      previousValue: null,
      changedAt: 1633944017.473193,
      isTopGroup: true,
      app: 'monday',
      type: 'update_column_value',
      triggerTime: '2021-10-11T09:20:18.022Z',
      subscriptionId: 73761176,
      triggerUuid: opts.triggerUuid ?? '504b2eb76c80f672a18f892c0f700e41',
    },
  };
}

function post(w: World, body: unknown, opts: { path?: string; authorization?: string } = {}) {
  return w.raw('POST', opts.path ?? URL_PATH, JSON.stringify(body), {
    'Content-Type': 'application/json',
    ...(opts.authorization !== undefined ? { Authorization: opts.authorization } : {}),
  });
}

async function deals(w: World): Promise<any[]> {
  return w.ok('GET', '/api/status', { as: 'chief.staff' });
}

describe('the monday.com Prospects board webhook', () => {
  it('echoes the challenge', async () => {
    world = await openWorld();
    const res = await post(world, { challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
    expect(res).toEqual({ status: 200, json: { challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' } });
  });

  it('a wrong secret in the URL is 401 and nothing is done (no challenge, no deal)', async () => {
    world = await openWorld();
    const challenge = await post(world, { challenge: 'x' }, { path: '/webhooks/monday/guess' });
    expect(challenge.status).toBe(401);
    expect(challenge.json.message).toMatch(/BATON_MONDAY_WEBHOOK_SECRET/);
    expect((await post(world, statusChange('Closed-won'), { path: '/webhooks/monday/guess' })).status).toBe(401);
    expect(await deals(world)).toEqual([]);
  });

  it('an event from another board is answered 200 {ignored} (monday.com would retry a 4xx for 30 min), logged, and does nothing', async () => {
    world = await openWorld();
    const res = await post(world, statusChange('Closed-won', { boardId: 999 }));
    expect(res).toEqual({ status: 200, json: { ignored: 'unknown board', boardId: '999' } });
    expect(world.logs.join('\n')).toMatch(/board 999 ignored/);
    expect(await deals(world)).toEqual([]);
  });

  it('SOP-2a Closed-won on the board, with a verbal commitment logged, starts the handoff (status shows it)', async () => {
    world = await openWorld();
    const id = String(PULSE);
    await world.ok('POST', `/api/deals/${id}`, { as: 'cro', body: { company: 'Globex Partners', contact: CONTACT } });
    await world.ok('POST', `/api/deals/${id}/commit`, { as: 'cro', body: { type: 'verbal', sowExpected: '2026-12-01' } });
    const wakes = world.wakes;
    const res = await post(world, statusChange('Closed-won'));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ok: true, deal: id, stage: 'closed-won', duplicate: false, changed: true });
    expect(world.wakes).toBeGreaterThan(wakes);
    const status = await world.status(id);
    expect(status).toMatchObject({ stage: 'closed-won', state: 'awaiting-packet', packetPath: 'operations/handoffs/assessment-globex-partners-2026-11-26.md' });
    expect(status.clocks.find((c: any) => c.name === 'packet')).toMatchObject({ state: 'pending', dueAt: new Date(T0 + 2 * 3600_000).toISOString() });
    const staged = (await world.timeline(id)).find((e: any) => e.type === 'deal.stage-changed');
    expect(staged).toMatchObject({ actor: 'monday', data: { from: 'lead', to: 'closed-won' } });
  });

  it('SOP-2 a redelivery of the same triggerUuid changes nothing: one stage change, one event', async () => {
    world = await openWorld();
    const first = await post(world, statusChange('Negotiation'));
    expect(first.json).toMatchObject({ duplicate: false, changed: true });
    // Meanwhile the deal moves on; a late redelivery must not move it back.
    await world.ok('POST', `/api/deals/${PULSE}/stage`, { as: 'cro', body: { stage: 'proposal' } });
    const again = await post(world, { event: { ...statusChange('Negotiation').event, isRetry: true } });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ duplicate: true, changed: false });
    const timeline = await world.timeline(String(PULSE));
    expect(timeline.filter((e: any) => e.type === 'deal.stage-changed' && e.actor === 'monday')).toHaveLength(1);
    expect((await world.status(String(PULSE))).stage).toBe('proposal');
    // A new change (a new trigger) is applied.
    expect((await post(world, statusChange('Negotiation', { triggerUuid: 'ffff' }))).json).toMatchObject({ duplicate: false, changed: true });
  });

  it('an item the board has that Baton does not is added first, named after the item', async () => {
    world = await openWorld();
    await post(world, statusChange('Qualified', { pulseId: 42 }));
    const status = await world.status('42');
    expect(status).toMatchObject({ company: 'Globex Partners', stage: 'qualified', state: 'no-handoff' });
    expect((await world.timeline('42')).map((e: any) => [e.type, e.actor])).toEqual([
      ['deal.added', 'monday'],
      ['deal.stage-changed', 'monday'],
    ]);
  });

  it('a status label that is not a stage is ignored with 200', async () => {
    world = await openWorld();
    const res = await post(world, statusChange('Stuck'));
    expect(res).toEqual({ status: 200, json: { ignored: 'not a stage change', label: 'Stuck' } });
    expect(await deals(world)).toEqual([]);
  });

  it('a body that is not a monday.com event is 400 naming the field', async () => {
    world = await openWorld();
    const res = await post(world, { event: { boardId: PROSPECTS_BOARD } });
    expect(res.status).toBe(400);
    expect(res.json.problems.map((p: any) => p.field)).toContain('event.pulseId');
  });
});

describe('the monday.com webhook JWT (MONDAY_SIGNING_SECRET set)', () => {
  const aud = `http://localhost${URL_PATH}`;
  const claims = (over: Record<string, unknown> = {}) => ({ accountId: 1, userId: 2, aud, iat: T0 / 1000 - 10, exp: T0 / 1000 + 60, shortLivedToken: 'x', ...over });

  it('a valid token (raw or with Bearer) is accepted', async () => {
    world = await openWorld({ MONDAY_SIGNING_SECRET: SIGNING });
    const token = signHs256(claims(), SIGNING);
    expect((await post(world, statusChange('Qualified'), { authorization: token })).status).toBe(200);
    expect((await post(world, statusChange('Proposal', { triggerUuid: 'b' }), { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await world.status(String(PULSE))).stage).toBe('proposal');
  });

  it('the challenge is echoed before the JWT is asked for', async () => {
    world = await openWorld({ MONDAY_SIGNING_SECRET: SIGNING });
    expect((await post(world, { challenge: 'c' })).json).toEqual({ challenge: 'c' });
  });

  it.each([
    ['missing', undefined, /header is missing/],
    ['expired', signHs256(claims({ exp: T0 / 1000 - 1 }), SIGNING), /expired/],
    ['for another URL (aud)', signHs256(claims({ aud: 'https://elsewhere.example/webhooks/monday/x' }), SIGNING), /another audience/],
    ['signed with another secret', signHs256(claims(), 'not-the-signing-secret'), /signature/],
    ['not HS256 (alg none)', `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.`, /HS256/],
  ])('a token %s is 401 and nothing is done', async (_name, token, reason) => {
    world = await openWorld({ MONDAY_SIGNING_SECRET: SIGNING });
    const res = await post(world, statusChange('Closed-won'), token === undefined ? {} : { authorization: token });
    expect(res.status).toBe(401);
    expect(res.json.message).toMatch(reason);
    expect(await deals(world)).toEqual([]);
  });

  it('behind a proxy, aud may be BATON_PUBLIC_URL + the path', async () => {
    world = await openWorld({ MONDAY_SIGNING_SECRET: SIGNING, BATON_PUBLIC_URL: 'https://baton.example.com/' });
    const token = signHs256(claims({ aud: `https://baton.example.com${URL_PATH}` }), SIGNING);
    expect((await post(world, statusChange('Qualified'), { authorization: token })).status).toBe(200);
  });
});
