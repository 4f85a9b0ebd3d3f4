import { z } from 'zod';
import { addDeal, commitDeal, noteDeal, stageDeal, updateDeal } from '../app/index.js';
import type { DealChanges } from '../domain/commands.js';
import { STAGES } from '../domain/types.js';
import { CHANGE_OUTPUT, change, dealId } from './change.js';
import { defineTool } from './tool.js';

/**
 * The Prospects board as tools (the cro's, SOP-4.1): add and update a deal, move its stage,
 * log the commitment, add a note. Arguments are the CLI's options in camelCase
 * (`--contact-email` is `contactEmail`, `--type` is `type`, `--sow-expected` is `sowExpected`).
 */

const text = (what: string) => z.string().describe(what);

const contactArgs = {
  contactName: text('Primary contact name.').optional(),
  contactTitle: text('Primary contact title.').optional(),
  contactEmail: text('Primary contact e-mail, e.g. name@company.com.').optional(),
  contactPhone: text('Primary contact phone (optional on the packet).').optional(),
};

type ContactArgs = { contactName?: string | undefined; contactTitle?: string | undefined; contactEmail?: string | undefined; contactPhone?: string | undefined };

function contactOf(args: ContactArgs): { name?: string; title?: string; email?: string; phone?: string } {
  const contact = { name: args.contactName, title: args.contactTitle, email: args.contactEmail, phone: args.contactPhone };
  return Object.fromEntries(Object.entries(contact).filter(([, v]) => v !== undefined));
}

export const dealAdd = defineTool({
  name: 'deal_add',
  title: 'Add a deal to the Prospects board',
  description:
    'Add a deal to the Prospects board (as the cro), with its company, primary contact, outreach origin and Briefing™. ' +
    'Adding it again with the same details changes nothing; new details replace the ones on the board (a changed contact after filing is sent to customer.success). ' +
    'A new deal starts at stage lead; the handoff starts when it is Closed-won (deal_stage) with a commitment (deal_commit). Returns {changed, events, status, delivery}.',
  input: {
    id: dealId.describe('The deal id: the Prospects board item id, or 1-64 letters, digits, ".", "_", ":" or "-".'),
    company: text('Customer company name, as it should read on the packet.'),
    ...contactArgs,
    origin: text('Outreach origin: how they came into the pipeline.').optional(),
    briefing: z
      .object({ delivered: z.boolean().describe('whether the Briefing™ was delivered'), response: z.string().optional().describe('what they responded to') })
      .optional()
      .describe('The Briefing™: {"delivered": true, "response": "what they responded to"} or {"delivered": false}.'),
  },
  output: CHANGE_OUTPUT,
  readOnly: false,
  idempotent: true,
  destructive: true,
  openWorld: true,
  handle: (args, ctx) =>
    change(ctx, (engine, acting) =>
      addDeal(
        engine,
        args.id,
        {
          company: args.company,
          contact: contactOf(args),
          ...(args.origin !== undefined ? { origin: args.origin } : {}),
          ...(args.briefing ? { briefing: { delivered: args.briefing.delivered, ...(args.briefing.response !== undefined ? { response: args.briefing.response } : {}) } } : {}),
        },
        acting,
      ),
    ),
});

export const dealUpdate = defineTool({
  name: 'deal_update',
  title: 'Update board fields of a deal',
  description:
    'Change board fields of a deal (as the cro): only the arguments given change; an empty string clears an optional field (contact fields, origin). ' +
    'Use it when packet_file refuses a Customer company or Primary contact that differs from the board and the board is the one that is wrong. ' +
    'After filing, a change of contact is sent to customer.success. Returns {changed, events, status, delivery}.',
  input: { id: dealId, company: text('Customer company name.').optional(), ...contactArgs, origin: text('Outreach origin; "" clears it.').optional() },
  output: CHANGE_OUTPUT,
  readOnly: false,
  idempotent: true,
  destructive: true,
  openWorld: true,
  handle: (args, ctx) => {
    const contact = contactOf(args);
    const changes: DealChanges = {
      ...(args.company !== undefined ? { company: args.company } : {}),
      ...(Object.keys(contact).length > 0 ? { contact } : {}),
      ...(args.origin !== undefined ? { origin: args.origin } : {}),
    };
    return change(ctx, (engine, acting) => updateDeal(engine, args.id, changes, acting));
  },
});

export const dealStage = defineTool({
  name: 'deal_stage',
  title: 'Move a deal to a stage',
  description:
    `Move a deal to a stage (as the cro): one of ${STAGES.join(', ')} (case and "_" or " " for "-" do not matter). ` +
    'Closed-won with a logged commitment is T0: the handoff starts and its clocks run (packet due in 2 h). ' +
    'Leaving Closed-won before delivery cancels the open clocks (a re-close resumes the same handoff with a new T0); after delivery started it stops the handoff and tells customer.success and the cro. ' +
    'The same stage again changes nothing. Returns {changed, events, status, delivery}.',
  input: { id: dealId, stage: text(`The stage: ${STAGES.join(', ')}.`) },
  output: CHANGE_OUTPUT,
  readOnly: false,
  idempotent: true,
  destructive: true,
  openWorld: true,
  handle: ({ id, stage }, ctx) => change(ctx, (engine, acting) => stageDeal(engine, id, stage, acting)),
});

export const dealCommit = defineTool({
  name: 'deal_commit',
  title: 'Log the commitment',
  description:
    'Log the customer\'s commitment (as the cro): type "written" (the SOW is signed) or "verbal" (with sowExpected, the expected SOW signature date). ' +
    'With the deal Closed-won this is T0: the handoff starts; a verbal commitment also starts the sow-send (24 h) and sow-signature (48 h) clocks. ' +
    'Logging the same commitment again changes nothing. Returns {changed, events, status, delivery}.',
  input: {
    id: dealId,
    type: z.enum(['written', 'verbal']).describe('written (SOW signed) or verbal.'),
    sowExpected: text('The expected SOW signature date, YYYY-MM-DD; required for verbal, not given for written.').optional(),
  },
  output: CHANGE_OUTPUT,
  readOnly: false,
  idempotent: true,
  destructive: false,
  openWorld: false,
  handle: ({ id, type, sowExpected }, ctx) => change(ctx, (engine, acting) => commitDeal(engine, id, { type, ...(sowExpected !== undefined ? { sowExpected } : {}) }, acting)),
});

export const dealNote = defineTool({
  name: 'deal_note',
  title: 'Add a note to the conversation history',
  description:
    'Add a dated note to the deal\'s conversation history (as the cro): a touchpoint and its outcome, e.g. "call: agreed the scope". ' +
    'The packet draft lists these under Conversation history. The same note twice is kept once. Returns {changed, events, status, delivery}.',
  input: { id: dealId, text: text('The note, up to 10,000 characters.') },
  output: CHANGE_OUTPUT,
  readOnly: false,
  idempotent: true,
  destructive: false,
  openWorld: false,
  handle: ({ id, text: note }, ctx) => change(ctx, (engine, acting) => noteDeal(engine, id, note, acting)),
});

export const DEAL_TOOLS = [dealAdd, dealUpdate, dealStage, dealCommit, dealNote];
