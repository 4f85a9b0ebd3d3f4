import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import type { Policy } from '../domain/policy.js';
import { mergePolicy, policySchema } from './policy.js';
import { count, positive, section, text } from './zod.js';
import { isTimeZone } from '../domain/time.js';
import { ROLES, type Role } from '../domain/types.js';
import { CONFIG_FILE, DEFAULTS, ENV_VARS } from './defaults.js';
import { describeIssues } from './problems.js';
import { ConfigError } from './error.js';
import { parseWorkCalendar, type WorkCalendar } from '../domain/calendar/index.js';
import { checkLease } from './lease.js';
import { readYaml } from './yaml.js';
import { mondaySection, type DeliveryColumns, type ProspectsColumns } from './monday.js';

export { ConfigError, type ConfigProblem } from './error.js';
import { IMPORT_COLUMN_DEFAULTS as IMPORT, type ImportColumns } from '../import/columns.js';

/**
 * `baton.config.yaml` and the environment: one zod schema, the resolved `BatonConfig`, and
 * `ConfigError`, whose message names every bad key and its fix. Nothing here reads the clock.
 *
 * @example
 *   const config = loadConfig({ cwd: process.cwd(), env: process.env });
 *   config.policy.due.packet; // 7_200_000 unless policy.clocks.packetHours says otherwise
 */

export { CONFIG_FILE, DEFAULTS, ENV_VARS } from './defaults.js';

export interface RoleIds {
  slack?: string;
  monday?: number;
}

export type { DeliveryColumns, ProspectField, ProspectsColumns } from './monday.js';

export interface BatonConfig {
  /** Absolute path of the config file. */
  path: string;
  /** Absolute workspace root, resolved relative to the config file's folder. */
  root: string;
  /** `calendar`: working hours and holidays (SPEC §15); absent, every clock counts wall-clock time. */
  org: { name: string; timezone: string; calendar?: WorkCalendar };
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
    /** Column ids Baton reads on the Prospects board; unset, Baton reads no item from the board. */
    prospectsColumns?: ProspectsColumns;
    deliveryColumns: DeliveryColumns;
    /** How often `baton serve` reconciles the Prospects board, in minutes. */
    syncMinutes: number;
  };
  policy: Policy;
  /** `summary.at`: the org-local `HH:MM` from which `baton serve` files the daily summary and DMs chief.staff; unset, nobody is scheduled. */
  summary: { at?: string };
  /** `baton import`: the column of a board export that holds each deal field. */
  import: { columns: ImportColumns };
  /** `BATON_HTTP_TIMEOUT_MS`: how long one Slack or monday.com call may take; unset, each sink's default. */
  httpTimeoutMs?: number;
  /** `BATON_PUBLIC_URL`: where people open the dashboard; a cut Slack text points there. */
  publicUrl?: string;
}

export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//i.test(database);
}

// ---- the schema -------------------------------------------------------------------------

const SLACK_USER = /^[UW][A-Z0-9]+$/;
const CHANNEL = /^(#[^\s#]+|C[A-Z0-9]+)$/;
/** An org-local time of day, `HH:MM` on a 24-hour clock. */
export const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const isDatabase = (v: string) => isPostgresUrl(v) || !/^[a-z][a-z0-9+.-]*:\/\//i.test(v);
/** A fixed IANA zone: `local`/`system` would change with the machine Baton runs on. */
const isZone = (v: string) => v.trim() !== '' && !/^(local|system)$/i.test(v) && isTimeZone(v);
const isHttpUrl = (v: string) => /^https?:\/\/[^\s]+$/i.test(v) && URL.canParse(v);

const roleIds = z.object({ slack: z.string().regex(SLACK_USER).optional(), monday: count.optional() }).strict();
const roleShape = Object.fromEntries(ROLES.map((r) => [r, roleIds.optional()])) as {
  [K in Role]: z.ZodOptional<typeof roleIds>;
};

/** `baton import`: header names of a board export; the defaults fit a monday.com export. */
const importColumns = z
  .object({
    id: text.default(IMPORT.id),
    company: text.default(IMPORT.company),
    stage: text.default(IMPORT.stage),
    contactName: text.default(IMPORT.contactName),
    contactTitle: text.default(IMPORT.contactTitle),
    contactEmail: text.default(IMPORT.contactEmail),
    contactPhone: text.default(IMPORT.contactPhone),
    commitment: text.default(IMPORT.commitment),
    sowExpected: text.default(IMPORT.sowExpected),
    origin: text.default(IMPORT.origin),
    notes: text.default(IMPORT.notes),
  })
  .strict();

const fileSchema = z
  .object({
    org: z.object({ name: text, timezone: z.string().refine(isZone).default(DEFAULTS.timezone), calendar: z.unknown().optional() }).strict(),
    workspace: text.default(DEFAULTS.workspace),
    database: text.refine(isDatabase).default(DEFAULTS.database),
    roles: section(z.object(roleShape).strict().default({})),
    slack: section(
      z
        .object({ channel: z.string().regex(CHANNEL).default(DEFAULTS.channel), postIntervalMs: z.number().int().nonnegative().default(1000) })
        .strict()
        .default({}),
    ),
    monday: section(mondaySection),
    policy: section(policySchema.default({})),
    summary: section(
      z
        .object({ at: z.string().regex(LOCAL_TIME).optional() })
        .strict()
        .default({}),
    ),
    import: section(
      z
        .object({ columns: section(importColumns.default({})) })
        .strict()
        .default({}),
    ),
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
  BATON_PUBLIC_URL: envUrl,
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
export function loadConfig(opts: { cwd: string; configPath?: string; env: Record<string, string | undefined> }): BatonConfig {
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
    throw new ConfigError([{ key: CONFIG_FILE, message: `cannot read ${path}: ${(err as Error).message}`, fix: 'make the file readable by this user' }]);
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
  const calendar = calendarOf(c.org.calendar, c.org.timezone, file);
  const database = env.BATON_DATABASE_URL ? resolveDatabase(env.BATON_DATABASE_URL, from.cwd ?? dir) : resolveDatabase(c.database, dir);
  return checkLease(
    {
      path,
      root: resolve(dir, c.workspace),
      org: { name: c.org.name, timezone: c.org.timezone, ...(calendar ? { calendar } : {}) },
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
        prospectsColumns: c.monday.prospectsColumns,
        deliveryColumns: c.monday.deliveryColumns,
        syncMinutes: c.monday.syncMinutes,
      },
      policy: mergePolicy(c.policy),
      summary: c.summary.at !== undefined ? { at: c.summary.at } : {},
      import: { columns: c.import.columns },
      ...(env.BATON_HTTP_TIMEOUT_MS ? { httpTimeoutMs: Number(env.BATON_HTTP_TIMEOUT_MS) } : {}),
      ...(env.BATON_PUBLIC_URL?.trim() ? { publicUrl: env.BATON_PUBLIC_URL.trim().replace(/\/+$/, '') } : {}),
    },
    file,
  );
}

function resolveDatabase(database: string, base: string): string {
  return isPostgresUrl(database) || database === ':memory:' ? database : resolve(base, database);
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** `org.calendar`, validated in the org time zone (SPEC §15); null or absent is none. */
function calendarOf(input: unknown, zone: string, file: string): WorkCalendar | undefined {
  if (input === undefined || input === null) return undefined;
  const parsed = parseWorkCalendar(input, zone);
  if (!parsed.ok)
    throw new ConfigError(
      parsed.problems.map((p) => ({ key: p.field, message: p.message, fix: p.fix })),
      file,
    );
  return parsed.calendar;
}
