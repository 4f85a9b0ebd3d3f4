import { DeliveryError } from '../adapters/sink.js';
import { ORG_MESSAGE_DEAL } from '../domain/org.js';
import { sendBudgetMs } from '../config/lease.js';
import type { Policy } from '../domain/policy.js';
import type { DeliveryItem } from '../domain/types.js';
import {
  claimMessages,
  inTransaction,
  isConnectionLost,
  markMessageAttemptFailed,
  markMessageDelivered,
  markMessageInFlight,
  recordDeliveryItem,
  releaseMessages,
  type StoredMessage,
} from '../store/index.js';
import { clockWritten, type Engine } from './engine.js';
import { executeIn } from './execute.js';

export interface DispatchReport {
  delivered: number;
  retrying: number;
  failed: number;
}

/**
 * Pays what the outbox owes: queued messages due for an attempt are claimed a batch at a
 * time (`claimMessages`: one statement, a lease, `for update skip locked` on PostgreSQL, so
 * that several processes never send the same message) and each goes through its sink
 * after the claim's transaction, never inside one. Success and its consequence (the
 * announcement stops its clock) are recorded in one transaction; a failure keeps its
 * attempts, error and next attempt time, and past the policy's limit becomes `failed`.
 *
 * A claim lasts the policy's lease on the database's clock (never `now`, see `leaseClock`),
 * tracked here on the monotonic clock from just before the claim was sent. A send starts
 * only while the lease has room for the whole call (`sendBudgetMs`: the sink's timeout plus
 * a margin), so the call in flight ends before the lease does and no other process takes
 * the message meanwhile; the claims not used are released for the next pass or another
 * process. A pass stops claiming once half a lease has passed, so that the `now` it
 * records stays fresh. `limit` bounds the messages handled in one call, `batch` the size of
 * one claim (a process killed mid-batch holds that many until the lease ends).
 *
 * A lost database connection is not a failed delivery: it ends the call (the caller, the
 * serve loop, retries with a backoff) and the message keeps its attempts. A send that may
 * have landed before the loss keeps its in-flight mark, so it is looked up, not resent.
 */
export async function dispatch(engine: Engine, now: number, opts: { limit?: number; batch?: number; random?: () => number } = {}): Promise<DispatchReport> {
  const report: DispatchReport = { delivered: 0, retrying: 0, failed: 0 };
  const leaseMs = engine.config.policy.delivery.leaseMs;
  const limit = opts.limit ?? 500;
  const batch = opts.batch ?? 50;
  const started = performance.now();
  const inPass = () => performance.now() - started < leaseMs / 2;
  let handled = 0;
  while (handled < limit && inPass()) {
    // Read before the claim is sent: the lease cannot have begun earlier than this.
    const claimSent = performance.now();
    const claimed = await inTransaction(engine.store, (tx) => claimMessages(tx, now, Math.min(batch, limit - handled), leaseMs));
    if (claimed.length === 0) break;
    const leaseLeft = () => leaseMs - (performance.now() - claimSent);
    for (const [i, message] of claimed.entries()) {
      const needed = sendBudgetMs(engine.config, message.channel);
      const giveBack = () =>
        releaseMessages(
          engine.store.db,
          claimed.slice(i).map((m) => m.id),
          message.claimedUntil,
        );
      if (!inPass() || leaseLeft() < needed) {
        await giveBack();
        return report;
      }
      handled++;
      const sink = message.channel === 'board' ? engine.sinks.board : engine.sinks.slack;
      try {
        if (sink.marksInFlight) {
          await markMessageInFlight(engine.store.db, message.id, now);
          // The mark is a round trip to the database: look again before the call.
          if (leaseLeft() < needed) {
            handled--;
            await giveBack();
            return report;
          }
        }
        const result = await sink.send(message, now);
        await recordDelivered(engine, message, now, result.externalId);
        report.delivered++;
      } catch (error) {
        if (isConnectionLost(error)) throw error;
        const failed = await recordFailure(engine, message, now, error, opts.random ?? Math.random);
        if (failed) report.failed++;
        else report.retrying++;
      }
    }
  }
  return report;
}

async function recordDelivered(engine: Engine, message: StoredMessage, now: number, externalId: string | undefined): Promise<void> {
  const result = await inTransaction(engine.store, async (tx) => {
    await markMessageDelivered(tx, message.id, now, externalId);
    // The board's copy of the delivery item, as the board now holds it.
    const item = (message.payload as { item?: DeliveryItem }).item;
    if (message.channel === 'board' && item) await recordDeliveryItem(tx, message.dealId, item, externalId, now);
    // A message owed to the org (the scheduled summary) has no handoff whose timeline records it.
    if (message.dealId === ORG_MESSAGE_DEAL) return {} as { clockDueAt?: number };
    const delivered = { type: 'message.delivered' as const, kind: message.kind, key: message.key, ...(externalId ? { externalId } : {}) };
    return executeIn(tx, engine, message.dealId, delivered, { now, actor: 'baton' });
  });
  if (result.clockDueAt !== undefined) clockWritten(engine, result.clockDueAt);
}

async function recordFailure(engine: Engine, message: StoredMessage, now: number, error: unknown, random: () => number): Promise<boolean> {
  const policy = engine.config.policy;
  const retryable = !(error instanceof DeliveryError) || error.retryable;
  const attempts = message.attempts + 1;
  const failed = !retryable || attempts >= policy.delivery.maxAttempts;
  const retryAfter = error instanceof DeliveryError ? error.retryAfterMs : undefined;
  // A wait the service names (Retry-After, monday.com's retry_in_seconds) is when to try again: no sooner, and no later.
  const nextAttemptAt = now + (retryAfter ?? backoffMs(attempts, policy, random));
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
