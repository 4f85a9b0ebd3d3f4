import { IMPORT_COLUMN_DEFAULTS } from '../src/import/columns.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig, type BatonConfig } from '../src/config/config.js';
import { starterConfig } from '../src/config/template.js';
import { DURATION, POLICY_V1 } from '../src/domain/policy.js';

const { HOUR, DAY, MINUTE } = DURATION;
const MINIMAL = 'org: { name: "Acme" }\n';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'baton-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function parse(text: string, env: Record<string, string | undefined> = {}): BatonConfig {
  return parseConfig(text, { path: join(dir, 'baton.config.yaml'), env });
}

/** The ConfigError a config text throws. */
function problemsOf(text: string, env: Record<string, string | undefined> = {}): ConfigError {
  try {
    parse(text, env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

function expectProblem(err: ConfigError, key: string, message: RegExp, fix: RegExp): void {
  const problem = err.configProblems.find((p) => p.key === key);
  expect(problem, `no problem for ${key} in:\n${err.message}`).toBeDefined();
  expect(problem?.message).toMatch(message);
  expect(problem?.fix).toMatch(fix);
  expect(err.message).toContain(`${key}: ${problem?.message}. Fix: ${problem?.fix}`);
  expect(err.message.split('\n').every((line) => line.endsWith('.'))).toBe(true);
}

describe('starter config', () => {
  it('parses to a valid config with the v1.0 policy', () => {
    const config = parse(starterConfig());
    expect(config.org).toEqual({ name: 'eco|monetize', timezone: 'UTC' });
    expect(config.roles.cro).toEqual({ slack: 'U0CRO', monday: 111 });
    expect(config.roles['customer.success']).toEqual({ slack: 'U0CS', monday: 222 });
    expect(config.monday.prospectsBoardId).toBe(123);
    expect(config.policy).toEqual(POLICY_V1);
  });

  it('keeps an org name with quotes and YAML symbols intact', () => {
    expect(parse(starterConfig({ orgName: 'Acme "Q" # co: ltd' })).org.name).toBe('Acme "Q" # co: ltd');
  });

  it('loads from a folder after init writes it', () => {
    writeFileSync(join(dir, 'baton.config.yaml'), starterConfig({ orgName: 'Acme' }));
    const config = loadConfig({ cwd: dir, env: {} });
    expect(config.path).toBe(join(dir, 'baton.config.yaml'));
    expect(config.org.name).toBe('Acme');
  });

  it('gives the v1.0 defaults when its policy block is uncommented', () => {
    const [head, block] = starterConfig().split('# policy:');
    const text = `${head}policy:${(block ?? '').replace(/^# /gm, '')}`;
    expect(text).toMatch(/^policy:$/m);
    expect(parse(text).policy).toEqual(POLICY_V1);
  });

  it('SPEC §15 gives a working calendar when its org.calendar block is uncommented', () => {
    const text = starterConfig()
      .replace(/^ {2}# calendar:$/m, '  calendar:')
      .replace(/^ {2}# {4}(hours|holidays|holidayRegion)(: )/gm, '    $1$2');
    const { org } = parse(text);
    expect(org.calendar).toMatchObject({ zone: 'UTC', holidays: ['2026-12-25'], holidayRegion: 'US' });
    expect(org.calendar?.week.mon).toEqual([{ startMinute: 9 * 60, endMinute: 17 * 60 }]);
  });

  it('gives a valid Prospects board mapping when its prospectsColumns block is uncommented', () => {
    const text = starterConfig()
      .replace(/^ {2}# prospectsColumns:$/m, '  prospectsColumns:')
      .replace(/^ {2}# {3}(\w+: )/gm, '    $1');
    const { monday } = parse(text);
    expect(monday.prospectsColumns).toMatchObject({ stage: 'status', commitment: 'status_1', contactEmail: 'email', handoff: 'status_3' });
    expect(Object.keys(monday.prospectsColumns ?? {})).toHaveLength(11);
    expect(monday.deliveryColumns.milestones).toBe('date0');
    expect(monday.syncMinutes).toBe(15);
  });

  it('documents every key and the secret variables', () => {
    const text = starterConfig();
    for (const key of [
      'org:',
      'timezone:',
      'workspace:',
      'database:',
      'roles:',
      'slack:',
      'channel:',
      'monday:',
      'prospectsBoardId:',
      'deliveryBoardId:',
      'prospectsColumns:',
      'syncMinutes:',
      'deliveryColumns:',
      'milestones:',
      'apiVersion:',
      '# policy:',
      'escalationGraceHours:',
      'calendar:',
      'holidayRegion:',
      'reminders:',
      'sow-signature: ["12h"]',
      'calendarClocks:',
    ]) {
      expect(text).toContain(key);
    }
    for (const v of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'BATON_SLACK_API_URL', 'MONDAY_API_TOKEN', 'BATON_MONDAY_API_URL', 'BATON_DATABASE_URL']) {
      expect(text).toContain(v);
    }
  });
});

describe('defaults', () => {
  it('fills every optional key', () => {
    const config = parse(MINIMAL);
    expect(config).toEqual({
      path: join(dir, 'baton.config.yaml'),
      root: dir,
      org: { name: 'Acme', timezone: 'UTC' },
      database: join(dir, 'baton.db'),
      roles: {},
      slack: { channel: '#exec-checkins', postIntervalMs: 1000, botToken: undefined, signingSecret: undefined, apiUrl: 'https://slack.com/api/' },
      monday: {
        prospectsBoardId: undefined,
        deliveryBoardId: undefined,
        token: undefined,
        apiUrl: 'https://api.monday.com/v2',
        apiVersion: '2026-07',
        prospectsColumns: undefined,
        deliveryColumns: { customer: 'text', window: 'timeline', owner: 'person', sourceKey: 'text_key', milestones: 'date0' },
        syncMinutes: 15,
      },
      policy: POLICY_V1,
      summary: {},
      import: { columns: IMPORT_COLUMN_DEFAULTS },
    });
  });

  it('reads empty sections as absent', () => {
    const config = parse(`${MINIMAL}roles:\nslack:\nmonday:\npolicy:\n`);
    expect(config.roles).toEqual({});
    expect(config.slack.channel).toBe('#exec-checkins');
    expect(config.policy).toEqual(POLICY_V1);
  });

  it('accepts a channel id and a real time zone', () => {
    const config = parse('org: { name: "Acme", timezone: "Europe/Paris" }\nslack: { channel: "C0123ABC" }\n');
    expect(config.org.timezone).toBe('Europe/Paris');
    expect(config.slack.channel).toBe('C0123ABC');
  });
});

describe('paths', () => {
  it('resolves workspace and the SQLite path relative to the config folder, not the cwd', () => {
    mkdirSync(join(dir, 'conf'));
    writeFileSync(join(dir, 'conf', 'baton.config.yaml'), `${MINIMAL}workspace: "../ops"\ndatabase: "data/baton.db"\n`);
    const config = loadConfig({ cwd: dir, configPath: 'conf', env: {} });
    expect(config.path).toBe(join(dir, 'conf', 'baton.config.yaml'));
    expect(config.root).toBe(join(dir, 'ops'));
    expect(config.database).toBe(join(dir, 'conf', 'data', 'baton.db'));
  });

  it('keeps absolute paths and postgres URLs as written', () => {
    const config = parse(`${MINIMAL}workspace: "/srv/ops"\ndatabase: "postgres://baton@db/baton"\n`);
    expect(config.root).toBe('/srv/ops');
    expect(config.database).toBe('postgres://baton@db/baton');
  });

  it('finds the file through --config (a file), BATON_CONFIG, or the cwd', () => {
    writeFileSync(join(dir, 'other.yaml'), 'org: { name: "Other" }\n');
    writeFileSync(join(dir, 'baton.config.yaml'), MINIMAL);
    expect(loadConfig({ cwd: '/', configPath: join(dir, 'other.yaml'), env: {} }).org.name).toBe('Other');
    expect(loadConfig({ cwd: '/', env: { BATON_CONFIG: join(dir, 'other.yaml') } }).org.name).toBe('Other');
    expect(loadConfig({ cwd: '/', env: { BATON_CONFIG: dir } }).org.name).toBe('Acme');
    const both = loadConfig({ cwd: dir, configPath: 'baton.config.yaml', env: { BATON_CONFIG: join(dir, 'other.yaml') } });
    expect(both.org.name).toBe('Acme');
  });
});

describe('environment', () => {
  it('overrides the database and supplies secrets and endpoints', () => {
    const config = parse(MINIMAL, {
      BATON_DATABASE_URL: 'postgres://baton:pw@localhost:5432/baton',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 'sig',
      BATON_SLACK_API_URL: 'http://127.0.0.1:4000/api',
      MONDAY_API_TOKEN: 'mt',
      BATON_MONDAY_API_URL: 'http://127.0.0.1:4001/v2',
    });
    expect(config.database).toBe('postgres://baton:pw@localhost:5432/baton');
    expect(config.slack).toEqual({
      channel: '#exec-checkins',
      postIntervalMs: 1000,
      botToken: 'xoxb-1',
      signingSecret: 'sig',
      apiUrl: 'http://127.0.0.1:4000/api/',
    });
    expect(config.monday.token).toBe('mt');
    expect(config.monday.apiUrl).toBe('http://127.0.0.1:4001/v2');
  });

  it('treats empty variables as unset and resolves a SQLite BATON_DATABASE_URL against the cwd', () => {
    const empty = parse(MINIMAL, { SLACK_BOT_TOKEN: '', BATON_DATABASE_URL: '' });
    expect(empty.slack.botToken).toBeUndefined();
    expect(empty.database).toBe(join(dir, 'baton.db'));
    writeFileSync(join(dir, 'baton.config.yaml'), MINIMAL);
    const config = loadConfig({ cwd: '/var/tmp', configPath: dir, env: { BATON_DATABASE_URL: 'x.db' } });
    expect(config.database).toBe('/var/tmp/x.db');
  });

  it('refuses a bad endpoint, naming the variable and hiding a password', () => {
    const err = problemsOf(MINIMAL, { BATON_SLACK_API_URL: 'slack.local', BATON_DATABASE_URL: 'mysql://u:secret@h/db' });
    expectProblem(err, 'BATON_SLACK_API_URL', /http\(s\) URL, got "slack.local"/, /export BATON_SLACK_API_URL=/);
    expectProblem(err, 'BATON_DATABASE_URL', /postgres/, /BATON_DATABASE_URL/);
    expect(err.message).toContain('environment: BATON_SLACK_API_URL:');
    expect(err.message).not.toContain('secret');
  });
});

describe('errors name the key and the fix', () => {
  it('missing file', () => {
    const err = (() => {
      try {
        loadConfig({ cwd: dir, env: {} });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expectProblem(err, 'baton.config.yaml', new RegExp(`not found at ${join(dir, 'baton.config.yaml')}`), /baton init.*--config PATH/);
    expect(err.message).toMatch(/^baton\.config\.yaml: not found at .*\. Fix: run `baton init` in .* or pass `--config PATH`\.$/);
  });

  it('YAML syntax error, with its line', () => {
    const err = problemsOf('org:\n  name: "Acme"\n\ttimezone: "UTC"\n');
    expect(err.problems[0]?.field).toBe('line 3');
    expect(err.problems[0]?.message).toMatch(/invalid YAML: .*line 3/);
    expect(err.problems[0]?.fix).toMatch(/spaces, not tabs/);
    expect(problemsOf('org: { name: "Acme"\n').message).toMatch(/baton\.config\.yaml: line \d+: invalid YAML/);
  });

  it('a file that is not a mapping', () => {
    expectProblem(problemsOf('- org\n'), 'baton.config.yaml', /expected a mapping of settings, got a list/, /baton init/);
  });

  it('missing org name', () => {
    expectProblem(problemsOf('workspace: "."\n'), 'org', /missing/, /org: \{ name:/);
    expectProblem(problemsOf('org: { timezone: "UTC" }\n'), 'org.name', /missing/, /name: "Your Company"/);
  });

  it('bad time zone, with the closest real one', () => {
    const err = problemsOf('org: { name: "Acme", timezone: "Europe/Pariss" }\n');
    expectProblem(err, 'org.timezone', /IANA time zone.*got "Europe\/Pariss"/, /timezone: "Europe\/Paris"/);
    expectProblem(problemsOf('org: { name: "Acme", timezone: "Mars/Olympus" }\n'), 'org.timezone', /IANA/, /"Europe\/Paris"/);
    expectProblem(problemsOf('org: { name: "Acme", timezone: "local" }\n'), 'org.timezone', /IANA/, /IANA zone name/);
  });

  it('unknown role, listing the valid ones', () => {
    const err = problemsOf(`${MINIMAL}roles:\n  sales: { slack: "U0S" }\n  customer_success: { slack: "U0CS" }\n`);
    expectProblem(err, 'roles.sales', /unknown role "sales"; the roles are cro, customer\.success, chief\.staff, ceo, sop\.manager/, /remove it, or use one of cro/);
    expectProblem(err, 'roles.customer_success', /unknown role/, /rename it to customer\.success/);
  });

  it('unknown top-level key, suggesting the close one', () => {
    const err = problemsOf(`${MINIMAL}databse: "x.db"\n`);
    expectProblem(err, 'databse', /unknown key "databse"; the top-level keys are org, workspace, database/, /rename it to database/);
    expect(err.message).toBe(
      'baton.config.yaml: databse: unknown key "databse"; the top-level keys are org, workspace, database, roles, slack, monday, policy, summary, import. Fix: rename it to database, or remove it.',
    );
  });

  it('unknown nested key', () => {
    const err = problemsOf(`${MINIMAL}policy: { clocks: { packetHour: 3 } }\n`);
    expectProblem(err, 'policy.clocks.packetHour', /keys under policy\.clocks are packetHours/, /rename it to packetHours/);
  });

  it('price not a number', () => {
    const err = problemsOf(`${MINIMAL}policy: { price: "abc" }\n`);
    expect(err.message).toBe('baton.config.yaml: policy.price: expected a positive number, got "abc". Fix: write a number such as 2500.');
    expectProblem(problemsOf(`${MINIMAL}policy: { price: -5 }\n`), 'policy.price', /positive number, got -5/, /2500/);
  });

  it('bad Slack user id', () => {
    const err = problemsOf(`${MINIMAL}roles:\n  cro: { slack: "@jane" }\n`);
    expectProblem(err, 'roles.cro.slack', /Slack member id .*got "@jane"/, /Copy member ID/);
  });

  it('bad monday person id', () => {
    expectProblem(problemsOf(`${MINIMAL}roles:\n  ceo: { monday: "111" }\n`), 'roles.ceo.monday', /positive whole number\), got "111"/, /without quotes/);
  });

  it('bad apiVersion', () => {
    const err = problemsOf(`${MINIMAL}monday: { apiVersion: "2026-05" }\n`);
    expectProblem(err, 'monday.apiVersion', /month 01, 04, 07 or 10, got "2026-05"/, /apiVersion: "2026-07"/);
  });

  it('monday.prospectsColumns: every field but company and handoff, each its own column', () => {
    const full =
      'stage: "status", commitment: "commit", sowStatus: "sow", sowExpected: "date4", contactName: "text", contactTitle: "text1", contactEmail: "email", contactPhone: "phone", origin: "source"';
    const { monday } = parse(`${MINIMAL}monday: { prospectsColumns: { ${full} } }\n`);
    expect(monday.prospectsColumns).toEqual({
      stage: 'status',
      commitment: 'commit',
      sowStatus: 'sow',
      sowExpected: 'date4',
      contactName: 'text',
      contactTitle: 'text1',
      contactEmail: 'email',
      contactPhone: 'phone',
      origin: 'source',
    });
    expect(parse(`${MINIMAL}monday: { prospectsColumns: { ${full}, company: "text9", handoff: "status9" } }\n`).monday.prospectsColumns).toMatchObject({
      company: 'text9',
      handoff: 'status9',
    });

    const missing = problemsOf(`${MINIMAL}monday: { prospectsColumns: { stage: "status" } }\n`);
    expectProblem(
      missing,
      'monday.prospectsColumns.commitment',
      /missing: expected the id of a status or dropdown column with the labels Written and Verbal/,
      /write commitment: "<column id>" under monday\.prospectsColumns/,
    );
    expectProblem(missing, 'monday.prospectsColumns.contactEmail', /missing: expected the id of an email column/, /Copy column ID/);
    expect(missing.configProblems.map((p) => p.key)).not.toContain('monday.prospectsColumns.company');
    expect(missing.configProblems.map((p) => p.key)).not.toContain('monday.prospectsColumns.handoff');

    const twice = problemsOf(`${MINIMAL}monday: { prospectsColumns: { ${full.replace('commit"', 'status"')} } }\n`);
    expect(twice.configProblems).toEqual([
      {
        key: 'monday.prospectsColumns.commitment',
        message: 'names column "status", which stage already names',
        fix: 'give commitment its own column id (each deal field is read from a column of its own)',
      },
    ]);

    expectProblem(problemsOf(`${MINIMAL}monday: { prospectsColumns: { ${full}, stages: "x" } }\n`), 'monday.prospectsColumns.stages', /unknown key "stages"/, /rename it to stage/);
    expectProblem(
      problemsOf(`${MINIMAL}monday: { prospectsColumns: { ${full.replace('"date4"', '4')} } }\n`),
      'monday.prospectsColumns.sowExpected',
      /the id of a date column .*got 4/,
      /sowExpected: "<column id>"/,
    );
    expectProblem(
      problemsOf(`${MINIMAL}monday: { prospectsColumns: "status" }\n`),
      'monday.prospectsColumns',
      /a mapping from deal field to column id, got "status"/,
      /stage: "…", commitment: "…"/,
    );
  });

  it('monday.syncMinutes and monday.deliveryColumns.milestones (a column of the subitems board)', () => {
    expect(parse(`${MINIMAL}monday: { syncMinutes: 5, deliveryColumns: { milestones: "date7" } }\n`).monday).toMatchObject({
      syncMinutes: 5,
      deliveryColumns: { customer: 'text', milestones: 'date7' },
    });
    expectProblem(problemsOf(`${MINIMAL}monday: { syncMinutes: 0 }\n`), 'monday.syncMinutes', /minutes, 1 or more, got 0/, /syncMinutes: 15/);
    expectProblem(problemsOf(`${MINIMAL}monday: { syncMinutes: "15m" }\n`), 'monday.syncMinutes', /got "15m"/, /reconciles the Prospects board/);
    expectProblem(problemsOf(`${MINIMAL}monday: { deliveryColumns: { milestones: "" } }\n`), 'monday.deliveryColumns.milestones', /SUBITEMS board/, /milestones: "date0"/);
  });

  it('an unquoted # channel, read by YAML as a comment', () => {
    const err = problemsOf(`${MINIMAL}slack:\n  channel: #exec-checkins\n`);
    expectProblem(err, 'slack.channel', /got an empty value/, /in quotes/);
  });

  it('an unquoted policy version', () => {
    expectProblem(problemsOf(`${MINIMAL}policy: { version: 1.1 }\n`), 'policy.version', /got 1\.1/, /version: "1\.1"/);
  });

  it('reports every problem at once, one line each', () => {
    const err = problemsOf('org: { name: "Acme", timezone: "Nowhere" }\nroles: { boss: {} }\npolicy: { price: "x" }\n');
    expect(err.configProblems.map((p) => p.key).sort()).toEqual(['org.timezone', 'policy.price', 'roles.boss']);
    expect(err.message.split('\n')).toHaveLength(3);
  });
});

describe('policy overrides merge over v1.0', () => {
  it('changes one clock and keeps the rest', () => {
    const policy = parse(`${MINIMAL}policy: { clocks: { packetHours: 3 } }\n`).policy;
    expect(policy.due.packet).toBe(3 * HOUR);
    expect(policy).toEqual({ ...POLICY_V1, due: { ...POLICY_V1.due, packet: 3 * HOUR } });
  });

  it('maps every key to its unit', () => {
    const policy = parse(
      `${MINIMAL}policy:\n  version: "1.1"\n  price: 3000\n  clocks: { announcementHours: 1.5, acknowledgementHours: 12, escalationGraceHours: 2, sowSendHours: 6, sowSignatureHours: 36, deliveryDays: 45 }\n  deliveryWindowDays: 45\n  milestones: [{ name: "Kickoff", days: 0 }, { name: "Readout", days: 45 }]\n  heartbeatMinutes: 10\n  activationHours: 8\n  maxAttempts: 3\n  reminders: { packet: ["1h", "15m"], acknowledgement: [] }\n  calendarClocks: [packet, acknowledgement]\n`,
    ).policy;
    expect(policy).toEqual({
      version: '1.1',
      price: 3000,
      due: {
        packet: 2 * HOUR,
        announcement: 1.5 * HOUR,
        acknowledgement: 12 * HOUR,
        'ceo-escalation': 2 * HOUR,
        'sow-send': 6 * HOUR,
        'sow-signature': 36 * HOUR,
        delivery: 45 * DAY,
      },
      deliveryWindowDays: 45,
      milestones: [
        { name: 'Kickoff', days: 0 },
        { name: 'Readout', days: 45 },
      ],
      heartbeatWindowMs: 10 * MINUTE,
      activationWindowMs: 8 * HOUR,
      delivery: { ...POLICY_V1.delivery, maxAttempts: 3 },
      // SPEC §15: a clock named in reminders gets those (longest lead first), `[]` none; the others keep v1.0's.
      reminders: { packet: [HOUR, 15 * MINUTE], 'sow-signature': [12 * HOUR] },
      calendarClocks: ['packet', 'acknowledgement'],
    });
  });

  it('SPEC §15 org.calendar is read in the org time zone, and a wrong one names the key and the fix', () => {
    const good = parse('org: { name: "Acme", timezone: "America/New_York", calendar: { hours: { mon: "09:00-17:00" }, holidayRegion: "US" } }\n');
    expect(good.org.calendar).toMatchObject({ zone: 'America/New_York', holidayRegion: 'US' });
    expect(() => parse('org: { name: "Acme", calendar: { hours: { mon: "9 to 5" } } }\n')).toThrow(/org\.calendar\.hours\.mon: .*Fix: /);
    expect(() => parse(`${MINIMAL}policy:\n  reminders: { packet: ["soon"] }\n`)).toThrow(/policy\.reminders\.packet/);
  });

  it('does not share arrays with POLICY_V1', () => {
    const policy = parse(MINIMAL).policy;
    expect(policy.milestones).not.toBe(POLICY_V1.milestones);
    expect(policy.due).not.toBe(POLICY_V1.due);
  });
});

describe('SPEC §15 summary.at', () => {
  it('is unset by default, an org-local HH:MM when given, and the starter config shows it commented out', () => {
    expect(parse(MINIMAL).summary).toEqual({});
    expect(parse(`${MINIMAL}summary: { at: "08:00" }\n`).summary).toEqual({ at: '08:00' });
    expect(parse(starterConfig()).summary).toEqual({});
    const uncommented = starterConfig().replace(/^# summary:\n# {3}at: "08:00"$/m, 'summary:\n  at: "08:00"');
    expect(parse(uncommented).summary).toEqual({ at: '08:00' });
  });

  it.each(['8am', '24:00', '08:60', '8:00'])('refuses %s naming summary.at and the fix', (value) => {
    expectProblem(problemsOf(`${MINIMAL}summary: { at: "${value}" }\n`), 'summary.at', /HH:MM/, /at: "08:00"/);
  });
});
