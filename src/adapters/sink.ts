import type { StoredMessage } from '../store/index.js';

/** What a sink reports for a delivered message: the id the outside world gave it. */
export interface SendResult {
  externalId?: string;
}

/**
 * The narrow seam between the outbox and the outside world. Built-in sinks record; the
 * Slack and monday.com adapters talk to the real services. A sink throws `DeliveryError`
 * to say whether trying again can help.
 */
export interface Sink {
  send(message: StoredMessage, now: number): Promise<SendResult>;
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
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
