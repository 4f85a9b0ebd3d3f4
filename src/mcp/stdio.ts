import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { loadConfig } from '../config/config.js';
import { DrainingTransport } from './draining.js';
import { createMcpServer, TOOLS } from './server.js';
import { describeRole, stdioContext, type McpSession } from './session.js';

/**
 * `baton mcp`: the process edge of the MCP front door. stdout carries the MCP protocol and
 * nothing else (logs go to stderr, and so does console.log while it runs); the wall clock
 * is read here, once per tool call, only when neither --now nor BATON_NOW fixes the time.
 * It serves until stdin closes (or SIGTERM/SIGINT), answers every call already received,
 * and returns, so the process exits 0.
 */
export interface StdioOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  globals: McpSession['globals'];
  log: (text: string) => void;
  stdin?: Readable;
  stdout?: Writable;
}

export async function serveMcpStdio(opts: StdioOptions): Promise<void> {
  const stdin = opts.stdin ?? process.stdin;
  const stdout = opts.stdout ?? process.stdout;
  const session: McpSession = { cwd: opts.cwd, env: opts.env, globals: opts.globals, log: opts.log, wallClock: () => Date.now() };
  const restoreConsole = stdout === process.stdout ? consoleToStderr() : () => {};
  const stop = stopSignal(stdin);
  try {
    warnAboutConfig(session);
    const server = createMcpServer(stdioContext(session), { actingAs: 'the role in BATON_ROLE', log: opts.log });
    const transport = new DrainingTransport(new StdioServerTransport(stdin, stdout));
    await server.connect(transport);
    opts.log(`baton mcp: serving ${TOOLS.length} tools on stdio, ${describeRole(session)}; stops when stdin closes`);
    const why = await stop.reason;
    await transport.drained();
    await server.close();
    opts.log(`baton mcp: ${why}; stopped`);
  } finally {
    stop.dispose();
    restoreConsole();
  }
}

/** Resolves on the end of stdin, or the first SIGTERM/SIGINT (a second one kills). */
function stopSignal(stdin: Readable): { reason: Promise<string>; dispose: () => void } {
  let dispose = () => {};
  const reason = new Promise<string>((resolve) => {
    const onEnd = () => resolve('stdin closed');
    const onSignal = (signal: NodeJS.Signals) => resolve(signal);
    stdin.once('end', onEnd);
    stdin.once('close', onEnd);
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
    dispose = () => {
      stdin.off('end', onEnd);
      stdin.off('close', onEnd);
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    };
  });
  return { reason, dispose };
}

/** A library that logs with console.log/info/debug must not corrupt the protocol stream. */
function consoleToStderr(): () => void {
  const saved = { log: console.log, info: console.info, debug: console.debug };
  const toStderr = (...args: unknown[]) => console.error(...args);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  return () => Object.assign(console, saved);
}

/** A config that cannot be loaded is reported now; each call still returns it as a tool error. */
function warnAboutConfig(session: McpSession): void {
  try {
    const config = loadConfig({ cwd: session.cwd, env: session.env, ...(session.globals.config ? { configPath: session.globals.config } : {}) });
    session.log(`baton mcp: config ${config.path}`);
  } catch (error) {
    session.log(`baton mcp: warning: the configuration cannot be used yet; every tool call will say why:\n${(error as Error).message}`);
  }
}
