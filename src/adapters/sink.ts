import type { StoredMessage } from '../store/index.js';

/** What a sink reports for a delivered message: the id the outside world gave it. */
export interface SendResult {
  externalId?: string;
}

/**
 * The narrow seam between the outbox and the outside world. Built-in sinks record; the
 * Slack and monday.com adapters talk to the real services. A sink throws `DeliveryError`
 * to say whether trying again can help and whether the attempt may have landed.
 */
export interface Sink {
  send(message: StoredMessage, now: number): Promise<SendResult>;
  /**
   * True for a sink whose service has no idempotency key: the dispatcher then marks the
   * message in flight before the call, so that after a crash the sink looks before resending.
   */
  marksInFlight?: boolean;
}

export interface Sinks {
  slack: Sink;
  board: Sink;
}

export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
    /** The service may have acted on the call (a timeout, a dropped connection). */
    readonly ambiguous = true,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
