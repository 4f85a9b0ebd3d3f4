import { describe, expect, it } from 'vitest';
import { clockStatus, elapsedShare, shortWords } from '../../src/dashboard/clock-view.js';
import type { Clock } from '../../src/domain/types.js';

/** How a clock is coloured on the dashboard, at the boundaries (due - 1 ms, due, due + 1 ms). */

const START = Date.parse('2026-11-26T09:00:00Z');
const HOUR = 3_600_000;
const packet = (extra: Partial<Clock> = {}): Clock => ({ name: 'packet', state: 'pending', startedAt: START, dueAt: START + 2 * HOUR, ...extra });

describe('clockStatus', () => {
  it.each([
    ['at its start', START, 'on-time'],
    ['1 ms before the last 25% of its window', START + 1.5 * HOUR - 1, 'on-time'],
    ['at the last 25%', START + 1.5 * HOUR, 'due-soon'],
    ['1 ms before due', START + 2 * HOUR - 1, 'due-soon'],
    ['at due (as baton status: OVERDUE when due <= now)', START + 2 * HOUR, 'overdue'],
    ['1 ms after due, not fired yet', START + 2 * HOUR + 1, 'overdue'],
  ] as const)('an open clock %s is %s', (_, now, status) => {
    expect(clockStatus(packet(), now)).toBe(status);
  });

  it('a missed clock is overdue; done by its due time is done, after it done late; cancelled is cancelled', () => {
    expect(clockStatus(packet({ state: 'overdue', missedAt: START + 2 * HOUR }), START)).toBe('overdue');
    expect(clockStatus(packet({ state: 'done', doneAt: START + 2 * HOUR }), START + 10 * HOUR)).toBe('done');
    expect(clockStatus(packet({ state: 'done', doneAt: START + 2 * HOUR + 1 }), START + 10 * HOUR)).toBe('done-late');
    expect(clockStatus(packet({ state: 'cancelled' }), START + 10 * HOUR)).toBe('cancelled');
  });
});

describe('the bar and its words', () => {
  it('fills with the share of the window used, full past due', () => {
    expect(elapsedShare(packet(), START + HOUR)).toBe(0.5);
    expect(elapsedShare(packet(), START + 5 * HOUR)).toBe(1);
    expect(elapsedShare(packet({ state: 'done', doneAt: START + 30 * 60_000 }), START + 5 * HOUR)).toBe(0.25);
    expect(elapsedShare(packet({ state: 'cancelled' }), START + HOUR)).toBe(0);
  });

  it('says how it stands in the CLI durations', () => {
    expect(shortWords(packet(), START + HOUR + 15 * 60_000)).toBe('due in 45 min');
    expect(shortWords(packet(), START + 5 * HOUR)).toBe('overdue by 3 h 00 min');
    expect(shortWords(packet({ state: 'done', doneAt: START + 3 * HOUR }), START + 5 * HOUR)).toBe('done 1 h 00 min late');
    expect(shortWords(packet({ state: 'done', doneAt: START + HOUR }), START + 5 * HOUR)).toBe('done on time');
  });
});
