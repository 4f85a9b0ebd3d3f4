import { ErrorCode, WebClient } from '@slack/web-api';
import type { RoleIds } from '../config/config.js';
import { ORG_MESSAGE_DEAL } from '../domain/org.js';
import { handoffPageUrl } from '../domain/slack-limits.js';
import type { StoredMessage } from '../store/index.js';
import { slackContent } from './slack-blocks.js';
import { Pacer } from './pacer.js';
import { DeliveryError, type Sink } from './sink.js';

export interface SlackSinkOptions {
  token: string;
  apiUrl: string;
  roles: Partial<Record<string, RoleIds>>;
  /** A single call longer than this is abandoned and treated as ambiguous. */
  timeoutMs?: number;
  /** Slack allows about one post a second per channel. */
  pacer?: Pacer;
  /**
   * The public base URL of the dashboard (BATON_PUBLIC_URL): a text cut to Slack's limits
   * ends with a line pointing to `{dashboardUrl}/handoffs/{id}`, or to the path alone.
   */
  dashboardUrl?: string;
}

/**
 * How far back an ambiguous send is looked for: 20 pages of 200 messages. Several servers
 * posting fast can put hundreds of messages in a channel while a dead one's lease runs out.
 */
const HISTORY_PAGES = 20;

/** Slack's errors that mean "nothing was posted, and trying again later can work". */
const TRANSIENT_PLATFORM_ERRORS = new Set(['ratelimited', 'rate_limited', 'service_unavailable', 'request_timeout']);

/**
 * Slack's errors after which "it's possible some aspect of the operation succeeded" (the
 * chat.postMessage page, of both): the post may be in the channel, so the next attempt
 * looks the key up in history before posting again.
 */
const MAY_HAVE_POSTED = new Set(['internal_error', 'fatal_error']);

/**
 * Posts to Slack through the official client with its own retries off: the outbox owns
 * retries, because `chat.postMessage` has no idempotency key. Every post carries the
 * message key in its metadata; when an earlier attempt may have landed (a timeout, a
 * dropped connection, a crash mid-send) the key is looked up in the channel's history
 * before anything is posted again.
 */
export function slackSink(opts: SlackSinkOptions): Sink {
  const client = new WebClient(opts.token, {
    slackApiUrl: opts.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: opts.timeoutMs ?? 10_000,
  });
  const pacer = opts.pacer ?? new Pacer(1000);
  const channelIds = new Map<string, string>();

  async function target(recipient: string): Promise<string> {
    const cached = channelIds.get(recipient);
    if (cached) return cached;
    let id: string;
    if (recipient.startsWith('#')) id = await channelByName(recipient.slice(1));
    else if (/^[CGD][A-Z0-9]+$/.test(recipient)) id = recipient;
    else {
      const user = opts.roles[recipient]?.slack;
      if (!user) throw new DeliveryError(`no Slack user id for ${recipient}: set roles.${recipient}.slack in baton.config.yaml`, false);
      const opened = await client.conversations.open({ users: user });
      id = opened.channel?.id ?? '';
      if (!id) throw new DeliveryError(`conversations.open gave no channel for ${recipient}`, true);
    }
    channelIds.set(recipient, id);
    return id;
  }

  async function channelByName(name: string): Promise<string> {
    let cursor: string | undefined;
    do {
      const page = await client.conversations.list({ types: 'public_channel,private_channel', limit: 1000, exclude_archived: true, ...(cursor ? { cursor } : {}) });
      const found = page.channels?.find((c) => c.name === name);
      if (found?.id) return found.id;
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    throw new DeliveryError(`Slack channel #${name} not found: invite the bot, or set slack.channel to the channel id (C...)`, false);
  }

  /** The message already in the channel with this key, if an earlier attempt landed. */
  async function alreadyPosted(channel: string, key: string): Promise<string | undefined> {
    let cursor: string | undefined;
    for (let page = 0; page < HISTORY_PAGES; page++) {
      const history = await client.conversations.history({ channel, limit: 200, include_all_metadata: true, ...(cursor ? { cursor } : {}) });
      const hit = history.messages?.find((m) => (m.metadata?.event_payload as { key?: string } | undefined)?.key === key);
      if (hit?.ts) return hit.ts;
      cursor = history.response_metadata?.next_cursor || undefined;
      if (!cursor) return undefined;
    }
    return undefined;
  }

  return {
    marksInFlight: true,
    async send(message: StoredMessage) {
      try {
        const channel = await target(message.recipient);
        if (message.inFlightAt !== undefined) {
          const ts = await alreadyPosted(channel, message.key);
          if (ts) return { externalId: `${channel}/${ts}` };
        }
        await pacer.wait(channel);
        const posted = await client.chat.postMessage({
          channel,
          // A text cut at Slack's limit points to where it can be read whole: the handoff's page, or for the org's summary the audit page.
          ...slackContent(
            message,
            message.dealId === ORG_MESSAGE_DEAL ? `${(opts.dashboardUrl ?? '').trim().replace(/\/+$/, '')}/audit` : handoffPageUrl(message.dealId, opts.dashboardUrl),
          ),
          unfurl_links: false,
          unfurl_media: false,
          metadata: { event_type: 'baton_message', event_payload: { key: message.key, deal_id: message.dealId, kind: message.kind } },
        });
        return { externalId: `${posted.channel ?? channel}/${posted.ts ?? ''}` };
      } catch (error) {
        // A channel that is gone or archived may have been replaced (a new #exec-checkins, a
        // re-opened DM): resolve the name again on the next attempt instead of reusing the id.
        const code = (error as { data?: { error?: string } }).data?.error;
        if (code === 'channel_not_found' || code === 'is_archived') channelIds.delete(message.recipient);
        throw classify(error);
      }
    },
  };
}

/** Which failures may have posted (ambiguous), which can be retried, and for how long to wait. */
function classify(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const e = error as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string }; message?: string };
  switch (e.code) {
    case ErrorCode.RateLimitedError:
      return new DeliveryError(`Slack rate limit: retry after ${e.retryAfter ?? 1} s`, true, (e.retryAfter ?? 1) * 1000, false);
    case ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      if (MAY_HAVE_POSTED.has(code)) return new DeliveryError(`Slack error ${code} (the post may have landed: looked up before the next attempt)`, true, undefined, true);
      return new DeliveryError(`Slack error ${code}`, TRANSIENT_PLATFORM_ERRORS.has(code), undefined, false);
    }
    case ErrorCode.HTTPError:
      return new DeliveryError(`Slack HTTP ${e.statusCode}`, true, undefined, true);
    case ErrorCode.RequestError:
      return new DeliveryError(`Slack request failed: ${e.message ?? 'no answer'}`, true, undefined, true);
    default:
      return new DeliveryError(`Slack call failed: ${e.message ?? String(error)}`, true, undefined, true);
  }
}
