import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { DURATION, POLICY_V1, type Policy } from './domain/policy.js';
import { isTimeZone } from './domain/time.js';
import { ROLES, type Role } from './domain/types.js';
import { CONFIG_FILE, DEFAULTS, ENV_VARS } from './config-defaults.js';
import { describeIssues, show } from './config-problems.js';

/**
 * `baton.config.yaml` and the environment: one zod schema, the resolved `BatonConfig`, and
 * `ConfigError`, whose message names every bad key and its fix. Nothing here reads the clock.
 *
 * @example
 *   const config = loadConfig({ cwd: process.cwd(), env: process.env });
 *   config.policy.due.packet; // 7_200_000 unless policy.clocks.packetHours says otherwise
 */

export { CONFIG_FILE, DEFAULTS, ENV_VARS } from './config-defaults.js';

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
  /** `postIntervalMs`: the least time between two posts to one channel (Slack allows about one a second). */
  slack: { channel: string; postIntervalMs: number; botToken?: string; signingSecret?: string; apiUrl: string };
  monday: {
    prospectsBoardId?: number;
    deliveryBoardId?: number;
    token?: string;
    apiUrl: string;
    apiVersion: string;
    deliveryColumns: DeliveryColumns;
  };
  policy: Policy;
  /** `BATON_HTTP_TIMEOUT_MS`: how long one Slack or monday.com call may take; unset, each sink's default. */
  httpTimeoutMs?: number;
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
    deliveryLeaseSeconds: positive.optional(),
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
    slack: section(
      z
        .object({ channel: z.string().regex(CHANNEL).default(DEFAULTS.channel), postIntervalMs: z.number().int().nonnegative().default(1000) })
        .strict()
        .default({}),
    ),
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
  BATON_HTTP_TIMEOUT_MS: envVar.refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) > 0), {
    message: 'a positive whole number of milliseconds',
  }),
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
  if (!result.success) throw new ConfigError(describeIssues(result.error.issues, { file: data, env: from.env }, fileSchema), file);
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
      postIntervalMs: c.slack.postIntervalMs,
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
    ...(env.BATON_HTTP_TIMEOUT_MS ? { httpTimeoutMs: Number(env.BATON_HTTP_TIMEOUT_MS) } : {}),
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
    delivery: {
      ...base.delivery,
      maxAttempts: p.maxAttempts ?? base.delivery.maxAttempts,
      leaseMs: ms(p.deliveryLeaseSeconds, 1000, base.delivery.leaseMs),
    },
  };
}
