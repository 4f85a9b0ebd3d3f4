import type { Sinks } from '../adapters/sink.js';
import { ensureWorkspace } from '../adapters/workspace-files.js';
import type { BatonConfig } from '../config.js';
import { openStore, type Store } from '../store/index.js';
import { sinksFor } from './sinks.js';

/** What every front door holds: the store, the configuration and the sinks. */
export interface Engine {
  store: Store;
  config: BatonConfig;
  sinks: Sinks;
}

/**
 * Opens the store (creating the schema) and the workspace folders. Slack and monday.com
 * are used when their tokens are set; `sinks` overrides either (tests, benchmarks).
 */
export async function openEngine(config: BatonConfig, opts: { sinks?: Partial<Sinks>; pgSchema?: string } = {}): Promise<Engine> {
  ensureWorkspace(config.root);
  const store = await openStore(config.database, opts.pgSchema ? { pgSchema: opts.pgSchema } : {});
  const configured = await sinksFor(config, store);
  const sinks: Sinks = { slack: opts.sinks?.slack ?? configured.slack, board: opts.sinks?.board ?? configured.board };
  return { store, config, sinks };
}

export async function closeEngine(engine: Engine): Promise<void> {
  await engine.store.close();
}
