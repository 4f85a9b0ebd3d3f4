import { afterAll, describe, expect, it } from 'vitest';
import { CONTACT, DAY, HOUR, MINUTE, SCENARIO_TIMEOUT, fieldValue, fileDraft, initWorkspace, iso, removeTempFolders } from '../support/e2e.js';

afterAll(removeTempFolders);

describe.concurrent('a written-SOW deal', { timeout: SCENARIO_TIMEOUT }, () => {
  it('SOP-4.5a SOP-4.5c SOP-4.5d a written SOW: no SOW clocks, the announcement says Signed, the delivery clock starts at the commitment', async () => {
    const T0 = Date.parse('2026-05-11T10:00:00.000Z');
    const COMMITTED = T0 - HOUR; // the signed SOW is logged before the stage change
    const baton = await initWorkspace(T0 - 2 * HOUR);
    await baton.ok(['deal', 'add', 'globex', '--company', 'Globex Partners', ...CONTACT], T0 - 2 * HOUR);
    await baton.ok(['deal', 'commit', 'globex', '--type', 'written'], COMMITTED);
    await baton.ok(['deal', 'stage', 'globex', 'closed won'], T0);

    const h = await baton.handoff('globex', T0);
    const names = h.clocks.map((c) => c.name);
    expect(names).not.toContain('sow-send');
    expect(names).not.toContain('sow-signature');
    expect(h.clocks.find((c) => c.name === 'packet')?.dueAt).toBe(iso(T0 + 2 * HOUR));
    // The Assessment clock starts at SOW signature: here, the written commitment.
    expect(h.clocks.find((c) => c.name === 'delivery')).toMatchObject({ state: 'pending', dueAt: iso(COMMITTED + 30 * DAY) });

    const draft = (await baton.ok(['packet', 'draft', 'globex'], T0 + 30 * MINUTE)).stdout;
    expect(fieldValue(draft, 'SOW status')).toBe('Signed');
    const packetPath = await fileDraft(baton, 'globex', T0 + HOUR);
    expect(packetPath).toBe('operations/handoffs/assessment-globex-partners-2026-05-11.md');

    const posts = (await baton.messages(T0 + HOUR)).filter((m) => m.to === '#exec-checkins');
    expect(posts.map((m) => m.text)).toEqual(['🟢 DEAL CLOSED — Globex Partners — Assessment™ confirmed\nHandoff packet filed → customer.success\nSOW status: Signed']);

    await baton.ok(['ack', 'globex', '--as', 'customer.success'], T0 + 2 * HOUR);
    // Past every SOW deadline a verbal deal would have: nothing is owed to anyone.
    await baton.tick(T0 + 24 * HOUR + 1);
    await baton.tick(T0 + 48 * HOUR + 1);
    const dms = (await baton.messages(T0 + 48 * HOUR + 1)).filter((m) => m.to === 'cro' || m.to === 'chief.staff' || m.to === 'ceo');
    expect(dms).toEqual([]);

    // The SOW is signed already: acknowledgement and a live agent open the gate.
    await baton.ok(['agent', 'heartbeat', 'customer.success'], T0 + 49 * HOUR);
    await baton.ok(['delivery', 'start', 'globex'], T0 + 49 * HOUR + MINUTE);
  });

  it('SOP-2a SOP-2b both conditions must hold, in either order: T0 is the later of the two', async () => {
    const start = Date.parse('2026-05-11T08:00:00.000Z');
    const baton = await initWorkspace(start);
    await baton.ok(['deal', 'add', 'first-commit', '--company', 'Initech', ...CONTACT], start);
    await baton.ok(['deal', 'add', 'first-close', '--company', 'Umbrella Health', ...CONTACT], start);

    // Commitment first, then Closed-won an hour later.
    await baton.ok(['deal', 'commit', 'first-commit', '--type', 'verbal', '--sow-expected', '2026-05-15'], start + HOUR);
    // Closed-won first, then the commitment two hours later.
    await baton.ok(['deal', 'stage', 'first-close', 'closed_won'], start + HOUR);
    let all = await baton.status(start + HOUR);
    expect(
      all.flatMap((h) => h.clocks),
      'one condition alone starts no clock',
    ).toEqual([]);

    await baton.ok(['deal', 'stage', 'first-commit', 'Closed-won'], start + 2 * HOUR);
    await baton.ok(['deal', 'commit', 'first-close', '--type', 'verbal', '--sow-expected', '2026-05-15'], start + 3 * HOUR);
    // A repeated delivery of the same change changes nothing.
    await baton.ok(['deal', 'stage', 'first-close', 'Closed-won'], start + 4 * HOUR);

    all = await baton.status(start + 4 * HOUR);
    const packetDue = (id: string) => all.find((h) => h.id === id)?.clocks.find((c) => c.name === 'packet')?.dueAt;
    expect(packetDue('first-commit')).toBe(iso(start + 4 * HOUR));
    expect(packetDue('first-close')).toBe(iso(start + 5 * HOUR));
  });
});
