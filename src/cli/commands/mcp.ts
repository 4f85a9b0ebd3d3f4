import type { Command } from 'commander';
import type { Wrap } from '../run.js';

/**
 * `baton mcp`: the MCP tools, resources and prompts on stdio, for agents (`baton serve` offers
 * the same over Streamable HTTP at /mcp). The acting role is BATON_ROLE (or --as),
 * the time --now / BATON_NOW or the wall clock at each call, the config found as for every
 * command. It serves until stdin closes, then exits 0.
 */
export function registerMcp(program: Command, wrap: Wrap): void {
  program
    .command('mcp')
    .description('serve the MCP tools (one per command: status, deal_add, packet_file, ack, ...), resources and prompts on stdio, acting as BATON_ROLE, until stdin closes')
    .action(
      wrap(async (run) => {
        // Loaded only by mcp, so that other commands start without the MCP SDK.
        const { serveMcpStdio } = await import('../../mcp/stdio.js');
        const { config, now, as } = run.globals;
        await serveMcpStdio({
          cwd: run.io.cwd,
          env: run.io.env,
          globals: { ...(config !== undefined ? { config } : {}), ...(now !== undefined ? { now } : {}), ...(as !== undefined ? { as } : {}) },
          log: run.hint,
        });
      }),
    );
}
