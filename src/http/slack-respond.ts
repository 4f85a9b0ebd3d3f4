/**
 * The outcome of a Slack button click, POSTed (JSON) to the `response_url` of its verified
 * payload, exactly as given, after the command committed and never inside a transaction
 * (SPEC §13, §18). Slack ignores the body of the answer to a `block_actions` request, so
 * the click is answered at once with an empty 200 and this runs beside it, not awaited.
 *
 * Each POST is bounded: a timeout per attempt, up to three attempts on a 5xx, a 429 or a
 * network failure with a short backoff, and one log line when it finally fails. The POSTs
 * in flight are kept in a set so that `serve` (and tests) can wait for them on shutdown.
 */

/** What a `response_url` accepts here: a replacement of the original message, or an ephemeral note. */
export type SlackResponse = { replace_original: true; text: string; blocks: unknown[] } | { response_type: 'ephemeral'; replace_original: false; text: string };

export interface RespondOptions {
  log: (line: string) => void;
  /** One attempt longer than this is abandoned (default 5000 ms). */
  timeoutMs?: number;
  /** Default 3. */
  attempts?: number;
  /** The wait before attempt n+1 is n times this (default 200 ms). */
  backoffMs?: number;
}

const inFlight = new Set<Promise<void>>();

/**
 * A `response_url` Baton will POST to: an absolute http(s) URL, any host (Slack's are
 * https://hooks.slack.com/actions/...; tests use 127.0.0.1). Anything else is undefined.
 */
export function responseUrlOf(raw: unknown): URL | undefined {
  if (typeof raw !== 'string' || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
}

/**
 * Starts the POST of `body` to `url` and returns at once; the promise (which never rejects)
 * is tracked until it settles, see `drainSlackResponses`.
 *
 * @example
 *   void respondLater(new URL(payload.response_url), { response_type: 'ephemeral', replace_original: false, text: 'No.' }, { log });
 *   await drainSlackResponses(); // on shutdown
 */
export function respondLater(url: URL, body: SlackResponse, opts: RespondOptions): Promise<void> {
  const posting = postWithRetries(url, body, opts).finally(() => inFlight.delete(posting));
  inFlight.add(posting);
  return posting;
}

/** Waits for every response POST in flight, including those started while waiting. */
export async function drainSlackResponses(): Promise<void> {
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
}

/** How many response POSTs are in flight. */
export function slackResponsesInFlight(): number {
  return inFlight.size;
}

async function postWithRetries(url: URL, body: SlackResponse, opts: RespondOptions): Promise<void> {
  const attempts = Math.max(1, opts.attempts ?? 3);
  const backoffMs = opts.backoffMs ?? 200;
  let last = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, backoffMs * (attempt - 1)));
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
        redirect: 'error',
        signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
      });
      const answer = await res.text().catch(() => '');
      if (res.ok) return;
      last = `HTTP ${res.status}${answer ? ` ${answer.slice(0, 100)}` : ''}`;
      // A 4xx (an expired or used URL, a refused body) will not get better.
      if (res.status < 500 && res.status !== 429) break;
    } catch (error) {
      last = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
  }
  // The URL carries a token: log where, not the whole of it.
  opts.log(
    `baton serve: the outcome of a Slack click could not be posted to its response_url (${url.origin}): ${last}; the record is right, the Slack message may still show its button`,
  );
}
