import type { Decision } from './commands.js';
import type { Problem } from './types.js';

export function refuse(field: string, message: string, fix: string): Decision {
  return { ok: false, reason: 'refused', problems: [{ field, message, fix }] };
}

export function refuseAll(problems: Problem[]): Decision {
  return { ok: false, reason: 'refused', problems };
}

export function notFound(dealId: string): Decision {
  return {
    ok: false,
    reason: 'not-found',
    problems: [{ field: 'deal', message: `no deal with id "${dealId}"`, fix: `add it first with: baton deal add ${dealId} --company NAME` }],
  };
}

/** `problem.field: message. Fix: fix` — the one way refusals read everywhere. */
export function formatProblem(p: Problem): string {
  return `${p.field}: ${p.message}. Fix: ${p.fix}`;
}
