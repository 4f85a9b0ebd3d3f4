import { SCHEMA_NAME } from './postgres.js';

/** The smallest slice of a pg.Client that LISTEN needs. */
export interface ListenClient {
  connect(): Promise<unknown>;
  query(text: string): Promise<unknown>;
  end(): Promise<void>;
  on(event: 'notification', fn: (msg: { channel: string; payload?: string }) => void): unknown;
  on(event: 'error' | 'end', fn: (error?: Error) => void): unknown;
}

const LISTEN_RETRY_MS = [100, 500, 1000, 2000, 5000, 10_000];

/**
 * Keeps one LISTEN connection up until stopped; see `Store.listen`. A lost connection (an
 * 'error' or 'end' event, a failed connect) is re-made after 0.1, 0.5, 1, 2, 5, then every 10 s.
 * A loss is reported once, not once per attempt: `onState(error)` when the connection that
 * listened is lost (or the first connect fails), `onState(undefined)` once one listens
 * again. Without `onState`, the loss is one process warning and the recovery is silent.
 */
export function listenOn(
  newClient: () => ListenClient,
  channel: string,
  onNotify: (payload: string | undefined) => void,
  onState?: (lost: Error | undefined) => void,
): () => Promise<void> {
  if (!SCHEMA_NAME.test(channel)) throw new Error(`not a channel name: ${JSON.stringify(channel)}`);
  let stopped = false;
  let client: ListenClient | undefined;
  let retry: NodeJS.Timeout | undefined;
  let failures = 0;
  /** A loss was reported and no connection has listened since. */
  let down = false;

  const reportLost = (error: Error) => {
    if (down) return;
    down = true;
    if (onState) onState(error);
    else process.emitWarning(`LISTEN ${channel}: ${error.message}; reconnecting (polling covers the gap)`, 'BatonStoreWarning');
  };

  const reconnect = () => {
    if (stopped || retry) return;
    const wait = LISTEN_RETRY_MS[Math.min(failures, LISTEN_RETRY_MS.length - 1)]!;
    failures++;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, wait);
    retry.unref();
  };

  const connect = async () => {
    const c = newClient();
    client = c;
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (client === c) client = undefined;
      if (stopped) return;
      reportLost(error ?? new Error('the LISTEN connection ended'));
      c.end().catch(() => undefined);
      reconnect();
    };
    // Kept for the client's whole life: a second 'error' after the first must not throw.
    c.on('error', onLost);
    c.on('end', () => onLost());
    c.on('notification', (msg) => {
      if (msg.channel === channel) onNotify(msg.payload);
    });
    try {
      await c.connect();
      await c.query(`listen ${channel}`);
      if (stopped) {
        await c.end().catch(() => undefined);
        return;
      }
      if (lost) return;
      failures = 0;
      if (down) {
        down = false;
        onState?.(undefined);
      }
      // Whatever was notified while no connection listened is found by looking again.
      onNotify(undefined);
    } catch (error) {
      onLost(error instanceof Error ? error : new Error(String(error)));
    }
  };

  void connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const c = client;
    client = undefined;
    await c?.end().catch(() => undefined);
  };
}
