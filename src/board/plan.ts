import type { CommitmentType, Contact, Deal, Stage } from '../domain/types.js';
import type { ReadItem } from './read-item.js';

/**
 * What reconciling one Prospects board item asks of Baton (SPEC §14, `baton board sync` and
 * the webhook): the deal's details to add or update, a commitment to log, a stage to move to,
 * a SOW signature to record. Pure; the caller turns the plan into commands (`deal.add` or
 * `deal.update`, then `deal.commit`, `sow.signed`, `deal.stage`, in that order) applied in one
 * transaction, so that the trigger fires from the board alone, in either order.
 *
 * An item with a problem plans nothing (`outcome: 'problems'`): nothing is applied from it.
 * The board cannot take back what only a command undoes: an empty commitment column does not
 * withdraw a logged commitment, and `Pending` does not unsign a signed SOW (nor does `Verbal`).
 * `Signed` with no commitment label is a written commitment; `Written` on a deal whose handoff
 * started on a verbal commitment (`opts.handoff`) is the SOW's signature.
 *
 * @example
 *   const plan = planDeal(readItem(item, columns), existing?.deal);
 *   // { outcome: 'updated', stage: 'closed-won' }
 */

export type PlanOutcome = 'added' | 'updated' | 'unchanged' | 'problems';

export interface DealPlan {
  outcome: PlanOutcome;
  /**
   * A new deal: every detail (for `deal.add`). An existing one: only the details the board
   * changes (for `deal.update`), where an empty string clears an optional field.
   */
  details?: { company?: string; contact?: Contact; origin?: string };
  commit?: { commitment: CommitmentType; sowExpected?: string };
  stage?: Stage;
  sowSigned?: true;
}

const CONTACT_KEYS = ['name', 'title', 'email', 'phone'] as const;

export function planDeal(read: ReadItem, current: Deal | undefined, opts: { handoff?: boolean } = {}): DealPlan {
  if (read.problems.length > 0) return { outcome: 'problems' };
  const board = read.deal;
  const plan: DealPlan = { outcome: current ? 'unchanged' : 'added' };

  if (!current) {
    plan.details = { company: board.company, contact: board.contact, ...(board.origin !== undefined ? { origin: board.origin } : {}) };
  } else {
    const details: NonNullable<DealPlan['details']> = {};
    if (board.company !== current.company) details.company = board.company;
    const contact: Contact = {};
    for (const key of CONTACT_KEYS) {
      if ((board.contact[key] ?? '') !== (current.contact[key] ?? '')) contact[key] = board.contact[key] ?? '';
    }
    if (Object.keys(contact).length > 0) details.contact = contact;
    if ((board.origin ?? '') !== (current.origin ?? '')) details.origin = board.origin ?? '';
    if (Object.keys(details).length > 0) plan.details = details;
  }

  const c = board.commitment ?? (board.sowSigned === true ? { type: 'written' as const } : undefined);
  const logged = current?.commitment;
  const signed = current?.sowSignedAt !== undefined;
  if (c?.type === 'written' && logged?.type === 'verbal' && (opts.handoff || signed)) {
    // The handoff started on the verbal word: Written now means the SOW got signed, a step of its own.
    if (!signed) plan.sowSigned = true;
  } else if (c?.type === 'verbal' && signed) {
    // The SOW is signed: a Verbal label left on the board takes nothing back.
  } else if (c && (c.type !== logged?.type || (c.type === 'verbal' && c.sowExpected !== undefined && c.sowExpected !== logged.sowExpected))) {
    // A written commitment has its SOW signed: an expected date beside it is not the commitment's.
    plan.commit = { commitment: c.type, ...(c.type === 'verbal' && c.sowExpected !== undefined ? { sowExpected: c.sowExpected } : {}) };
  }
  if (board.stage !== undefined && board.stage !== (current?.stage ?? 'lead')) plan.stage = board.stage;
  if (board.sowSigned === true && !signed) plan.sowSigned = true;

  if (current && (plan.details || plan.commit || plan.stage || plan.sowSigned)) plan.outcome = 'updated';
  return plan;
}
