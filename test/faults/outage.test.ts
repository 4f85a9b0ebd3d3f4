import { describe, expect, it } from 'vitest';
import { outageLog } from '../../src/server/outage.js';
import { lostBackoffMs, serialized, worker } from '../../src/server/worker.js';

/**
 * The serve loop's side of a database outage: one log line when it begins and one when it
 * ends, whatever number of passes, workers and connections fail in between; passes that
 * lost the connection are tried again after a capped exponential backoff.
 */

const lost = () => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });

describe('outageLog', () => {
  it('logs an outage once when it begins and once when every source that failed is back', () => {
    const lines: string[] = [];
    let t = Date.parse('2026-12-01T10:00:00Z');
    const outage = outageLog(
      (line) => lines.push(line),
      () => t,
    );
    outage.failed('clock', lost());
    t += 300;
    outage.failed('delivery', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    outage.failed('clock', lost());
    outage.ok('clock');
    expect(outage.down).toBe(true);
    t += 1200;
    outage.ok('delivery');
    outage.ok('delivery');
    expect(outage.down).toBe(false);
    expect(lines).toEqual([
      'baton serve: database unreachable since 2026-12-01T10:00:00.000Z: 57P01 terminating connection due to administrator command; retrying',
      'baton serve: database back after 1.5 s (3 failed attempts)',
    ]);
    // A source that never failed says nothing; the next outage is a new line.
    outage.ok('listen');
    outage.failed('listen', new Error('Connection terminated unexpectedly'));
    outage.ok('listen');
    expect(lines.slice(2)).toEqual([
      'baton serve: database unreachable since 2026-12-01T10:00:01.500Z: Connection terminated unexpectedly; retrying',
      'baton serve: database back after 0.0 s (1 failed attempt)',
    ]);
  });
});

describe('a serve worker whose passes lose the database connection', () => {
  it('backs off 0.1, 0.2, 0.4 ... s up to 5 s, with jitter', () => {
    expect([1, 2, 3, 4, 7, 8, 20].map((n) => lostBackoffMs(n, () => 0.5))).toEqual([100, 200, 400, 800, 5000, 5000, 5000]);
    expect(lostBackoffMs(1, () => 0)).toBe(75);
    expect(lostBackoffMs(1, () => 1)).toBe(125);
  });

  it('tries again after the backoff, not the poll, and reports to the outage log only', async () => {
    const lines: string[] = [];
    const outage = outageLog((line) => lines.push(line));
    const passes: number[] = [];
    const started = performance.now();
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => (resolveDone = r));
    const w = worker({
      name: 'clock',
      lock: serialized(),
      now: Date.now,
      pollMs: 60_000,
      log: (line) => lines.push(line),
      outage,
      async run() {
        passes.push(performance.now() - started);
        if (passes.length <= 3) throw lost();
        resolveDone();
      },
      nextAt: async () => undefined,
    });
    w.kick();
    await done;
    await w.stop();
    expect(passes).toHaveLength(4);
    // 0.1 + 0.2 + 0.4 s (±25 %) of backoff in all: far from the 60 s poll.
    expect(passes[3]!).toBeLessThan(5000);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^baton serve: database unreachable since .*: 57P01 terminating connection due to administrator command; retrying$/);
    expect(lines[1]).toMatch(/^baton serve: database back after \d+\.\d s \(3 failed attempts\)$/);
  });

  it('keeps one line per failed pass, and the poll, for errors that are not a lost connection', async () => {
    const lines: string[] = [];
    const w = worker({
      name: 'delivery',
      lock: serialized(),
      now: Date.now,
      pollMs: 60_000,
      log: (line) => lines.push(line),
      outage: outageLog((line) => lines.push(line)),
      async run() {
        throw new Error('no such table: messages');
      },
      nextAt: async () => undefined,
    });
    w.kick();
    await expect.poll(() => lines.length).toBe(1);
    await w.stop();
    expect(lines).toEqual(['baton serve: delivery pass failed, trying again in 60000 ms: no such table: messages']);
  });
});
