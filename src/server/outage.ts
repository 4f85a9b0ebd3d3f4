import { describeStoreError } from '../store/index.js';

/**
 * One log line per database outage, whatever number of queries, workers and connections
 * fail during it. The serve loop's workers and the LISTEN connection each report as a
 * source: `failed(source, error)` when an operation of theirs lost its connection,
 * `ok(source)` when one succeeded again. The outage begins with the first failure of any
 * source ("database unreachable since <time>: <cause>; retrying") and ends when every
 * source that failed has succeeded again ("database back after N s"), with the number of
 * failed attempts absorbed meanwhile.
 *
 * @example
 * const outage = outageLog((line) => console.error(line));
 * outage.failed('clock', error); // logs once
 * outage.failed('delivery', error); // silent: the same outage
 * outage.ok('clock'); outage.ok('delivery'); // logs "database back after 1.2 s (2 failed attempts)"
 */
export interface OutageLog {
  failed(source: string, error: unknown): void;
  ok(source: string): void;
  /** True between the first failure and the recovery. */
  readonly down: boolean;
}

export function outageLog(log: (line: string) => void, wallClock: () => number = Date.now): OutageLog {
  const failing = new Set<string>();
  let since: number | undefined;
  let attempts = 0;
  return {
    failed(source, error) {
      failing.add(source);
      attempts++;
      if (since !== undefined) return;
      since = wallClock();
      log(`baton serve: database unreachable since ${new Date(since).toISOString()}: ${describeStoreError(error)}; retrying`);
    },
    ok(source) {
      if (!failing.delete(source) || failing.size > 0 || since === undefined) return;
      const seconds = (wallClock() - since) / 1000;
      log(`baton serve: database back after ${seconds.toFixed(1)} s (${attempts} failed attempt${attempts === 1 ? '' : 's'})`);
      since = undefined;
      attempts = 0;
    },
    get down() {
      return since !== undefined;
    },
  };
}
