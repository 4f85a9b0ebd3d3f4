import { DEFAULTS, ENV_VARS } from './config.js';
import { DURATION, POLICY_V1 } from '../domain/policy.js';
import { IMPORT_COLUMN_DEFAULTS, IMPORT_FIELD_NOTES, IMPORT_FIELDS } from '../import/columns.js';
import { PROSPECT_FIELD_NOTES, PROSPECT_FIELDS } from './monday.js';

/**
 * The commented `baton.config.yaml` that `baton init` writes. It parses to a valid config
 * as written; the ids in it are examples to replace, and the policy block, commented out,
 * shows the v1.0 defaults.
 *
 * @example
 *   writeFileSync('baton.config.yaml', starterConfig({ orgName: 'eco|monetize' }));
 */
/** Column ids as a new monday.com board might name them: examples for the starter config. */
const PROSPECT_EXAMPLES = {
  company: 'text_company',
  stage: 'status',
  commitment: 'status_1',
  sowStatus: 'status_2',
  sowExpected: 'date4',
  contactName: 'text',
  contactTitle: 'text_1',
  contactEmail: 'email',
  contactPhone: 'phone',
  origin: 'text_2',
  handoff: 'status_3',
} as const;

export function starterConfig(opts: { orgName?: string } = {}): string {
  const name = JSON.stringify(opts.orgName?.trim() || 'eco|monetize');
  const p = POLICY_V1;
  const hours = (ms: number) => ms / DURATION.HOUR;
  const envWidth = Math.max(...Object.keys(ENV_VARS).map((k) => k.length));
  const envLines = Object.entries(ENV_VARS).map(([k, v]) => `#   ${k.padEnd(envWidth)}  ${v}`);
  const milestones = p.milestones.map((m) => `#     - { name: ${JSON.stringify(m.name)}, days: ${m.days} }`);
  const c = DEFAULTS.deliveryColumns;
  const row = (code: string, comment: string) => `${code.padEnd(32)} # ${comment}`;

  return [
    '# baton.config.yaml: the configuration of Baton, the sales-to-onboarding handoff.',
    '# Every key below is checked when Baton starts; a wrong one is reported with its fix.',
    '#',
    '# Secrets and endpoints never go in this file; they come from the environment:',
    ...envLines,
    '# Without SLACK_BOT_TOKEN or MONDAY_API_TOKEN, messages and delivery items go to the',
    '# built-in sinks (stored, shown as delivered), so the whole SOP runs on one laptop.',
    '',
    '# The company. timezone (an IANA name, default "UTC") sets the dates people read:',
    '# packet file names, due times in messages, the daily summary, working hours.',
    'org:',
    `  name: ${name}`,
    `  timezone: "${DEFAULTS.timezone}"`,
    '  # Working hours and holidays in that time zone, for the clocks in policy.calendarClocks',
    '  # (they count working time only, exact across DST). Without a calendar, every clock',
    '  # counts wall-clock hours, as policy v1.0 does.',
    '  # calendar:',
    '  #    hours: { mon: "09:00-17:00", tue: "09:00-17:00", wed: "09:00-17:00", thu: "09:00-17:00", fri: "09:00-17:00" }',
    row('  #    holidays: ["2026-12-25"]', 'dates off; and/or'),
    row('  #    holidayRegion: "US"', 'a date-holidays country[-state] code: its public holidays are off'),
    '',
    '# Root of operations/ and sessions/, relative to this file\'s folder (default ".").',
    `workspace: "${DEFAULTS.workspace}"`,
    '',
    '# Where Baton keeps its records: a SQLite file relative to this folder (default',
    '# "baton.db"), or postgres://user@host/db for several Baton processes sharing one store.',
    '# BATON_DATABASE_URL overrides it.',
    `database: "${DEFAULTS.database}"`,
    '',
    "# Each role's Slack member id (U... or W...: profile > ⋮ > Copy member ID) and monday.com",
    '# person id (a number). The values below are EXAMPLES: replace them with your own.',
    '# Roles: cro, customer.success, chief.staff, ceo, sop.manager; each key is optional.',
    'roles:',
    '  cro: { slack: "U0CRO", monday: 111 }',
    '  customer.success: { slack: "U0CS", monday: 222 }',
    '  chief.staff: { slack: "U0COS" }',
    '  ceo: { slack: "U0CEO" }',
    '  sop.manager: { slack: "U0SOP" }',
    '',
    '# The channel for deal announcements: a name in quotes (an unquoted # starts a comment)',
    `# or a channel id such as C0123ABC. Default "${DEFAULTS.channel}".`,
    'slack:',
    `  channel: "${DEFAULTS.channel}"`,
    row('  postIntervalMs: 1000', 'least time between two posts to one channel (Slack allows about one a second)'),
    '',
    "# monday.com boards. The ids below are EXAMPLES: use the numbers in your boards' URLs.",
    'monday:',
    row('  prospectsBoardId: 123', 'the Prospects board: deals and their stages'),
    row('  deliveryBoardId: 456', 'the board where Baton creates the delivery item'),
    '  # Column ids on the Prospects board for each deal field Baton reads (the ids below are',
    "  # EXAMPLES: a column's menu shows its id with monday.com Developer mode on). Without",
    '  # prospectsColumns Baton reads no item from the board; company and handoff are optional.',
    '  # prospectsColumns:',
    ...PROSPECT_FIELDS.map((f) => row(`  #   ${f}: ${JSON.stringify(PROSPECT_EXAMPLES[f])}`, PROSPECT_FIELD_NOTES[f])),
    row(`  syncMinutes: ${DEFAULTS.mondaySyncMinutes}`, 'how often `baton serve` reconciles the Prospects board'),
    '  # Column ids on the delivery board for each field Baton writes (defaults shown).',
    '  deliveryColumns:',
    row(`    customer: "${c.customer}"`, `the customer name`),
    row(`    window: "${c.window}"`, `the delivery window (a timeline column)`),
    row(`    owner: "${c.owner}"`, `the delivery owner (a people column)`),
    row(`    sourceKey: "${c.sourceKey}"`, `Baton's key for the item, so it is never created twice`),
    row(`    milestones: "${c.milestones}"`, `the date column of the SUBITEMS board (one subitem per milestone)`),
    `  # The API-Version pinned on every monday.com call: YYYY-MM, month 01, 04, 07 or 10.`,
    `  apiVersion: "${DEFAULTS.mondayApiVersion}"`,
    '',
    '# The CEO Daily Summary. With summary.at (an org-local time, "HH:MM" in quotes), `baton',
    "# serve` files chief.staff's summary once a day from that time and DMs it to chief.staff",
    '# (several serve processes or a restart never send it twice). Unset: run `baton summary`.',
    '# summary:',
    '#   at: "08:00"',
    '',
    '# `baton import <file.csv>`: the column of a board export that holds each deal field,',
    '# named as in the header row (any case). The defaults, shown here, fit a monday.com',
    '# Prospects board export; uncomment and rename what your board calls otherwise.',
    '# import:',
    '#   columns:',
    ...IMPORT_FIELDS.map((f) => row(`#     ${f}: ${JSON.stringify(IMPORT_COLUMN_DEFAULTS[f])}`, IMPORT_FIELD_NOTES[f])),
    '',
    '# The SOP policy. Every key is optional and merged over the defaults of v1.0, shown here.',
    '# Uncomment what you change, and give the changed policy a new version: a handoff keeps',
    '# the policy version it started under.',
    '# policy:',
    `#   version: "${p.version}"`,
    row(`#   price: ${p.price}`, `the Assessment price, shown in the packet`),
    '#   clocks:',
    row(`#     packetHours: ${hours(p.due.packet)}`, `T0 to the Handoff Packet filed`),
    row(`#     announcementHours: ${hours(p.due.announcement)}`, `T0 to the Slack announcement`),
    row(`#     acknowledgementHours: ${hours(p.due.acknowledgement)}`, `packet filed to customer.success acknowledgement`),
    row(`#     escalationGraceHours: ${hours(p.due['ceo-escalation'])}`, `missed acknowledgement to the ceo escalation`),
    row(`#     sowSendHours: ${hours(p.due['sow-send'])}`, `verbal commitment: T0 to the SOW sent`),
    row(`#     sowSignatureHours: ${hours(p.due['sow-signature'])}`, `verbal commitment: T0 to the SOW signed`),
    row(`#     deliveryDays: ${p.due.delivery / DURATION.DAY}`, `SOW signature to delivery complete`),
    row(`#   deliveryWindowDays: ${p.deliveryWindowDays}`, `the longest committed delivery window`),
    row('#   milestones:', 'offsets in days from the delivery start target'),
    ...milestones,
    row(`#   heartbeatMinutes: ${p.heartbeatWindowMs / DURATION.MINUTE}`, `a heartbeat this recent counts as a live agent`),
    row(`#   activationHours: ${p.activationWindowMs / DURATION.HOUR}`, `a ceo activation counts as a live agent this long`),
    row(`#   maxAttempts: ${p.delivery.maxAttempts}`, `delivery attempts before a message is failed`),
    row(`#   deliveryLeaseSeconds: ${p.delivery.leaseMs / 1000}`, `a send held this long by a process that died is retried`),
    "#   # DMs to the clock's owner this long before it is due (30m, 4h, 1d), each sent once,",
    '#   # with the command to run; a clock is "due soon" from its last one. [] for none.',
    '#   reminders:',
    ...Object.entries(p.reminders).map(([clock, list]) => `#     ${clock}: [${(list ?? []).map((ms) => `"${lead(ms)}"`).join(', ')}]`),
    row('#   calendarClocks: []', 'clocks that count working time only (org.calendar), e.g. [packet, acknowledgement]'),
    '',
  ].join('\n');
}

/** 30 min → `30m`, 4 h → `4h`, 1 day → `1d`: a reminder's lead time as the config writes it. */
function lead(ms: number): string {
  if (ms % DURATION.DAY === 0) return `${ms / DURATION.DAY}d`;
  if (ms % DURATION.HOUR === 0) return `${ms / DURATION.HOUR}h`;
  return `${ms / DURATION.MINUTE}m`;
}
