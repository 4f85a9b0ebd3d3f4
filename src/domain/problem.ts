import type { Role } from './types.js';

/**
 * Why something cannot be done, in the domain's words. `field` is a domain field name
 * (`company`, `contact.email`, `sowExpected`, `commitment`, `now`, `role`, a packet label),
 * never a CLI flag or a JSON path: each door (CLI, HTTP, MCP, Slack) renders the field and
 * the fix in its own syntax. `fix` is door-neutral prose; `next` names the command that
 * mends it (`deal.commit` for the deal `acme`) and `roles` who may act, for the doors to
 * spell as a command line, a tool name or a bearer token.
 */
export interface Problem {
  code: ProblemCode;
  field: string;
  message: string;
  fix: string;
  /** The roles that may do it, for a `forbidden` problem. */
  roles?: readonly Role[];
  /** The command (domain name) that would mend it, and the deal it is for. */
  next?: { command: string; id?: string };
}

export type ProblemCode =
  | 'required'
  | 'invalid'
  | 'too-long'
  | 'control-character'
  | 'too-many'
  | 'not-found'
  | 'forbidden'
  | 'refused'
  | 'time-order'
  | 'mismatch'
  | 'config'
  | 'environment'
  | 'unauthorized'
  | 'too-large'
  | 'misdirected';

/**
 * What kind of failure, which decides the exit code and the HTTP status (as Hono's
 * `HTTPException` carries its status): the edge maps the kind, never the message text.
 */
export type ErrorKind = 'invalid' | 'refused' | 'forbidden' | 'not-found' | 'unauthorized' | 'not-configured' | 'too-large' | 'misdirected' | 'config' | 'environment';

/** The one error Baton throws on purpose; every door renders its problems. */
export class BatonError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly problems: Problem[],
  ) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'BatonError';
  }
}

/** A failed environment (a server down) is 1, as an unexpected error; anything the user can mend is 2. */
export function exitCodeOf(kind: ErrorKind): 1 | 2 {
  return kind === 'environment' ? 1 : 2;
}

const HTTP_STATUS: Record<ErrorKind, 400 | 401 | 403 | 404 | 413 | 421 | 500 | 503> = {
  invalid: 400,
  refused: 400,
  forbidden: 403,
  'not-found': 404,
  unauthorized: 401,
  'not-configured': 503,
  'too-large': 413,
  misdirected: 421,
  config: 500,
  environment: 503,
};

export function httpStatusOf(kind: ErrorKind): 400 | 401 | 403 | 404 | 413 | 421 | 500 | 503 {
  return HTTP_STATUS[kind];
}

export function problem(code: ProblemCode, field: string, message: string, fix: string, extra: Pick<Problem, 'roles' | 'next'> = {}): Problem {
  return { code, field, message, fix, ...extra };
}

/** Bad input: exit 2, nothing written. */
export function invalid(field: string, message: string, fix: string, code: ProblemCode = 'invalid'): BatonError {
  return new BatonError('invalid', [problem(code, field, message, fix)]);
}

/** The most problems one refusal lists; the rest are counted. */
export const MAX_PROBLEMS = 50;

/** At most `MAX_PROBLEMS`, the last saying how many more there were. */
export function capProblems(problems: readonly Problem[]): Problem[] {
  if (problems.length <= MAX_PROBLEMS) return [...problems];
  const more = problems.length - (MAX_PROBLEMS - 1);
  return [...problems.slice(0, MAX_PROBLEMS - 1), problem('too-many', 'problems', `and ${more} more problems not listed`, 'mend the ones above and try again to see the rest')];
}

/** `field: message. Fix: fix` in domain words, for logs and the doors that add nothing. */
export function formatProblem(p: Problem): string {
  return `${p.field}: ${p.message}. Fix: ${p.fix}`;
}
