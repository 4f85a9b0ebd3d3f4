import type { Command } from '../domain/commands.js';
import type { DealState, Problem } from '../domain/types.js';
import type { ProspectField, ProspectsColumns } from '../config/monday.js';
import { planDeal, type DealPlan } from './plan.js';
import type { BoardProblem, ReadItem } from './read-item.js';

/**
 * A Prospects board item as the commands that reconcile the deal with it, for the deal as it
 * stands in the transaction that applies them (SPEC §14): `deal.add` or `deal.update`, then
 * `deal.commit`, `sow.signed` and `deal.stage`. The SOW's signature comes before the stage, so
 * that a deal closed with its SOW signed starts its handoff without SOW clocks. Pure.
 *
 * @example
 *   const { plan, commands } = boardCommands(readItem(item, columns), state);
 *   // commands: [{ type: 'deal.commit', commitment: 'verbal', sowExpected: '2026-12-01' }, { type: 'deal.stage', stage: 'closed-won' }]
 */
export function boardCommands(read: ReadItem, state: DealState | undefined): { plan: DealPlan; commands: Command[] } {
  const plan = planDeal(read, state?.deal, { handoff: state?.handoff !== undefined });
  const commands: Command[] = [];
  const d = plan.details;
  if (!state && d) {
    commands.push({ type: 'deal.add', company: d.company ?? read.deal.company, contact: d.contact ?? {}, ...(d.origin ? { origin: d.origin } : {}) });
  } else if (d) {
    commands.push({ type: 'deal.update', changes: d });
  }
  if (plan.commit)
    commands.push({ type: 'deal.commit', commitment: plan.commit.commitment, ...(plan.commit.sowExpected !== undefined ? { sowExpected: plan.commit.sowExpected } : {}) });
  if (plan.sowSigned) commands.push({ type: 'sow.signed' });
  if (plan.stage) commands.push({ type: 'deal.stage', stage: plan.stage });
  return { plan, commands };
}

/** The deal field a domain problem names (`contact.email`, `sowExpected`…), as the Prospects board field that holds it. */
const DOMAIN_FIELDS: Record<string, ProspectField> = {
  company: 'company',
  stage: 'stage',
  commitment: 'commitment',
  sowExpected: 'sowExpected',
  origin: 'origin',
  'contact.name': 'contactName',
  'contact.title': 'contactTitle',
  'contact.email': 'contactEmail',
  'contact.phone': 'contactPhone',
};

/**
 * What the domain refused of an item, as board problems naming the column to correct: the
 * domain's own fix, said of the item on the board (`set column "sow_expected" of item 123 on
 * the Prospects board: give the expected signature date as YYYY-MM-DD`).
 */
export function refusalProblems(itemId: string, problems: readonly Problem[], columns: ProspectsColumns): BoardProblem[] {
  return problems.map((p) => {
    const field = DOMAIN_FIELDS[p.field];
    const column = field ? (columns[field] ?? (field === 'company' ? 'name' : undefined)) : undefined;
    const where = column ? `column "${column}" of item ${itemId}` : `item ${itemId}`;
    return {
      itemId,
      ...(field ? { field } : {}),
      column: column ?? '',
      code: 'refused',
      message: `${field ? `${field}: ` : p.field ? `${p.field}: ` : ''}${p.message}`,
      fix: `correct ${where} on the Prospects board (${p.fix})`,
    };
  });
}
