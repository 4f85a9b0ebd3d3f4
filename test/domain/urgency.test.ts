import { describe, expect, it } from 'vitest';
import { byUrgency, clocksServed, obligationsOf } from '../../src/domain/obligations.js';
import { ROLES, type Clock, type ClockName, type DealState, type Handoff } from '../../src/domain/types.js';
import { clockUrgency } from '../../src/domain/clock-time.js';

/** SPEC §15: one urgency rule for every door, and the inbox's obligations in their order. */

const START = Date.parse('2026-11-26T09:00:00Z');
const HOUR = 3_600_000;
const clock = (name: ClockName, extra: Partial<Clock> = {}): Clock => ({ name, state: 'pending', startedAt: START, dueAt: START + 2 * HOUR, ...extra });

function handoff(id: string, clocks: Clock[], extra: Partial<Handoff> = {}): DealState {
  return {
    deal: { id, company: `${id} Inc`, contact: {}, stage: 'closed-won', owner: 'cro', notes: [] },
    handoff: {
      cycle: 1,
      t0: START,
      closeDate: '2026-11-26',
      policyVersion: '1.0',
      state: 'awaiting-packet',
      packetPath: `operations/handoffs/assessment-${id}-2026-11-26.md`,
      clocks: Object.fromEntries(clocks.map((c) => [c.name, c])),
      ...extra,
    },
  };
}

describe('SPEC §15 clockUrgency', () => {
  it.each([
    ['at its start', START, 'pending'],
    ['1 ms before the last 25 % of its span', START + 1.5 * HOUR - 1, 'pending'],
    ['at the last 25 %', START + 1.5 * HOUR, 'due-soon'],
    ['1 ms before due', START + 2 * HOUR - 1, 'due-soon'],
    ['at due', START + 2 * HOUR, 'overdue'],
    ['1 ms after due, not fired yet', START + 2 * HOUR + 1, 'overdue'],
  ] as const)('an open clock without soonAt %s is %s', (_, now, urgency) => {
    expect(clockUrgency(clock('packet'), now)).toBe(urgency);
  });

  it('soonAt (the last reminder) sets when a clock is due soon, instead of the 25 % rule', () => {
    const c = clock('packet', { soonAt: START + 30 * 60_000 });
    expect(clockUrgency(c, START + 30 * 60_000 - 1)).toBe('pending');
    expect(clockUrgency(c, START + 30 * 60_000)).toBe('due-soon');
    expect(clockUrgency(clock('packet', { soonAt: START + 1.9 * HOUR }), START + 1.8 * HOUR)).toBe('pending');
  });

  it('a held clock is held, even past its due time; done and cancelled stay closed', () => {
    expect(clockUrgency(clock('packet', { heldAt: START + HOUR }), START + 5 * HOUR)).toBe('held');
    expect(clockUrgency(clock('packet', { state: 'overdue', missedAt: START + 2 * HOUR }), START)).toBe('overdue');
    expect(clockUrgency(clock('packet', { state: 'done', doneAt: START + 3 * HOUR }), START + 9 * HOUR)).toBe('done');
    expect(clockUrgency(clock('packet', { state: 'cancelled' }), START + 9 * HOUR)).toBe('cancelled');
  });
});

describe('SPEC §15 inbox obligations', () => {
  const now = START + 10 * HOUR;
  const ctx = { now, customerSuccessLive: false };

  it('SOP-3a SOP-4.5a the cro owes the packet and the SOW steps, most urgent first: overdue by how late, then by due time, held last', () => {
    const states = [
      handoff('b', [clock('packet', { dueAt: START + 9 * HOUR })]),
      handoff('a', [
        clock('packet', { dueAt: START + 2 * HOUR }),
        clock('sow-send', { dueAt: START + 24 * HOUR }),
        clock('sow-signature', { dueAt: START + 48 * HOUR, heldAt: now - HOUR }),
      ]),
      handoff('c', [clock('packet', { dueAt: START + 11 * HOUR, startedAt: START + 6 * HOUR })]),
    ];
    const items = states.flatMap((s) => obligationsOf(s, 'cro', ctx)).sort(byUrgency);
    expect(items.map((i) => [i.id, i.clock, i.urgency])).toEqual([
      ['a', 'packet', 'overdue'],
      ['b', 'packet', 'overdue'],
      ['c', 'packet', 'due-soon'],
      ['a', 'sow-send', 'pending'],
      ['a', 'sow-signature', 'held'],
    ]);
    expect(items[0]).toMatchObject({ lateMs: 8 * HOUR, command: 'baton packet file a FILE --as cro', tool: { name: 'packet_file' } });
    expect(items[3]).toMatchObject({ command: 'baton sow sent a --as cro', tool: { name: 'sow_sent', arguments: { id: 'a' } } });
    // Nothing here is customer.success's.
    expect(states.flatMap((s) => obligationsOf(s, 'customer.success', ctx))).toEqual([]);
  });

  it('SOP-4.4a customer.success owes the acknowledgement; SOP-5c and, once acknowledged, a heartbeat before delivery starts when it has no live agent', () => {
    const filed = handoff('a', [clock('packet', { state: 'done', doneAt: START + HOUR }), clock('acknowledgement', { startedAt: START + HOUR, dueAt: START + 25 * HOUR })]);
    expect(obligationsOf(filed, 'customer.success', ctx).map((i) => i.command)).toEqual(['baton ack a --as customer.success']);

    const acked = handoff('a', [clock('acknowledgement', { state: 'done', doneAt: START + 2 * HOUR }), clock('delivery', { dueAt: START + 30 * 24 * HOUR })], {
      acknowledgedAt: START + 2 * HOUR,
    });
    expect(obligationsOf(acked, 'customer.success', ctx).map((i) => i.command)).toEqual([
      'baton agent heartbeat customer.success --as customer.success',
      'baton delivery start a --as customer.success',
    ]);
    expect(obligationsOf(acked, 'customer.success', { now, customerSuccessLive: true }).map((i) => i.command)).toEqual(['baton delivery start a --as customer.success']);
    const started = { ...acked, handoff: { ...(acked.handoff as Handoff), deliveryStartedAt: START + 3 * HOUR } };
    expect(obligationsOf(started, 'customer.success', ctx).map((i) => i.command)).toEqual(['baton delivery done a --as customer.success']);
  });

  it('SOP-5a SOP-5b chief.staff owes the chase of a missed acknowledgement; the ceo, once asked, the manual activation', () => {
    const missed = handoff('a', [
      clock('acknowledgement', { state: 'overdue', dueAt: START + 5 * HOUR }),
      clock('ceo-escalation', { startedAt: START + 5 * HOUR, dueAt: START + 9 * HOUR }),
    ]);
    expect(obligationsOf(missed, 'chief.staff', ctx).map((i) => i.command)).toEqual(['baton status a --as chief.staff']);
    expect(obligationsOf(missed, 'ceo', ctx)).toEqual([]);
    const asked = { ...missed, handoff: { ...(missed.handoff as Handoff), escalatedToCeoAt: START + 9 * HOUR } };
    expect(obligationsOf(asked, 'ceo', ctx).map((i) => [i.command, i.tool.name])).toEqual([['baton agent activate customer.success --as ceo', 'agent_activate']]);
    expect(obligationsOf(asked, 'ceo', { now, customerSuccessLive: true })).toEqual([]);
  });
});

describe('SPEC §15 the clocks each inbox reads', () => {
  it('are the clocks each role owns, and for the ceo the escalation timer', () => {
    expect(Object.fromEntries(ROLES.map((r) => [r, clocksServed(r)]))).toEqual({
      cro: ['packet', 'announcement', 'sow-send', 'sow-signature'],
      'customer.success': ['acknowledgement', 'delivery'],
      'chief.staff': ['ceo-escalation'],
      ceo: ['ceo-escalation'],
      'sop.manager': [],
    });
  });
});
