/**
 * SPEC §5: the exact texts Baton owes, and to whom (`effectsOf`).
 */
import { describe, expect, it } from 'vitest';
import type { ClockName } from '../../src/domain/types.js';
import { DAY, DEAL_ID, HOUR, LIVE, MINUTE, SOW_EXPECTED, T0, closedDeal, sent, type Step, type World } from '../support/domain.js';

const PACKET_PATH = 'operations/handoffs/assessment-acme-analytics-2026-11-26.md';

function announcementOf(w: World): string {
  const posts = w.messagesOf('announcement');
  expect(posts).toHaveLength(1);
  return posts[0]?.text ?? '';
}

describe('SPEC §5 the #exec-checkins announcement', () => {
  it('SOP-4.3a with a signed SOW it is exactly three lines', () => {
    const w = closedDeal({ commitment: 'written' });
    const step = w.filePacket(T0 + HOUR);
    expect(sent(step.messages)).toEqual([
      ['announcement', '#exec-checkins'],
      ['ack-request', 'customer.success'],
    ]);
    expect(announcementOf(w)).toBe('🟢 DEAL CLOSED — Acme Analytics — Assessment™ confirmed\nHandoff packet filed → customer.success\nSOW status: Signed');
    expect(step.messages[0]).toMatchObject({ channel: 'slack', key: `${DEAL_ID}/announcement` });
  });

  it('SOP-4.3a while the SOW is unsigned its last line is Pending — expected {date}', () => {
    const w = closedDeal({ commitment: 'verbal', sowExpected: SOW_EXPECTED });
    w.filePacket(T0 + HOUR);
    expect(announcementOf(w)).toBe(
      `🟢 DEAL CLOSED — Acme Analytics — Assessment™ confirmed\nHandoff packet filed → customer.success\nSOW status: Pending — expected ${SOW_EXPECTED}`,
    );
  });

  it('SOP-4.3a a verbal commitment whose SOW was signed before filing is announced as Signed', () => {
    const w = closedDeal({ commitment: 'verbal' });
    w.run({ type: 'sow.signed' }, T0 + 30 * MINUTE);
    w.filePacket(T0 + HOUR);
    expect(announcementOf(w).split('\n')[2]).toBe('SOW status: Signed');
  });

  it('SOP-4.3a &, < and > in the company are escaped and @channel is defanged', () => {
    const w = closedDeal({ commitment: 'written', company: 'R&D <Labs> @channel' });
    w.filePacket(T0 + HOUR);
    const text = announcementOf(w);
    expect(text.split('\n')).toHaveLength(3);
    const first = text.split('\n')[0] ?? '';
    expect(first.startsWith('🟢 DEAL CLOSED — R&amp;D &lt;Labs&gt; ')).toBe(true);
    expect(first.endsWith(' — Assessment™ confirmed')).toBe(true);
    expect(text).not.toContain('<Labs>');
    expect(text).not.toMatch(/@channel/);
    expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
  });

  it.each(['<!channel>', '<!here|here>', '@here', '<https://evil.example|click>', '@everyone'])('SOP-4.3a a company named %j can neither mention nor link', (company) => {
    const w = closedDeal({ commitment: 'written', company, dealId: 'D-200' });
    w.filePacket(T0 + HOUR);
    const text = announcementOf(w);
    expect(text).not.toMatch(/[<>]/);
    expect(text).not.toMatch(/@(here|channel|everyone)/);
    for (const m of w.messages.filter((x) => x.channel === 'slack')) {
      expect(m.text).not.toMatch(/[<>]/);
      expect(m.text).not.toMatch(/@(here|channel|everyone)/);
    }
  });

  it('SOP-4.3a the announcement is owed once: re-filing does not post it again', () => {
    const w = closedDeal({ commitment: 'written' });
    w.filePacket(T0 + HOUR);
    w.filePacket(T0 + 2 * HOUR, { 'Red flags': 'Budget owner changed' });
    expect(w.messagesOf('announcement')).toHaveLength(1);
  });
});

describe('SPEC §5 the request to customer.success', () => {
  it('SOP-4.4a filing DMs customer.success with the packet path, the 24 h deadline and the command', () => {
    const w = closedDeal({ commitment: 'written' });
    const step = w.filePacket(T0 + HOUR);
    const req = step.messages.find((m) => m.kind === 'ack-request');
    expect(req?.recipient).toBe('customer.success');
    expect(req?.text).toContain('Acme Analytics');
    expect(req?.text).toContain(PACKET_PATH);
    expect(req?.text).toContain('2026-11-27 10:00 UTC');
    expect(req?.text).toContain(`baton ack ${DEAL_ID} --as customer.success`);
  });
});

interface MissRow {
  clause: string;
  clock: ClockName;
  /** Fires the clock 90 min late; returns the world and that step. */
  miss(): { w: World; step: Step };
  recipients: string[];
  /** How late the text must say it is. */
  late: string;
  todo: RegExp;
}

const late90 = (w: World, clock: ClockName) => ({ w, step: w.fire(clock, w.clock(clock).dueAt + 90 * MINUTE) });

const MISSES: MissRow[] = [
  {
    clause: 'SOP-3a',
    clock: 'packet',
    miss: () => late90(closedDeal({ commitment: 'written' }), 'packet'),
    recipients: ['cro'],
    late: '1 h 30 min',
    todo: /baton packet file D-100/,
  },
  {
    clause: 'SOP-4.5a',
    clock: 'sow-send',
    miss: () => late90(closedDeal({ commitment: 'verbal' }), 'sow-send'),
    recipients: ['cro'],
    late: '1 h 30 min',
    todo: /baton sow sent D-100/,
  },
  {
    clause: 'SOP-4.5c',
    clock: 'sow-signature',
    miss: () => late90(closedDeal({ commitment: 'verbal' }), 'sow-signature'),
    recipients: ['cro'],
    late: '1 h 30 min',
    todo: /baton sow signed D-100/,
  },
  {
    clause: 'SOP-5a',
    clock: 'acknowledgement',
    miss: () => {
      const w = closedDeal({ commitment: 'written' });
      w.filePacket(T0 + HOUR);
      return late90(w, 'acknowledgement');
    },
    recipients: ['chief.staff'],
    late: '1 h 30 min',
    todo: /customer\.success/,
  },
  {
    clause: 'SOP-5b',
    clock: 'ceo-escalation',
    miss: () => {
      const w = closedDeal({ commitment: 'written' });
      w.filePacket(T0 + HOUR);
      w.fire('acknowledgement', T0 + 25 * HOUR);
      return late90(w, 'ceo-escalation');
    },
    recipients: ['ceo'],
    // 4 h of grace plus 90 min: how far past the acknowledgement deadline it is.
    late: '5 h 30 min',
    todo: /baton agent activate customer\.success --by ceo/,
  },
  {
    clause: 'SOP-4.5d',
    clock: 'delivery',
    miss: () => {
      const w = closedDeal({ commitment: 'written' });
      w.filePacket(T0 + HOUR);
      w.ack(T0 + 2 * HOUR);
      w.run({ type: 'delivery.start' }, T0 + 3 * HOUR, { customerSuccess: LIVE });
      return late90(w, 'delivery');
    },
    recipients: ['customer.success', 'cro'],
    late: '1 h 30 min',
    todo: /baton delivery done D-100/,
  },
];

describe('SPEC §5 direct messages name the company, the clock, how late, the packet path and what to do', () => {
  it.each(MISSES)('$clause the $clock miss DMs $recipients', (row) => {
    const dms = row.miss().step.messages;
    expect(dms.every((m) => m.channel === 'slack')).toBe(true);
    expect(dms.map((m) => m.recipient)).toEqual(row.recipients);
    for (const dm of dms) {
      expect(dm.text).toContain('Acme Analytics');
      expect(dm.text).toContain(row.clock);
      expect(dm.text).toContain(row.late);
      expect(dm.text).toContain(PACKET_PATH);
      expect(dm.text).toMatch(/To do/);
      expect(dm.text).toMatch(row.todo);
      expect(dm.payload).toMatchObject({ dealId: DEAL_ID });
    }
    expect(new Set(dms.map((m) => m.key)).size).toBe(dms.length);
  });

  it('SOP-4.5c the SOW-delay DM comes from customer.success to the cro and names the expected date', () => {
    const { w } = late90(closedDeal({ commitment: 'verbal', sowExpected: SOW_EXPECTED }), 'sow-signature');
    const [dm] = w.messagesOf('sow-delayed');
    expect(dm?.recipient).toBe('cro');
    expect(dm?.text).toContain('From customer.success');
    expect(dm?.text).toContain(SOW_EXPECTED);
  });

  it('SOP-3a the DMs escape the company name too', () => {
    const { w } = late90(closedDeal({ commitment: 'written', company: 'A&B <Co>' }), 'packet');
    const [dm] = w.messagesOf('packet-overdue');
    expect(dm?.text).toContain('A&amp;B &lt;Co&gt;');
    expect(dm?.text).not.toContain('<Co>');
  });

  it('SOP-3a a reminder is never a miss: nothing is owed before the due time', () => {
    const w = closedDeal({ commitment: 'verbal' });
    for (const clock of ['packet', 'announcement', 'sow-send', 'sow-signature'] as const) {
      w.fire(clock, w.clock(clock).dueAt - 1);
    }
    expect(w.messages).toEqual([]);
    w.fire('sow-signature', T0 + 2 * DAY);
    expect(sent(w.messages)).toEqual([['sow-delayed', 'cro']]);
  });
});

describe('SPEC §6 the delivery-board item is owed on acknowledgement', () => {
  it('SOP-4.4b acknowledging queues one delivery-board item and rewrites the packet with the acknowledgement', () => {
    const w = closedDeal({ commitment: 'written' });
    w.filePacket(T0 + HOUR);
    const step = w.ack(T0 + 2 * HOUR);
    expect(step.messages).toHaveLength(1);
    expect(step.messages[0]).toMatchObject({
      kind: 'delivery-item',
      channel: 'board',
      recipient: 'delivery-board',
      text: 'Assessment™ — Acme Analytics',
      payload: { dealId: DEAL_ID, item: { name: 'Assessment™ — Acme Analytics', customer: 'Acme Analytics', owner: 'customer.success' } },
    });
    expect(step.files.map((f) => f.path)).toEqual([PACKET_PATH]);
    expect(step.files[0]?.content).toContain('\nAcknowledged by: customer.success — 2026-11-26 11:00 UTC\n');
  });
});
