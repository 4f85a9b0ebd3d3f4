import type { Decision } from './commands.js';
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
  return {
    ok: false,
    reason: 'not-found',
    problems: [{ code: 'not-found', field: 'id', message: `no deal with id "${dealId}"`, fix: 'add the deal first', next: { command: 'deal.add', id: dealId } }],
  };
}

/** The acting role may not do this; `roles` may, and each door says how to act as one. */
export function forbid(message: string, fix: string, roles: readonly Role[]): Decision {
  return { ok: false, reason: 'forbidden', problems: [{ code: 'forbidden', field: 'role', message, fix, roles }] };
}
