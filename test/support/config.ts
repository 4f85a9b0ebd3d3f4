/**
 * The baton.config.yaml the tests write: one builder, so that a new required key or a
 * changed default is mended in one place. Every role has a Slack id (the fake Slack's
 * users); `postIntervalMs: 0` because tests post faster than Slack's one a second.
 */
export interface TestConfig {
  org?: string;
  /** policy.deliveryLeaseSeconds. */
  leaseSeconds?: number;
  /** roles' Slack ids (default U0CRO, U0CS, U0COS, U0CEO) and monday.com person ids. */
  roles?: { cro?: string; cs?: string; mondayIds?: boolean };
  monday?: { prospectsBoardId: number; deliveryBoardId: number };
  /** Without roles and Slack: the smallest config that opens. */
  bare?: boolean;
  /** org.timezone (default UTC). */
  timezone?: string;
  /** org.calendar (SPEC §15), written as given. */
  calendar?: Record<string, unknown>;
  /** policy.reminders (SPEC §15); false sends none, for tests that count every message. */
  reminders?: false | Record<string, string[]>;
  /** More policy keys, written as given (e.g. { version: '1.1', clocks: { acknowledgementHours: 48 } }). */
  policy?: Record<string, unknown>;
}

export function testConfig(opts: TestConfig = {}): string {
  const calendar = opts.calendar ? `, calendar: ${JSON.stringify(opts.calendar)}` : '';
  const lines = [`org: { name: "${opts.org ?? 'Test Org'}", timezone: "${opts.timezone ?? 'UTC'}"${calendar} }`, 'workspace: "."', 'database: "baton.db"'];
  if (!opts.bare) {
    const ids = opts.roles?.mondayIds;
    lines.push(
      'roles:',
      `  cro: { slack: "${opts.roles?.cro ?? 'U0CRO'}"${ids ? ', monday: 111' : ''} }`,
      `  customer.success: { slack: "${opts.roles?.cs ?? 'U0CS'}"${ids ? ', monday: 222' : ''} }`,
      '  chief.staff: { slack: "U0COS" }',
      '  ceo: { slack: "U0CEO" }',
      'slack: { channel: "#exec-checkins", postIntervalMs: 0 }',
    );
  }
  if (opts.monday) lines.push(`monday: { prospectsBoardId: ${opts.monday.prospectsBoardId}, deliveryBoardId: ${opts.monday.deliveryBoardId} }`);
  const policy: Record<string, unknown> = { ...opts.policy };
  if (opts.leaseSeconds !== undefined) policy.deliveryLeaseSeconds = opts.leaseSeconds;
  if (opts.reminders !== undefined) policy.reminders = opts.reminders === false ? { packet: [], acknowledgement: [], 'sow-signature': [] } : opts.reminders;
  if (Object.keys(policy).length > 0) lines.push(`policy: ${JSON.stringify(policy)}`);
  return `${lines.join('\n')}\n`;
}
