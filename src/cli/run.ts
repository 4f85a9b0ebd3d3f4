import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config.js';
import { BatonError, capProblems, exitCodeOf, type ErrorKind, type Problem } from '../domain/problem.js';
import { connectionFault } from '../engine/environment-errors.js';
import { cliProblem } from './problems.js';
import { makeRun, type CliIo, type GlobalOptions, type Run } from './context.js';
import { registerBoardCommands } from './commands/board.js';
import { registerDealCommands } from './commands/deal.js';
import { registerHandoffCommands } from './commands/handoff.js';
import { registerClockCommands } from './commands/clock.js';
import { registerImport } from './commands/import.js';
import { registerInit } from './commands/init.js';
import { registerMcp } from './commands/mcp.js';
import { registerReadCommands } from './commands/read.js';
import { registerServe } from './commands/serve.js';
import { registerSlaCommands } from './commands/sla.js';
import { registerWorkCommands } from './commands/work.js';

export type Handler = (run: Run, ...args: any[]) => Promise<void>;

/** Wraps a handler so that it receives the run (globals, time, io) and then its arguments. */
export type Wrap = (handler: Handler) => (...args: any[]) => Promise<void>;

const EXAMPLES = `
Time: every command acts at --now <ISO 8601> (or BATON_NOW), else at the current time.
Config: baton.config.yaml in the current folder (or --config PATH, BATON_CONFIG).
Exit codes: 0 done, 2 bad input or a refused action (the message says how to fix it), 1 unexpected.

A deal from close to delivery:
  baton init
  baton deal add acme --company "Acme Corp" --contact-name "Ada Lee" --contact-title CTO --contact-email ada@acme.com
  baton deal commit acme --type verbal --sow-expected 2026-12-01
  baton deal stage acme closed-won
  baton packet draft acme > packet.md   # fill in every {...}
  baton packet file acme packet.md
  baton ack acme --as customer.success
  baton sow signed acme
  baton agent heartbeat customer.success
  baton delivery start acme --as customer.success
  baton tick                            # fire due clocks, send reminders, deliver queued messages
  baton clock hold acme sow-signature --reason "customer asked to wait" --as chief.staff

What each role owes, and how the clocks are kept:
  baton inbox --as customer.success     # most urgent first, with the command to run
  baton report --from 2026-11-01        # per clock and role: on-time rate, p50/p90
`;

export function buildProgram(io: CliIo): Command {
  const program = new Command('baton')
    .description('Baton makes the sales-to-onboarding handoff impossible to drop.')
    .option('--now <iso>', 'act at this time (ISO 8601); also BATON_NOW')
    .option('--json', 'print one JSON document on stdout')
    .option('--config <path>', 'the baton.config.yaml to use; also BATON_CONFIG')
    .option('--as <role>', 'the role acting: cro, customer.success, chief.staff, ceo; also BATON_ROLE')
    .addHelpText('after', EXAMPLES)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  const wrap: Wrap =
    (handler) =>
    async (...args: any[]) => {
      const command = args[args.length - 1] as Command;
      const globals = command.optsWithGlobals() as GlobalOptions & Record<string, unknown>;
      const run = makeRun(io, globals);
      await handler(run, ...args.slice(0, -1));
    };

  registerInit(program, wrap);
  registerDealCommands(program, wrap);
  registerHandoffCommands(program, wrap);
  registerClockCommands(program, wrap);
  registerImport(program, wrap);
  registerBoardCommands(program, wrap);
  registerReadCommands(program, wrap);
  registerWorkCommands(program, wrap);
  registerSlaCommands(program, wrap);
  registerServe(program, wrap);
  registerMcp(program, wrap);
  for (const sub of program.commands) inherit(sub, io);
  return program;
}

function inherit(command: Command, io: CliIo): void {
  command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr }).showHelpAfterError('(run with --help for usage)');
  for (const sub of command.commands) inherit(sub, io);
}

/** Runs one command line and returns its exit code; never calls process.exit. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    return report(error, io);
  }
}

const HEADS: Partial<Record<ErrorKind, string>> = {
  invalid: 'bad input',
  refused: 'refused',
  forbidden: 'refused',
  'not-found': 'refused',
  environment: 'environment',
};

/** The longest line one problem prints; the rest of a long quoted value is cut. */
const MAX_LINE = 400;

/**
 * One problem, one line: a value quoted in a message may hold newlines or escapes (a stage
 * of 10,000 lines, ANSI codes), which must neither add lines nor reach the terminal raw.
 */
export function oneLine(text: string, max = MAX_LINE): string {
  const visible = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  return visible.length > max ? `${visible.slice(0, max - 1)}…` : visible;
}

function stackOf(error: unknown): string {
  const lines: string[] = [];
  for (let e: unknown = error, depth = 0; e !== undefined && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    lines.push(depth === 0 ? (e instanceof Error ? (e.stack ?? e.message) : String(e)) : `caused by: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    if (!(e instanceof Error)) break;
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The exit code, and what stderr says: one line per problem (at most 50), one line for a
 * wrong config or a failed environment, and a stack trace only with BATON_DEBUG=1.
 */
function report(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    return 2;
  }
  const debug = io.env.BATON_DEBUG === '1';
  const fault = error instanceof BatonError ? error : connectionFault(error);
  if (fault instanceof ConfigError) {
    io.stderr(`baton: configuration:\n${fault.message}\n`);
  } else if (fault && (fault.kind === 'config' || fault.kind === 'environment') && fault.problems.length === 1) {
    io.stderr(`baton: ${oneLine(cliProblem(fault.problems[0] as Problem), 1000)}\n`);
  } else if (fault) {
    io.stderr(
      `baton: ${HEADS[fault.kind] ?? fault.kind}:\n${capProblems(fault.problems)
        .map((p) => `  - ${oneLine(cliProblem(p))}`)
        .join('\n')}\n`,
    );
  } else {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.stderr(`baton: unexpected error: ${oneLine(message, 1000)}${debug ? '' : ' (BATON_DEBUG=1 prints the stack trace)'}\n`);
    if (debug) io.stderr(stackOf(error));
    return 1;
  }
  if (debug) io.stderr(stackOf(error));
  return fault instanceof ConfigError ? 2 : exitCodeOf(fault.kind);
}
