import type { Sinks } from '../adapters/sink.js';
import { ensureWorkspace } from '../adapters/workspace-files.js';
import type { BatonConfig } from '../config/config.js';
import { openStore, type Store } from '../store/index.js';
import { storeFault } from './environment-errors.js';
import { sinksFor } from './sinks.js';

/** What every front door holds: the store, the configuration and the sinks. */
export interface Engine {
  store: Store;
  config: BatonConfig;
  sinks: Sinks;
  /** Who hears of the clocks commands write (see `onClockWritten`); created on first use. */
  clockListeners?: Set<(dueAt: number) => void>;
}

/**
 * The engine's hook for schedulers: after a command commits a pending clock (a new one, or
 * one moved to another due time), `listener` gets the earliest such due time. `baton serve`
 * re-arms its timer with it, so a clock written by its own API fires on time without
 * waiting for a poll; other processes hear of it through PostgreSQL's NOTIFY. Returns the
 * function that removes the listener.
 *
 * @example
 *   const off = onClockWritten(engine, (dueAt) => loop.clockWritten(dueAt));
 *   // ...
 *   off();
 */
export function onClockWritten(engine: Engine, listener: (dueAt: number) => void): () => void {
  engine.clockListeners ??= new Set();
  engine.clockListeners.add(listener);
  return () => engine.clockListeners?.delete(listener);
}

/** Tells the listeners that a committed command wrote a pending clock due at `dueAt`. */
export function clockWritten(engine: Engine, dueAt: number): void {
  for (const listener of engine.clockListeners ?? []) listener(dueAt);
}

/**
 * Opens the store (creating the schema) and the workspace folders. Slack and monday.com
 * are used when their tokens are set; `sinks` overrides either (tests, benchmarks).
 */
export async function openEngine(config: BatonConfig, opts: { sinks?: Partial<Sinks>; pgSchema?: string } = {}): Promise<Engine> {
  ensureWorkspace(config.root);
  const store = await openStore(config.database, opts.pgSchema ? { pgSchema: opts.pgSchema } : {}).catch((error: unknown) => {
    throw storeFault(error, config.database) ?? error;
  });
  const configured = await sinksFor(config, store);
  const sinks: Sinks = { slack: opts.sinks?.slack ?? configured.slack, board: opts.sinks?.board ?? configured.board };
  return { store, config, sinks };
}

export async function closeEngine(engine: Engine): Promise<void> {
  await engine.store.close();
}
