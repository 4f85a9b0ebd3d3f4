import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake Slack Web API on 127.0.0.1 for tests that drive the REAL `@slack/web-api` WebClient:
 * `new WebClient('xoxb-test', { slackApiUrl: fake.url, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true })`.
 *
 * Wire format, as the real client speaks it (see shared/reference/slack-and-monday.md §1.2–1.3):
 * every call is `POST /api/<method>`, urlencoded (JSON bodies are accepted too), with
 * `Authorization: Bearer xoxb-…`; object arguments arrive JSON-encoded, one form field each.
 * Answers are JSON with `ok`; application errors are HTTP 200 `{ok:false, error}`.
 *
 * It is stricter than Slack on size: a `text` over 40,000 characters answers `msg_too_long`
 * (Slack would truncate it), a section text over 3,000 or a header over 150 `invalid_blocks`.
 *
 * It also plays the `response_url` of interactions: `responseUrl(token)` is
 * `http://127.0.0.1:PORT/response/<token>`; every JSON body POSTed there is recorded
 * (`responses()`), and faults queued for the method `response` apply to it.
 */

/** One scripted failure, consumed by the next call of the method it was queued for. */
export type SlackFault =
  /** HTTP 429 `{ok:false,error:'ratelimited'}` with `Retry-After: <retryAfter>` (omit retryAfter: no header). */
  | { status: 429; retryAfter?: number }
  /** Any other HTTP status (500, 503…): nothing is stored, the client sees WebAPIHTTPError. */
  | { status: number; body?: string }
  /** HTTP 200 `{ok:false, error: okFalse}`: a platform error, nothing is stored. */
  | { okFalse: string }
  /** The call is performed (a post IS stored) and the answer is sent `delayMs` late: for client timeouts. */
  | { delayMs: number }
  /** The call is performed (a post IS stored), then the socket is destroyed unanswered: the ambiguous failure. */
  | { dropAfterStore: true }
  /** The socket is destroyed unanswered and nothing is performed. */
  | { drop: true }
  /** The call is performed (a post IS stored), then answered HTTP 200 `{ok:false, error}`: `internal_error`, `fatal_error`. */
  | { okFalseAfterStore: string };

export interface FakeSlackChannel {
  id: string;
  name: string;
  /** Default true. A post to a channel the bot is not in answers `not_in_channel`. */
  isMember?: boolean;
  /** Default false. A post to an archived channel answers `is_archived`. */
  isArchived?: boolean;
  isPrivate?: boolean;
}

export interface FakeSlackOptions {
  /** Channels that exist, e.g. `[{ id: 'C0EXEC', name: 'exec-checkins' }]`; a post to `#exec-checkins` lands in C0EXEC. */
  channels?: FakeSlackChannel[];
  /** When given, `conversations.open` (and a post to `U…`) answers `user_not_found` for any other user. */
  knownUsers?: string[];
  /** When given, only this exact bot token is accepted (otherwise any `xoxb-…` is). */
  token?: string;
  /**
   * When true, a post to a `C…`/`G…`/`D…` id that is neither configured nor opened answers `channel_not_found`.
   * Default false: any well-formed id is accepted (a new C/G id is then listed by conversations.list, named after its id).
   */
  strictChannels?: boolean;
  /** Identity answered by `auth.test` and stamped on stored messages. */
  botUserId?: string;
  botId?: string;
  teamId?: string;
}

/** One HTTP call the fake received, whatever became of it. */
export interface SlackCall {
  /** The Web API method, e.g. `chat.postMessage`. */
  method: string;
  /** `Date.now()` when the request arrived. */
  at: number;
  /** The parsed arguments: urlencoded strings, with `blocks`, `metadata`, `attachments` JSON-parsed. */
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}

/** One POST to a `response_url` of the fake. */
export interface SlackResponsePost {
  token: string;
  at: number;
  /** The JSON body, parsed (the raw text when it is not JSON). */
  body: any;
  headers: IncomingHttpHeaders;
}

/** A message chat.postMessage stored. */
export interface SlackMessage {
  /** The channel id it landed in (a `#name` is resolved). */
  channel: string;
  /** `"<secs>.<6 digits>"`, strictly increasing across the fake. */
  ts: string;
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  /** As posted: `{ event_type, event_payload }`. */
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  thread_ts?: string;
  /** `Date.now()` when stored. */
  at: number;
  /** The whole parsed chat.postMessage call body. */
  body: Record<string, unknown>;
}

export interface FakeSlack {
  /** The `slackApiUrl`, e.g. `http://127.0.0.1:PORT/api/`. */
  url: string;
  /** Every call received, in arrival order (including rejected and faulted ones). */
  calls: SlackCall[];
  /** The messages stored by chat.postMessage, in posting order. */
  posts(): SlackMessage[];
  /** The messages stored in one channel id, in posting order (oldest first). */
  messagesIn(channelId: string): SlackMessage[];
  /** The stable DM id `conversations.open` gives for a user. */
  dmChannelFor(userId: string): string;
  /** A `response_url` served by the fake: what is POSTed there is recorded under `token`. */
  responseUrl(token: string): string;
  /** The bodies POSTed to response URLs (answered 200, not faulted), oldest first; `token` picks one URL. */
  responses(token?: string): SlackResponsePost[];
  /** Queue a fault for the next `times` calls of `method` (`'*'`: any method; `'response'`: a response_url POST). */
  fail(method: string, fault: SlackFault, times?: number): void;
  /** Faults still queued, per method. */
  pendingFaults(): Record<string, SlackFault[]>;
  /** Forget calls, messages, responses, opened DMs and queued faults; configured channels stay. */
  reset(): void;
  close(): Promise<void>;
}

const JSON_FIELDS = new Set(['blocks', 'metadata', 'attachments']);
/** Slack truncates a longer text; the fake refuses it, so that a test sees any overflow. */
export const FAKE_TEXT_LIMIT = 40_000;

/** Why Slack would refuse these blocks for their size, if it would. */
function blocksTooLong(blocks: unknown[]): string | undefined {
  if (blocks.length > 50) return 'more than 50 blocks';
  for (const [i, block] of blocks.entries()) {
    const b = block as { type?: string; text?: { text?: unknown }; elements?: Array<{ text?: unknown }> };
    const text = typeof b?.text?.text === 'string' ? b.text.text : '';
    if (b?.type === 'section' && text.length > 3000) return `blocks[${i}].text must be less than 3001 characters`;
    if (b?.type === 'header' && text.length > 150) return `blocks[${i}].text must be less than 151 characters`;
    for (const e of b?.type === 'context' && Array.isArray(b.elements) ? b.elements : []) {
      if (typeof e?.text === 'string' && e.text.length > 3000) return `blocks[${i}] context text must be less than 3001 characters`;
    }
  }
  return undefined;
}
const CHANNEL_ID = /^[CGD][A-Z0-9]+$/;
const USER_ID = /^[UW][A-Z0-9]+$/;

export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const botUserId = opts.botUserId ?? 'U0BATONBOT';
  const botId = opts.botId ?? 'B0BATONBOT';
  const teamId = opts.teamId ?? 'T0FAKE';
  const knownUsers = opts.knownUsers ? new Set(opts.knownUsers) : undefined;

  const calls: SlackCall[] = [];
  let messages: SlackMessage[] = [];
  let responses: SlackResponsePost[] = [];
  let faults = new Map<string, SlackFault[]>();
  let openedDms = new Map<string, string>(); // user id -> D id
  const channels = new Map<string, FakeSlackChannel>(); // id -> channel
  const configure = (): void => {
    channels.clear();
    for (const c of opts.channels ?? []) channels.set(c.id, { ...c });
  };
  configure();
  const pending = new Set<NodeJS.Timeout>();
  let lastMicros = 0;

  const nextTs = (): string => {
    lastMicros = Math.max(Date.now() * 1000, lastMicros + 1);
    return `${Math.floor(lastMicros / 1e6)}.${String(lastMicros % 1e6).padStart(6, '0')}`;
  };
  const dmChannelFor = (userId: string): string => `D${userId.slice(1)}`;
  const userAllowed = (userId: string): boolean => USER_ID.test(userId) && (!knownUsers || knownUsers.has(userId));

  type Outcome = { status: number; json: Record<string, unknown>; headers?: Record<string, string> };
  const ok = (json: Record<string, unknown> = {}): Outcome => ({ status: 200, json: { ok: true, ...json } });
  const fail = (error: string, extra: Record<string, unknown> = {}): Outcome => ({
    status: 200,
    json: { ok: false, error, ...extra },
  });

  /** Resolves a chat.postMessage / conversations.history channel argument to a channel id, or an error. */
  const resolveChannel = (raw: unknown): { id: string } | { error: string } => {
    if (typeof raw !== 'string' || raw === '') return { error: 'channel_not_found' };
    if (USER_ID.test(raw)) {
      // chat.postMessage to a user id posts in the app's DM with that user.
      return userAllowed(raw) ? { id: dmChannelFor(raw) } : { error: 'channel_not_found' };
    }
    if (CHANNEL_ID.test(raw)) {
      if (channels.has(raw)) return { id: raw };
      if (raw.startsWith('D') && [...openedDms.values()].includes(raw)) return { id: raw };
      if (opts.strictChannels) return { error: 'channel_not_found' };
      if (!raw.startsWith('D')) channels.set(raw, { id: raw, name: raw.toLowerCase() });
      return { id: raw };
    }
    const name = raw.startsWith('#') ? raw.slice(1) : raw;
    for (const c of channels.values()) if (c.name === name) return { id: c.id };
    return { error: 'channel_not_found' };
  };

  const toHistoryMessage = (m: SlackMessage, withMetadata: boolean): Record<string, unknown> => {
    const out: Record<string, unknown> = {
      type: 'message',
      ts: m.ts,
      user: botUserId,
      bot_id: botId,
      app_id: 'A0BATON',
      team: teamId,
      text: m.text ?? '',
    };
    if (m.blocks) out.blocks = m.blocks;
    if (m.attachments) out.attachments = m.attachments;
    if (m.thread_ts) out.thread_ts = m.thread_ts;
    if (withMetadata && m.metadata) out.metadata = m.metadata;
    return out;
  };

  const isTrue = (v: unknown): boolean => v === true || v === 'true' || v === '1' || v === 1;
  const cursorOf = (offset: number): string => Buffer.from(`offset:${offset}`).toString('base64');
  const offsetOf = (cursor: unknown): number => {
    if (typeof cursor !== 'string' || cursor === '') return 0;
    const m = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
    return m ? Number(m[1]) : 0;
  };
  const limitOf = (v: unknown, dflt: number): number => {
    const n = Number(v);
    return Number.isInteger(n) && n > 0 ? Math.min(n, 1000) : dflt;
  };

  const methods: Record<string, (body: Record<string, unknown>) => Outcome> = {
    'api.test': (body) => ok({ args: body }),
    'auth.test': () =>
      ok({
        url: 'https://fake-baton.slack.com/',
        team: 'Fake Workspace',
        user: 'baton',
        team_id: teamId,
        user_id: botUserId,
        bot_id: botId,
        is_enterprise_install: false,
      }),
    'chat.postMessage': (body) => {
      const where = resolveChannel(body.channel);
      if ('error' in where) return fail(where.error);
      const channel = channels.get(where.id);
      if (channel?.isArchived) return fail('is_archived');
      if (channel && channel.isMember === false) return fail('not_in_channel');
      const text = typeof body.text === 'string' && body.text !== '' ? body.text : undefined;
      const has = (k: string): boolean => body[k] !== undefined && body[k] !== '';
      if (!text && !has('blocks') && !has('attachments') && !has('markdown_text')) return fail('no_text');
      if (has('blocks') && !Array.isArray(body.blocks)) return fail('invalid_blocks');
      if (text !== undefined && text.length > FAKE_TEXT_LIMIT) return fail('msg_too_long');
      const tooLong = Array.isArray(body.blocks) ? blocksTooLong(body.blocks) : undefined;
      if (tooLong) return fail('invalid_blocks', { response_metadata: { messages: [`[ERROR] ${tooLong}`] } });
      if (has('attachments') && !Array.isArray(body.attachments)) return fail('invalid_attachments');
      let metadata: SlackMessage['metadata'];
      if (has('metadata')) {
        const md = body.metadata as Record<string, unknown> | undefined;
        if (!md || typeof md !== 'object' || typeof md.event_type !== 'string' || !md.event_payload || typeof md.event_payload !== 'object') {
          return fail('invalid_metadata_format');
        }
        metadata = { event_type: md.event_type, event_payload: md.event_payload as Record<string, unknown> };
      }
      const message: SlackMessage = {
        channel: where.id,
        ts: nextTs(),
        at: Date.now(),
        body,
        ...(text !== undefined ? { text } : {}),
        ...(Array.isArray(body.blocks) ? { blocks: body.blocks } : {}),
        ...(Array.isArray(body.attachments) ? { attachments: body.attachments } : {}),
        ...(metadata ? { metadata } : {}),
        ...(typeof body.thread_ts === 'string' ? { thread_ts: body.thread_ts } : {}),
      };
      messages.push(message);
      // chat.postMessage echoes the message, metadata included.
      return ok({ channel: message.channel, ts: message.ts, message: toHistoryMessage(message, true) });
    },
    'conversations.open': (body) => {
      if (typeof body.channel === 'string' && body.channel !== '') {
        const known = [...openedDms.values()].includes(body.channel) || channels.has(body.channel);
        return known ? ok({ channel: { id: body.channel }, already_open: true, no_op: true }) : fail('channel_not_found');
      }
      const raw = body.users;
      const users = (Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(',') : []).map((u) => u.trim()).filter((u) => u !== '');
      if (users.length === 0) return fail('users_list_not_supplied');
      for (const u of users) if (!userAllowed(u)) return fail('user_not_found');
      if (users.length > 1) {
        const id = `G${[...users]
          .sort()
          .map((u) => u.slice(1))
          .join('')}`.slice(0, 21);
        return ok({ channel: { id, is_mpim: true } });
      }
      const user = users[0]!;
      const id = dmChannelFor(user);
      const already = openedDms.has(user);
      openedDms.set(user, id);
      const channel = { id, is_im: true, user, created: Math.floor(Date.now() / 1000) };
      return ok(already ? { channel, already_open: true, no_op: true } : { channel });
    },
    'conversations.history': (body) => {
      const where = resolveChannel(body.channel);
      if ('error' in where) return fail(where.error);
      const inclusive = isTrue(body.inclusive);
      const oldest = body.oldest === undefined || body.oldest === '' ? undefined : Number(body.oldest);
      const latest = body.latest === undefined || body.latest === '' ? undefined : Number(body.latest);
      const withMetadata = isTrue(body.include_all_metadata);
      const all = messages
        .filter((m) => m.channel === where.id)
        .filter((m) => {
          const ts = Number(m.ts);
          if (oldest !== undefined && (inclusive ? ts < oldest : ts <= oldest)) return false;
          if (latest !== undefined && (inclusive ? ts > latest : ts >= latest)) return false;
          return true;
        })
        .reverse(); // newest first
      const offset = offsetOf(body.cursor);
      const limit = limitOf(body.limit, 100);
      const page = all.slice(offset, offset + limit);
      const hasMore = offset + limit < all.length;
      return ok({
        messages: page.map((m) => toHistoryMessage(m, withMetadata)),
        has_more: hasMore,
        pin_count: 0,
        response_metadata: { next_cursor: hasMore ? cursorOf(offset + limit) : '' },
      });
    },
    'conversations.list': (body) => {
      const excludeArchived = isTrue(body.exclude_archived);
      const all = [...channels.values()]
        .filter((c) => !(excludeArchived && c.isArchived))
        .map((c) => ({
          id: c.id,
          name: c.name,
          is_channel: !c.isPrivate,
          is_group: !!c.isPrivate,
          is_private: !!c.isPrivate,
          is_im: false,
          is_archived: !!c.isArchived,
          is_member: c.isMember !== false,
        }));
      const offset = offsetOf(body.cursor);
      const limit = limitOf(body.limit, 100);
      const hasMore = offset + limit < all.length;
      return ok({
        channels: all.slice(offset, offset + limit),
        response_metadata: { next_cursor: hasMore ? cursorOf(offset + limit) : '' },
      });
    },
  };

  const parseBody = (raw: string, contentType: string | undefined): Record<string, unknown> => {
    if (contentType?.includes('application/json')) {
      try {
        const parsed: unknown = JSON.parse(raw);
        return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
      } catch {
        return {};
      }
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(raw)) {
      if (JSON_FIELDS.has(k)) {
        try {
          out[k] = JSON.parse(v);
        } catch {
          out[k] = v; // kept raw: the method answers invalid_blocks / invalid_metadata_format
        }
      } else {
        out[k] = v;
      }
    }
    return out;
  };

  const send = (res: ServerResponse, outcome: Outcome): void => {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(outcome.status, { 'content-type': 'application/json; charset=utf-8', ...outcome.headers });
    res.end(JSON.stringify(outcome.json));
  };

  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      pending.delete(t);
      fn();
    }, ms);
    pending.add(t);
  };

  const takeFault = (method: string): SlackFault | undefined => {
    for (const key of [method, '*']) {
      const queue = faults.get(key);
      if (queue && queue.length > 0) {
        const f = queue.shift()!;
        if (queue.length === 0) faults.delete(key);
        return f;
      }
    }
    return undefined;
  };

  /** A POST to a response_url: recorded and answered `{"ok":true}` unless a `response` fault says otherwise. */
  const handleResponse = (req: IncomingMessage, res: ServerResponse, token: string, rawBody: string): void => {
    const fault = takeFault('response');
    if (fault && ('drop' in fault || 'dropAfterStore' in fault)) {
      req.socket.destroy();
      return;
    }
    if (fault && 'status' in fault) {
      res.writeHead(fault.status, { 'content-type': 'text/plain; charset=utf-8' }).end(`fake slack: HTTP ${fault.status}`);
      return;
    }
    let body: unknown = rawBody;
    try {
      body = JSON.parse(rawBody);
    } catch {
      // kept raw
    }
    const record = (): void => {
      responses.push({ token, at: Date.now(), body, headers: req.headers });
    };
    if (fault && 'delayMs' in fault) {
      later(fault.delayMs, () => {
        if (res.destroyed) return;
        record();
        send(res, ok());
      });
      return;
    }
    record();
    send(res, ok());
  };

  const handle = (req: IncomingMessage, res: ServerResponse, rawBody: string): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const response = /^\/response\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
    if (response && req.method === 'POST') return handleResponse(req, res, response[1]!, rawBody);
    const m = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
    if (!m || req.method !== 'POST') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const method = m[1]!;
    const body = parseBody(rawBody, req.headers['content-type']);
    calls.push({ method, at: Date.now(), body, headers: req.headers });

    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : undefined;
    if (!token || !/^xoxb-/.test(token) || (opts.token !== undefined && token !== opts.token)) {
      send(res, fail('invalid_auth'));
      return;
    }

    const fault = takeFault(method);
    const perform = (): Outcome => {
      const impl = methods[method];
      return impl ? impl(body) : fail('unknown_method');
    };
    if (!fault) return send(res, perform());
    if ('drop' in fault) {
      req.socket.destroy();
      return;
    }
    if ('dropAfterStore' in fault) {
      perform();
      req.socket.destroy();
      return;
    }
    if ('delayMs' in fault) {
      const outcome = perform();
      later(fault.delayMs, () => send(res, outcome));
      return;
    }
    if ('okFalse' in fault) return send(res, fail(fault.okFalse));
    if ('okFalseAfterStore' in fault) {
      perform();
      return send(res, fail(fault.okFalseAfterStore));
    }
    if (fault.status === 429) {
      const retryAfter = 'retryAfter' in fault ? fault.retryAfter : undefined;
      return send(res, {
        status: 429,
        json: { ok: false, error: 'ratelimited' },
        headers: retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) },
      });
    }
    if (!res.destroyed) {
      const text = 'body' in fault && fault.body !== undefined ? fault.body : `fake slack: HTTP ${fault.status}`;
      res.writeHead(fault.status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
    }
  };

  const server = createServer((req, res) => {
    res.on('error', () => {});
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => {});
    req.on('end', () => {
      try {
        handle(req, res, Buffer.concat(chunks).toString('utf8'));
      } catch (err) {
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, { 'content-type': 'text/plain' }).end(`fake slack crashed: ${String(err)}`);
        }
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  return {
    url: `${base}/api/`,
    calls,
    posts: () => [...messages],
    messagesIn: (channelId) => messages.filter((m) => m.channel === channelId),
    dmChannelFor,
    responseUrl: (token) => `${base}/response/${token}`,
    responses: (token) => responses.filter((r) => token === undefined || r.token === token),
    fail(method, fault, times = 1) {
      const queue = faults.get(method) ?? [];
      for (let i = 0; i < times; i++) queue.push(fault);
      faults.set(method, queue);
    },
    pendingFaults: () => Object.fromEntries([...faults].map(([k, v]) => [k, [...v]])),
    reset() {
      calls.length = 0;
      messages = [];
      responses = [];
      faults = new Map();
      openedDms = new Map();
      configure();
    },
    async close() {
      for (const t of pending) clearTimeout(t);
      pending.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
