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
  mondaySyncMinutes: 15,
  deliveryColumns: { customer: 'text', window: 'timeline', owner: 'person', sourceKey: 'text_key', milestones: 'date0' },
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
  BATON_HTTP_TIMEOUT_MS: 'longest wait for one Slack or monday.com call, in ms (default 10000 for Slack, 15000 for monday.com)',
  BATON_PORT: '`baton serve` port when --port is not given (default 8080)',
  BATON_VIEWER_TOKEN: 'read-only token for the dashboard from another machine (localhost needs none)',
  BATON_DEMO: '`npm start`: set to 0 to skip loading the sample deals into an empty store',
  BATON_TOKEN_CRO: 'API bearer token acting as cro (`baton serve`); a role without a token cannot use the API',
  BATON_TOKEN_CUSTOMER_SUCCESS: 'API bearer token acting as customer.success',
  BATON_TOKEN_CHIEF_STAFF: 'API bearer token acting as chief.staff',
  BATON_TOKEN_CEO: 'API bearer token acting as ceo (the only role that activates an agent)',
  BATON_TOKEN_SOP_MANAGER: 'API bearer token acting as sop.manager',
  BATON_MONDAY_WEBHOOK_SECRET: 'secret path of the Prospects board webhook: POST /webhooks/monday/<secret>',
  MONDAY_SIGNING_SECRET: "monday.com app Signing Secret; set, every webhook must carry the app's HS256 JWT",
  BATON_PUBLIC_URL: 'public base URL of `baton serve` behind a proxy (the JWT audience; its host is served, its origin may post forms), e.g. https://baton.example.com',
  BATON_DEBUG: 'set to 1 to print the stack trace behind an error (by default one line names the cause and the fix)',
} as const;
