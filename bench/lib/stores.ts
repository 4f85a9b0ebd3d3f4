import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/config.js';
import { closeEngine, openEngine, type Engine } from '../../src/engine/engine.js';
import type { BenchContext } from './context.js';
import { dropSchema, urlWithSchema } from './pg.js';

export type StoreKind = 'sqlite' | 'postgres';

/**
 * A Baton store for one measurement: a workspace folder with its baton.config.yaml, and a
 * SQLite file in it or a fresh schema in the bench database. The policy is v1.0 except
 * that the announcement clock is due after 3 h instead of 2 h, so that at T0 + 2 h exactly
 * one clock per handoff (the packet's) is due and one fire owes one message.
 */
export interface BenchStore {
  kind: StoreKind;
  dir: string;
  /** The SQLite file, or the PostgreSQL URL naming the schema (as a CLI process gets it). */
  location: string;
  pgSchema?: string;
  engine: Engine;
  /** Closes the engine (the files or the schema stay). */
  close(): Promise<void>;
  /** Closes and removes the folder and the schema. */
  destroy(): Promise<void>;
}

export const ANNOUNCEMENT_HOURS = 3;

/**
 * For the sections that time clock fires (drain, lateness): the packet clock without its
 * reminder (SPEC §15 default 30 min before due). A reminder is a fire of its own, 30 min
 * earlier, and a reminder row unsent when its clock is missed is voided by that fire; with
 * it, a backlog of n packet clocks would be 2n due rows and each miss would write 2 more.
 */
export const PACKET_WITHOUT_REMINDER: ConfigParts = { policy: ['reminders:', '  packet: []'] };

/** `org` and `policy`: lines under those keys (indented by two spaces here); `extra`: more top-level lines. */
export interface ConfigParts {
  org?: readonly string[];
  policy?: readonly string[];
}

export function configText(database: string, extra: readonly string[] = [], parts: ConfigParts = {}): string {
  const indent = (lines: readonly string[] | undefined) => (lines ?? []).map((line) => `  ${line}`);
  return [
    'org:',
    '  name: Bench Org',
    ...(parts.org?.some((line) => line.startsWith('timezone:')) ? [] : ['  timezone: UTC']),
    ...indent(parts.org),
    'workspace: .',
    `database: "${database}"`,
    'policy:',
    '  clocks:',
    `    announcementHours: ${ANNOUNCEMENT_HOURS}`,
    ...indent(parts.policy),
    ...extra,
    '',
  ].join('\n');
}

/**
 * `yaml`: more top-level lines of baton.config.yaml; `org` / `policy`: more lines under
 * those keys (a `timezone:` line in `org` replaces UTC); `env`: the environment the config
 * reads (tokens, API URLs).
 */
export interface BenchStoreOptions extends ConfigParts {
  yaml?: readonly string[];
  env?: Record<string, string>;
}

export async function openBenchStore(ctx: BenchContext, kind: StoreKind, label: string, opts: BenchStoreOptions = {}): Promise<BenchStore> {
  const dir = join(ctx.tmp, `${label}-${kind}-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(dir, { recursive: true });
  const pgSchema = kind === 'postgres' ? ctx.schemaName(label) : undefined;
  const location = pgSchema ? urlWithSchema(ctx.args.pgUrl, pgSchema) : join(dir, 'baton.db');
  const text = configText(kind === 'sqlite' ? 'baton.db' : location, opts.yaml, opts);
  writeFileSync(join(dir, 'baton.config.yaml'), text);
  const config = parseConfig(text, { path: join(dir, 'baton.config.yaml'), env: opts.env ?? {} });
  const engine = await openEngine(config, pgSchema ? { pgSchema } : {});
  let closed = false;
  const store: BenchStore = {
    kind,
    dir,
    location,
    ...(pgSchema ? { pgSchema } : {}),
    engine,
    async close() {
      if (closed) return;
      closed = true;
      await closeEngine(engine);
    },
    async destroy() {
      await store.close();
      if (ctx.args.keep) return;
      if (pgSchema) await dropSchema(ctx.args.pgUrl, pgSchema);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return store;
}
