import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../http/app.js';
import { drainSlackResponses } from '../http/slack-respond.js';
import { onClockWritten, type Engine } from '../engine/engine.js';
import { CLOCKS_CHANNEL } from '../store/index.js';
import { boardSyncTimer, type BoardSyncTimer } from './board-sync-timer.js';
import { tickLoop } from './loop.js';
import { summaryTimer, type SummaryTimer } from './summary-timer.js';
import { outageLog } from './outage.js';

export interface ServerOptions {
  port: number;
  host: string;
  /** The time everything acts at; the CLI passes the wall clock, or a constant for BATON_NOW. */
  now?: () => number;
  /**
   * The longest sleep of the serve loop (default 5000 ms): the safety net. Clocks are fired
   * on time by a timer set for the next due one, re-armed when a nearer one is written.
   */
  pollMs?: number;
  log: (line: string) => void;
  /** API tokens and webhook secrets (see `createApp`); default: process.env. */
  env?: Record<string, string | undefined>;
}

export interface RunningServer {
  url: string;
  /**
   * Stops accepting connections, lets the requests and the tick in flight finish (a send in
   * flight completes; what is not sent stays queued). The caller closes the engine after.
   */
  stop(): Promise<void>;
}

/** The default longest sleep of the serve loop, in ms. */
export const DEFAULT_POLL_MS = 5000;

/**
 * `baton serve` without the process: the HTTP app on @hono/node-server, and in the same
 * process the loop that fires due clocks and delivers queued messages: at once after any
 * command received, when the next clock falls due (a timer, re-armed by the engine's hook
 * when a command of this process writes a nearer clock, and on PostgreSQL by a LISTEN on
 * `baton_clocks` for the other processes' commands), and every `pollMs` at most. Several
 * processes can serve one PostgreSQL store: they split due clocks and queued messages by
 * claiming them. Signals are the CLI's business, not this function's.
 *
 * @example
 *   const server = await startServer(engine, { port: 0, host: '127.0.0.1', log: console.error });
 *   await fetch(`${server.url}/health`);
 *   await server.stop();
 */
export async function startServer(engine: Engine, opts: ServerOptions): Promise<RunningServer> {
  const now = opts.now ?? (() => Date.now());
  // One line per database outage, from the loop's workers and the LISTEN connection alike.
  const outage = outageLog(opts.log);
  const loop = tickLoop(engine, { now, pollMs: opts.pollMs ?? DEFAULT_POLL_MS, log: opts.log, outage });
  const unhook = onClockWritten(engine, (dueAt) => loop.clockWritten(dueAt));
  // A hint only: a missed or malformed notification is caught by the poll.
  const unlisten = await engine.store.listen?.(
    CLOCKS_CHANNEL,
    (payload) => loop.clockWritten(payload === undefined ? undefined : Number(payload)),
    (lost) => (lost ? outage.failed('listen', lost) : outage.ok('listen')),
  );
  const app = createApp(engine, { now, wake: loop.wake, env: opts.env ?? process.env, log: opts.log, tick: loop.runTick, listenHost: opts.host });

  let boardSync: BoardSyncTimer | undefined;
  let summary: SummaryTimer | undefined;
  const stopLoop = async () => {
    unhook();
    await Promise.all([loop.stop(), unlisten?.(), boardSync?.stop(), summary?.stop()]);
  };
  let listening: { server: ReturnType<typeof serve>; address: AddressInfo };
  try {
    listening = await new Promise<{ server: ReturnType<typeof serve>; address: AddressInfo }>((resolve, reject) => {
      const server = serve({ fetch: app.fetch, port: opts.port, hostname: opts.host }, (address) => {
        server.off('error', reject);
        resolve({ server, address });
      });
      server.once('error', reject);
    });
  } catch (error) {
    await stopLoop();
    throw error;
  }
  const { server, address } = listening;
  server.on('error', (error) => opts.log(`baton serve: server error: ${error.message}`));
  loop.start();
  // SPEC §14: the Prospects board every monday.syncMinutes, when monday.com is configured.
  boardSync = boardSyncTimer(engine, { now, log: opts.log, wake: loop.wake });
  // SPEC §15: the CEO Daily Summary once a day from summary.at, by whichever serve claims the day.
  summary = summaryTimer(engine, { now, log: opts.log, wake: loop.wake });

  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    stop() {
      stopping ??= Promise.all([closeServer(server).then(drainSlackResponses), stopLoop()]).then(() => undefined);
      return stopping;
    },
  };
}

/**
 * Stops accepting, then waits for the requests in flight. A keep-alive connection becomes
 * idle once its request is answered: closing idle ones until the server is closed keeps a
 * client's open connection from holding the shutdown.
 */
function closeServer(server: ReturnType<typeof serve>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const idle = setInterval(() => (server as { closeIdleConnections?: () => void }).closeIdleConnections?.(), 50);
    server.close((error) => {
      clearInterval(idle);
      if (error) reject(error);
      else resolve();
    });
  });
}
