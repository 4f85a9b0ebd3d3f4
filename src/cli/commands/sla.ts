import type { Command } from 'commander';
import { inbox, report } from '../../app/index.js';
import { invalid } from '../../domain/problem.js';
import { ROLES } from '../../domain/types.js';
import { inboxJson, inboxText } from '../../views/inbox.js';
import { reportCsv, reportText } from '../../views/report.js';
import { actingRole, withEngine } from '../context.js';
import type { Wrap } from '../run.js';

/** SPEC §15's reads: what a role owes (`inbox`) and how the clocks are kept (`report`). */
export function registerSlaCommands(program: Command, wrap: Wrap): void {
  program
    .command('inbox')
    .description('every open obligation of the acting role across handoffs, most urgent first, each with the command that does it (--as ROLE or BATON_ROLE)')
    .addHelpText(
      'after',
      `
Overdue first (the latest first), then by due time; held clocks last. --json prints {role, items}:
each item has id, company, clock, what, dueAt, urgency (overdue, due-soon, pending, held),
lateMs, command (the command line) and tool (the MCP tool name and arguments).

Examples:
  baton inbox --as customer.success
  BATON_ROLE=cro baton inbox --json`,
    )
    .action(
      wrap(async (run) => {
        const role = actingRole(run);
        if (!role) throw invalid('as', 'no role is named', `name the role whose inbox to read: --as ROLE or BATON_ROLE, one of ${ROLES.join(', ')}`);
        await withEngine(run, async (engine) => {
          const items = await inbox(engine, role, run.now);
          if (run.json) run.outJson(inboxJson(role, items));
          else run.io.stdout(inboxText(role, items, run.now, engine.config.org.timezone));
        });
      }),
    );

  program
    .command('report')
    .description('the SLA report: per clock and per role, counts, on-time rate, p50/p90 time to done, open past due, held time apart')
    .option('--from <date>', 'the first org-local day counted, YYYY-MM-DD (default: 29 days before --to)')
    .option('--to <date>', 'the last org-local day counted, YYYY-MM-DD (default: today)')
    .option('--csv', 'print CSV: a header line, then one line per clock and per role')
    .addHelpText(
      'after',
      `
Counts the clocks started on the days from --from to --to (default: the last 30 days); open ones
are judged as of --now. On-time rate: done on time over done plus open past due.

Examples:
  baton report
  baton report --from 2026-11-01 --to 2026-11-30 --csv > november.csv`,
    )
    .action(
      wrap(async (run, o: { from?: string; to?: string; csv?: boolean }) => {
        if (o.csv && run.json) throw invalid('csv', 'is given with --json', 'pick one: --json or --csv');
        await withEngine(run, async (engine) => {
          const numbers = await report(engine, { ...(o.from !== undefined ? { from: o.from } : {}), ...(o.to !== undefined ? { to: o.to } : {}), now: run.now });
          if (run.json) run.outJson(numbers);
          else if (o.csv) run.io.stdout(reportCsv(numbers));
          else run.io.stdout(reportText(numbers));
        });
      }),
    );
}
