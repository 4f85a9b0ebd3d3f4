import { afterEach, describe, expect, it } from 'vitest';
import { countRows, columnEvent, openBoardWorld, orgEvents, postEvent, VERBAL_CLOSED, type BoardWorld } from '../support/board.js';

/**
 * SPEC §14, the webhook with `monday.prospectsColumns`: an event for any mapped column makes
 * Baton read the item through the API (the real client against the fake monday.com) and apply
 * it whole, in one transaction keyed by the event.
 */

let bw: BoardWorld | undefined;
afterEach(async () => {
  await bw?.close();
  bw = undefined;
});

const readsOf = (w: BoardWorld) => w.fake.requests.filter((r) => r.fields.includes('items'));

describe('the Prospects board webhook reads the item', () => {
  it('commitment first, then Closed-won: the deal is added from the item, and the handoff starts with the verbal clocks', async () => {
    bw = await openBoardWorld();
    const { fake, world } = bw;
    const item = fake.seedItem({ board: 'prospects', name: 'Acme Analytics', columnValues: { ...VERBAL_CLOSED, stage: 'Negotiation' } });

    const first = await postEvent(world, columnEvent(fake, item.id, 'commitment', { label: 'Verbal' }));
    expect(first).toMatchObject({ status: 200, json: { ok: true, deal: item.id, outcome: 'added', duplicate: false, changed: true, handoffStarted: false } });
    expect(readsOf(bw)).toHaveLength(1);
    expect(readsOf(bw)[0]!.apiVersion).toBe('2026-07');
    const added = await world.status(item.id);
    expect(added).toMatchObject({ company: 'Acme Analytics', stage: 'negotiation', state: 'no-handoff' });

    fake.updateItem(item.id, { stage: 'Closed-won' });
    const closed = await postEvent(world, columnEvent(fake, item.id, 'stage', { label: 'Closed-won' }));
    expect(closed.json).toMatchObject({ ok: true, outcome: 'updated', changed: true, handoffStarted: true });
    const status = await world.status(item.id);
    expect(status).toMatchObject({ stage: 'closed-won', state: 'awaiting-packet' });
    expect(status.clocks.map((c: any) => c.name).sort()).toEqual(['announcement', 'packet', 'sow-send', 'sow-signature']);

    const draft = await world.ok('GET', `/api/deals/${item.id}/packet/draft`, { as: 'cro' });
    expect(draft.text).toContain('Acme Analytics');
    expect(draft.text).toContain('Ana Ruiz');
    expect(draft.text).toContain('ana@acme.example');
    const timeline = await world.timeline(item.id);
    expect(timeline.every((e: any) => e.actor === 'monday')).toBe(true);
  });

  it('Closed-won first, then the commitment: the trigger fires on the second event', async () => {
    bw = await openBoardWorld();
    const { fake, world } = bw;
    const { commitment: _c, sow_expected: _s, ...noCommitment } = VERBAL_CLOSED;
    const item = fake.seedItem({ board: 'prospects', name: 'Globex', columnValues: noCommitment });
    expect((await postEvent(world, columnEvent(fake, item.id, 'stage', { label: 'Closed-won' }))).json).toMatchObject({ outcome: 'added', handoffStarted: false });
    expect((await world.status(item.id)).state).toBe('no-handoff');

    fake.updateItem(item.id, { commitment: 'Verbal', sow_expected: { date: '2026-12-01' } });
    expect((await postEvent(world, columnEvent(fake, item.id, 'commitment', { label: 'Verbal' }))).json).toMatchObject({ outcome: 'updated', handoffStarted: true });
    expect((await world.status(item.id)).clocks.map((c: any) => c.name)).toContain('sow-signature');
  });

  it('a redelivery of the same event changes nothing, even after the item moved on', async () => {
    bw = await openBoardWorld();
    const { fake, world, engine } = bw;
    const item = fake.seedItem({ board: 'prospects', name: 'Acme Analytics', columnValues: VERBAL_CLOSED });
    const event = columnEvent(fake, item.id, 'stage', { label: 'Closed-won', triggerUuid: 'same-trigger' });
    expect((await postEvent(world, event)).json).toMatchObject({ duplicate: false, changed: true, handoffStarted: true });
    const events = await countRows(engine, 'events');
    const messages = await countRows(engine, 'messages');

    fake.updateItem(item.id, { contact_title: 'COO' });
    const again = await postEvent(world, { event: { ...event.event, isRetry: true } });
    expect(again.json).toMatchObject({ ok: true, duplicate: true, changed: false });
    expect(await countRows(engine, 'events')).toBe(events);
    expect(await countRows(engine, 'messages')).toBe(messages);
  });

  it('a written SOW item starts its handoff without SOW clocks', async () => {
    bw = await openBoardWorld();
    const { fake, world } = bw;
    const item = fake.seedItem({ board: 'prospects', name: 'Initech', columnValues: { ...VERBAL_CLOSED, commitment: 'Written', sow_status: 'Signed' } });
    expect((await postEvent(world, columnEvent(fake, item.id, 'commitment', { label: 'Written' }))).json).toMatchObject({ outcome: 'added', handoffStarted: true });
    const status = await world.status(item.id);
    const names = status.clocks.map((c: any) => c.name);
    expect(names).not.toContain('sow-send');
    expect(names).not.toContain('sow-signature');
    // Signed on the board: the SOW is signed, so the delivery clock runs from the close.
    expect(names).toContain('delivery');
  });

  it('an unmapped column, the handoff column, and a stage label that is no stage change nothing and say why', async () => {
    bw = await openBoardWorld();
    const { fake, world } = bw;
    const item = fake.seedItem({ board: 'prospects', name: 'Acme Analytics', columnValues: VERBAL_CLOSED });
    expect((await postEvent(world, columnEvent(fake, item.id, 'notes_column'))).json).toEqual({ ignored: 'not a mapped column', column: 'notes_column' });
    expect((await postEvent(world, columnEvent(fake, item.id, 'handoff', { label: 'Packet due' }))).json).toEqual({ ignored: 'not a mapped column', column: 'handoff' });
    expect((await postEvent(world, columnEvent(fake, item.id, 'stage', { label: 'Stuck' }))).json).toEqual({ ignored: 'not a stage change', label: 'Stuck' });
    expect(world.logs.filter((l) => l.includes(`item ${item.id}`) && l.includes('ignored'))).toHaveLength(3);
    expect(world.logs.join('\n')).toMatch(/"Stuck" is not a stage/);
    expect(readsOf(bw)).toHaveLength(0);
    expect(await countRows(bw.engine, 'deals')).toBe(0);
  });

  it('a value Baton cannot read is a board.problem in the audit naming item, column and fix; nothing else is applied', async () => {
    bw = await openBoardWorld();
    const { fake, world, engine } = bw;
    const item = fake.seedItem({ board: 'prospects', name: 'Acme Analytics', columnValues: { ...VERBAL_CLOSED, commitment: 'Maybe' } });
    const event = columnEvent(fake, item.id, 'stage', { label: 'Closed-won' });
    const res = await postEvent(world, event);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      ok: false,
      deal: item.id,
      problems: [{ itemId: item.id, column: 'commitment', message: expect.stringMatching(/"Maybe"/), fix: expect.stringMatching(/Written or Verbal/) }],
    });
    expect(await countRows(engine, 'deals')).toBe(0);
    expect(await countRows(engine, 'events')).toBe(0);
    const problems = await orgEvents(engine, 'board.problem');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ actor: 'monday', data: { itemId: item.id, column: 'commitment' } });
    const audit = await world.ok('GET', '/api/audit', { as: 'chief.staff' });
    expect(audit.map((e: any) => e.type)).toEqual(['board.problem']);
    expect(world.logs.join('\n')).toMatch(new RegExp(`item ${item.id}: nothing applied: column commitment`));

    // The same event again, and another event reading the same bad value: still one problem.
    await postEvent(world, event);
    await postEvent(world, columnEvent(fake, item.id, 'contact_name'));
    expect(await orgEvents(engine, 'board.problem')).toHaveLength(1);

    // Fixed on the board: the next event applies the item.
    fake.updateItem(item.id, { commitment: 'Verbal' });
    expect((await postEvent(world, columnEvent(fake, item.id, 'commitment', { label: 'Verbal' }))).json).toMatchObject({ ok: true, handoffStarted: true });
  });

  it('a Verbal commitment without its SOW date is refused by the domain: a problem naming the date column', async () => {
    bw = await openBoardWorld();
    const { fake, world, engine } = bw;
    const { sow_expected: _s, ...noDate } = VERBAL_CLOSED;
    const item = fake.seedItem({ board: 'prospects', name: 'Acme Analytics', columnValues: noDate });
    const res = await postEvent(world, columnEvent(fake, item.id, 'commitment', { label: 'Verbal' }));
    expect(res.json).toMatchObject({ ok: false, problems: [{ column: 'sow_expected', fix: expect.stringMatching(/column "sow_expected" of item/) }] });
    expect(await countRows(engine, 'deals')).toBe(0);
    expect(await orgEvents(engine, 'board.problem')).toHaveLength(1);
  });

  it('an item deleted meanwhile is ignored with 200', async () => {
    bw = await openBoardWorld();
    const res = await postEvent(bw.world, columnEvent(bw.fake, '999999', 'stage', { label: 'Closed-won' }));
    expect(res.json).toEqual({ ignored: 'item not found', deal: '999999' });
  });

  it('monday.com asking to wait is a 503, so that monday.com delivers the event again', async () => {
    bw = await openBoardWorld();
    const { fake, world } = bw;
    const item = fake.seedItem({ board: 'prospects', name: 'Acme Analytics', columnValues: VERBAL_CLOSED });
    fake.fail('items', { status: 429, complexity: true, retryInSeconds: 300 });
    const res = await postEvent(world, columnEvent(fake, item.id, 'stage', { label: 'Closed-won', triggerUuid: 't-429' }));
    expect(res.status).toBe(503);
    expect(res.json.problems[0].message).toMatch(/COMPLEXITY_BUDGET_EXHAUSTED/);
    // The redelivery a minute later is applied: the failed attempt recorded nothing.
    expect((await postEvent(world, columnEvent(fake, item.id, 'stage', { label: 'Closed-won', triggerUuid: 't-429' }))).json).toMatchObject({ ok: true, handoffStarted: true });
  });
});
