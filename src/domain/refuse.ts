import type { Decision } from './commands.js';
import { isDealId } from './deal-id.js';
import { formatProblem, type Problem, type ProblemCode } from './problem.js';
import type { Role } from './types.js';

export { formatProblem };

export function refuse(field: string, message: string, fix: string, code: ProblemCode = 'refused', extra: Pick<Problem, 'next'> = {}): Decision {
  return { ok: false, reason: 'refused', problems: [{ code, field, message, fix, ...extra }] };
}

export function refuseAll(problems: Problem[]): Decision {
  return { ok: false, reason: 'refused', problems };
}

export function notFound(dealId: string): Decision {
  return { ok: false, reason: 'not-found', problems: [noDealProblem(dealId, 'add the deal first')] };
}

/**
 * The problem for an id no deal has. The id is echoed at most 64 characters long, because a
 * door may be handed megabytes of it; `next` offers `deal.add` only for an id a deal can have.
 */
export function noDealProblem(dealId: string, fix: string): Problem {
  const shown = dealId.length > 64 ? `${JSON.stringify(dealId.slice(0, 64)).slice(0, -1)}…"` : JSON.stringify(dealId);
  if (!isDealId(dealId)) return { code: 'not-found', field: 'id', message: `no deal with id ${shown}`, fix: 'a deal id is 1-64 letters, digits, ".", "_", ":" or "-"' };
  return { code: 'not-found', field: 'id', message: `no deal with id ${shown}`, fix, next: { command: 'deal.add', id: dealId } };
}

/** The acting role may not do this; `roles` may, and each door says how to act as one. */
export function forbid(message: string, fix: string, roles: readonly Role[]): Decision {
  return { ok: false, reason: 'forbidden', problems: [{ code: 'forbidden', field: 'role', message, fix, roles }] };
}
