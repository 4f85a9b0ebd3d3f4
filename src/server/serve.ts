import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../http/app.js';
import type { Engine } from '../engine/engine.js';
import { tickLoop } from './loop.js';

export interface ServerOptions {
  port: number;
  host: string;
  /** The time everything acts at; the CLI passes the wall clock, or a constant for BATON_NOW. */
  now?: () => number;
  /** The longest sleep of the serve loop between ticks (default 1000 ms). */
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

/**
 * `baton serve` without the process: the HTTP app on @hono/node-server, and in the same
 * process the loop that fires due clocks and delivers queued messages, every `pollMs` and
 * at once after any command received. Signals are the CLI's business, not this function's.
 *
 * @example
 *   const server = await startServer(engine, { port: 0, host: '127.0.0.1', log: console.error });
 *   await fetch(`${server.url}/health`);
 *   await server.stop();
 */
export async function startServer(engine: Engine, opts: ServerOptions): Promise<RunningServer> {
  const now = opts.now ?? (() => Date.now());
  const loop = tickLoop(engine, { now, pollMs: opts.pollMs ?? 1000, log: opts.log });
  const app = createApp(engine, { now, wake: loop.wake, env: opts.env ?? process.env, log: opts.log, tick: loop.runTick });

  const { server, address } = await new Promise<{ server: ReturnType<typeof serve>; address: AddressInfo }>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: opts.port, hostname: opts.host }, (address) => {
      server.off('error', reject);
      resolve({ server, address });
    });
    server.once('error', reject);
  });
  server.on('error', (error) => opts.log(`baton serve: server error: ${error.message}`));
  loop.start();

  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    stop() {
      stopping ??= Promise.all([closeServer(server), loop.stop()]).then(() => undefined);
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
