/** Defaults and environment variables of the configuration, shared by the schema, its error hints and `baton init`. */
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
