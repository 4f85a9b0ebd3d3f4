import type { Command } from 'commander';
import { closeEngine, openEngine } from '../../engine/engine.js';
import { BatonError, invalid } from '../../domain/problem.js';
import { configOf, type Run } from '../context.js';
import type { Wrap } from '../run.js';

/**
 * `baton serve`: the API, the webhooks and the serve loop in one process, until SIGTERM or
 * SIGINT; then it stops accepting, lets the tick in flight finish, closes the store and
 * exits 0. What is not sent stays queued for the next start.
 */

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';

function parsePort(text: string, source: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(port) || port > 65535) {
    throw invalid(source, `"${text}" is not a port`, 'use a number from 1 to 65535 (0 picks a free port)');
  }
  return port;
}

function portOf(run: Run, option: string | undefined): number {
  if (option !== undefined) return parsePort(option, '--port');
  const fromEnv = run.io.env.BATON_PORT;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return parsePort(fromEnv, 'BATON_PORT');
  return DEFAULT_PORT;
}

/** Resolves on the first SIGTERM or SIGINT; a second one gets Node's default (it kills). */
function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      resolve(signal);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

export function registerServe(program: Command, wrap: Wrap): void {
  program
    .command('serve')
    .description('serve the API and the Slack and monday.com webhooks, fire clocks and deliver messages, until SIGTERM/SIGINT')
    .option('--port <n>', `port to listen on (default BATON_PORT or ${DEFAULT_PORT}; 0 picks a free one)`)
    .option('--host <host>', 'address to listen on', DEFAULT_HOST)
    .addHelpText(
      'after',
      `
With summary.at ("HH:MM", org-local) in baton.config.yaml, serve also files the CEO Daily Summary
and DMs it to chief.staff once a day from that time (once across several serves and restarts).`,
    )
    .action(
      wrap(async (run, o: { port?: string; host: string }) => {
        const port = portOf(run, o.port);
        // The wall clock is read here only; a fixed --now/BATON_NOW holds for the whole run.
        const fixed = (run.globals.now ?? run.io.env.BATON_NOW ?? '') !== '';
        const now = fixed ? () => run.now : run.io.wallClock;
        // Loaded only by serve, so that other commands start without the HTTP stack.
        const { startServer } = await import('../../server/serve.js');
        const engine = await openEngine(configOf(run));
        try {
          let server: Awaited<ReturnType<typeof startServer>>;
          try {
            server = await startServer(engine, { port, host: o.host, now, log: run.hint, env: run.io.env });
          } catch (error) {
            const code = (error as NodeJS.ErrnoException).code;
            if (code === 'EADDRINUSE') throw invalid('--port', `${o.host}:${port} is already in use`, 'stop the other process or pick another port (--port, BATON_PORT)');
            if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
              throw invalid('--host', `cannot listen on "${o.host}"`, 'use an address of this machine, e.g. 127.0.0.1 or 0.0.0.0');
            throw error;
          }
          const signal = nextSignal();
          if (run.json) run.outJson({ url: server.url });
          run.hint(
            `baton serve: listening on ${server.url} (API /api, described at /docs; MCP /mcp; monday.com /webhooks/monday/<secret>, Slack /slack/interactions and /slack/commands)${fixed ? `; time fixed at ${new Date(run.now).toISOString()}` : ''}`,
          );
          const received = await signal;
          run.hint(`baton serve: ${received}: stopping; the tick in flight finishes, what is not sent stays queued`);
          await server.stop();
        } finally {
          await closeEngine(engine);
        }
      }),
    );
}
