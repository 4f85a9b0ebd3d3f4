/**
 * SPEC §15 SLA-grade clocks, in the domain: reminders before a clock falls due, holds and
 * resumes, working-time clocks, and the one urgency rule every door shows.
 */
import { describe, expect, it } from 'vitest';
import { parseWorkCalendar, type WorkCalendar } from '../../src/domain/calendar/index.js';
import { clockUrgency } from '../../src/domain/clock-time.js';
import { POLICY_V1, type Policy } from '../../src/domain/policy.js';
import { HOUR, MINUTE, T0, closedDeal, sent } from '../support/domain.js';

const NINE_TO_FIVE = '09:00-17:00';

function newYorkCalendar(extra: { holidays?: string[] } = {}): WorkCalendar {
  const parsed = parseWorkCalendar({ hours: { mon: NINE_TO_FIVE, tue: NINE_TO_FIVE, wed: NINE_TO_FIVE, thu: NINE_TO_FIVE, fri: NINE_TO_FIVE }, ...extra }, 'America/New_York');
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('; '));
  return parsed.calendar;
}

const calendarPolicy = (clocks: Policy['calendarClocks'], reminders: Policy['reminders'] = POLICY_V1.reminders): Policy => ({ ...POLICY_V1, calendarClocks: clocks, reminders });

describe('SPEC §15 reminders', () => {
  it('the packet clock reminds the cro 30 min before due, once, with the command to run', () => {
    const w = closedDeal();
    const packet = w.clock('packet');
    expect(packet.remindAt).toEqual([T0 + 90 * MINUTE]);
    expect(w.remind('packet', 0, T0 + 90 * MINUTE - 1).events).toEqual([]);
    const step = w.remind('packet', 0, T0 + 90 * MINUTE);
    expect(sent(step.messages)).toEqual([['reminder', 'cro']]);
    const text = step.messages[0]?.text ?? '';
    expect(text).toContain('Acme Analytics');
    expect(text).toContain('(in 30 min)');
    expect(text).toContain(`baton packet file ${w.dealId} packet.md`);
    expect(w.remind('packet', 0, T0 + 95 * MINUTE).events).toEqual([]);
  });

  it('no reminder for a clock already done, nor once it has fallen due', () => {
    const done = closedDeal();
    done.filePacket(T0 + HOUR);
    expect(done.remind('packet', 0, T0 + 90 * MINUTE).events).toEqual([]);
    const late = closedDeal();
    expect(late.remind('packet', 0, T0 + 2 * HOUR).events).toEqual([]);
  });

  it('a clock inside its last reminder is due soon; one without reminders keeps the last-25 % rule', () => {
    const w = closedDeal();
    const packet = w.clock('packet');
    expect(packet.soonAt).toBe(T0 + 90 * MINUTE);
    expect(clockUrgency(packet, T0 + 90 * MINUTE - 1)).toBe('pending');
    expect(clockUrgency(packet, T0 + 90 * MINUTE)).toBe('due-soon');
    expect(clockUrgency(packet, T0 + 2 * HOUR)).toBe('overdue');
    const announcement = w.clock('announcement');
    expect(announcement.soonAt).toBeUndefined();
    expect(clockUrgency(announcement, T0 + 90 * MINUTE - 1)).toBe('pending');
    expect(clockUrgency(announcement, T0 + 90 * MINUTE)).toBe('due-soon');
  });

  it('policy.reminders set to none for a clock sends none', () => {
    const w = closedDeal({ policy: { ...POLICY_V1, reminders: {} } });
    expect(w.clock('packet').remindAt).toBeUndefined();
    expect(w.remind('packet', 0, T0 + 90 * MINUTE).events).toEqual([]);
  });
});

describe('SPEC §15 hold and resume', () => {
  it('chief.staff holds a clock with a reason: it neither fires nor reminds; resume moves its due time by the time held', () => {
    const w = closedDeal();
    const held = w.run({ type: 'clock.hold', clock: 'packet', reason: 'customer asked to wait' }, T0 + 30 * MINUTE);
    expect(held.events).toMatchObject([{ type: 'clock.held', clock: 'packet', reason: 'customer asked to wait', actor: 'chief.staff' }]);
    expect(clockUrgency(w.clock('packet'), T0 + 5 * HOUR)).toBe('held');
    expect(w.remind('packet', 0, T0 + 90 * MINUTE).events).toEqual([]);
    expect(w.fire('packet', T0 + 3 * HOUR).events).toEqual([]);
    const resumed = w.run({ type: 'clock.resume', clock: 'packet' }, T0 + 3 * HOUR + 30 * MINUTE, { actor: 'ceo' });
    expect(resumed.events).toMatchObject([{ type: 'clock.resumed', clock: 'packet', heldMs: 3 * HOUR, dueAt: T0 + 5 * HOUR }]);
    expect(w.clock('packet')).toMatchObject({ dueAt: T0 + 5 * HOUR, heldMs: 3 * HOUR, remindAt: [T0 + 4 * HOUR + 30 * MINUTE], soonAt: T0 + 4 * HOUR + 30 * MINUTE });
    expect(w.clock('packet').heldAt).toBeUndefined();
    expect(w.fire('packet', T0 + 5 * HOUR - 1).events).toEqual([]);
    expect(w.remind('packet', 0, T0 + 4 * HOUR + 30 * MINUTE).events).toMatchObject([{ type: 'clock.reminded' }]);
    expect(w.fire('packet', T0 + 5 * HOUR).events).toMatchObject([{ type: 'clock.missed', name: 'packet', lateMs: 0 }]);
  });

  it('only chief.staff and the ceo may hold or resume a clock', () => {
    const w = closedDeal();
    const step = w.attempt({ type: 'clock.hold', clock: 'packet', reason: 'wait' }, T0 + MINUTE, { actor: 'cro' });
    expect(step.problems).toMatchObject([{ code: 'forbidden', field: 'role', roles: ['chief.staff', 'ceo'] }]);
  });

  it('refusals: unknown clock, clock not open, already held, not held, no reason; each names the field and the fix', () => {
    const w = closedDeal();
    const cases = [
      [{ type: 'clock.hold', clock: 'lunch', reason: 'x' }, 'invalid'],
      [{ type: 'clock.hold', clock: 'sow-send', reason: 'x' }, 'not-found'],
      [{ type: 'clock.resume', clock: 'packet' }, 'refused'],
      [{ type: 'clock.hold', clock: 'packet', reason: '  ' }, 'required'],
    ] as const;
    for (const [command, code] of cases) {
      const step = w.attempt(command, T0 + MINUTE);
      expect(step.ok).toBe(false);
      expect(step.problems[0]).toMatchObject({ code, field: command.type === 'clock.hold' && code === 'required' ? 'reason' : 'clock' });
      expect(step.problems[0]?.fix).toBeTruthy();
    }
    w.run({ type: 'clock.hold', clock: 'packet', reason: 'x' }, T0 + MINUTE);
    expect(w.attempt({ type: 'clock.hold', clock: 'packet', reason: 'y' }, T0 + 2 * MINUTE).problems[0]).toMatchObject({
      code: 'refused',
      field: 'clock',
      message: expect.stringContaining('already held'),
    });
    w.filePacket(T0 + HOUR);
    expect(w.attempt({ type: 'clock.resume', clock: 'packet' }, T0 + 2 * HOUR).problems[0]).toMatchObject({
      code: 'refused',
      field: 'clock',
      message: expect.stringContaining('not open'),
    });
  });
});

describe('SPEC §15 business time', () => {
  it('a packet clock (2 h) started Friday 16:30 in New York, Mon-Fri 09:00-17:00, is due Monday 10:30; its reminder 30 working minutes before', () => {
    const friday = Date.parse('2026-12-04T16:30:00-05:00');
    const w = closedDeal({ at: friday, timezone: 'America/New_York', calendar: newYorkCalendar(), policy: calendarPolicy(['packet']) });
    const packet = w.clock('packet');
    expect(packet.dueAt).toBe(Date.parse('2026-12-07T10:30:00-05:00'));
    expect(packet.remindAt).toEqual([Date.parse('2026-12-07T10:00:00-05:00')]);
    expect(packet.calendar).toBe(true);
    // The announcement is not a calendar clock here: 2 h of wall time.
    expect(w.clock('announcement').dueAt).toBe(friday + 2 * HOUR);
    const miss = w.fire('packet', Date.parse('2026-12-07T11:00:00-05:00'));
    expect(miss.events[0]).toMatchObject({ type: 'clock.missed', lateMs: 30 * MINUTE });
    expect(miss.messages[0]?.text).toContain('Due 2026-12-07 10:30 EST');
  });

  it('a working-time clock skips a holiday and stays exact across the DST change', () => {
    // Thursday 2026-12-24 16:00, 25 December a holiday: 2 working hours end Monday 28th 10:00.
    const christmasEve = Date.parse('2026-12-24T16:00:00-05:00');
    const w = closedDeal({ at: christmasEve, timezone: 'America/New_York', calendar: newYorkCalendar({ holidays: ['2026-12-25'] }), policy: calendarPolicy(['packet']) });
    expect(w.clock('packet').dueAt).toBe(Date.parse('2026-12-28T10:00:00-05:00'));
    // Friday 2027-03-12 16:00 EST: due Monday 2027-03-15 10:00 EDT, after the clocks went forward.
    const beforeDst = Date.parse('2027-03-12T16:00:00-05:00');
    const d = closedDeal({ at: beforeDst, timezone: 'America/New_York', calendar: newYorkCalendar(), policy: calendarPolicy(['packet']) });
    expect(d.clock('packet').dueAt).toBe(Date.parse('2027-03-15T10:00:00-04:00'));
  });

  it('resuming a held working-time clock keeps the working time it had left', () => {
    // Held Monday 09:30 with 1 working hour left (due 10:30); resumed Tuesday 16:30: due Wednesday 09:30.
    const friday = Date.parse('2026-12-04T16:30:00-05:00');
    const w = closedDeal({ at: friday, timezone: 'America/New_York', calendar: newYorkCalendar(), policy: calendarPolicy(['packet'], {}) });
    w.run({ type: 'clock.hold', clock: 'packet', reason: 'customer travelling' }, Date.parse('2026-12-07T09:30:00-05:00'));
    const resumed = w.run({ type: 'clock.resume', clock: 'packet' }, Date.parse('2026-12-08T16:30:00-05:00'));
    expect(resumed.events[0]).toMatchObject({ type: 'clock.resumed', heldMs: 15 * HOUR });
    expect(w.clock('packet').dueAt).toBe(Date.parse('2026-12-09T09:30:00-05:00'));
  });
});
