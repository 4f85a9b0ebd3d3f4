/**
 * SPEC §7: the delivery gate, and the refusals of every command: each lists its problems,
 * each problem with the field it is about and the fix.
 */
import { describe, expect, it } from 'vitest';
import { liveness } from '../../src/domain/agents.js';
import type { Command } from '../../src/domain/commands.js';
import { POLICY_V1 } from '../../src/domain/policy.js';
import type { Actor } from '../../src/domain/types.js';
import { COMPANY, CONTACT, DAY, HOUR, LIVE, MINUTE, NOT_LIVE, T0, World, closedDeal, type Step } from '../support/domain.js';

const START: Command = { type: 'delivery.start' };

/** The problems of a refusal, by what they are about: the gate's three conditions. */
function conditions(step: Step): string[] {
  return step.problems
    .map((p) => `${p.field} ${p.message}`)
    .map((s) => (/acknowledg/i.test(s) ? 'acknowledged' : /sow/i.test(s) ? 'sow-signed' : /live|agent|heartbeat/i.test(s) ? 'live-agent' : s))
    .sort();
}

describe('SPEC §7 delivery gate', () => {
  it('SOP-4.5b SOP-5c delivery start lists every unmet condition at once: not acknowledged, SOW unsigned, no live customer.success agent', () => {
    const w = closedDeal({ commitment: 'verbal' });
    w.filePacket(T0 + HOUR);
    const step = w.attempt(START, T0 + 2 * HOUR, { customerSuccess: NOT_LIVE });
    expect(step.ok).toBe(false);
    expect(step.decision).toMatchObject({ ok: false, reason: 'refused' });
    expect(step.problems).toHaveLength(3);
    expect(conditions(step)).toEqual(['acknowledged', 'live-agent', 'sow-signed']);
    for (const p of step.problems) {
      expect(p.field.trim()).not.toBe('');
      expect(p.fix.trim()).not.toBe('');
    }
    expect(w.handoff.deliveryStartedAt).toBeUndefined();
  });

  it('SOP-4.5b SOP-5c delivery starts when the packet is acknowledged, the SOW is signed and customer.success is live', () => {
    const w = closedDeal({ commitment: 'verbal' });
    w.filePacket(T0 + HOUR);
    w.ack(T0 + 2 * HOUR);
    w.run({ type: 'sow.signed' }, T0 + 3 * HOUR);
    const step = w.attempt(START, T0 + 4 * HOUR, { customerSuccess: LIVE });
    expect(step.ok).toBe(true);
    expect(step.events.map((e) => e.type)).toEqual(['delivery.started']);
    expect(step.events[0]).toMatchObject({ actor: 'customer.success', at: T0 + 4 * HOUR });
    expect(w.handoff).toMatchObject({ state: 'in-delivery', deliveryStartedAt: T0 + 4 * HOUR });
    // Starting twice changes nothing.
    expect(w.run(START, T0 + 5 * HOUR, { customerSuccess: LIVE }).events).toEqual([]);
  });

  it('SOP-4.5b the SOW must be signed before delivery begins', () => {
    const w = closedDeal({ commitment: 'verbal' });
    w.filePacket(T0 + HOUR);
    w.ack(T0 + 2 * HOUR);
    const refused = w.attempt(START, T0 + 3 * HOUR, { customerSuccess: LIVE });
    expect(conditions(refused)).toEqual(['sow-signed']);
    expect(refused.problems[0]?.fix).toBe('record the signature');
    w.run({ type: 'sow.signed' }, T0 + 4 * HOUR);
    expect(w.attempt(START, T0 + 5 * HOUR, { customerSuccess: LIVE }).ok).toBe(true);
  });

  it('SOP-4.4a delivery does not begin before customer.success acknowledges', () => {
    const w = closedDeal({ commitment: 'written' });
    w.filePacket(T0 + HOUR);
    const refused = w.attempt(START, T0 + 2 * HOUR, { customerSuccess: LIVE });
    expect(conditions(refused)).toEqual(['acknowledged']);
  });

  it('SOP-5c delivery does not begin without a live customer.success agent', () => {
    const w = closedDeal({ commitment: 'written' });
    w.filePacket(T0 + HOUR);
    w.ack(T0 + 2 * HOUR);
    const refused = w.attempt(START, T0 + 3 * HOUR, { customerSuccess: NOT_LIVE });
    expect(conditions(refused)).toEqual(['live-agent']);
    expect(refused.problems[0]?.fix).toMatch(/heartbeat|activate/);
    expect(w.attempt(START, T0 + 3 * HOUR, { customerSuccess: LIVE }).ok).toBe(true);
  });

  it('SOP-5c a heartbeat within 30 min makes the agent live; 30 min + 1 ms ago does not', () => {
    const beat = T0;
    expect(liveness({ lastHeartbeatAt: beat }, beat + 30 * MINUTE, POLICY_V1, 'UTC').live).toBe(true);
    expect(liveness({ lastHeartbeatAt: beat }, beat + 30 * MINUTE + 1, POLICY_V1, 'UTC').live).toBe(false);
    expect(liveness(undefined, beat, POLICY_V1, 'UTC').live).toBe(false);
  });

  it('SOP-5c a manual activation by the ceo makes the agent live without a heartbeat', () => {
    const live = liveness({ activatedAt: T0, activatedBy: 'ceo' }, T0 + HOUR, POLICY_V1, 'UTC');
    expect(live.live).toBe(true);
    expect(live.detail).toContain('ceo');
  });

  it('SOP-5c with a live agent from a ceo activation, the gate opens', () => {
    const w = closedDeal({ commitment: 'written' });
    w.filePacket(T0 + HOUR);
    w.ack(T0 + 2 * HOUR);
    const activated = liveness({ activatedAt: T0 + 2 * HOUR, activatedBy: 'ceo' }, T0 + 3 * HOUR, POLICY_V1, 'UTC');
    expect(w.attempt(START, T0 + 3 * HOUR, { customerSuccess: activated }).ok).toBe(true);
  });

  it('SOP-4.5b delivery done completes the delivery clock; it needs delivery started first', () => {
    const w = closedDeal({ commitment: 'written' });
    w.filePacket(T0 + HOUR);
    w.ack(T0 + 2 * HOUR);
    const early = w.attempt({ type: 'delivery.done' }, T0 + 3 * HOUR);
    expect(early.ok).toBe(false);
    expect(early.problems[0]?.field).toBe('delivery');
    w.run(START, T0 + 3 * HOUR, { customerSuccess: LIVE });
    const done = w.run({ type: 'delivery.done' }, T0 + 20 * DAY);
    expect(done.events).toContainEqual(expect.objectContaining({ type: 'clock.done', name: 'delivery', lateMs: -10 * DAY }));
    expect(w.handoff.state).toBe('delivered');
    expect(w.run({ type: 'delivery.done' }, T0 + 21 * DAY).events).toEqual([]);
  });
});

interface RefusalRow {
  clause: string;
  what: string;
  /** A world and the command that it refuses. */
  setup(): World;
  command: Command;
  actor?: Actor;
  /** The field the refusal must name. */
  field: string;
  reason?: 'refused' | 'not-found' | 'forbidden';
}

const added = () => {
  const w = new World();
  w.run({ type: 'deal.add', company: COMPANY, contact: CONTACT }, T0 - DAY);
  return w;
};
const withPacket = () => {
  const w = closedDeal({ commitment: 'written' });
  w.filePacket(T0 + HOUR);
  return w;
};

const REFUSALS: RefusalRow[] = [
  { clause: 'SOP-4.4a', what: 'ack by the cro', setup: withPacket, command: { type: 'ack' }, actor: 'cro', field: 'role', reason: 'forbidden' },
  { clause: 'SOP-5b', what: 'ack by the ceo', setup: withPacket, command: { type: 'ack' }, actor: 'ceo', field: 'role', reason: 'forbidden' },
  {
    clause: 'SOP-3f',
    what: 'packet filing by customer.success',
    setup: withPacket,
    command: { type: 'packet.file', text: '' },
    actor: 'customer.success',
    field: 'role',
    reason: 'forbidden',
  },
  { clause: 'SOP-5c', what: 'delivery start by the cro', setup: withPacket, command: { type: 'delivery.start' }, actor: 'cro', field: 'role', reason: 'forbidden' },
  { clause: 'SOP-3a', what: 'a clock fired by a person', setup: withPacket, command: { type: 'clock.fire', name: 'packet' }, actor: 'cro', field: 'role', reason: 'forbidden' },
  { clause: 'SOP-2a', what: 'an unknown stage', setup: added, command: { type: 'deal.stage', stage: 'won-ish' }, field: 'stage' },
  { clause: 'SOP-2a', what: 'an empty stage', setup: added, command: { type: 'deal.stage', stage: '' }, field: 'stage' },
  { clause: 'SOP-2b', what: 'a bad commitment type', setup: added, command: { type: 'deal.commit', commitment: 'handshake' }, field: 'commitment' },
  { clause: 'SOP-4.1', what: 'a verbal commitment without --sow-expected', setup: added, command: { type: 'deal.commit', commitment: 'verbal' }, field: 'sowExpected' },
  {
    clause: 'SOP-4.1',
    what: 'a malformed --sow-expected date',
    setup: added,
    command: { type: 'deal.commit', commitment: 'verbal', sowExpected: '12/01/2026' },
    field: 'sowExpected',
  },
  {
    clause: 'SOP-4.1',
    what: 'an impossible --sow-expected date',
    setup: added,
    command: { type: 'deal.commit', commitment: 'verbal', sowExpected: '2026-02-30' },
    field: 'sowExpected',
  },
  {
    clause: 'SOP-4.1',
    what: 'a malformed contact e-mail',
    setup: () => new World(),
    command: { type: 'deal.add', company: COMPANY, contact: { ...CONTACT, email: 'ana-at-acme' } },
    field: 'contact.email',
  },
  { clause: 'SOP-4.1', what: 'an empty company', setup: () => new World(), command: { type: 'deal.add', company: '  ', contact: CONTACT }, field: 'company' },
  { clause: 'SOP-4.4a', what: 'ack before the packet is filed', setup: () => closedDeal(), command: { type: 'ack' }, field: 'packet' },
  { clause: 'SOP-3a', what: 'packet filing before the handoff', setup: added, command: { type: 'packet.file', text: 'x' }, field: 'handoff' },
  { clause: 'SOP-4.5a', what: 'sow sent with no commitment', setup: added, command: { type: 'sow.sent' }, field: 'commitment' },
  { clause: 'SOP-4.5b', what: 'delivery done before delivery started', setup: withPacket, command: { type: 'delivery.done' }, field: 'delivery' },
  { clause: 'SOP-4.1', what: 'a command on an unknown deal', setup: () => new World(), command: { type: 'deal.stage', stage: 'closed-won' }, field: 'id', reason: 'not-found' },
];

describe('SPEC §10 refusals: every problem names its field and the fix', () => {
  it.each(REFUSALS)('$clause refuses $what (field $field)', (row) => {
    const w = row.setup();
    const before = structuredClone(w.state);
    const eventsBefore = w.events.length;
    const step = w.attempt(row.command, T0 + 2 * HOUR, row.actor ? { actor: row.actor } : {});
    expect(step.ok).toBe(false);
    expect(step.decision).toMatchObject({ ok: false, reason: row.reason ?? 'refused' });
    expect(step.problems.length).toBeGreaterThan(0);
    for (const p of step.problems) {
      expect(p.field.trim()).not.toBe('');
      expect(p.message.trim()).not.toBe('');
      expect(p.fix.trim()).not.toBe('');
    }
    expect(step.problems.map((p) => p.field)).toContain(row.field);
    expect(w.state).toEqual(before);
    expect(w.events.length).toBe(eventsBefore);
  });
});
