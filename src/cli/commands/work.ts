import type { Command } from 'commander';
import { activate, audit, fileSummary, heartbeat, retryMessage, tick } from '../../app/index.js';
import { invalid } from '../../domain/problem.js';
import type { Role } from '../../domain/types.js';
import { dispatch } from '../../engine/dispatcher.js';
import { describeOrgEvent, orgEventJson } from '../../views/audit.js';
import { actingRole, parseInstant, parseRole, withEngine } from '../context.js';
import type { Wrap } from '../run.js';

export function registerWorkCommands(program: Command, wrap: Wrap): void {
  const agent = program.command('agent').description('agents that fill roles: heartbeats and manual activation');
  agent
    .command('heartbeat <role>')
    .description("record that the role has a live agent now; only that role's own agent may (--as or BATON_ROLE, default the role named)")
    .action(
      wrap(async (run, roleText: string) => {
        const role = parseRole(roleText, 'role');
        const actor = actingRole(run) ?? role;
        await withEngine(run, (engine) => heartbeat(engine, role, { now: run.now, actor }));
        if (run.json) run.outJson({ role, heartbeatAt: new Date(run.now).toISOString(), by: actor });
        else run.out(`Heartbeat recorded for ${role} at ${new Date(run.now).toISOString()}`);
      }),
    );
  agent
    .command('activate <role>')
    .description('the ceo activates an agent manually (SOP escalation)')
    .option('--by <role>', 'who activates: must be ceo (the same as --as ceo)')
    .action(
      wrap(async (run, roleText: string, o: { by?: string }) => {
        const role = parseRole(roleText, 'role');
        const actor: Role = o.by !== undefined ? parseRole(o.by, 'by') : (actingRole(run) ?? 'ceo');
        await withEngine(run, (engine) => activate(engine, role, { now: run.now, actor }));
        if (run.json) run.outJson({ role, activatedAt: new Date(run.now).toISOString(), activatedBy: actor });
        else run.out(`${role} activated by ${actor} at ${new Date(run.now).toISOString()}`);
      }),
    );

  program
    .command('tick')
    .description('fire every clock that is due and deliver queued messages; safe to run as often as you like')
    .action(
      wrap(async (run) => {
        const report = await withEngine(run, (engine) => tick(engine, run.now));
        if (run.json) run.outJson(report);
        else {
          run.out(`Fired ${report.fired} clock(s); delivered ${report.delivered} message(s), ${report.retrying} waiting to retry, ${report.failed} failed.`);
          if (report.held) run.hint(report.held);
        }
      }),
    );

  const messages = program.commands.find((c) => c.name() === 'messages') ?? program.command('messages');
  messages
    .command('retry <id>')
    .description('queue a failed message again (chief.staff, ceo, or the role that owns its clock)')
    .action(
      wrap(async (run, idText: string) => {
        const id = Number(idText);
        if (!/^\d+$/.test(idText) || !Number.isSafeInteger(id) || id <= 0) throw invalid('id', `"${idText}" is not a message id`, 'use the id shown by baton messages');
        await withEngine(run, async (engine) => {
          await retryMessage(engine, id, { now: run.now, actor: actingRole(run) ?? 'chief.staff' });
          const report = await dispatch(engine, run.now);
          if (run.json) run.outJson({ id, requeued: true, ...report });
          else run.out(`Message ${id} queued again; delivered ${report.delivered} message(s).`);
        });
      }),
    );

  program
    .command('summary')
    .description("write chief.staff's section of the CEO Daily Summary and print it; a past day reads as it was that day")
    .option('--date <date>', 'the org-local day, YYYY-MM-DD (default: today)')
    .action(
      wrap(async (run, o: { date?: string }) => {
        await withEngine(run, async (engine) => {
          const summary = await fileSummary(engine, o.date, { now: run.now, actor: actingRole(run) ?? 'chief.staff' });
          if (run.json) run.outJson(summary);
          else {
            run.io.stdout(summary.text);
            run.hint(`Filed ${summary.path}`);
          }
        });
      }),
    );

  program
    .command('audit')
    .description('org-level events: heartbeats, activations, summaries filed, board syncs')
    .option('--since <iso>', 'only events at or after this time (ISO 8601)')
    .action(
      wrap(async (run, o: { since?: string }) => {
        const since = o.since !== undefined ? parseInstant(o.since, 'since') : undefined;
        await withEngine(run, async (engine) => {
          const events = await audit(engine, since !== undefined ? { since } : {});
          if (run.json) run.outJson(events.map(orgEventJson));
          else if (events.length === 0) run.out('No org events yet.');
          else for (const e of events) run.out(describeOrgEvent(e, engine.config.org.timezone));
        });
      }),
    );
}
