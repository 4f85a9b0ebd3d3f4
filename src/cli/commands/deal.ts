import type { Command } from 'commander';
import { parseBriefing } from '../../domain/briefing.js';
import type { Briefing } from '../../domain/types.js';
import { BatonError, invalid } from '../../domain/problem.js';
import { act, printActed } from '../act.js';
import type { Wrap } from '../run.js';

interface AddOptions {
  company: string;
  contactName?: string;
  contactTitle?: string;
  contactEmail?: string;
  contactPhone?: string;
  origin?: string;
  briefing?: string;
}

function briefingOf(text: string): Briefing {
  const briefing = parseBriefing(text);
  if (!briefing) throw invalid('briefing', `"${text}" does not say Y or N`, 'write "Y — what they responded to" or N');
  return briefing;
}

export function registerDealCommands(program: Command, wrap: Wrap): void {
  const deal = program.command('deal').description('the Prospects board: add deals, move stages, log commitments and notes');

  deal
    .command('add <id>')
    .description('add a deal (or update its details); adding it again with the same details changes nothing')
    .requiredOption('--company <name>', 'customer company name')
    .option('--contact-name <name>', 'primary contact name')
    .option('--contact-title <title>', 'primary contact title')
    .option('--contact-email <email>', 'primary contact e-mail')
    .option('--contact-phone <phone>', 'primary contact phone (optional)')
    .option('--origin <text>', 'outreach origin: how they came into the pipeline')
    .option('--briefing <text>', 'Briefing™ delivered: "Y — what they responded to" or "N"')
    .action(
      wrap(async (run, id: string, o: AddOptions) => {
        const contact = { name: o.contactName, title: o.contactTitle, email: o.contactEmail, phone: o.contactPhone };
        const acted = await act(run, id, {
          type: 'deal.add',
          company: o.company,
          contact: Object.fromEntries(Object.entries(contact).filter(([, v]) => v !== undefined)),
          ...(o.origin ? { origin: o.origin } : {}),
          ...(o.briefing ? { briefing: briefingOf(o.briefing) } : {}),
        });
        printActed(run, acted);
      }),
    );

  deal
    .command('update <id>')
    .description('change board fields of a deal; an empty value clears an optional one (after filing, a new contact is sent to customer.success)')
    .option('--company <name>', 'customer company name')
    .option('--contact-name <name>', 'primary contact name')
    .option('--contact-title <title>', 'primary contact title')
    .option('--contact-email <email>', 'primary contact e-mail')
    .option('--contact-phone <phone>', 'primary contact phone')
    .option('--origin <text>', 'outreach origin')
    .action(
      wrap(async (run, id: string, o: Omit<AddOptions, 'company' | 'briefing'> & { company?: string }) => {
        const contact = Object.fromEntries(
          Object.entries({ name: o.contactName, title: o.contactTitle, email: o.contactEmail, phone: o.contactPhone }).filter(([, v]) => v !== undefined),
        );
        const changes = {
          ...(o.company !== undefined ? { company: o.company } : {}),
          ...(Object.keys(contact).length > 0 ? { contact } : {}),
          ...(o.origin !== undefined ? { origin: o.origin } : {}),
        };
        printActed(run, await act(run, id, { type: 'deal.update', changes }));
      }),
    );

  deal
    .command('stage <id> <stage>')
    .description('move a deal to a stage: lead, qualified, proposal, negotiation, closed-won, closed-lost')
    .action(wrap(async (run, id: string, stage: string) => printActed(run, await act(run, id, { type: 'deal.stage', stage }))));

  deal
    .command('commit <id>')
    .description('log the commitment: written (SOW signed) or verbal (with the expected SOW date)')
    .requiredOption('--type <type>', 'written or verbal')
    .option('--sow-expected <date>', 'expected SOW signature date, YYYY-MM-DD (verbal only)')
    .action(
      wrap(async (run, id: string, o: { type: string; sowExpected?: string }) => {
        const command = { type: 'deal.commit' as const, commitment: o.type, ...(o.sowExpected !== undefined ? { sowExpected: o.sowExpected } : {}) };
        printActed(run, await act(run, id, command));
      }),
    );

  deal
    .command('note <id> <text>')
    .description('add a dated note to the conversation history')
    .action(wrap(async (run, id: string, text: string) => printActed(run, await act(run, id, { type: 'deal.note', text }))));
}
