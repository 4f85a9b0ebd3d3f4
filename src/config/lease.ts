import type { BatonConfig } from './config.js';
import { ConfigError } from './error.js';

/**
 * How long a delivery lease must last for the sends made on it (SPEC §17: a sender stops
 * before its lease ends, counting the call in flight). A message's lease must outlast the
 * send started on it: otherwise another process, finding the lease over, sends the message
 * again while the first call is still on its way.
 *
 * The longest send of a channel is the sink's HTTP timeout (`BATON_HTTP_TIMEOUT_MS`, or the
 * client default: 10 s for Slack, 15 s for monday.com), plus for Slack the wait for its
 * turn (`slack.postIntervalMs`); a built-in sink makes no call (0). The dispatcher starts a
 * send only while the lease has that long left plus a margin (`sendBudgetMs`), and the
 * lease must be at least twice the longest send (`checkLease`), so that a fresh claim
 * always has room for a send and a slow call can never outlive its lease.
 *
 * Why a refusal rather than a longer lease with a warning: the lease is also how long a
 * crashed process holds its messages, which an operator chose; changing it silently would
 * surprise them, and a warning is easily missed. The fix is one of two settings, named.
 */

type SendConfig = Pick<BatonConfig, 'slack' | 'monday' | 'httpTimeoutMs'>;

/** Slack's and monday.com's client timeouts when `BATON_HTTP_TIMEOUT_MS` is unset. */
export const SINK_TIMEOUT_MS = { slack: 10_000, board: 15_000 } as const;

/** The longest one send of `channel` may take, in ms (0 for a built-in sink). */
export function longestSendMs(config: SendConfig, channel: 'slack' | 'board'): number {
  if (channel === 'slack') return config.slack.botToken ? (config.httpTimeoutMs ?? SINK_TIMEOUT_MS.slack) + config.slack.postIntervalMs : 0;
  return config.monday.token ? (config.httpTimeoutMs ?? SINK_TIMEOUT_MS.board) : 0;
}

/**
 * The lease a send needs left before it starts: the longest send plus a margin (half of
 * it, at most 1 s) for the time between the check and the request, and for the call's own
 * tail past its timeout. At most 1.5 times the longest send, so within a valid lease.
 */
export function sendBudgetMs(config: SendConfig, channel: 'slack' | 'board'): number {
  const longest = longestSendMs(config, channel);
  return longest + Math.min(1000, longest / 2);
}

/** The config as given, or a ConfigError when its delivery lease is shorter than twice its longest send. */
export function checkLease<C extends SendConfig & Pick<BatonConfig, 'policy'>>(config: C, file?: string): C {
  const leaseMs = config.policy.delivery.leaseMs;
  const slack = longestSendMs(config, 'slack');
  const board = longestSendMs(config, 'board');
  const longest = Math.max(slack, board);
  if (leaseMs >= 2 * longest) return config;
  const which = slack >= board ? 'Slack' : 'monday.com';
  const timeout =
    config.httpTimeoutMs !== undefined
      ? `BATON_HTTP_TIMEOUT_MS ${config.httpTimeoutMs} ms`
      : `the ${which} default timeout ${which === 'Slack' ? SINK_TIMEOUT_MS.slack : SINK_TIMEOUT_MS.board} ms`;
  const pacing = which === 'Slack' && config.slack.postIntervalMs > 0 ? ` plus slack.postIntervalMs ${config.slack.postIntervalMs} ms` : '';
  // The timeout that fits every channel that calls out: Slack also waits for its turn.
  const lowerTo = Math.floor(leaseMs / 2) - (config.slack.botToken ? config.slack.postIntervalMs : 0);
  throw new ConfigError(
    [
      {
        key: 'policy.deliveryLeaseSeconds',
        message: `${leaseMs / 1000} s is shorter than twice the longest ${which} send (${timeout}${pacing}): a call could outlive its lease, and another process send the message again`,
        fix: `set policy.deliveryLeaseSeconds to ${Math.ceil((2 * longest) / 1000)} or more${lowerTo > 0 ? `, or lower BATON_HTTP_TIMEOUT_MS to ${lowerTo} or less` : ''}`,
      },
    ],
    file,
  );
}
