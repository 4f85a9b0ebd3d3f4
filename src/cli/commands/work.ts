import type { Command } from 'commander';
import { writeFileAtomic } from '../../adapters/workspace-files.js';
import { dailySummary } from '../../domain/summary.js';
import { isIsoDate, localDate } from '../../domain/time.js';
import { dispatch } from '../../engine/dispatcher.js';
import { BatonError, invalid } from '../../domain/problem.js';
import { tick } from '../../engine/tick.js';
import { listDeals, recordActivation, recordHeartbeat, requeueMessage } from '../../store/index.js';
import { parseRole, withEngine } from '../context.js';
import type { Wrap } from '../run.js';

export function registerWorkCommands(program: Command, wrap: Wrap): void {
  const agent = program.command('agent').description('agents that fill roles: heartbeats and manual activation');
  agent
    .command('heartbeat <role>')
    .description('record that the role has a live agent now')
    .action(
      wrap(async (run, roleText: string) => {
        const role = parseRole(roleText, 'role');
        await withEngine(run, (engine) => recordHeartbeat(engine.store.db, role, run.now));
        if (run.json) run.outJson({ role, heartbeatAt: new Date(run.now).toISOString() });
        else run.out(`Heartbeat recorded for ${role} at ${new Date(run.now).toISOString()}`);
      }),
    );
  agent
    .command('activate <role>')
    .description('the ceo activates an agent manually (SOP escalation)')
    .requiredOption('--by <role>', 'who activates: must be ceo')
    .action(
      wrap(async (run, roleText: string, o: { by: string }) => {
        const role = parseRole(roleText, 'role');
        if (o.by !== 'ceo') throw invalid('--by', `only the ceo activates an agent, not "${o.by}"`, `baton agent activate ${role} --by ceo`);
        await withEngine(run, (engine) => recordActivation(engine.store.db, role, run.now, 'ceo'));
        if (run.json) run.outJson({ role, activatedAt: new Date(run.now).toISOString(), activatedBy: 'ceo' });
        else run.out(`${role} activated by ceo at ${new Date(run.now).toISOString()}`);
      }),
    );

  program
    .command('tick')
    .description('fire every clock that is due and deliver queued messages; safe to run as often as you like')
    .action(
      wrap(async (run) => {
        const report = await withEngine(run, (engine) => tick(engine, run.now));
        if (run.json) run.outJson(report);
        else run.out(`Fired ${report.fired} clock(s); delivered ${report.delivered} message(s), ${report.retrying} waiting to retry, ${report.failed} failed.`);
      }),
    );

  const messages = program.commands.find((c) => c.name() === 'messages') ?? program.command('messages');
  messages
    .command('retry <id>')
    .description('queue a failed message again')
    .action(
      wrap(async (run, idText: string) => {
        const id = Number(idText);
        if (!Number.isInteger(id) || id <= 0) throw invalid('id', `"${idText}" is not a message id`, 'use the id shown by baton messages');
        await withEngine(run, async (engine) => {
          if (!(await requeueMessage(engine.store.db, id, run.now))) {
            throw invalid('id', `message ${id} is not failed (or does not exist)`, 'baton messages lists the failed ones');
          }
          const report = await dispatch(engine, run.now);
          if (run.json) run.outJson({ id, requeued: true, ...report });
          else run.out(`Message ${id} queued again; delivered ${report.delivered} message(s).`);
        });
      }),
    );

  program
    .command('summary')
    .description("write chief.staff's section of the CEO Daily Summary and print it")
    .option('--date <date>', 'the org-local day, YYYY-MM-DD (default: today)')
    .action(
      wrap(async (run, o: { date?: string }) => {
        if (o.date !== undefined && !isIsoDate(o.date)) throw invalid('--date', `"${o.date}" is not a date`, 'write it as YYYY-MM-DD');
        await withEngine(run, async (engine) => {
          const tz = engine.config.org.timezone;
          const date = o.date ?? localDate(run.now, tz);
          const states = (await listDeals(engine.store.db)).map((d) => d.state);
          const text = dailySummary(states, { date, timezone: tz, now: run.now });
          const file = `sessions/chief.staff/ceo-daily-summary-${date}.md`;
          writeFileAtomic(engine.config.root, file, text);
          if (run.json) run.outJson({ date, path: file, text });
          else {
            run.io.stdout(text);
            run.hint(`Filed ${file}`);
          }
        });
      }),
    );
}
