import { z } from 'zod';
import { DEFAULTS } from './defaults.js';
import type { ConfigProblem } from './error.js';
import { MONDAY_HINTS } from './monday.js';

/**
 * Turns zod issues about `baton.config.yaml` into problems a person can act on: what each
 * key expects and a concrete fix, with the nearest valid key or time zone when one is close.
 */

type Hint = { expected: string; fix: string | ((value: unknown) => string) };

const HINTS: [pattern: string, hint: Hint][] = [
  ['org', { expected: 'a mapping', fix: 'write org: { name: "Your Company", timezone: "UTC" }' }],
  ['org.name', { expected: 'the company name as text', fix: 'write org: { name: "Your Company" }' }],
  ['org.timezone', { expected: 'an IANA time zone such as "Europe/Paris"', fix: timeZoneFix }],
  ['workspace', { expected: 'a folder path', fix: 'write workspace: "." for the config folder, or another folder path' }],
  ['database', { expected: 'a SQLite file path or a postgres:// URL', fix: 'write database: "baton.db", or database: "postgres://user@host/baton"' }],
  ['roles', { expected: 'a mapping from role to ids', fix: 'write roles: { cro: { slack: "U0CRO", monday: 111 } }' }],
  ['roles.*', { expected: 'a mapping with slack and/or monday', fix: 'write it as { slack: "U0CRO", monday: 111 }' }],
  [
    'roles.*.slack',
    {
      expected: 'a Slack member id such as "U0CRO" (U or W, then capitals and digits)',
      fix: 'copy the member id from the person\'s Slack profile (⋮ > Copy member ID), e.g. slack: "U04ABCDEF"',
    },
  ],
  ['roles.*.monday', { expected: 'a monday.com person id (a positive whole number)', fix: 'write the number without quotes, e.g. monday: 111' }],
  ['slack', { expected: 'a mapping', fix: 'write slack: { channel: "#exec-checkins" }' }],
  [
    'slack.channel',
    { expected: 'a channel such as "#exec-checkins" or a channel id such as "C0123ABC"', fix: 'write channel: "#exec-checkins", in quotes (an unquoted # starts a YAML comment)' },
  ],
  [
    'slack.postIntervalMs',
    { expected: 'whole milliseconds between posts to one channel (0 or more)', fix: 'write postIntervalMs: 1000 (Slack allows about one post a second per channel)' },
  ],
  ...MONDAY_HINTS,
  ['policy', { expected: 'a mapping', fix: 'write policy: { price: 2500 }, or remove it for the v1.0 defaults' }],
  ['policy.version', { expected: 'a version as quoted text such as "1.1"', fix: 'write version: "1.1" in quotes (unquoted, 1.0 reads as the number 1)' }],
  ['policy.price', { expected: 'a positive number', fix: 'write a number such as 2500' }],
  ['policy.clocks', { expected: 'a mapping of clock durations', fix: 'write clocks: { packetHours: 2 }' }],
  ['policy.clocks.deliveryDays', { expected: 'a positive number of days', fix: 'write a number such as 30' }],
  ['policy.clocks.*', { expected: 'a positive number of hours', fix: 'write a number such as 2 (no unit: the key says hours)' }],
  ['policy.deliveryWindowDays', { expected: 'a positive whole number of days', fix: 'write a number such as 30' }],
  ['policy.milestones', { expected: 'a non-empty list of { name, days }', fix: 'write milestones: [{ name: "Kickoff", days: 0 }, { name: "Readout", days: 30 }]' }],
  ['policy.milestones.*', { expected: 'a mapping { name, days }', fix: 'write it as { name: "Kickoff", days: 0 }' }],
  ['policy.milestones.*.name', { expected: 'the milestone name as text', fix: 'write name: "Kickoff"' }],
  ['policy.milestones.*.days', { expected: 'whole days from the delivery start target (0 or more)', fix: 'write a number such as 10' }],
  ['policy.heartbeatMinutes', { expected: 'a positive number of minutes', fix: 'write a number such as 30' }],
  ['policy.activationHours', { expected: 'a positive number of hours', fix: 'write a number such as 24' }],
  ['policy.maxAttempts', { expected: 'a positive whole number', fix: 'write a number such as 12' }],
  ['policy.deliveryLeaseSeconds', { expected: 'a positive number of seconds', fix: 'write a number such as 30' }],
  ['summary', { expected: 'a mapping', fix: 'write summary: { at: "08:00" }, or remove it to file the daily summary by hand' }],
  ['summary.at', { expected: 'an org-local time HH:MM, 00:00 to 23:59', fix: 'write at: "08:00" in quotes (unquoted, 08:00 may read as a number)' }],
  ['import', { expected: 'a mapping', fix: 'write import: { columns: { stage: "Deal stage" } }, or remove it for the monday.com export defaults' }],
  [
    'import.columns',
    { expected: 'a mapping from deal field to column name', fix: 'write columns: { company: "Name", stage: "Status" } with the names in your export\'s header row' },
  ],
  ['import.columns.*', { expected: 'a column name as text, as written in the header row', fix: 'write the name in quotes, e.g. "SOW Expected" (names match without case)' }],
  ['BATON_DATABASE_URL', { expected: 'a postgres:// URL or a SQLite file path', fix: 'export BATON_DATABASE_URL=postgres://user@host/baton, or unset it to use `database`' }],
  ['BATON_SLACK_API_URL', { expected: 'an http(s) URL', fix: `export BATON_SLACK_API_URL=${DEFAULTS.slackApiUrl}, or unset it` }],
  ['BATON_MONDAY_API_URL', { expected: 'an http(s) URL', fix: `export BATON_MONDAY_API_URL=${DEFAULTS.mondayApiUrl}, or unset it` }],
];

function hintFor(path: string[]): Hint | undefined {
  const matches = (pattern: string) => {
    const parts = pattern.split('.');
    return parts.length === path.length && parts.every((p, i) => new RegExp(`^${p.replace('*', '.*')}$`).test(path[i] ?? ''));
  };
  // Exact patterns first, so `policy.clocks.deliveryDays` wins over `policy.clocks.*`.
  return (HINTS.find(([p]) => p === path.join('.')) ?? HINTS.find(([p]) => matches(p)))?.[1];
}

export function describeIssues(issues: z.ZodIssue[], input: { file: unknown; env: unknown }, fileSchema: z.ZodTypeAny): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const path = issue.path.slice(1).map(String);
    const fromEnv = issue.path[0] === 'env';
    if (issue.code === 'unrecognized_keys') {
      const known = keysAt(fileSchema, path);
      for (const k of issue.keys) problems.push(unknownKey([...path, k], known));
      continue;
    }
    if (issue.code === 'custom' && typeof issue.params?.fix === 'string') {
      // A check across keys (e.g. two deal fields on one column) says its own message and fix.
      problems.push({ key: path.join('.'), message: issue.message, fix: issue.params.fix });
      continue;
    }
    const value = valueAt(fromEnv ? input.env : input.file, path);
    const hint = hintFor(path);
    const expected = hint?.expected ?? issue.message.toLowerCase();
    const fix = typeof hint?.fix === 'function' ? hint.fix(value) : (hint?.fix ?? 'correct the value (see the comments in the file `baton init` writes)');
    const missing = issue.code === 'invalid_type' && issue.received === 'undefined';
    problems.push({
      key: path.join('.'),
      message: missing ? `missing: expected ${expected}` : `expected ${expected}, got ${show(value)}`,
      fix,
    });
  }
  return problems.filter((p, i) => problems.findIndex((q) => q.key === p.key && q.message === p.message) === i);
}

function unknownKey(path: string[], known: string[]): ConfigProblem {
  const key = path[path.length - 1] ?? '';
  const isRole = path.length === 2 && path[0] === 'roles';
  const where = path.length === 1 ? 'the top-level keys are' : `the keys under ${path.slice(0, -1).join('.')} are`;
  const close = nearest(key, known);
  return {
    key: path.join('.'),
    message: isRole ? `unknown role "${key}"; the roles are ${known.join(', ')}` : `unknown key "${key}"; ${where} ${known.join(', ')}`,
    fix: close ? `rename it to ${close}, or remove it` : `remove it, or use one of ${known.join(', ')}`,
  };
}

/** The keys the schema accepts at a path of objects, for "unknown key" messages. */
function keysAt(root: z.ZodTypeAny, path: string[]): string[] {
  let schema: z.ZodTypeAny = root;
  for (const part of [...path, '']) {
    for (;;) {
      if (schema instanceof z.ZodEffects) schema = schema.innerType();
      else if (schema instanceof z.ZodDefault) schema = schema.removeDefault();
      else if (schema instanceof z.ZodOptional) schema = schema.unwrap();
      else break;
    }
    if (part === '') break;
    if (schema instanceof z.ZodObject) schema = (schema.shape as Record<string, z.ZodTypeAny>)[part] ?? z.never();
    else if (schema instanceof z.ZodArray) schema = schema.element;
    else return [];
  }
  return schema instanceof z.ZodObject ? Object.keys(schema.shape as object) : [];
}

function valueAt(root: unknown, path: string[]): unknown {
  let v = root;
  for (const part of path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}

export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'an empty value';
  if (typeof v === 'string') return JSON.stringify(redact(v));
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

/** Hides a password in a URL such as postgres://user:secret@host/db. */
function redact(v: string): string {
  return v.replace(/\/\/([^:/@\s]+):[^@\s]*@/, '//$1:***@');
}

function timeZoneFix(value: unknown): string {
  const zones = [...Intl.supportedValuesOf('timeZone'), 'UTC'];
  const close = typeof value === 'string' ? nearest(value, zones) : undefined;
  return close ? `write timezone: "${close}"` : 'write an IANA zone name such as "UTC", "Europe/Paris" or "America/New_York" (tz database names, not abbreviations)';
}

/** The candidate closest to `word` (case-insensitive edit distance), if it is close enough. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(w.length / 3)) + 1;
  for (const c of candidates) {
    const d = distance(w, c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length] ?? 0;
}
