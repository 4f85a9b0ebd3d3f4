/**
 * SPEC §6: the delivery item created on acknowledgement: name, customer, window from the
 * packet's start target, milestones at policy offsets, none past 30 days from the SOW.
 */
import { describe, expect, it } from 'vitest';
import type { DeliveryItem } from '../../src/domain/types.js';
import { HOUR, SOW_EXPECTED, T0, closedDeal, type CloseOptions } from '../support/domain.js';

const window = (start: string) => `${start} start target / 30-day max from SOW`;

function itemFor(opts: CloseOptions, startTarget?: string): DeliveryItem {
  const w = closedDeal(opts);
  const at = opts.at ?? T0;
  w.filePacket(at + HOUR, startTarget ? { 'Committed delivery window': window(startTarget) } : {});
  const step = w.ack(at + 2 * HOUR);
  const acked = step.events.find((e) => e.type === 'packet.acknowledged');
  if (acked?.type !== 'packet.acknowledged') throw new Error('no packet.acknowledged event');
  expect(w.handoff.deliveryItem).toEqual(acked.deliveryItem);
  return acked.deliveryItem;
}

const names = (item: DeliveryItem) => item.milestones.map((m) => m.name);
const dates = (item: DeliveryItem) => item.milestones.map((m) => m.date);

describe('SPEC §6 delivery item', () => {
  it('SOP-4.4b the item is named Assessment™ — {Company}, for the customer, owned by customer.success', () => {
    const item = itemFor({ commitment: 'written' });
    expect(item).toMatchObject({ name: 'Assessment™ — Acme Analytics', customer: 'Acme Analytics', owner: 'customer.success' });
  });

  it('SOP-4.4b milestones are Kickoff +0, Discovery complete +10, Findings draft +21, Readout +30 days from the start target', () => {
    // Written SOW signed 2026-11-26, start target the same day: nothing needs clamping.
    const item = itemFor({ commitment: 'written' }, '2026-11-26');
    expect(item.windowStart).toBe('2026-11-26');
    expect(item.milestones).toEqual([
      { name: 'Kickoff', date: '2026-11-26' },
      { name: 'Discovery complete', date: '2026-12-06' },
      { name: 'Findings draft', date: '2026-12-17' },
      { name: 'Readout', date: '2026-12-26' },
    ]);
    expect(item.windowEnd).toBe('2026-12-26');
  });

  it("SOP-3e SOP-4.4b the window starts at the packet's start target and no milestone falls past 30 days from the SOW signature", () => {
    const item = itemFor({ commitment: 'written' }, '2026-11-30');
    expect(item.windowStart).toBe('2026-11-30');
    expect(names(item)).toEqual(['Kickoff', 'Discovery complete', 'Findings draft', 'Readout']);
    expect(dates(item).slice(0, 3)).toEqual(['2026-11-30', '2026-12-10', '2026-12-21']);
    for (const date of dates(item)) expect(date <= '2026-12-26').toBe(true);
    expect(item.windowEnd <= '2026-12-26').toBe(true);
    expect(item.windowEnd >= item.windowStart).toBe(true);
  });

  it('SOP-4.4b while the SOW is unsigned the offsets count from the start target and the cap from the expected date', () => {
    const item = itemFor({ commitment: 'verbal', sowExpected: SOW_EXPECTED });
    expect(item.windowStart).toBe(SOW_EXPECTED);
    expect(dates(item)).toEqual(['2026-12-01', '2026-12-11', '2026-12-22', '2026-12-31']);
  });

  it('SOP-4.5d SOP-4.4b the SOW date is taken in the org time zone', () => {
    // Signed at 03:00 UTC on the 27th: the 26th in Los Angeles, so the cap is 2026-12-26.
    const at = Date.parse('2026-11-27T03:00:00Z');
    const item = itemFor({ commitment: 'written', at, timezone: 'America/Los_Angeles' }, '2026-11-26');
    expect(item.windowStart).toBe('2026-11-26');
    expect(dates(item)).toEqual(['2026-11-26', '2026-12-06', '2026-12-17', '2026-12-26']);
  });

  it('SOP-4.4b the item is created once: a second acknowledgement owes nothing', () => {
    const w = closedDeal({ commitment: 'written' });
    w.filePacket(T0 + HOUR);
    w.ack(T0 + 2 * HOUR);
    w.ack(T0 + 3 * HOUR);
    expect(w.messagesOf('delivery-item', 'delivery-board')).toHaveLength(1);
  });
});
