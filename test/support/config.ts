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
}

export function testConfig(opts: TestConfig = {}): string {
  const lines = [`org: { name: "${opts.org ?? 'Test Org'}", timezone: "UTC" }`, 'workspace: "."', 'database: "baton.db"'];
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
  if (opts.leaseSeconds !== undefined) lines.push(`policy: { deliveryLeaseSeconds: ${opts.leaseSeconds} }`);
  return `${lines.join('\n')}\n`;
}
