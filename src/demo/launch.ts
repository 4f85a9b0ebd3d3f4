import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../cli/run.js';
import { CONFIG_FILE, loadConfig } from '../config/config.js';
import { closeEngine, openEngine } from '../engine/engine.js';
import { startServer, type RunningServer } from '../server/serve.js';
import { listDeals } from '../store/index.js';
import { loadDemoDeals } from './demo-deals.js';

/**
 * `npm start`: `baton serve` on the embedded default (SQLite, built-in sinks) in the current
 * folder, ready to look at. A folder without baton.config.yaml gets `baton init` first; an
 * empty store gets the sample deals (unless Slack or monday.com is configured: samples must
 * never reach a real channel, nor BATON_DEMO=0). Prints the dashboard's address.
 */

export interface LaunchOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  argv: string[];
  out: (line: string) => void;
  err: (line: string) => void;
  wallClock: () => number;
}

export interface Launched {
  url: string;
  /** The deals loaded into an empty store, if any. */
  demo: string[];
  stop(): Promise<void>;
}

export const DEFAULT_PORT = 8080;

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

function configPath(opts: LaunchOptions): string {
  const given = opts.env.BATON_CONFIG || undefined;
  const file = path.resolve(opts.cwd, given ?? CONFIG_FILE);
  return given !== undefined && existsSync(file) && statSync(file).isDirectory() ? path.join(file, CONFIG_FILE) : file;
}

async function init(opts: LaunchOptions): Promise<void> {
  const code = await runCli(['init'], {
    cwd: opts.cwd,
    env: { ...opts.env, BATON_NOW: undefined },
    stdout: (t) => opts.err(t.replace(/\n$/, '')),
    stderr: (t) => opts.err(t.replace(/\n$/, '')),
    readStdin: async () => '',
    wallClock: opts.wallClock,
  });
  if (code !== 0) throw new Error(`baton init failed (exit ${code})`);
}

export async function launch(opts: LaunchOptions): Promise<Launched> {
  const file = configPath(opts);
  if (!existsSync(file)) {
    opts.err(`npm start: no ${CONFIG_FILE} in ${path.dirname(file)}: running baton init`);
    await init(opts);
  }
  const config = loadConfig({ cwd: opts.cwd, env: opts.env });
  const fixed = opts.env.BATON_NOW?.trim();
  const fixedAt = fixed ? Date.parse(/T/.test(fixed) && !/(Z|[+-]\d{2}:?\d{2})$/.test(fixed) ? `${fixed}Z` : fixed) : Number.NaN;
  if (fixed && Number.isNaN(fixedAt)) throw new Error(`BATON_NOW: "${fixed}" is not an ISO 8601 time; write it like 2026-11-26T09:30:00Z`);
  const now = fixed ? () => fixedAt : opts.wallClock;

  const engine = await openEngine(config);
  let server: RunningServer | undefined;
  try {
    let demo: string[] = [];
    const empty = (await listDeals(engine.store.db, { limit: 1 })).length === 0;
    const external = config.slack.botToken !== undefined || config.monday.token !== undefined;
    if (empty && opts.env.BATON_DEMO !== '0' && !external) {
      demo = await loadDemoDeals(engine, now());
      opts.err(`npm start: the store was empty: loaded ${demo.length} sample deals (${demo.join(', ')}); BATON_DEMO=0 skips them`);
    } else if (empty && external) {
      opts.err('npm start: the store is empty; no sample deals are loaded because Slack or monday.com is configured');
    }

    const host = option(opts.argv, '--host') ?? '127.0.0.1';
    const asked = option(opts.argv, '--port') ?? (opts.env.BATON_PORT?.trim() || undefined);
    const port = asked === undefined ? DEFAULT_PORT : Number(asked);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: "${asked}" is not a port; use a number from 1 to 65535 (0 picks a free one)`);
    const serve = (p: number) => startServer(engine, { port: p, host, now, log: opts.err, env: opts.env });
    try {
      server = await serve(port);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      if (asked !== undefined) throw new Error(`${host}:${port} is already in use; stop the other process or pick another port (--port N or BATON_PORT)`);
      opts.err(`npm start: ${host}:${port} is in use; using a free port instead`);
      server = await serve(0);
    }
    const running = server;
    opts.out(`Baton dashboard: ${running.url}/`);
    opts.out(`  handoffs ${running.url}/ · health ${running.url}/report · API ${running.url}/api · store ${config.database}`);
    opts.out('  open from this machine without a token; elsewhere set BATON_VIEWER_TOKEN and open /?token=<it>. Ctrl-C stops.');
    let stopping: Promise<void> | undefined;
    return {
      url: running.url,
      demo,
      stop() {
        stopping ??= running.stop().finally(() => closeEngine(engine));
        return stopping;
      },
    };
  } catch (error) {
    await server?.stop();
    await closeEngine(engine);
    throw error;
  }
}
