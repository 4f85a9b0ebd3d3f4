/** The environment a spawned `baton` gets: the bench's, without any BATON_/Slack/monday setting. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(BATON_|SLACK_|MONDAY_)/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}
