import { describe, expect, it } from 'vitest';
import { decideOrg } from '../../src/domain/org.js';
import { CLOCK_OWNERS } from '../../src/domain/owners.js';
import { LIVE, closedDeal, COMPANY, CONTACT, DAY, HOUR, T0 } from '../support/domain.js';

// SPEC §13, one rule per block: given the events so far, when a command, then these events.

describe('SPEC §13 authority lives in the domain', () => {
  it('SOP-5c an agent heartbeats only for its own role: a cro cannot make customer.success live', () => {
    const refused = decideOrg({ type: 'agent.heartbeat', role: 'customer.success' }, { actor: 'cro', now: T0 });
    expect(refused).toMatchObject({ ok: false, reason: 'forbidden', problems: [{ field: 'role', code: 'forbidden', roles: ['customer.success'] }] });
    expect(decideOrg({ type: 'agent.heartbeat', role: 'customer.success' }, { actor: 'customer.success', now: T0 })).toMatchObject({
      ok: true,
      events: [{ type: 'agent.heartbeat', role: 'customer.success', actor: 'customer.success', at: T0 }],
    });
  });

  it('SOP-5b only the ceo activates an agent manually', () => {
    for (const actor of ['cro', 'chief.staff', 'customer.success'] as const) {
      expect(decideOrg({ type: 'agent.activate', role: 'customer.success' }, { actor, now: T0 })).toMatchObject({ ok: false, reason: 'forbidden', problems: [{ roles: ['ceo'] }] });
    }
    expect(decideOrg({ type: 'agent.activate', role: 'customer.success' }, { actor: 'ceo', now: T0 })).toMatchObject({ ok: true, events: [{ type: 'agent.activated' }] });
  });

  it('SOP-4.3b the daily summary is filed by chief.staff or the ceo, not by the cro', () => {
    expect(decideOrg({ type: 'summary.file', date: '2026-11-26', path: 'p' }, { actor: 'cro', now: T0 })).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(decideOrg({ type: 'summary.file', date: '2026-11-26', path: 'p' }, { actor: 'chief.staff', now: T0 })).toMatchObject({ ok: true });
  });

  it('a failed message is retried by chief.staff, the ceo or the owner of its clock, and the retry is in the timeline', () => {
    const w = closedDeal();
    const byCs = w.attempt({ type: 'message.retry', messageId: 7, kind: 'packet-overdue', state: 'failed' }, T0 + HOUR, { actor: 'customer.success' });
    expect(byCs.decision).toMatchObject({ ok: false, reason: 'forbidden', problems: [{ roles: ['chief.staff', 'ceo', 'cro'] }] });
    const byCro = w.run({ type: 'message.retry', messageId: 7, kind: 'packet-overdue', state: 'failed' }, T0 + HOUR, { actor: 'cro' });
    expect(byCro.events).toMatchObject([{ type: 'message.retried', messageId: 7, actor: 'cro' }]);
    const notFailed = w.attempt({ type: 'message.retry', messageId: 8, kind: 'announcement', state: 'delivered' }, T0 + HOUR, { actor: 'ceo' });
    expect(notFailed.decision).toMatchObject({ ok: false, problems: [{ field: 'id' }] });
  });
});

describe('SPEC §13 re-filing after acknowledgement', () => {
  it('SOP-3g clears the signature, starts a new acknowledgement clock and asks again with the button', () => {
    const w = closedDeal({ commitment: 'verbal' });
    w.filePacket(T0 + HOUR);
    w.ack(T0 + 2 * HOUR);
    expect(w.file(w.handoff.packetPath)).toMatch(/^Acknowledged by: customer\.success — /m);
    const refiled = w.filePacket(T0 + 5 * HOUR, { 'Committed delivery window': '2026-12-02 start target / 30-day max from SOW' });
    expect(refiled.events.map((e) => e.type)).toEqual(['packet.filed', 'packet.acknowledgement-cleared', 'clock.started', 'delivery-item.revised']);
    expect(w.clock('acknowledgement')).toMatchObject({ state: 'pending', startedAt: T0 + 5 * HOUR, dueAt: T0 + 5 * HOUR + 24 * HOUR });
    expect(w.handoff.state).toBe('awaiting-acknowledgement');
    expect(w.file(w.handoff.packetPath)).toMatch(/^Acknowledged by: *$/m);
    const ask = refiled.messages.find((m) => m.recipient === 'customer.success');
    expect(ask).toMatchObject({ kind: 'ack-request', key: `${w.dealId}/ack-request-r2` });
    expect(refiled.messages.find((m) => m.channel === 'board')).toMatchObject({ kind: 'delivery-item-update', payload: { update: true } });
    expect(w.handoff.deliveryItem?.windowStart).toBe('2026-12-02');
  });

  it('before acknowledgement a re-filing keeps the clock it had (no postponed escalation)', () => {
    const w = closedDeal();
    w.filePacket(T0 + HOUR);
    const due = w.clock('acknowledgement').dueAt;
    const refiled = w.filePacket(T0 + 3 * HOUR, { Sensitivities: 'Budget owner changed' });
    expect(refiled.events.map((e) => e.type)).toEqual(['packet.filed']);
    expect(w.clock('acknowledgement').dueAt).toBe(due);
  });
});

describe('SPEC §13 the 30-day maximum holds everywhere', () => {
  it('SOP-3e sow signed re-caps the delivery item: no milestone after signature + 30 days', () => {
    const w = closedDeal({ commitment: 'verbal', sowExpected: '2026-12-01' });
    w.filePacket(T0 + HOUR, { 'Committed delivery window': '2026-12-01 start target / 30-day max from SOW' });
    w.ack(T0 + DAY);
    expect(w.handoff.deliveryItem?.milestones.at(-1)).toEqual({ name: 'Readout', date: '2026-12-31' });
    const signed = w.run({ type: 'sow.signed' }, Date.parse('2026-11-28T10:00:00Z'));
    expect(signed.events.map((e) => e.type)).toContain('delivery-item.revised');
    const item = w.handoff.deliveryItem!;
    expect(item.windowEnd).toBe('2026-12-28');
    expect(item.milestones.every((m) => m.date <= '2026-12-28')).toBe(true);
  });
});

describe('SPEC §13 the packet agrees with the board', () => {
  it('SOP-4.1 a packet naming another company or contact is refused with both sides', () => {
    const w = closedDeal();
    const step = w.attempt({ type: 'packet.file', text: w.packet({ 'Customer company': 'Acme Holdings', 'Primary contact': 'Bo Chen, CTO, bo@acme.example' }) }, T0 + HOUR);
    expect(step.ok).toBe(false);
    expect(step.problems.filter((p) => p.code === 'mismatch').map((p) => p.field)).toEqual(['Customer company', 'Primary contact']);
    expect(step.problems[0]?.next).toEqual({ command: 'deal.update', id: w.dealId });
  });

  it('after deal update the packet that matches the new board is accepted, and a contact change after filing is sent to customer.success', () => {
    const w = closedDeal();
    w.filePacket(T0 + HOUR);
    const updated = w.run({ type: 'deal.update', changes: { contact: { name: 'Bo Chen', email: 'bo@acme.example', title: 'CTO' } } }, T0 + 2 * HOUR);
    expect(updated.messages).toMatchObject([{ kind: 'contact-changed', recipient: 'customer.success' }]);
    expect(w.deal.contact).toEqual({ name: 'Bo Chen', title: 'CTO', email: 'bo@acme.example' });
    expect(w.run({ type: 'deal.update', changes: { origin: '' } }, T0 + 3 * HOUR).events[0]).toMatchObject({ type: 'deal.updated', cleared: ['origin'] });
    expect(w.deal.origin).toBeUndefined();
    expect(w.attempt({ type: 'deal.update', changes: { company: '  ' } }, T0 + 4 * HOUR).problems).toMatchObject([{ field: 'company' }]);
    expect(w.run({ type: 'deal.update', changes: { company: COMPANY } }, T0 + 4 * HOUR).events).toEqual([]);
    expect(CONTACT.name).toBe('Ana Ruiz');
  });
});

describe('SPEC §13 leaving Closed-won during delivery, and a re-close', () => {
  it('SOP-4.5d cancels the delivery clock, tells customer.success and the cro, stops the handoff; closing again resumes it', () => {
    const w = closedDeal();
    w.filePacket(T0 + HOUR);
    w.ack(T0 + 2 * HOUR);
    w.run({ type: 'delivery.start' }, T0 + 3 * HOUR, { customerSuccess: LIVE });
    const left = w.run({ type: 'deal.stage', stage: 'negotiation' }, T0 + 4 * DAY);
    expect(left.events.map((e) => e.type)).toEqual(['deal.stage-changed', 'handoff.stopped', 'clock.cancelled']);
    expect(left.messages.map((m) => [m.kind, m.recipient])).toEqual([
      ['delivery-stopped', 'customer.success'],
      ['delivery-stopped', 'cro'],
    ]);
    expect(w.handoff.state).toBe('stopped');
    w.run({ type: 'deal.stage', stage: 'closed-won' }, T0 + 5 * DAY);
    expect(w.handoff.state).toBe('in-delivery');
    expect(w.handoff.cycle).toBe(2);
    expect(w.clock('delivery').state).toBe('pending');
  });

  it('SOP-2a a re-close uses its own close date, and an unfiled packet is named after it', () => {
    const w = closedDeal();
    w.run({ type: 'deal.stage', stage: 'negotiation' }, T0 + HOUR);
    w.run({ type: 'deal.stage', stage: 'closed-won' }, T0 + 3 * DAY);
    expect(w.handoff.closeDate).toBe('2026-11-29');
    expect(w.handoff.packetPath).toBe('operations/handoffs/assessment-acme-analytics-2026-11-29.md');
  });
});

describe('SPEC §18 who must act', () => {
  it('every clock has an owner, the role a handoff waits on', () => {
    expect(CLOCK_OWNERS).toMatchObject({ packet: 'cro', acknowledgement: 'customer.success', delivery: 'customer.success', 'sow-signature': 'cro' });
  });
});
