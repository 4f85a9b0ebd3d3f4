import { BatonError } from '../domain/problem.js';
import { CONFIG_FILE, ENV_VARS } from './defaults.js';

export interface ConfigProblem {
  key: string;
  message: string;
  fix: string;
}

/** A config that cannot be used; `message` has one line per problem, each with its fix. */
export class ConfigError extends BatonError {
  readonly configProblems: ConfigProblem[];
  constructor(problems: ConfigProblem[], file = CONFIG_FILE) {
    super(
      'config',
      problems.map((p) => ({ code: 'config', field: p.key, message: p.message, fix: p.fix })),
    );
    this.message = problems.map((p) => formatProblem(p, file)).join('\n');
    this.name = 'ConfigError';
    this.configProblems = problems;
  }
}

function formatProblem(p: ConfigProblem, file: string): string {
  const where = p.key in ENV_VARS ? `environment: ${p.key}` : p.key === file ? file : `${file}: ${p.key}`;
  return `${where}: ${p.message}. Fix: ${p.fix.replace(/\.?$/, '.')}`;
}
