import { formatProblem } from '../domain/refuse.js';
import type { Problem } from '../domain/types.js';

/** A command the SOP does not allow, or input that cannot be used: exit 2, nothing written. */
export class Refused extends Error {
  constructor(
    readonly problems: Problem[],
    readonly reason: 'refused' | 'not-found' | 'invalid' = 'refused',
  ) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'Refused';
  }
}

export function refused(field: string, message: string, fix: string): Refused {
  return new Refused([{ field, message, fix }], 'invalid');
}
