/**
 * SPEC §8: a missed acknowledgement goes to chief.staff on behalf of the cro; after the
 * grace period, to the ceo for manual customer.success activation. Each step once.
 */
import { describe, expect, it } from 'vitest';
import { DAY, HOUR, LIVE, MINUTE, NOT_LIVE, T0, closedDeal, sent, type World } from '../support/domain.js';

const FILED = T0 + HOUR;
const ACK_DUE = FILED + 24 * HOUR;
const CEO_DUE = ACK_DUE + 4 * HOUR;
const PACKET_PATH = 'operations/handoffs/assessment-acme-analytics-2026-11-26.md';

function filed(): World {
  const w = closedDeal({ commitment: 'written' });
  w.filePacket(FILED);
  return w;
}

describe('SPEC §8 escalation to chief.staff', () => {
  it('SOP-5a a missed acknowledgement DMs chief.staff on behalf of the cro: company, packet path, hours overdue, no live agent', () => {
    const w = filed();
    const step = w.attempt({ type: 'clock.fire', name: 'acknowledgement' }, ACK_DUE + 3 * HOUR, { customerSuccess: NOT_LIVE });
    expect(step.events).toContainEqual(expect.objectContaining({ type: 'escalation.chief-staff', hoursOverdue: 3, customerSuccessLive: false }));
    expect(sent(step.messages)).toEqual([['escalation-chief-staff', 'chief.staff']]);
    const text = step.messages[0]?.text ?? '';
    expect(text).toContain('Acme Analytics');
    expect(text).toContain(PACKET_PATH);
    expect(text).toMatch(/\b3 h\b/);
    expect(text).toContain('From cro');
    expect(text).toMatch(/customer\.success live agent: no\b/);
    expect(w.handoff.escalatedToChiefStaffAt).toBe(ACK_DUE + 3 * HOUR);
  });

  it('SOP-5a the chief.staff DM says when customer.success does have a live agent', () => {
    const w = filed();
    const step = w.attempt({ type: 'clock.fire', name: 'acknowledgement' }, ACK_DUE, { customerSuccess: LIVE });
    expect(step.events).toContainEqual(expect.objectContaining({ type: 'escalation.chief-staff', hoursOverdue: 0, customerSuccessLive: true }));
    expect(step.messages[0]?.text).toMatch(/customer\.success live agent: yes\b/);
  });

  it('SOP-5a no escalation before the acknowledgement falls due', () => {
    const w = filed();
    expect(w.fire('acknowledgement', ACK_DUE - 1).events).toEqual([]);
    expect(w.eventsOf('escalation.chief-staff')).toEqual([]);
    expect(w.messagesOf('escalation-chief-staff')).toEqual([]);
  });

  it('SOP-5a no escalation when customer.success acknowledged in time', () => {
    const w = filed();
    w.ack(ACK_DUE - MINUTE);
    expect(w.fire('acknowledgement', ACK_DUE).events).toEqual([]);
    expect(w.fire('ceo-escalation', CEO_DUE).events).toEqual([]);
    expect(w.messages.filter((m) => m.kind.startsWith('escalation'))).toEqual([]);
  });
});

describe('SPEC §8 escalation to the ceo', () => {
  it('SOP-5b the grace clock is due 4 h after the acknowledgement deadline; at due it DMs the ceo asking for manual activation', () => {
    const w = filed();
    w.fire('acknowledgement', ACK_DUE);
    expect(w.clock('ceo-escalation')).toMatchObject({ state: 'pending', dueAt: CEO_DUE });
    expect(w.fire('ceo-escalation', CEO_DUE - 1).events).toEqual([]);
    const step = w.fire('ceo-escalation', CEO_DUE);
    expect(step.events).toContainEqual(expect.objectContaining({ type: 'escalation.ceo', hoursOverdue: 4 }));
    expect(sent(step.messages)).toEqual([['escalation-ceo', 'ceo']]);
    const text = step.messages[0]?.text ?? '';
    expect(text).toContain('Acme Analytics');
    expect(text).toContain(PACKET_PATH);
    expect(text).toMatch(/4 h/);
    expect(text).toMatch(/activat\w* customer\.success manually|manual customer\.success activation/);
    expect(text).toContain('baton agent activate customer.success --by ceo');
    expect(w.handoff.escalatedToCeoAt).toBe(CEO_DUE);
  });

  it('SOP-5b the grace period counts from the acknowledgement deadline, even when the miss is noticed late', () => {
    const w = filed();
    w.fire('acknowledgement', ACK_DUE + 2 * HOUR);
    expect(w.clock('ceo-escalation').dueAt).toBe(CEO_DUE);
    expect(w.fire('ceo-escalation', CEO_DUE - 1).events).toEqual([]);
    expect(w.fire('ceo-escalation', CEO_DUE).events.map((e) => e.type)).toContain('escalation.ceo');
  });

  it('SOP-5b acknowledging before the grace period ends cancels the ceo escalation: no ceo DM, ever', () => {
    const w = filed();
    w.fire('acknowledgement', ACK_DUE);
    const ack = w.ack(CEO_DUE - 1);
    expect(ack.events).toContainEqual(expect.objectContaining({ type: 'clock.cancelled', name: 'ceo-escalation' }));
    expect(ack.events).toContainEqual(expect.objectContaining({ type: 'clock.done', name: 'acknowledgement', lateMs: 4 * HOUR - 1 }));
    expect(w.clock('ceo-escalation').state).toBe('cancelled');
    expect(w.fire('ceo-escalation', CEO_DUE).events).toEqual([]);
    expect(w.fire('ceo-escalation', CEO_DUE + DAY).events).toEqual([]);
    expect(w.eventsOf('escalation.ceo')).toEqual([]);
    expect(w.messagesOf('escalation-ceo')).toEqual([]);
    // The chief.staff escalation stays in the timeline.
    expect(w.eventsOf('escalation.chief-staff')).toHaveLength(1);
  });

  it('SOP-5b acknowledging after the ceo escalation records it late and sends nothing more', () => {
    const w = filed();
    w.fire('acknowledgement', ACK_DUE);
    w.fire('ceo-escalation', CEO_DUE);
    const before = w.messages.filter((m) => m.kind.startsWith('escalation')).length;
    const ack = w.ack(CEO_DUE + HOUR);
    expect(ack.events).toContainEqual(expect.objectContaining({ type: 'clock.done', name: 'acknowledgement', lateMs: 5 * HOUR }));
    expect(ack.messages.filter((m) => m.kind.startsWith('escalation'))).toEqual([]);
    expect(w.messages.filter((m) => m.kind.startsWith('escalation')).length).toBe(before);
    expect(w.eventsOf('escalation.ceo')).toHaveLength(1);
  });

  it('SOP-5a SOP-5b each escalation happens once, however often the clocks are fired', () => {
    const w = filed();
    for (const at of [ACK_DUE, ACK_DUE, ACK_DUE + HOUR, ACK_DUE + 3 * HOUR]) w.fire('acknowledgement', at);
    for (const at of [CEO_DUE, CEO_DUE, CEO_DUE + 1, CEO_DUE + DAY]) w.fire('ceo-escalation', at);
    for (const at of [CEO_DUE + 2 * DAY]) w.fire('acknowledgement', at);
    expect(w.eventsOf('escalation.chief-staff')).toHaveLength(1);
    expect(w.eventsOf('escalation.ceo')).toHaveLength(1);
    expect(w.messagesOf('escalation-chief-staff', 'chief.staff')).toHaveLength(1);
    expect(w.messagesOf('escalation-ceo', 'ceo')).toHaveLength(1);
    expect(w.eventsOf('clock.started').filter((e) => e.name === 'ceo-escalation')).toHaveLength(1);
  });

  it('SOP-5b no ceo escalation clock exists until the acknowledgement is missed', () => {
    const w = filed();
    expect(w.handoff.clocks['ceo-escalation']).toBeUndefined();
    expect(w.fire('ceo-escalation', CEO_DUE).events).toEqual([]);
    expect(w.messagesOf('escalation-ceo')).toEqual([]);
  });
});
