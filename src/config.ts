import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { DURATION, POLICY_V1, type Policy } from './domain/policy.js';
import { isTimeZone } from './domain/time.js';
import { ROLES, type Role } from './domain/types.js';

/**
 * `baton.config.yaml` and the environment: one zod schema, the resolved `BatonConfig`, and
 * `ConfigError`, whose message names every bad key and its fix. Nothing here reads the clock.
 *
 * @example
 *   const config = loadConfig({ cwd: process.cwd(), env: process.env });
 *   config.policy.due.packet; // 7_200_000 unless policy.clocks.packetHours says otherwise
 */

export const CONFIG_FILE = 'baton.config.yaml';

export const DEFAULTS = {
  timezone: 'UTC',
  workspace: '.',
  database: 'baton.db',
  channel: '#exec-checkins',
  slackApiUrl: 'https://slack.com/api/',
  mondayApiUrl: 'https://api.monday.com/v2',
  mondayApiVersion: '2026-07',
  deliveryColumns: { customer: 'text', window: 'timeline', owner: 'person', sourceKey: 'text_key' },
} as const;

/** The environment variables Baton reads, and what each is for. */
export const ENV_VARS = {
  BATON_CONFIG: 'path of baton.config.yaml (or its folder), like --config',
  BATON_DATABASE_URL: 'overrides `database`: a postgres:// URL or a SQLite file path',
  SLACK_BOT_TOKEN: 'Slack bot token (xoxb-...); set, it switches Slack from the built-in sink to Slack',
  SLACK_SIGNING_SECRET: 'verifies Slack requests to `baton serve`',
  BATON_SLACK_API_URL: `Slack Web API base URL (default ${DEFAULTS.slackApiUrl})`,
  MONDAY_API_TOKEN: 'monday.com API token; set, it switches monday.com from the built-in sink to monday.com',
  BATON_MONDAY_API_URL: `monday.com GraphQL endpoint (default ${DEFAULTS.mondayApiUrl})`,
} as const;

export interface RoleIds {
  slack?: string;
  monday?: number;
}

export interface DeliveryColumns {
  customer: string;
  window: string;
  owner: string;
  sourceKey: string;
  milestones?: string;
}

export interface BatonConfig {
  /** Absolute path of the config file. */
  path: string;
  /** Absolute workspace root, resolved relative to the config file's folder. */
  root: string;
  org: { name: string; timezone: string };
  /** Absolute SQLite path (resolved relative to the config folder), or a postgres:// URL. */
  database: string;
  roles: Partial<Record<Role, RoleIds>>;
  slack: { channel: string; botToken?: string; signingSecret?: string; apiUrl: string };
  monday: {
    prospectsBoardId?: number;
    deliveryBoardId?: number;
    token?: string;
    apiUrl: string;
    apiVersion: string;
    deliveryColumns: DeliveryColumns;
  };
  policy: Policy;
}

export interface ConfigProblem {
  key: string;
  message: string;
  fix: string;
}

/** A config that cannot be used; `message` has one line per problem, each with its fix. */
export class ConfigError extends Error {
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[], file = CONFIG_FILE) {
    super(problems.map((p) => formatProblem(p, file)).join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

function formatProblem(p: ConfigProblem, file: string): string {
  const where = p.key in ENV_VARS ? `environment: ${p.key}` : p.key === file ? file : `${file}: ${p.key}`;
  return `${where}: ${p.message}. Fix: ${p.fix.replace(/\.?$/, '.')}`;
}

export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//i.test(database);
}

// ---- the schema -------------------------------------------------------------------------

const SLACK_USER = /^[UW][A-Z0-9]+$/;
const CHANNEL = /^(#[^\s#]+|C[A-Z0-9]+)$/;
const API_VERSION = /^\d{4}-(01|04|07|10)$/;

const text = z.string().trim().min(1);
const positive = z.number().finite().positive();
const count = z.number().int().positive();
const isDatabase = (v: string) => isPostgresUrl(v) || !/^[a-z][a-z0-9+.-]*:\/\//i.test(v);
/** A fixed IANA zone: `local`/`system` would change with the machine Baton runs on. */
const isZone = (v: string) => v.trim() !== '' && !/^(local|system)$/i.test(v) && isTimeZone(v);
const isHttpUrl = (v: string) => /^https?:\/\/[^\s]+$/i.test(v) && URL.canParse(v);
/** A section left empty in YAML (`roles:`) is null: read it as absent. */
const section = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (v === null ? undefined : v), schema);

const roleIds = z.object({ slack: z.string().regex(SLACK_USER).optional(), monday: count.optional() }).strict();
const roleShape = Object.fromEntries(ROLES.map((r) => [r, roleIds.optional()])) as {
  [K in Role]: z.ZodOptional<typeof roleIds>;
};

const clocks = z
  .object({
    packetHours: positive.optional(),
    announcementHours: positive.optional(),
    acknowledgementHours: positive.optional(),
    escalationGraceHours: positive.optional(),
    sowSendHours: positive.optional(),
    sowSignatureHours: positive.optional(),
    deliveryDays: positive.optional(),
  })
  .strict();

const policy = z
  .object({
    version: text.optional(),
    price: positive.optional(),
    clocks: section(clocks.default({})),
    deliveryWindowDays: count.optional(),
    milestones: z.array(z.object({ name: text, days: z.number().int().nonnegative() }).strict()).min(1).optional(),
    heartbeatMinutes: positive.optional(),
    activationHours: positive.optional(),
    maxAttempts: count.optional(),
  })
  .strict();

const columns = z
  .object({
    customer: text.default(DEFAULTS.deliveryColumns.customer),
    window: text.default(DEFAULTS.deliveryColumns.window),
    owner: text.default(DEFAULTS.deliveryColumns.owner),
    sourceKey: text.default(DEFAULTS.deliveryColumns.sourceKey),
    milestones: text.optional(),
  })
  .strict();

const fileSchema = z
  .object({
    org: z.object({ name: text, timezone: z.string().refine(isZone).default(DEFAULTS.timezone) }).strict(),
    workspace: text.default(DEFAULTS.workspace),
    database: text.refine(isDatabase).default(DEFAULTS.database),
    roles: section(z.object(roleShape).strict().default({})),
    slack: section(z.object({ channel: z.string().regex(CHANNEL).default(DEFAULTS.channel) }).strict().default({})),
    monday: section(
      z
        .object({
          prospectsBoardId: count.optional(),
          deliveryBoardId: count.optional(),
          deliveryColumns: section(columns.default({})),
          apiVersion: z.string().regex(API_VERSION).default(DEFAULTS.mondayApiVersion),
        })
        .strict()
        .default({}),
    ),
    policy: section(policy.default({})),
  })
  .strict();

/** Unset and empty variables read as absent. */
const envVar = z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined), z.string().optional());
const envUrl = envVar.refine((v) => v === undefined || isHttpUrl(v));

const envSchema = z.object({
  BATON_DATABASE_URL: envVar.refine((v) => v === undefined || isDatabase(v)),
  SLACK_BOT_TOKEN: envVar,
  SLACK_SIGNING_SECRET: envVar,
  BATON_SLACK_API_URL: envUrl,
  MONDAY_API_TOKEN: envVar,
  BATON_MONDAY_API_URL: envUrl,
});

/** The one schema: the YAML file and the environment, validated together. */
export const configSchema = z.object({ file: fileSchema, env: envSchema });

// ---- loading ----------------------------------------------------------------------------

export interface ConfigSource {
  /** The config file's path (made absolute against `cwd`). */
  path: string;
  env: Record<string, string | undefined>;
  /** Where relative paths in the environment (BATON_DATABASE_URL) start; default: the config folder. */
  cwd?: string;
}

/** Finds and reads the config: `configPath` ?? `env.BATON_CONFIG` ?? `cwd`, a file or a folder. */
export function loadConfig(opts: {
  cwd: string;
  configPath?: string;
  env: Record<string, string | undefined>;
}): BatonConfig {
  const fromEnv = opts.configPath === undefined && !!opts.env.BATON_CONFIG;
  const given = opts.configPath ?? (opts.env.BATON_CONFIG || undefined);
  let path = resolve(opts.cwd, given ?? CONFIG_FILE);
  if (given !== undefined && existsSync(path) && statSync(path).isDirectory()) path = join(path, CONFIG_FILE);
  let textOf: string;
  try {
    textOf = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new ConfigError([
        {
          key: CONFIG_FILE,
          message: `not found at ${path}${fromEnv ? ' (from BATON_CONFIG)' : ''}`,
          fix: `run \`baton init\` in ${dirname(path)} or pass \`--config PATH\``,
        },
      ]);
    }
    throw new ConfigError([
      { key: CONFIG_FILE, message: `cannot read ${path}: ${(err as Error).message}`, fix: 'make the file readable by this user' },
    ]);
  }
  return parseConfig(textOf, { path, env: opts.env, cwd: opts.cwd });
}

/** Parses and validates the text of a config file; throws ConfigError listing every problem. */
export function parseConfig(source: string, from: ConfigSource): BatonConfig {
  const path = resolve(from.cwd ?? '.', from.path);
  const file = basename(path);
  const data = readYaml(source, file);
  const result = configSchema.safeParse({ file: data, env: from.env });
  if (!result.success) throw new ConfigError(describeIssues(result.error.issues, { file: data, env: from.env }), file);
  const { file: c, env } = result.data;
  const dir = dirname(path);
  const database = env.BATON_DATABASE_URL
    ? resolveDatabase(env.BATON_DATABASE_URL, from.cwd ?? dir)
    : resolveDatabase(c.database, dir);
  return {
    path,
    root: resolve(dir, c.workspace),
    org: { name: c.org.name, timezone: c.org.timezone },
    database,
    roles: c.roles,
    slack: {
      channel: c.slack.channel,
      botToken: env.SLACK_BOT_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      apiUrl: withSlash(env.BATON_SLACK_API_URL ?? DEFAULTS.slackApiUrl),
    },
    monday: {
      prospectsBoardId: c.monday.prospectsBoardId,
      deliveryBoardId: c.monday.deliveryBoardId,
      token: env.MONDAY_API_TOKEN,
      apiUrl: env.BATON_MONDAY_API_URL ?? DEFAULTS.mondayApiUrl,
      apiVersion: c.monday.apiVersion,
      deliveryColumns: c.monday.deliveryColumns,
    },
    policy: mergePolicy(c.policy),
  };
}

function readYaml(source: string, file: string): unknown {
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
      [{ key: file, message: `expected a mapping of settings, got ${show(data)}`, fix: 'start from the file `baton init` writes: `org:`, `workspace:`, `database:` ... at the left margin' }],
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

function resolveDatabase(database: string, base: string): string {
  return isPostgresUrl(database) || database === ':memory:' ? database : resolve(base, database);
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

type PolicyInput = z.output<typeof policy>;

function mergePolicy(p: PolicyInput): Policy {
  const { HOUR, DAY, MINUTE } = DURATION;
  const base = POLICY_V1;
  const c = p.clocks;
  const ms = (value: number | undefined, unit: number, fallback: number) =>
    value === undefined ? fallback : Math.round(value * unit);
  return {
    version: p.version ?? base.version,
    price: p.price ?? base.price,
    due: {
      packet: ms(c.packetHours, HOUR, base.due.packet),
      announcement: ms(c.announcementHours, HOUR, base.due.announcement),
      acknowledgement: ms(c.acknowledgementHours, HOUR, base.due.acknowledgement),
      'ceo-escalation': ms(c.escalationGraceHours, HOUR, base.due['ceo-escalation']),
      'sow-send': ms(c.sowSendHours, HOUR, base.due['sow-send']),
      'sow-signature': ms(c.sowSignatureHours, HOUR, base.due['sow-signature']),
      delivery: ms(c.deliveryDays, DAY, base.due.delivery),
    },
    deliveryWindowDays: p.deliveryWindowDays ?? base.deliveryWindowDays,
    milestones: (p.milestones ?? base.milestones).map((m) => ({ name: m.name, days: m.days })),
    heartbeatWindowMs: ms(p.heartbeatMinutes, MINUTE, base.heartbeatWindowMs),
    activationWindowMs: ms(p.activationHours, HOUR, base.activationWindowMs),
    delivery: { ...base.delivery, maxAttempts: p.maxAttempts ?? base.delivery.maxAttempts },
  };
}

// ---- problems ---------------------------------------------------------------------------
// zod issues become problems through this table: what each key expects and how to fix it.

type Hint = { expected: string; fix: string | ((value: unknown) => string) };

const HINTS: [pattern: string, hint: Hint][] = [
  ['org', { expected: 'a mapping', fix: 'write org: { name: "Your Company", timezone: "UTC" }' }],
  ['org.name', { expected: 'the company name as text', fix: 'write org: { name: "Your Company" }' }],
  ['org.timezone', { expected: 'an IANA time zone such as "Europe/Paris"', fix: timeZoneFix }],
  ['workspace', { expected: 'a folder path', fix: 'write workspace: "." for the config folder, or another folder path' }],
  ['database', { expected: 'a SQLite file path or a postgres:// URL', fix: 'write database: "baton.db", or database: "postgres://user@host/baton"' }],
  ['roles', { expected: 'a mapping from role to ids', fix: 'write roles: { cro: { slack: "U0CRO", monday: 111 } }' }],
  ['roles.*', { expected: 'a mapping with slack and/or monday', fix: 'write it as { slack: "U0CRO", monday: 111 }' }],
  ['roles.*.slack', { expected: 'a Slack member id such as "U0CRO" (U or W, then capitals and digits)', fix: 'copy the member id from the person\'s Slack profile (⋮ > Copy member ID), e.g. slack: "U04ABCDEF"' }],
  ['roles.*.monday', { expected: 'a monday.com person id (a positive whole number)', fix: 'write the number without quotes, e.g. monday: 111' }],
  ['slack', { expected: 'a mapping', fix: 'write slack: { channel: "#exec-checkins" }' }],
  ['slack.channel', { expected: 'a channel such as "#exec-checkins" or a channel id such as "C0123ABC"', fix: 'write channel: "#exec-checkins", in quotes (an unquoted # starts a YAML comment)' }],
  ['monday', { expected: 'a mapping', fix: 'write monday: { prospectsBoardId: 123, deliveryBoardId: 456 }' }],
  ['monday.*BoardId', { expected: 'a board id (a positive whole number)', fix: 'write the number from the board URL (…/boards/1234567890) without quotes' }],
  ['monday.deliveryColumns', { expected: 'a mapping from field to column id', fix: 'write deliveryColumns: { customer: "text", window: "timeline", owner: "person", sourceKey: "text_key" }' }],
  ['monday.deliveryColumns.*', { expected: 'a column id as text', fix: 'write the column id shown in the board\'s column settings, e.g. "text"' }],
  ['monday.apiVersion', { expected: 'a monday.com API version "YYYY-MM" with month 01, 04, 07 or 10', fix: `write apiVersion: "${DEFAULTS.mondayApiVersion}", or remove the key for that default` }],
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

function describeIssues(issues: z.ZodIssue[], input: { file: unknown; env: unknown }): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const path = issue.path.slice(1).map(String);
    const fromEnv = issue.path[0] === 'env';
    if (issue.code === 'unrecognized_keys') {
      const known = keysAt(path);
      for (const k of issue.keys) problems.push(unknownKey([...path, k], known));
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
    message: isRole
      ? `unknown role "${key}"; the roles are ${known.join(', ')}`
      : `unknown key "${key}"; ${where} ${known.join(', ')}`,
    fix: close ? `rename it to ${close}, or remove it` : `remove it, or use one of ${known.join(', ')}`,
  };
}

/** The keys the schema accepts at a path of objects, for "unknown key" messages. */
function keysAt(path: string[]): string[] {
  let schema: z.ZodTypeAny = fileSchema;
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

function show(v: unknown): string {
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
  return close
    ? `write timezone: "${close}"`
    : 'write an IANA zone name such as "UTC", "Europe/Paris" or "America/New_York" (tz database names, not abbreviations)';
}

/** The candidate closest to `word` (case-insensitive edit distance), if it is close enough. */
function nearest(word: string, candidates: readonly string[]): string | undefined {
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
