import type { Engine } from '../engine/engine.js';
import type { TickReport } from '../engine/tick.js';

/** What every route module gets from `createApp`: the engine and the edges of time and work. */
export interface Deps {
  engine: Engine;
  /** The time a request acts at; the serve command decides (wall clock or BATON_NOW). */
  now: () => number;
  /** Asks the serve loop to fire clocks and deliver messages now. */
  wake: () => void;
  /** Runs one tick, serialised with the serve loop so that two never deliver at once. */
  tick: (now: number) => Promise<TickReport>;
  log: (line: string) => void;
  env: Record<string, string | undefined>;
}
