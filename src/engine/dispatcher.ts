import { DeliveryError } from '../adapters/sink.js';
import type { Policy } from '../domain/policy.js';
import {
  claimMessage,
  findQueuedMessages,
  inTransaction,
  markMessageAttemptFailed,
  markMessageDelivered,
  markMessageInFlight,
  type StoredMessage,
} from '../store/index.js';
import type { Engine } from './engine.js';
import { executeIn } from './execute.js';

export interface DispatchReport {
  delivered: number;
  retrying: number;
  failed: number;
}

/**
 * Pays what the outbox owes: each queued message due for an attempt goes through its sink
 * after the command's transaction, never inside it. Success and its consequence (the
 * announcement stops its clock) are recorded in one transaction; a failure keeps its
 * attempts, error and next attempt time, and past the policy's limit becomes `failed`.
 */
export async function dispatch(engine: Engine, now: number, opts: { limit?: number; random?: () => number } = {}): Promise<DispatchReport> {
  const report: DispatchReport = { delivered: 0, retrying: 0, failed: 0 };
  const messages = await findQueuedMessages(engine.store.db, now, opts.limit ?? 500);
  for (const message of messages) {
    if (!(await claimMessage(engine.store.db, message.id, now, engine.config.policy.delivery.leaseMs))) continue;
    const sink = message.channel === 'board' ? engine.sinks.board : engine.sinks.slack;
    try {
      if (sink.marksInFlight) await markMessageInFlight(engine.store.db, message.id, now);
      const result = await sink.send(message, now);
      await recordDelivered(engine, message, now, result.externalId);
      report.delivered++;
    } catch (error) {
      const failed = await recordFailure(engine, message, now, error, opts.random ?? Math.random);
      if (failed) report.failed++;
      else report.retrying++;
    }
  }
  return report;
}

async function recordDelivered(engine: Engine, message: StoredMessage, now: number, externalId: string | undefined): Promise<void> {
  await inTransaction(engine.store, async (tx) => {
    await markMessageDelivered(tx, message.id, now, externalId);
    await executeIn(tx, engine, message.dealId, { type: 'message.delivered', kind: message.kind, key: message.key }, { now, actor: 'baton' });
  });
}

async function recordFailure(engine: Engine, message: StoredMessage, now: number, error: unknown, random: () => number): Promise<boolean> {
  const policy = engine.config.policy;
  const retryable = !(error instanceof DeliveryError) || error.retryable;
  const attempts = message.attempts + 1;
  const failed = !retryable || attempts >= policy.delivery.maxAttempts;
  const retryAfter = error instanceof DeliveryError ? error.retryAfterMs : undefined;
  const nextAttemptAt = now + Math.max(retryAfter ?? 0, backoffMs(attempts, policy, random));
  const text = error instanceof Error ? error.message : String(error);
  // A definite failure says only that THIS attempt did nothing: when an earlier attempt was
  // already in flight (it may have landed), the mark stays so that the next one looks first.
  const certainlyNotSent = error instanceof DeliveryError && !error.ambiguous && message.inFlightAt === undefined;
  await markMessageAttemptFailed(engine.store.db, message.id, { error: text, nextAttemptAt, failed, certainlyNotSent });
  return failed;
}

/**
 * Capped exponential backoff with full jitter on the upper half: 12 attempts with the v1.0
 * bounds spread over about a day, and two workers never retry in lockstep.
 */
export function backoffMs(attempt: number, policy: Policy, random: () => number): number {
  const { baseDelayMs, maxDelayMs } = policy.delivery;
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
