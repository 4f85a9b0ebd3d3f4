import type { Command } from 'commander';
import { holdClock, resumeClock } from '../../app/index.js';
import type { CommandResult } from '../../engine/execute.js';
import { CLOCK_NAMES } from '../../domain/types.js';
import { printActed } from '../act.js';
import { actorFor, withEngine, type Run } from '../context.js';
import type { Wrap } from '../run.js';

const HOLD_HELP = `
A held clock neither falls due nor sends its reminders. Resuming it moves its due time,
and its unsent reminders, later by the time it was held (working time for a clock in
policy.calendarClocks). Both are in the timeline; status shows held clocks and held time.
Only chief.staff and the ceo may hold or resume (--as, or BATON_ROLE; default chief.staff).

Clocks: ${CLOCK_NAMES.join(', ')}

Examples:
  baton clock hold acme sow-signature --reason "legal review at the customer" --as chief.staff
  baton clock resume acme sow-signature --as ceo
`;

/** SPEC §15 holds: `baton clock hold <id> <clock> --reason TEXT` and `baton clock resume <id> <clock>`. */
export function registerClockCommands(program: Command, wrap: Wrap): void {
  const clock = program.command('clock').description('hold or resume one clock of a handoff (chief.staff or ceo)').addHelpText('after', HOLD_HELP);

  const acted = async (run: Run, fn: (engine: Parameters<Parameters<typeof withEngine>[1]>[0]) => Promise<CommandResult>) =>
    withEngine(run, async (engine) => {
      const result = await fn(engine);
      return { events: result.events, state: result.state, delivery: { delivered: 0, retrying: 0, failed: 0 }, timezone: engine.config.org.timezone };
    });

  clock
    .command('hold <id> <clock>')
    .description('pause a clock, with the reason: it does not fall due or remind while held')
    .option('--reason <text>', 'why the clock is held (required), e.g. "the customer asked to wait"')
    .addHelpText('after', HOLD_HELP)
    .action(
      wrap(async (run, id: string, name: string, o: { reason?: string }) => {
        const acting = { now: run.now, actor: actorFor(run, 'clock.hold') };
        printActed(run, await acted(run, (engine) => holdClock(engine, id, name, o.reason ?? '', acting)));
      }),
    );

  clock
    .command('resume <id> <clock>')
    .description('resume a held clock: its due time moves later by the time held')
    .addHelpText('after', HOLD_HELP)
    .action(
      wrap(async (run, id: string, name: string) => {
        const acting = { now: run.now, actor: actorFor(run, 'clock.resume') };
        printActed(run, await acted(run, (engine) => resumeClock(engine, id, name, acting)));
      }),
    );
}
