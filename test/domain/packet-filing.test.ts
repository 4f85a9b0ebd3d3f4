/**
 * SPEC §4: filing the Handoff Packet, re-filing it, and acknowledging it.
 */
import { describe, expect, it } from 'vitest';
import { draftPacket } from '../../src/domain/packet/draft.js';
import { POLICY_V1 } from '../../src/domain/policy.js';
import type { DealState } from '../../src/domain/types.js';
import { DAY, DEAL_ID, HOUR, LIVE, MINUTE, SOW_EXPECTED, T0, World, closedDeal, sent } from '../support/domain.js';

/** SOP section 3, with each value cut after its label: the layout a filed packet must keep. */
const SOP_SKELETON = [
  'ASSESSMENT™ HANDOFF PACKET',
  '──────────────────────────────────────────',
  'Customer company:',
  'Primary contact:',
  'Deal close date:',
  'SOW status:',
  'Assessment™ price:',
  'Committed delivery window:',
  '',
  'CONTEXT FOR DELIVERY:',
  'Problem statement:',
  'What they expect:',
  'What sold them:',
  'Sensitivities:',
  'Ecosystem revenue motion:',
  '',
  'SALES CONTEXT:',
  'Outreach origin:',
  'Conversation history:',
  'Briefing™ delivered:',
  '',
  'DELIVERY NOTES:',
  'Any specific scope agreements:',
  'Red flags:',
  'Follow-on potential:',
  '',
  'Filed by:',
  'Acknowledged by:',
  '',
];

const skeleton = (text: string) => text.split('\n').map((line) => line.replace(/^([^:]+):.*$/, '$1:'));

const PACKET_PATH = 'operations/handoffs/assessment-acme-analytics-2026-11-26.md';
const NOTE_PATH = 'sessions/customer.success/handoff-acme-analytics-2026-11-26.md';

describe('SPEC §4 filing', () => {
  it('SOP-3c the filed packet carries every field of the SOP template, in its order and layout, as plain Label: value lines', () => {
    const w = closedDeal({ commitment: 'written' });
    const step = w.filePacket(T0 + HOUR);
    const filed = step.events.find((e) => e.type === 'packet.filed');
    expect(filed).toBeDefined();
    const text = filed?.type === 'packet.filed' ? filed.text : '';
    expect(skeleton(text)).toEqual(SOP_SKELETON);
    expect(text).not.toMatch(/\*\*|^#|^[-*] /m);
    expect(text).toContain('Customer company: Acme Analytics\n');
    expect(text).toContain('Deal close date: 2026-11-26\n');
    expect(text).toContain('SOW status: Signed\n');
    expect(text).toContain('Committed delivery window: 2026-11-26 start target / 30-day max from SOW\n');
    expect(w.file(PACKET_PATH)).toBe(text);
  });

  it('SOP-3c the draft keeps the SOP layout, pre-fills what the board knows and leaves the narrative as {…} placeholders', () => {
    const w = closedDeal({ commitment: 'verbal' });
    const draft = draftPacket(w.state as DealState, { policy: POLICY_V1, timezone: 'UTC' });
    expect(skeleton(draft)).toEqual(SOP_SKELETON);
    expect(draft).toContain('Customer company: Acme Analytics\n');
    expect(draft).toContain('Deal close date: 2026-11-26\n');
    expect(draft).toContain(`SOW status: Verbal commitment — signed SOW pending by ${SOW_EXPECTED}\n`);
    expect(draft).toContain(`Committed delivery window: ${SOW_EXPECTED} start target / 30-day max from SOW\n`);
    expect(draft).toContain('Problem statement: {what they told us — verbatim or close to it}\n');
    expect(draft).toContain('Red flags: {anything CRO is concerned about going into delivery}\n');
    const refused = w.attempt({ type: 'packet.file', text: draft }, T0 + HOUR);
    expect(refused.ok).toBe(false);
    const fields = refused.problems.map((p) => p.field);
    for (const label of ['Problem statement', 'What they expect', 'What sold them', 'Sensitivities', 'Ecosystem revenue motion', 'Red flags']) {
      expect(fields).toContain(label);
    }
    expect(fields).not.toContain('Customer company');
    expect(w.handoff.packet).toBeUndefined();
  });

  it('SOP-4.2a filing completes the packet clock, moves the handoff to awaiting-acknowledgement and records revision 1', () => {
    const w = closedDeal({ commitment: 'written' });
    const step = w.filePacket(T0 + 90 * MINUTE);
    expect(step.events.map((e) => e.type)).toEqual(['packet.filed', 'clock.done', 'clock.started']);
    expect(step.events[0]).toMatchObject({ type: 'packet.filed', revision: 1, path: PACKET_PATH, actor: 'cro', at: T0 + 90 * MINUTE });
    expect(w.handoff.state).toBe('awaiting-acknowledgement');
    expect(w.handoff.packet).toMatchObject({ revision: 1, filedAt: T0 + 90 * MINUTE });
  });

  it('SOP-3g filing starts the acknowledgement clock, due 24 h after filing', () => {
    const w = closedDeal({ commitment: 'written' });
    w.filePacket(T0 + HOUR);
    expect(w.clock('acknowledgement')).toMatchObject({ state: 'pending', startedAt: T0 + HOUR, dueAt: T0 + 25 * HOUR });
  });

  it('SOP-3d the Assessment price is $2,500: the draft says so, and any other price is refused', () => {
    const w = closedDeal({ commitment: 'written' });
    expect(w.packet()).toContain('Assessment™ price: $2,500\n');
    for (const price of ['$3,000', '$250', '2,400', 'free']) {
      const step = w.attempt({ type: 'packet.file', text: w.packet({ 'Assessment™ price': price }) }, T0 + HOUR);
      expect(step.ok, price).toBe(false);
      expect(step.problems.map((p) => p.field)).toEqual(['Assessment™ price']);
      expect(step.problems[0]?.fix).toContain('$2,500');
    }
    expect(w.state?.handoff?.packet).toBeUndefined();
  });

  it('SOP-3e the start target may be 30 days after the SOW signature, not 31', () => {
    // Written commitment at T0: the SOW is signed 2026-11-26, so the last start target is 2026-12-26.
    const late = closedDeal({ commitment: 'written' });
    const refused = late.attempt({ type: 'packet.file', text: late.packet({ 'Committed delivery window': '2026-12-27 start target / 30-day max from SOW' }) }, T0 + HOUR);
    expect(refused.ok).toBe(false);
    expect(refused.problems.map((p) => p.field)).toEqual(['Committed delivery window']);
    expect(late.state?.handoff?.packet).toBeUndefined();
    const edge = closedDeal({ commitment: 'written' });
    const filed = edge.filePacket(T0 + HOUR, { 'Committed delivery window': '2026-12-26 start target / 30-day max from SOW' });
    expect(filed.events[0]).toMatchObject({ type: 'packet.filed', revision: 1 });
  });

  it('SOP-3e while unsigned, the 30 days count from the expected signature date', () => {
    const w = closedDeal({ commitment: 'verbal', sowExpected: SOW_EXPECTED });
    const refused = w.attempt({ type: 'packet.file', text: w.packet({ 'Committed delivery window': '2027-01-01 start target / 30-day max from SOW' }) }, T0 + HOUR);
    expect(refused.problems.map((p) => p.field)).toEqual(['Committed delivery window']);
    expect(w.filePacket(T0 + HOUR, { 'Committed delivery window': '2026-12-31 start target / 30-day max from SOW' }).ok).toBe(true);
  });

  it('SOP-3c a refusal lists every problem at once, by field label with a fix, and records nothing', () => {
    const w = closedDeal({ commitment: 'written' });
    const text = w.packet({
      'Primary contact': 'Ana Ruiz, VP Partnerships, ana-at-acme',
      'Deal close date': '26/11/2026',
      'Assessment™ price': '$3,000',
      'Red flags': '',
      'Follow-on potential': '{if CRO sees obvious expansion or referral opportunity}',
      'Briefing™ delivered': 'maybe',
    });
    const step = w.attempt({ type: 'packet.file', text }, T0 + HOUR);
    expect(step.ok).toBe(false);
    expect(step.decision).toMatchObject({ ok: false, reason: 'refused' });
    const fields = step.problems.map((p) => p.field);
    for (const label of ['Primary contact', 'Deal close date', 'Assessment™ price', 'Red flags', 'Follow-on potential', 'Briefing™ delivered']) {
      expect(fields).toContain(label);
    }
    for (const p of step.problems) {
      expect(p.field.trim()).not.toBe('');
      expect(p.fix.trim()).not.toBe('');
    }
    expect(step.events).toEqual([]);
    expect(w.handoff.packet).toBeUndefined();
    expect(w.clock('packet').state).toBe('pending');
    expect(w.files).toEqual([]);
  });

  it.each([
    ['Deal close date', '2026-02-30'],
    ['Deal close date', 'yesterday'],
    ['Primary contact', 'Ana Ruiz, VP Partnerships, ana@@acme'],
    ['SOW status', 'Verbal commitment — signed SOW pending by soon'],
    ['Committed delivery window', '2026-13-01 start target / 30-day max from SOW'],
  ])('SOP-3c a malformed %s (%j) is refused, naming the field', (label, value) => {
    const w = closedDeal({ commitment: label === 'SOW status' ? 'verbal' : 'written' });
    const step = w.attempt({ type: 'packet.file', text: w.packet({ [label]: value }) }, T0 + HOUR);
    expect(step.ok).toBe(false);
    expect(step.problems.map((p) => p.field)).toContain(label);
    for (const p of step.problems) expect(p.fix.trim()).not.toBe('');
  });

  it('SOP-3f Filed by is written by Baton: cro with the filing date and time, whatever the author typed', () => {
    const w = closedDeal({ commitment: 'written' });
    const step = w.filePacket(T0 + 75 * MINUTE, { 'Filed by': 'ceo — 1999-01-01 00:00', 'Acknowledged by': 'customer.success — 1999-01-01 00:00' });
    const filed = step.events[0];
    const text = filed?.type === 'packet.filed' ? filed.text : '';
    expect(text).toContain('\nFiled by: cro — 2026-11-26 10:15 UTC\n');
    expect(text).toContain('\nAcknowledged by:\n');
    expect(text).not.toContain('1999');
    expect(filed?.type === 'packet.filed' && filed.fields['Filed by']).toBeFalsy();
  });

  it('SOP-3f Filed by shows the org time zone', () => {
    const w = closedDeal({ commitment: 'written', timezone: 'America/Los_Angeles' });
    const step = w.filePacket(T0 + HOUR);
    const filed = step.events[0];
    expect(filed?.type === 'packet.filed' ? filed.text : '').toContain('\nFiled by: cro — 2026-11-26 02:00 PST\n');
  });

  it('SOP-3f only the CRO files the packet', () => {
    const w = closedDeal({ commitment: 'written' });
    const step = w.attempt({ type: 'packet.file', text: w.packet() }, T0 + HOUR, { actor: 'customer.success' });
    expect(step.ok).toBe(false);
    expect(step.problems[0]?.field).toBe('role');
  });

  it('SOP-4.2b filing drops a coordination note in sessions/customer.success/ pointing to the packet path', () => {
    const w = closedDeal({ commitment: 'written' });
    const step = w.filePacket(T0 + HOUR);
    expect(step.files.map((f) => f.path)).toEqual([PACKET_PATH, NOTE_PATH]);
    const note = w.file(NOTE_PATH) ?? '';
    expect(note).toContain(PACKET_PATH);
    expect(note).toContain(`baton ack ${DEAL_ID} --as customer.success`);
    expect(NOTE_PATH.startsWith('sessions/customer.success/')).toBe(true);
  });

  it('SOP-4.2a filing before the handoff has started is refused', () => {
    const text = closedDeal({ commitment: 'written' }).packet();
    // A deal that is only Closed-won, with no commitment yet:
    const open = new World();
    open.run({ type: 'deal.add', company: 'Acme Analytics', contact: {} }, T0);
    open.run({ type: 'deal.stage', stage: 'closed-won' }, T0);
    const step = open.attempt({ type: 'packet.file', text }, T0 + HOUR);
    expect(step.ok).toBe(false);
    expect(step.problems[0]?.field).toBe('handoff');
    expect(step.problems[0]?.fix).not.toBe('');
  });
});

describe('SPEC §4 re-filing', () => {
  it('SOP-3c re-filing changed content gives revision 2 and a packet-revised DM to customer.success, without restarting the acknowledgement clock', () => {
    const w = closedDeal({ commitment: 'written' });
    w.filePacket(T0 + HOUR);
    const ackDue = w.clock('acknowledgement').dueAt;
    const step = w.filePacket(T0 + 5 * HOUR, { 'Red flags': 'Procurement wants a second vendor quote' });
    expect(step.events.map((e) => e.type)).toEqual(['packet.filed']);
    expect(step.events[0]).toMatchObject({ type: 'packet.filed', revision: 2, path: PACKET_PATH });
    expect(sent(step.messages)).toEqual([['packet-revised', 'customer.success']]);
    expect(step.messages[0]?.text).toContain(PACKET_PATH);
    expect(w.clock('acknowledgement')).toMatchObject({ state: 'pending', startedAt: T0 + HOUR, dueAt: ackDue });
    expect(w.eventsOf('clock.started').filter((e) => e.name === 'acknowledgement')).toHaveLength(1);
    expect(w.handoff.packet?.revision).toBe(2);
    expect(w.file(PACKET_PATH)).toContain('Red flags: Procurement wants a second vendor quote\n');
    // Only one announcement, ever.
    expect(w.messagesOf('announcement')).toHaveLength(1);
  });

  it('SOP-3c filing the same content again produces no events', () => {
    const w = closedDeal({ commitment: 'written' });
    w.filePacket(T0 + HOUR);
    const again = w.filePacket(T0 + 2 * HOUR);
    expect(again.events).toEqual([]);
    expect(again.messages).toEqual([]);
    expect(w.handoff.packet).toMatchObject({ revision: 1, filedAt: T0 + HOUR });
  });

  it('SOP-3f re-filing that changes only the Filed by / Acknowledged by lines is the same content', () => {
    const w = closedDeal({ commitment: 'written' });
    w.filePacket(T0 + HOUR);
    const again = w.filePacket(T0 + 2 * HOUR, { 'Filed by': 'cro — 2026-11-26 11:00 UTC', 'Acknowledged by': 'customer.success — now' });
    expect(again.events).toEqual([]);
  });

  it('SOP-4.4a re-filing after the acknowledgement clears it (SPEC §13): the revised packet asks for a new one', () => {
    const w = closedDeal({ commitment: 'written' });
    w.filePacket(T0 + HOUR);
    w.ack(T0 + 3 * HOUR);
    const step = w.filePacket(T0 + 4 * HOUR, { 'Red flags': 'New stakeholder joined' });
    expect(step.events[0]).toMatchObject({ type: 'packet.filed', revision: 2 });
    expect(sent(step.messages)).toEqual([['ack-request', 'customer.success']]);
    expect(w.handoff.acknowledgedAt).toBeUndefined();
    expect(w.handoff.state).toBe('awaiting-acknowledgement');
    expect(w.file(PACKET_PATH)).toContain('\nAcknowledged by:\n');
  });

  it('SOP-4.5b re-filing after delivery started is refused', () => {
    const w = closedDeal({ commitment: 'written' });
    w.filePacket(T0 + HOUR);
    w.ack(T0 + 2 * HOUR);
    w.run({ type: 'delivery.start' }, T0 + 3 * HOUR, { customerSuccess: LIVE });
    const step = w.attempt({ type: 'packet.file', text: w.packet({ 'Red flags': 'Too late to say' }) }, T0 + 4 * HOUR);
    expect(step.ok).toBe(false);
    expect(step.problems).toHaveLength(1);
    expect(step.problems[0]?.field).toBe('packet');
    expect(step.problems[0]?.fix).not.toBe('');
    expect(w.handoff.packet?.revision).toBe(1);
  });
});

describe('SPEC §4 acknowledgement', () => {
  it('SOP-4.4a customer.success acknowledges: the packet is signed Acknowledged by, the clock stops, the handoff is acknowledged', () => {
    const w = closedDeal({ commitment: 'written' });
    w.filePacket(T0 + HOUR);
    const step = w.ack(T0 + 5 * HOUR);
    expect(step.events.map((e) => e.type)).toEqual(['packet.acknowledged', 'clock.done']);
    expect(step.events[1]).toMatchObject({ type: 'clock.done', name: 'acknowledgement', lateMs: -20 * HOUR });
    expect(step.events[0]).toMatchObject({ actor: 'customer.success', at: T0 + 5 * HOUR });
    expect(w.handoff).toMatchObject({ state: 'acknowledged', acknowledgedAt: T0 + 5 * HOUR });
    const packet = w.file(PACKET_PATH) ?? '';
    expect(packet).toContain('\nAcknowledged by: customer.success — 2026-11-26 14:00 UTC\n');
    expect(packet).toContain('\nFiled by: cro — 2026-11-26 10:00 UTC\n');
    expect(skeleton(packet)).toEqual(SOP_SKELETON);
  });

  it('SOP-4.4a acknowledging twice changes nothing', () => {
    const w = closedDeal({ commitment: 'written' });
    w.filePacket(T0 + HOUR);
    w.ack(T0 + 2 * HOUR);
    const again = w.ack(T0 + 3 * HOUR);
    expect(again.events).toEqual([]);
    expect(again.messages).toEqual([]);
    expect(w.handoff.acknowledgedAt).toBe(T0 + 2 * HOUR);
  });

  it.each(['cro', 'chief.staff', 'ceo', 'sop.manager'] as const)('SOP-4.4a acknowledgement by %s is refused (field role)', (actor) => {
    const w = closedDeal({ commitment: 'written' });
    w.filePacket(T0 + HOUR);
    const step = w.attempt({ type: 'ack' }, T0 + 2 * HOUR, { actor });
    expect(step.ok).toBe(false);
    expect(step.problems).toHaveLength(1);
    expect(step.problems[0]?.field).toBe('role');
    expect(step.problems[0]?.fix).toContain('customer.success');
    expect(w.handoff.acknowledgedAt).toBeUndefined();
    expect(w.clock('acknowledgement').state).toBe('pending');
  });

  it('SOP-4.4a there is nothing to acknowledge before the packet is filed', () => {
    const w = closedDeal({ commitment: 'written' });
    const step = w.attempt({ type: 'ack' }, T0 + HOUR);
    expect(step.ok).toBe(false);
    expect(step.problems[0]?.field).toBe('packet');
    expect(step.problems[0]?.fix).not.toBe('');
  });

  it('SOP-3g an acknowledgement a day late is recorded done late', () => {
    const w = closedDeal({ commitment: 'written' });
    w.filePacket(T0 + HOUR);
    w.fire('acknowledgement', T0 + 25 * HOUR);
    const step = w.ack(T0 + 2 * DAY);
    expect(step.events).toContainEqual(expect.objectContaining({ type: 'clock.done', name: 'acknowledgement', lateMs: 2 * DAY - 25 * HOUR }));
  });
});
