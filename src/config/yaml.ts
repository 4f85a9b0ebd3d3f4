import { parseDocument } from 'yaml';
import { ConfigError } from './error.js';
import { show } from './problems.js';

/** Parses the YAML text of `baton.config.yaml`; syntax errors name their line and a fix. */
export function readYaml(source: string, file: string): unknown {
  const doc = parseDocument(source, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.slice(0, 5).map((e) => {
        const line = e.linePos?.[0]?.line;
        return {
          key: line === undefined ? file : `line ${line}`,
          message: `invalid YAML: ${(e.message.split('\n')[0] ?? '').replace(/:$/, '')}`,
          fix: YAML_FIXES[e.code] ?? 'correct the YAML syntax there: indent with spaces, close every quote and bracket, and quote values that contain ": " or " #"',
        };
      }),
      file,
    );
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (err) {
    throw new ConfigError([{ key: file, message: `invalid YAML: ${(err as Error).message}`, fix: 'remove the alias loop or the excess aliases (*name)' }], file);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(
      [
        {
          key: file,
          message: `expected a mapping of settings, got ${show(data)}`,
          fix: 'start from the file `baton init` writes: `org:`, `workspace:`, `database:` ... at the left margin',
        },
      ],
      file,
    );
  }
  return data;
}

const YAML_FIXES: Record<string, string> = {
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  DUPLICATE_KEY: 'keep only one of the two keys',
  BAD_INDENT: 'line the key up with its siblings (spaces only) and close every [ or {',
  MISSING_CHAR: 'add the missing closing quote, ] or }',
  MULTILINE_IMPLICIT_KEY: 'put each key and its value on one line, or quote the value',
  BLOCK_AS_IMPLICIT_KEY: 'put each key and its value on one line, or quote the value',
};
