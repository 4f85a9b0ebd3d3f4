/**
 * SPEC §3, row by row: what starts each clock, when it is due, what completes it and what
 * its miss produces; with the boundary times around the due instant.
 */
import { describe, expect, it } from 'vitest';
import type { ClockName } from '../../src/domain/types.js';
import { DAY, DEAL_ID, HOUR, LIVE, MINUTE, T0, type World, closedDeal, sent, type Step } from '../support/domain.js';

interface ClockRow {
  /** The SOP clauses the row proves, e.g. `SOP-3a SOP-4.2a`. */
  clause: string;
  name: ClockName;
  /** What starts it, in words, for the test names. */
  starts: string;
  dueAfter: number;
  dueLabel: string;
  /** A fresh world in which the clock has just started, and the instant it started. */
  setup(): { w: World; startedAt: number };
  /** The step that completes it. */
  complete(w: World, at: number): Step;
  /** What an early completion does to this clock: most are done; the CEO grace clock is called off. */
  early: 'done' | 'cancelled';
  /** The DMs its miss produces, as [kind, recipient]. */
  missDms: Array<[string, string]>;
}

const ROWS: ClockRow[] = [
  {
    clause: 'SOP-3a SOP-4.2a',
    name: 'packet',
    starts: 'T0',
    dueAfter: 2 * HOUR,
    dueLabel: '2 h',
    setup: () => ({ w: closedDeal({ commitment: 'written' }), startedAt: T0 }),
    complete: (w, at) => w.filePacket(at),
    early: 'done',
    missDms: [['packet-overdue', 'cro']],
  },
  {
    clause: 'SOP-4.3a',
    name: 'announcement',
    starts: 'T0',
    dueAfter: 2 * HOUR,
    dueLabel: '2 h',
    setup: () => {
      const w = closedDeal({ commitment: 'written' });
      w.filePacket(T0 + 30 * MINUTE);
      return { w, startedAt: T0 };
    },
    complete: (w, at) => w.run({ type: 'message.delivered', kind: 'announcement', key: `${DEAL_ID}/announcement` }, at),
    early: 'done',
    // "posted automatically when the packet is filed": the miss itself DMs nobody.
    missDms: [],
  },
  {
    clause: 'SOP-3g SOP-4.4a SOP-5a',
    name: 'acknowledgement',
    starts: 'the packet filing',
    dueAfter: 24 * HOUR,
    dueLabel: '24 h',
    setup: () => {
      const w = closedDeal({ commitment: 'written' });
      w.filePacket(T0 + HOUR);
      return { w, startedAt: T0 + HOUR };
    },
    complete: (w, at) => w.ack(at),
    early: 'done',
    missDms: [['escalation-chief-staff', 'chief.staff']],
  },
  {
    clause: 'SOP-5b',
    name: 'ceo-escalation',
    starts: 'the acknowledgement miss (due 4 h after the acknowledgement deadline)',
    dueAfter: 4 * HOUR,
    dueLabel: '4 h',
    setup: () => {
      const w = closedDeal({ commitment: 'written' });
      w.filePacket(T0 + HOUR);
      w.fire('acknowledgement', T0 + 25 * HOUR);
      return { w, startedAt: T0 + 25 * HOUR };
    },
    complete: (w, at) => w.ack(at),
    early: 'cancelled',
    missDms: [['escalation-ceo', 'ceo']],
  },
  {
    clause: 'SOP-4.5a',
    name: 'sow-send',
    starts: 'T0 of a verbal commitment',
    dueAfter: 24 * HOUR,
    dueLabel: '24 h',
    setup: () => ({ w: closedDeal({ commitment: 'verbal' }), startedAt: T0 }),
    complete: (w, at) => w.run({ type: 'sow.sent' }, at),
    early: 'done',
    missDms: [['sow-send-overdue', 'cro']],
  },
  {
    clause: 'SOP-4.5c',
    name: 'sow-signature',
    starts: 'T0 of a verbal commitment',
    dueAfter: 48 * HOUR,
    dueLabel: '48 h',
    setup: () => ({ w: closedDeal({ commitment: 'verbal' }), startedAt: T0 }),
    complete: (w, at) => w.run({ type: 'sow.signed' }, at),
    early: 'done',
    missDms: [['sow-delayed', 'cro']],
  },
  {
    clause: 'SOP-4.5d',
    name: 'delivery',
    starts: 'the SOW signature',
    dueAfter: 30 * DAY,
    dueLabel: '30 days',
    setup: () => {
      const w = closedDeal({ commitment: 'verbal' });
      w.filePacket(T0 + HOUR);
      w.ack(T0 + 2 * HOUR);
      w.run({ type: 'sow.signed' }, T0 + 10 * HOUR);
      w.run({ type: 'delivery.start' }, T0 + 11 * HOUR, { customerSuccess: LIVE });
      return { w, startedAt: T0 + 10 * HOUR };
    },
    complete: (w, at) => w.run({ type: 'delivery.done' }, at),
    early: 'done',
    missDms: [
      ['delivery-overdue', 'customer.success'],
      ['delivery-overdue', 'cro'],
    ],
  },
];

describe.each(ROWS)('SPEC §3 clock $name', (row) => {
  const { clause, name } = row;
  const dueOf = (startedAt: number) => startedAt + row.dueAfter;

  it(`${clause} ${name} clock starts at ${row.starts} and is due ${row.dueLabel} later`, () => {
    const { w, startedAt } = row.setup();
    const clock = w.clock(name);
    expect(clock).toMatchObject({ name, state: 'pending', startedAt, dueAt: dueOf(startedAt) });
    const started = w.eventsOf('clock.started').filter((e) => e.name === name);
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({ startedAt, dueAt: dueOf(startedAt) });
  });

  it(`${clause} ${name} clock: firing at due − 1 ms does nothing`, () => {
    const { w, startedAt } = row.setup();
    const step = w.fire(name, dueOf(startedAt) - 1);
    expect(step.events).toEqual([]);
    expect(step.messages).toEqual([]);
    expect(w.clock(name).state).toBe('pending');
  });

  it(`${clause} ${name} clock: firing at due records the miss (lateMs 0) and sends ${row.missDms.map(([k, r]) => `${k}→${r}`).join(', ') || 'no DM'}`, () => {
    const { w, startedAt } = row.setup();
    const due = dueOf(startedAt);
    const step = w.fire(name, due);
    expect(step.events[0]).toMatchObject({ type: 'clock.missed', name, dueAt: due, lateMs: 0, at: due, actor: 'baton' });
    expect(sent(step.messages)).toEqual(row.missDms);
    expect(w.clock(name)).toMatchObject({ state: 'overdue', missedAt: due });
  });

  it(`${clause} ${name} clock: firing at due + 1 ms records the miss with lateMs 1`, () => {
    const { w, startedAt } = row.setup();
    const due = dueOf(startedAt);
    const step = w.fire(name, due + 1);
    expect(step.events[0]).toMatchObject({ type: 'clock.missed', name, dueAt: due, lateMs: 1 });
    expect(sent(step.messages)).toEqual(row.missDms);
  });

  it(`${clause} ${name} clock: its miss is recorded and sent once, however often it is fired`, () => {
    const { w, startedAt } = row.setup();
    const due = dueOf(startedAt);
    w.fire(name, due);
    const before = w.messages.length;
    for (const at of [due, due + 1, due + HOUR, due + DAY]) {
      expect(w.fire(name, at).events).toEqual([]);
    }
    expect(w.messages.length).toBe(before);
    expect(w.eventsOf('clock.missed').filter((e) => e.name === name)).toHaveLength(1);
  });

  it(`${clause} ${name} clock: completed 1 ms before due it is on time (lateMs ≤ 0) and never fires`, () => {
    const { w, startedAt } = row.setup();
    const due = dueOf(startedAt);
    const step = row.complete(w, due - 1);
    if (row.early === 'done') {
      const done = step.events.find((e) => e.type === 'clock.done' && e.name === name);
      expect(done).toMatchObject({ type: 'clock.done', name, dueAt: due, lateMs: -1 });
      expect(done && done.type === 'clock.done' && done.lateMs).toBeLessThanOrEqual(0);
      expect(w.clock(name)).toMatchObject({ state: 'done', doneAt: due - 1 });
      expect(w.clock(name).missedAt).toBeUndefined();
    } else {
      expect(step.events).toContainEqual(expect.objectContaining({ type: 'clock.cancelled', name }));
      expect(w.clock(name).state).toBe('cancelled');
    }
    expect(w.fire(name, due).events).toEqual([]);
    expect(w.fire(name, due + DAY).events).toEqual([]);
    for (const [kind, recipient] of row.missDms) expect(w.messagesOf(kind, recipient)).toEqual([]);
  });

  if (row.early === 'done') {
    it(`${clause} ${name} clock: completed exactly at due it is on time (lateMs 0)`, () => {
      const { w, startedAt } = row.setup();
      const due = dueOf(startedAt);
      const step = row.complete(w, due);
      expect(step.events).toContainEqual(expect.objectContaining({ type: 'clock.done', name, dueAt: due, lateMs: 0 }));
      expect(w.fire(name, due).events).toEqual([]);
    });
  }

  it(`${clause} ${name} clock: completed after its miss it is recorded done late and the miss stays`, () => {
    const { w, startedAt } = row.setup();
    const due = dueOf(startedAt);
    w.fire(name, due + HOUR);
    const step = row.complete(w, due + 3 * HOUR);
    expect(step.events).toContainEqual(expect.objectContaining({ type: 'clock.done', name, dueAt: due, lateMs: 3 * HOUR }));
    expect(w.clock(name)).toMatchObject({ state: 'done', dueAt: due, missedAt: due + HOUR, doneAt: due + 3 * HOUR });
    expect(w.events).toContainEqual(expect.objectContaining({ type: 'clock.missed', name, dueAt: due, lateMs: HOUR }));
    // The miss precedes the late completion in the timeline.
    const missedAt = w.events.findIndex((e) => e.type === 'clock.missed' && e.name === name);
    const doneAt = w.events.findIndex((e) => e.type === 'clock.done' && e.name === name);
    expect(missedAt).toBeGreaterThanOrEqual(0);
    expect(doneAt).toBeGreaterThan(missedAt);
  });
});

describe('SPEC §3 announcement: posted automatically when the packet is filed', () => {
  it('SOP-4.3a an unfiled packet misses the announcement too; filing late queues the post and its delivery is done late', () => {
    const w = closedDeal({ commitment: 'written' });
    const due = T0 + 2 * HOUR;
    expect(w.fire('announcement', due).events[0]).toMatchObject({ type: 'clock.missed', name: 'announcement' });
    const filed = w.filePacket(due + HOUR);
    expect(sent(filed.messages)).toContainEqual(['announcement', '#exec-checkins']);
    const delivered = w.run({ type: 'message.delivered', kind: 'announcement', key: `${DEAL_ID}/announcement` }, due + HOUR + 5000);
    expect(delivered.events).toContainEqual(expect.objectContaining({ type: 'clock.done', name: 'announcement', lateMs: HOUR + 5000 }));
    expect(w.handoff.announcedAt).toBe(due + HOUR + 5000);
  });

  it('SOP-4.3a delivering another kind of message does not complete the announcement clock', () => {
    const w = closedDeal({ commitment: 'written' });
    w.filePacket(T0 + 10 * MINUTE);
    const step = w.run({ type: 'message.delivered', kind: 'ack-request', key: `${DEAL_ID}/ack-request` }, T0 + 11 * MINUTE);
    expect(step.events).toEqual([]);
    expect(w.clock('announcement').state).toBe('pending');
  });

  it('SOP-4.3a a second delivery report of the announcement changes nothing', () => {
    const w = closedDeal({ commitment: 'written' });
    w.filePacket(T0 + 10 * MINUTE);
    const cmd = { type: 'message.delivered', kind: 'announcement', key: `${DEAL_ID}/announcement` } as const;
    expect(w.run(cmd, T0 + 11 * MINUTE).events.map((e) => e.type)).toEqual(['announcement.posted', 'clock.done']);
    expect(w.run(cmd, T0 + 12 * MINUTE).events).toEqual([]);
  });
});

describe('SPEC §3 and §7: both commitment types', () => {
  it('SOP-2b a written commitment starts no SOW clocks; delivery starts at the signature, which is the commitment', () => {
    const w = closedDeal({ commitment: 'written', order: 'stage-first' });
    expect(w.handoff.clocks['sow-send']).toBeUndefined();
    expect(w.handoff.clocks['sow-signature']).toBeUndefined();
    expect(w.deal.sowSignedAt).toBe(T0);
    expect(w.clock('delivery')).toMatchObject({ state: 'pending', startedAt: T0, dueAt: T0 + 30 * DAY });
  });

  it('SOP-4.5d a written SOW signed before the stage change starts the delivery clock at the signature, not at T0', () => {
    const signed = T0 - 5 * HOUR;
    const w = closedDeal({ commitment: 'written', order: 'commit-first', gapMs: 5 * HOUR });
    expect(w.handoff.t0).toBe(T0);
    expect(w.clock('delivery')).toMatchObject({ startedAt: signed, dueAt: signed + 30 * DAY });
    expect(w.clock('packet').dueAt).toBe(T0 + 2 * HOUR);
  });

  it('SOP-4.5a SOP-4.5c a verbal commitment starts sow-send (24 h) and sow-signature (48 h) from T0, and no delivery clock', () => {
    const w = closedDeal({ commitment: 'verbal' });
    expect(w.clock('sow-send')).toMatchObject({ state: 'pending', startedAt: T0, dueAt: T0 + 24 * HOUR });
    expect(w.clock('sow-signature')).toMatchObject({ state: 'pending', startedAt: T0, dueAt: T0 + 48 * HOUR });
    expect(w.handoff.clocks.delivery).toBeUndefined();
    expect(w.deal.sowSignedAt).toBeUndefined();
  });

  it('SOP-4.5a with the verbal commitment logged first, the SOW clocks count from T0 (the close)', () => {
    const w = closedDeal({ commitment: 'verbal', order: 'commit-first', gapMs: 6 * HOUR });
    expect(w.clock('sow-send')).toMatchObject({ startedAt: T0, dueAt: T0 + 24 * HOUR });
    expect(w.clock('sow-signature')).toMatchObject({ startedAt: T0, dueAt: T0 + 48 * HOUR });
  });

  it('SOP-4.5d sow.signed stops both SOW clocks and starts the Assessment clock at the signature, not at the verbal commitment', () => {
    const w = closedDeal({ commitment: 'verbal', order: 'commit-first', gapMs: 3 * HOUR });
    const verbalAt = w.deal.commitment?.loggedAt;
    expect(verbalAt).toBe(T0 - 3 * HOUR);
    const signedAt = T0 + 20 * HOUR;
    const step = w.run({ type: 'sow.signed' }, signedAt);
    expect(step.events).toContainEqual(expect.objectContaining({ type: 'sow.signed' }));
    expect(step.events).toContainEqual(expect.objectContaining({ type: 'clock.done', name: 'sow-send', lateMs: signedAt - (T0 + 24 * HOUR) }));
    expect(step.events).toContainEqual(expect.objectContaining({ type: 'clock.done', name: 'sow-signature', lateMs: signedAt - (T0 + 48 * HOUR) }));
    expect(step.events).toContainEqual(expect.objectContaining({ type: 'clock.started', name: 'delivery', startedAt: signedAt, dueAt: signedAt + 30 * DAY }));
    expect(w.clock('sow-send').state).toBe('done');
    expect(w.clock('sow-signature').state).toBe('done');
    expect(w.clock('delivery').startedAt).not.toBe(verbalAt);
    expect(w.clock('delivery').startedAt).not.toBe(T0);
    expect(w.deal.sowSignedAt).toBe(signedAt);
  });

  it('SOP-4.5a recording the SOW as sent stops only sow-send; a second report changes nothing', () => {
    const w = closedDeal({ commitment: 'verbal' });
    const step = w.run({ type: 'sow.sent' }, T0 + 3 * HOUR);
    expect(step.events.map((e) => e.type)).toEqual(['sow.sent', 'clock.done']);
    expect(w.clock('sow-send')).toMatchObject({ state: 'done', doneAt: T0 + 3 * HOUR });
    expect(w.clock('sow-signature').state).toBe('pending');
    expect(w.run({ type: 'sow.sent' }, T0 + 4 * HOUR).events).toEqual([]);
  });

  it('SOP-4.5c signing the SOW a second time changes nothing and does not restart the delivery clock', () => {
    const w = closedDeal({ commitment: 'verbal' });
    w.run({ type: 'sow.signed' }, T0 + 5 * HOUR);
    expect(w.run({ type: 'sow.signed' }, T0 + 9 * HOUR).events).toEqual([]);
    expect(w.clock('delivery').startedAt).toBe(T0 + 5 * HOUR);
  });
});
