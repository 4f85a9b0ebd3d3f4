import type { Context } from 'hono';
import type { z } from 'zod';
import type { Problem } from '../domain/types.js';
import { BatonError, invalid } from '../domain/problem.js';

/**
 * Request bodies: read as JSON (an empty body reads as `{}`), validated with zod; every
 * issue becomes a problem naming the field and how to fix it, thrown as one `Refused`.
 */

/** The fix to print per field (`contact.email`); `*` for any other. */
export type Fixes = Record<string, string>;

export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw invalid('body', 'is not valid JSON', 'send a JSON object with Content-Type: application/json');
  }
}

export function parseWith<S extends z.ZodTypeAny>(schema: S, input: unknown, fixes: Fixes): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems: Problem[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const field = [...issue.path, key].join('.');
        problems.push({
          code: 'invalid',
          field,
          message: 'is not a field of this request',
          fix: `remove it; the fields are: ${Object.keys(fixes)
            .filter((k) => k !== '*')
            .join(', ')}`,
        });
      }
      continue;
    }
    const field = issue.path.join('.') || 'body';
    const missing = issue.code === 'invalid_type' && issue.received === 'undefined';
    problems.push({ code: 'invalid', field, message: missing ? 'is required' : issue.message, fix: fixes[field] ?? fixes['*'] ?? 'correct the request body' });
  }
  throw new BatonError('invalid', problems);
}

/** Reads and validates a JSON body in one step. */
export async function body<S extends z.ZodTypeAny>(c: Context, schema: S, fixes: Fixes): Promise<z.output<S>> {
  return parseWith(schema, await readJson(c), fixes);
}
