import type { Command, DecideContext, Decision } from './commands.js';
import type { EventBody } from './events.js';
import { refuseAll } from './refuse.js';
import type { Contact, DealState, Problem } from './types.js';
import { isEmail } from './validate-input.js';

type Update = Extract<Command, { type: 'deal.update' }>;

const CONTACT_FIELDS = ['name', 'title', 'email', 'phone'] as const;

/**
 * SPEC §13 `deal update`: the board's fields change through a command like any other. A
 * field given is set; an optional one given empty is cleared (the company cannot be).
 * Giving the values the deal already has changes nothing.
 */
export function decideDealUpdate(state: DealState, cmd: Update, ctx: DecideContext): Decision {
  const problems = updateProblems(cmd);
  if (problems.length > 0) return refuseAll(problems);
  const { deal } = state;
  const changes: Extract<EventBody, { type: 'deal.updated' }>['changes'] = {};
  const cleared: 'origin'[] = [];
  const company = cmd.changes.company?.trim();
  if (company !== undefined && company !== deal.company) changes.company = company;
  if (cmd.changes.contact) {
    const contact: Contact = { ...deal.contact };
    for (const key of CONTACT_FIELDS) {
      const value = cmd.changes.contact[key];
      if (value === undefined) continue;
      if (value.trim() === '') delete contact[key];
      else contact[key] = value.trim();
    }
    if (JSON.stringify(contact) !== JSON.stringify(deal.contact)) changes.contact = contact;
  }
  const origin = cmd.changes.origin?.trim();
  if (origin === '' && deal.origin !== undefined) cleared.push('origin');
  else if (origin && origin !== deal.origin) changes.origin = origin;
  if (Object.keys(changes).length === 0 && cleared.length === 0) return { ok: true, events: [] };
  const body: EventBody = { type: 'deal.updated', changes, ...(cleared.length > 0 ? { cleared } : {}) };
  return { ok: true, events: [{ ...body, at: ctx.now, actor: ctx.actor }] };
}

function updateProblems(cmd: Update): Problem[] {
  const problems: Problem[] = [];
  const { company, contact, origin } = cmd.changes;
  if (company !== undefined && company.trim() === '') {
    problems.push({ code: 'required', field: 'company', message: 'the company name cannot be cleared', fix: 'give the company name' });
  }
  const email = contact?.email?.trim();
  if (email && !isEmail(email)) {
    problems.push({ code: 'invalid', field: 'contact.email', message: `"${email}" is not an e-mail address`, fix: 'give an address such as name@company.com' });
  }
  if (company === undefined && contact === undefined && origin === undefined) {
    problems.push({ code: 'required', field: 'changes', message: 'nothing to update', fix: 'give at least one of company, contact name, title, e-mail, phone or origin' });
  }
  return problems;
}
