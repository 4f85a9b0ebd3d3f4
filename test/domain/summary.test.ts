/**
 * SPEC §9: chief.staff's section of the CEO Daily Summary for one org-local day.
 */
import { describe, expect, it } from 'vitest';
import { dailySummary } from '../../src/domain/summary.js';
import type { DealState } from '../../src/domain/types.js';
import { HOUR, MINUTE, SOW_EXPECTED, T0, closedDeal, type CloseOptions, type World } from '../support/domain.js';

const LA = 'America/Los_Angeles';

/** A deal closed, filed and announced: the announcement is delivered at `announcedAt`. */
function announced(opts: CloseOptions & { announcedAt: number }): World {
  const at = opts.announcedAt - 30 * MINUTE;
  const w = closedDeal({ ...opts, at });
  w.filePacket(at + 10 * MINUTE);
  w.run({ type: 'message.delivered', kind: 'announcement', key: `${w.dealId}/announcement` }, opts.announcedAt);
  expect(w.handoff.announcedAt).toBe(opts.announcedAt);
  return w;
}

function sections(text: string): { completions: string[]; attention: string[] } {
  const lines = text.split('\n');
  const a = lines.indexOf('KEY COMPLETIONS TODAY');
  const b = lines.indexOf('NEEDS ATTENTION');
  expect(a).toBe(0);
  expect(b).toBeGreaterThan(a);
  const items = (from: number, to: number) => lines.slice(from, to).filter((l) => l.startsWith('- ') && l !== '- none');
  return { completions: items(a + 1, b), attention: items(b + 1, lines.length) };
}

const states = (...worlds: World[]): DealState[] => worlds.map((w) => w.state as DealState);

describe('SPEC §9 KEY COMPLETIONS TODAY', () => {
  it('SOP-4.3b lists each deal announced that day, in the announcement wording with the SOW status', () => {
    const signed = announced({ dealId: 'D-1', company: 'Alpha Ltd', commitment: 'written', announcedAt: T0 });
    const pending = announced({ dealId: 'D-2', company: 'Beta Inc', commitment: 'verbal', announcedAt: T0 + HOUR });
    const text = dailySummary(states(pending, signed), { date: '2026-11-26', timezone: 'UTC', now: T0 + 2 * HOUR });
    expect(sections(text).completions).toEqual([
      '- 🟢 DEAL CLOSED — Alpha Ltd — Assessment™ confirmed (SOW: Signed)',
      `- 🟢 DEAL CLOSED — Beta Inc — Assessment™ confirmed (SOW: Pending — expected ${SOW_EXPECTED})`,
    ]);
  });

  it('SOP-4.3b the day is the org-local day: in Los Angeles 07:59:59.999 UTC is still yesterday', () => {
    const late = announced({ dealId: 'D-1', company: 'Alpha Ltd', commitment: 'written', timezone: LA, announcedAt: Date.parse('2026-11-26T07:59:59.999Z') });
    const early = announced({ dealId: 'D-2', company: 'Beta Inc', commitment: 'written', timezone: LA, announcedAt: Date.parse('2026-11-26T08:00:00.000Z') });
    const now = Date.parse('2026-11-26T20:00:00Z');
    const on25 = sections(dailySummary(states(late, early), { date: '2026-11-25', timezone: LA, now }));
    const on26 = sections(dailySummary(states(late, early), { date: '2026-11-26', timezone: LA, now }));
    expect(on25.completions).toEqual(['- 🟢 DEAL CLOSED — Alpha Ltd — Assessment™ confirmed (SOW: Signed)']);
    expect(on26.completions).toEqual(['- 🟢 DEAL CLOSED — Beta Inc — Assessment™ confirmed (SOW: Signed)']);
    // In UTC both fall on the 26th.
    const utc = sections(dailySummary(states(late, early), { date: '2026-11-26', timezone: 'UTC', now }));
    expect(utc.completions).toHaveLength(2);
  });

  it('SOP-4.3b a deal whose announcement is not yet delivered, or was delivered another day, is not listed', () => {
    const w = closedDeal({ dealId: 'D-3', company: 'Gamma', commitment: 'written' });
    w.filePacket(T0 + HOUR);
    const old = announced({ dealId: 'D-4', company: 'Delta', commitment: 'written', announcedAt: T0 - 2 * 24 * HOUR });
    const text = dailySummary(states(w, old), { date: '2026-11-26', timezone: 'UTC', now: T0 + 2 * HOUR });
    expect(sections(text).completions).toEqual([]);
  });
});

describe('SPEC §9 NEEDS ATTENTION', () => {
  it('SOP-4.3b SOP-3a an overdue packet is listed with the company and the clock; a deal on time is not', () => {
    const late = closedDeal({ dealId: 'D-5', company: 'Epsilon', commitment: 'written' });
    late.fire('packet', T0 + 2 * HOUR);
    const fine = closedDeal({ dealId: 'D-6', company: 'Zeta', commitment: 'written' });
    fine.filePacket(T0 + HOUR);
    fine.run({ type: 'message.delivered', kind: 'announcement', key: 'D-6/announcement' }, T0 + HOUR);
    const { attention } = sections(dailySummary(states(late, fine), { date: '2026-11-26', timezone: 'UTC', now: T0 + 3 * HOUR }));
    expect(attention.some((l) => l.includes('Epsilon') && l.includes('packet'))).toBe(true);
    expect(attention.some((l) => l.includes('Zeta'))).toBe(false);
  });

  it('SOP-4.3b SOP-4.5c an overdue SOW signature is flagged', () => {
    const w = closedDeal({ dealId: 'D-7', company: 'Eta', commitment: 'verbal' });
    w.filePacket(T0 + HOUR);
    w.fire('sow-signature', T0 + 48 * HOUR);
    const { attention } = sections(dailySummary(states(w), { date: '2026-11-28', timezone: 'UTC', now: T0 + 49 * HOUR }));
    expect(attention.some((l) => l.includes('Eta') && l.includes('sow-signature'))).toBe(true);
  });

  it('SOP-4.3b SOP-5a SOP-5b open escalations are listed until customer.success acknowledges', () => {
    const w = closedDeal({ dealId: 'D-8', company: 'Theta', commitment: 'written' });
    w.filePacket(T0 + HOUR);
    const ackDue = T0 + 25 * HOUR;
    w.fire('acknowledgement', ackDue);
    w.fire('ceo-escalation', ackDue + 4 * HOUR);
    const now = ackDue + 5 * HOUR;
    const open = sections(dailySummary(states(w), { date: '2026-11-27', timezone: 'UTC', now })).attention;
    expect(open.some((l) => l.includes('Theta') && l.includes('acknowledgement'))).toBe(true);
    expect(open.some((l) => l.includes('Theta') && /escalat/i.test(l) && l.includes('chief.staff'))).toBe(true);
    expect(open.some((l) => l.includes('Theta') && /escalat/i.test(l) && l.includes('ceo'))).toBe(true);
    w.ack(now + HOUR);
    const closed = sections(dailySummary(states(w), { date: '2026-11-27', timezone: 'UTC', now: now + 2 * HOUR })).attention;
    expect(closed.some((l) => /escalat/i.test(l))).toBe(false);
  });

  it('SOP-4.3b a handoff with nothing overdue needs no attention', () => {
    const w = announced({ dealId: 'D-9', company: 'Iota', commitment: 'written', announcedAt: T0 });
    const text = dailySummary(states(w), { date: '2026-11-26', timezone: 'UTC', now: T0 + HOUR });
    expect(sections(text).attention).toEqual([]);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('SOP-4.3b SOP-3a a clock already past its due time at `now` is listed as overdue, even before Baton fired it', () => {
    // The summary is "as of now": a packet due at T0 + 2 h is overdue at T0 + 3 h whether
    // or not a tick has recorded the miss yet.
    const w = closedDeal({ dealId: 'D-10', company: 'Kappa', commitment: 'written' });
    const { attention } = sections(dailySummary(states(w), { date: '2026-11-26', timezone: 'UTC', now: T0 + 3 * HOUR }));
    expect(attention.some((l) => l.includes('Kappa') && l.includes('packet'))).toBe(true);
  });
});
