/**
 * SPEC §2: T0 is the first moment at which the stage is Closed-won and a commitment is
 * confirmed, in either order. Reopening cancels; re-closing resumes the same handoff.
 */
import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/domain/commands.js';
import { COMPANY, CONTACT, DAY, HOUR, LIVE, MINUTE, SOW_EXPECTED, T0, World, closedDeal } from '../support/domain.js';

const STAGE_WON: Command = { type: 'deal.stage', stage: 'closed-won' };
const WRITTEN: Command = { type: 'deal.commit', commitment: 'written' };
const VERBAL: Command = { type: 'deal.commit', commitment: 'verbal', sowExpected: SOW_EXPECTED };

function added(opts: ConstructorParameters<typeof World>[0] = {}): World {
  const w = new World(opts);
  w.run({ type: 'deal.add', company: COMPANY, contact: CONTACT }, T0 - DAY);
  return w;
}

describe('SPEC §2 trigger: both orders, T0 is the second condition', () => {
  const orders = [
    { order: 'stage-first', first: STAGE_WON, second: WRITTEN },
    { order: 'commit-first', first: WRITTEN, second: STAGE_WON },
    { order: 'stage-first', first: STAGE_WON, second: VERBAL },
    { order: 'commit-first', first: VERBAL, second: STAGE_WON },
  ] as const;

  it.each(orders)('SOP-2a SOP-2b $order ($second.type after $first.type): nothing starts at the first, T0 is the second', ({ first, second }) => {
    const w = added();
    const one = w.run(first, T0 - 3 * HOUR);
    expect(one.events.map((e) => e.type)).not.toContain('handoff.started');
    expect(w.state?.handoff).toBeUndefined();
    const two = w.run(second, T0);
    const started = two.events.find((e) => e.type === 'handoff.started');
    expect(started).toMatchObject({ type: 'handoff.started', t0: T0, cycle: 1, resumed: false, at: T0 });
    expect(w.handoff).toMatchObject({ t0: T0, state: 'awaiting-packet', cycle: 1, policyVersion: '1.0' });
    expect(w.clock('packet')).toMatchObject({ startedAt: T0, dueAt: T0 + 2 * HOUR });
    expect(w.clock('announcement')).toMatchObject({ startedAt: T0, dueAt: T0 + 2 * HOUR });
    expect(w.eventsOf('handoff.started')).toHaveLength(1);
  });

  it('SOP-2a the stage change alone starts nothing', () => {
    const w = added();
    const step = w.run(STAGE_WON, T0);
    expect(step.events.map((e) => e.type)).toEqual(['deal.stage-changed']);
    expect(w.state?.handoff).toBeUndefined();
  });

  it('SOP-2b the commitment alone starts nothing', () => {
    const w = added();
    const step = w.run(VERBAL, T0);
    expect(step.events.map((e) => e.type)).toEqual(['deal.commitment-logged']);
    expect(w.state?.handoff).toBeUndefined();
  });

  it.each(['lead', 'qualified', 'proposal', 'negotiation', 'closed-lost'])('SOP-2a stage %s never triggers, even with a commitment logged', (stage) => {
    const w = added();
    w.run(WRITTEN, T0 - HOUR);
    // A new deal starts at `lead`; move it elsewhere first so every stage is a change.
    w.run({ type: 'deal.stage', stage: stage === 'proposal' ? 'qualified' : 'proposal' }, T0 - 30 * MINUTE);
    const step = w.run({ type: 'deal.stage', stage }, T0);
    expect(step.events.map((e) => e.type)).toEqual(['deal.stage-changed']);
    expect(w.state?.handoff).toBeUndefined();
    expect(w.eventsOf('handoff.started')).toEqual([]);
  });

  it.each(['Closed-won', 'Closed won', 'closed_won', 'CLOSED-WON', '  closed-won '])('SOP-2a the board spelling %j counts as Closed-won', (stage) => {
    const w = added();
    w.run(WRITTEN, T0 - HOUR);
    const step = w.run({ type: 'deal.stage', stage }, T0);
    expect(step.events).toContainEqual(expect.objectContaining({ type: 'deal.stage-changed', to: 'closed-won' }));
    expect(step.events).toContainEqual(expect.objectContaining({ type: 'handoff.started', t0: T0 }));
  });

  it('SOP-2a a repeated stage change produces no events', () => {
    const w = closedDeal({ commitment: 'written' });
    expect(w.run(STAGE_WON, T0 + 5 * MINUTE).events).toEqual([]);
    expect(w.run({ type: 'deal.stage', stage: 'Closed won' }, T0 + 6 * MINUTE).events).toEqual([]);
    expect(w.handoff.t0).toBe(T0);
    expect(w.eventsOf('handoff.started')).toHaveLength(1);
  });

  it.each([
    ['written', WRITTEN],
    ['verbal', VERBAL],
  ] as const)('SOP-2b a repeated %s commitment produces no events', (type, cmd) => {
    const w = closedDeal({ commitment: type });
    expect(w.run(cmd, T0 + 5 * MINUTE).events).toEqual([]);
    expect(w.eventsOf('deal.commitment-logged')).toHaveLength(1);
    expect(w.eventsOf('handoff.started')).toHaveLength(1);
  });

  it('SOP-2a a repeated stage change before the commitment produces no events and does not move T0', () => {
    const w = added();
    w.run(STAGE_WON, T0 - 2 * HOUR);
    expect(w.run(STAGE_WON, T0 - HOUR).events).toEqual([]);
    w.run(WRITTEN, T0);
    expect(w.handoff.t0).toBe(T0);
  });
});

describe('SPEC §2 reopen and re-close', () => {
  it('SOP-2a leaving Closed-won before delivery cancels every open clock, keeps the cancellations and puts the handoff on hold', () => {
    const w = closedDeal({ commitment: 'verbal' });
    w.fire('packet', T0 + 2 * HOUR); // an overdue clock is open too
    const step = w.run({ type: 'deal.stage', stage: 'negotiation' }, T0 + 3 * HOUR);
    expect(step.events[0]).toMatchObject({ type: 'deal.stage-changed', from: 'closed-won', to: 'negotiation' });
    expect(step.events).toContainEqual(expect.objectContaining({ type: 'handoff.put-on-hold', stage: 'negotiation' }));
    const cancelled = step.events.filter((e) => e.type === 'clock.cancelled').map((e) => (e.type === 'clock.cancelled' ? e.name : ''));
    expect(cancelled.sort()).toEqual(['announcement', 'packet', 'sow-send', 'sow-signature']);
    expect(w.handoff.state).toBe('on-hold');
    for (const name of ['packet', 'announcement', 'sow-send', 'sow-signature'] as const) {
      expect(w.clock(name).state).toBe('cancelled');
    }
    // The miss and the cancellations stay in the timeline.
    expect(w.events).toContainEqual(expect.objectContaining({ type: 'clock.missed', name: 'packet' }));
    expect(w.eventsOf('clock.cancelled')).toHaveLength(4);
    // A cancelled clock never fires.
    expect(w.fire('sow-send', T0 + 30 * HOUR).events).toEqual([]);
    expect(w.fire('sow-signature', T0 + 50 * HOUR).events).toEqual([]);
  });

  it('SOP-2a closing again resumes the same handoff: cycle 2, a new T0, the new close date in the unfiled packet path, fresh clocks from the new T0', () => {
    const w = closedDeal({ commitment: 'written' });
    const path = w.handoff.packetPath.replace('2026-11-26', '2026-11-29');
    w.run({ type: 'deal.stage', stage: 'closed-lost' }, T0 + HOUR);
    const t1 = T0 + 3 * DAY;
    const step = w.run(STAGE_WON, t1);
    expect(step.events).toContainEqual(expect.objectContaining({ type: 'handoff.started', cycle: 2, t0: t1, resumed: true, packetPath: path }));
    expect(w.handoff).toMatchObject({ cycle: 2, t0: t1, packetPath: path, state: 'awaiting-packet' });
    expect(w.clock('packet')).toMatchObject({ state: 'pending', startedAt: t1, dueAt: t1 + 2 * HOUR });
    expect(w.clock('announcement')).toMatchObject({ state: 'pending', dueAt: t1 + 2 * HOUR });
    expect(w.eventsOf('handoff.started')).toHaveLength(2);
    // The first cycle's cancellations are still in the timeline.
    expect(
      w
        .eventsOf('clock.cancelled')
        .map((e) => e.name)
        .sort(),
    ).toEqual(['announcement', 'delivery', 'packet']);
  });

  it('SOP-4.5d re-closing keeps the Assessment clock anchored at the SOW signature, not at the new T0', () => {
    const w = closedDeal({ commitment: 'written' });
    w.run({ type: 'deal.stage', stage: 'negotiation' }, T0 + HOUR);
    expect(w.clock('delivery').state).toBe('cancelled');
    const t1 = T0 + 2 * DAY;
    w.run(STAGE_WON, t1);
    expect(w.clock('delivery')).toMatchObject({ state: 'pending', startedAt: T0, dueAt: T0 + 30 * DAY });
  });

  it('SOP-4.5d a SOW signed while the handoff is on hold starts the Assessment clock at the signature once the deal closes again', () => {
    const w = closedDeal({ commitment: 'verbal' });
    w.run({ type: 'deal.stage', stage: 'negotiation' }, T0 + HOUR);
    const signedAt = T0 + 5 * HOUR;
    const sign = w.run({ type: 'sow.signed' }, signedAt);
    expect(sign.events.map((e) => e.type)).toEqual(['sow.signed']);
    const t1 = T0 + DAY;
    w.run(STAGE_WON, t1);
    expect(w.clock('delivery')).toMatchObject({ state: 'pending', startedAt: signedAt, dueAt: signedAt + 30 * DAY });
    expect(w.clock('sow-send').state).toBe('cancelled');
    expect(w.clock('sow-signature').state).toBe('cancelled');
  });

  it('SOP-3g a packet filed before the reopen is kept; re-closing restarts only what is still owed', () => {
    const w = closedDeal({ commitment: 'written' });
    w.filePacket(T0 + HOUR);
    w.run({ type: 'message.delivered', kind: 'announcement', key: 'D-100/announcement' }, T0 + HOUR + MINUTE);
    const hold = w.run({ type: 'deal.stage', stage: 'proposal' }, T0 + 2 * HOUR);
    expect(hold.events).toContainEqual(expect.objectContaining({ type: 'clock.cancelled', name: 'acknowledgement' }));
    const t1 = T0 + 10 * HOUR;
    w.run(STAGE_WON, t1);
    expect(w.handoff.state).toBe('awaiting-acknowledgement');
    expect(w.handoff.packet?.revision).toBe(1);
    expect(w.clock('packet').state).toBe('done');
    expect(w.clock('announcement').state).toBe('done');
    expect(w.clock('acknowledgement')).toMatchObject({ state: 'pending', dueAt: t1 + 24 * HOUR });
  });

  it('SOP-2a commands that need an active handoff are refused while it is on hold', () => {
    const w = closedDeal({ commitment: 'written' });
    w.run({ type: 'deal.stage', stage: 'negotiation' }, T0 + HOUR);
    const step = w.attempt({ type: 'packet.file', text: w.packet() }, T0 + 2 * HOUR);
    expect(step.ok).toBe(false);
    expect(step.problems[0]?.field).toBe('handoff');
  });

  it('SOP-4.5b leaving Closed-won after delivery started stops the handoff and cancels the delivery clock (SPEC §13)', () => {
    const w = closedDeal({ commitment: 'written' });
    w.filePacket(T0 + HOUR);
    w.ack(T0 + 2 * HOUR);
    w.run({ type: 'delivery.start' }, T0 + 3 * HOUR, { customerSuccess: LIVE });
    const step = w.run({ type: 'deal.stage', stage: 'negotiation' }, T0 + 4 * HOUR);
    expect(step.events.map((e) => e.type)).toEqual(['deal.stage-changed', 'handoff.stopped', 'clock.cancelled']);
    expect(w.handoff.state).toBe('stopped');
    expect(w.clock('delivery').state).toBe('cancelled');
  });
});

describe('SPEC §4 packet path, fixed when the handoff starts', () => {
  it('SOP-3b the packet path is operations/handoffs/assessment-{company-slug}-{close date}.md', () => {
    const w = closedDeal({ commitment: 'written' });
    expect(w.handoff.packetPath).toBe('operations/handoffs/assessment-acme-analytics-2026-11-26.md');
    expect(w.handoff.closeDate).toBe('2026-11-26');
  });

  it('SOP-3b the slug folds accents and drops symbols', () => {
    const w = closedDeal({ commitment: 'written', company: 'Société Générale™ (EU)' });
    expect(w.handoff.packetPath).toBe('operations/handoffs/assessment-societe-generale-eu-2026-11-26.md');
  });

  it('SOP-3b the date is the close date in the org time zone', () => {
    // 03:00 UTC on the 27th is still the evening of the 26th in Los Angeles.
    const at = Date.parse('2026-11-27T03:00:00Z');
    const la = closedDeal({ commitment: 'written', at, timezone: 'America/Los_Angeles' });
    expect(la.handoff.closeDate).toBe('2026-11-26');
    expect(la.handoff.packetPath).toBe('operations/handoffs/assessment-acme-analytics-2026-11-26.md');
    const utc = closedDeal({ commitment: 'written', at });
    expect(utc.handoff.packetPath).toBe('operations/handoffs/assessment-acme-analytics-2026-11-27.md');
  });

  it('SOP-3b a second deal of the same company on the same day gets -2, then -3', () => {
    const taken = ['operations/handoffs/assessment-acme-analytics-2026-11-26.md'];
    const second = closedDeal({ commitment: 'written', takenPacketPaths: taken });
    expect(second.handoff.packetPath).toBe('operations/handoffs/assessment-acme-analytics-2026-11-26-2.md');
    const third = closedDeal({
      commitment: 'written',
      takenPacketPaths: [...taken, 'operations/handoffs/assessment-acme-analytics-2026-11-26-2.md'],
    });
    expect(third.handoff.packetPath).toBe('operations/handoffs/assessment-acme-analytics-2026-11-26-3.md');
  });

  it('SOP-3b nothing in a company name moves the packet outside operations/handoffs/', () => {
    const w = closedDeal({ commitment: 'written', company: '../../etc/passwd' });
    expect(w.handoff.packetPath).toMatch(/^operations\/handoffs\/assessment-[a-z0-9-]+-2026-11-26\.md$/);
    expect(w.handoff.packetPath).not.toContain('..');
  });
});

describe('SPEC §1 and SOP step 1: the board update', () => {
  it('SOP-4.1 the board logs the confirmed primary contact, the commitment type and the expected SOW date', () => {
    const w = new World();
    const add = w.run({ type: 'deal.add', company: COMPANY, contact: { ...CONTACT, phone: '+1 555 0100' } }, T0 - DAY);
    expect(add.events[0]).toMatchObject({ type: 'deal.added', deal: { id: 'D-100', company: COMPANY, contact: { ...CONTACT, phone: '+1 555 0100' }, stage: 'lead' } });
    const commit = w.run(VERBAL, T0 - HOUR);
    expect(commit.events[0]).toMatchObject({ type: 'deal.commitment-logged', commitment: { type: 'verbal', sowExpected: SOW_EXPECTED, loggedAt: T0 - HOUR } });
    w.run(STAGE_WON, T0);
    const draft = w.packet();
    expect(draft).toContain('Primary contact: Ana Ruiz, VP Partnerships, ana@acme.example, +1 555 0100\n');
    expect(draft).toContain(`SOW status: Verbal commitment — signed SOW pending by ${SOW_EXPECTED}\n`);
  });

  it('SOP-4.1 adding the same deal again changes nothing; new details are an update', () => {
    const w = added();
    expect(w.run({ type: 'deal.add', company: COMPANY, contact: CONTACT }, T0).events).toEqual([]);
    const update = w.run({ type: 'deal.add', company: COMPANY, contact: { phone: '+1 555 0100' } }, T0 + MINUTE);
    expect(update.events[0]).toMatchObject({ type: 'deal.updated', changes: { contact: { ...CONTACT, phone: '+1 555 0100' } } });
  });

  it('SOP-4.1 a written commitment records the SOW as signed at the commitment time', () => {
    const w = added();
    const step = w.run(WRITTEN, T0);
    expect(step.events[0]).toMatchObject({ type: 'deal.commitment-logged', commitment: { type: 'written', loggedAt: T0 } });
    expect(w.deal.sowSignedAt).toBe(T0);
  });

  it('SOP-4.1 changing the expected SOW date of a verbal commitment is logged and keeps the commitment time', () => {
    const w = closedDeal({ commitment: 'verbal' });
    const step = w.run({ type: 'deal.commit', commitment: 'verbal', sowExpected: '2026-12-03' }, T0 + HOUR);
    expect(step.events[0]).toMatchObject({ type: 'deal.commitment-logged', commitment: { type: 'verbal', sowExpected: '2026-12-03', loggedAt: T0 } });
    expect(w.eventsOf('handoff.started')).toHaveLength(1);
    expect(w.clock('sow-signature').dueAt).toBe(T0 + 48 * HOUR);
  });
});
