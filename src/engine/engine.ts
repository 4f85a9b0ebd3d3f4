import { builtinBoardSink } from '../adapters/builtin-board.js';
import { builtinSlackSink } from '../adapters/builtin-slack.js';
import type { Sinks } from '../adapters/sink.js';
import { ensureWorkspace } from '../adapters/workspace-files.js';
import type { BatonConfig } from '../config.js';
import { openStore, type Store } from '../store/index.js';

/** What every front door holds: the store, the configuration and the sinks. */
export interface Engine {
  store: Store;
  config: BatonConfig;
  sinks: Sinks;
}

/**
 * Opens the store (creating the schema) and the workspace folders. Real Slack and
 * monday.com sinks slot in through `sinks`; without them the built-in ones record.
 */
export async function openEngine(config: BatonConfig, opts: { sinks?: Partial<Sinks>; pgSchema?: string } = {}): Promise<Engine> {
  ensureWorkspace(config.root);
  const store = await openStore(config.database, opts.pgSchema ? { pgSchema: opts.pgSchema } : {});
  const sinks: Sinks = {
    slack: opts.sinks?.slack ?? builtinSlackSink(),
    board: opts.sinks?.board ?? builtinBoardSink(store),
  };
  return { store, config, sinks };
}

export async function closeEngine(engine: Engine): Promise<void> {
  await engine.store.close();
}
