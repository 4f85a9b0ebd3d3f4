import type { Command } from 'commander';
import { BatonError, invalid } from '../../domain/problem.js';
import { listDeals, listEvents, listMessages, loadDeal } from '../../store/index.js';
import { currentPolicy } from '../../app/index.js';
import { withEngine } from '../context.js';
import { messageJson } from '../../views/messages.js';
import { handoffsOnly, statusDetail, statusJson, statusLine } from '../../views/status.js';
import { describeStoredEvent, eventJson } from '../../views/timeline.js';
import type { Wrap } from '../run.js';

export function registerReadCommands(program: Command, wrap: Wrap): void {
  program
    .command('status [id]')
    .description('every handoff with its state and most urgent clock, or one handoff in full')
    .action(
      wrap(async (run, id: string | undefined) => {
        await withEngine(run, async (engine) => {
          const tz = engine.config.org.timezone;
          if (id !== undefined) {
            const loaded = await loadDeal(engine.store.db, id);
            if (!loaded) throw invalid('id', `no deal with id "${id}"`, 'baton status lists the deals');
            if (run.json) run.outJson([statusJson(loaded.state, run.now, currentPolicy(engine))]);
            else run.io.stdout(statusDetail(loaded.state, run.now, tz, currentPolicy(engine)));
            return;
          }
          const deals = (await listDeals(engine.store.db)).map((d) => d.state);
          if (run.json) run.outJson(handoffsOnly(deals).map((s) => statusJson(s, run.now, currentPolicy(engine))));
          else if (deals.length === 0) run.out('No deals yet. Add one: baton deal add ID --company NAME');
          else for (const s of deals) run.out(statusLine(s, run.now, tz));
        });
      }),
    );

  program
    .command('timeline <id>')
    .description('every event of a deal: when, who, what, and how late')
    .action(
      wrap(async (run, id: string) => {
        await withEngine(run, async (engine) => {
          if (!(await loadDeal(engine.store.db, id))) throw invalid('id', `no deal with id "${id}"`, 'baton status lists the deals');
          const events = await listEvents(engine.store.db, id);
          if (run.json) {
            run.outJson(events.map(eventJson));
            return;
          }
          for (const e of events) run.out(describeStoredEvent(e, engine.config.org.timezone));
        });
      }),
    );

  program
    .command('messages')
    .description('every message Baton owes or has sent, exactly as delivered (retry <id> queues a failed one again)')
    .action(
      wrap(async (run) => {
        await withEngine(run, async (engine) => {
          const messages = await listMessages(engine.store.db);
          if (run.json) {
            run.outJson(messages.map(messageJson));
            return;
          }
          if (messages.length === 0) run.out('No messages yet.');
          for (const m of messages) {
            const error = m.lastError ? `  (attempts ${m.attempts}: ${m.lastError})` : '';
            run.out(`#${m.id} ${m.state.padEnd(9)} ${m.kind} → ${m.recipient}${error}\n${m.text.replace(/^/gm, '    ')}\n`);
          }
        });
      }),
    );
}
