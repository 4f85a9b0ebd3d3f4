import { writeFileAtomic } from '../adapters/workspace-files.js';
import { decideOrg, ORG_MESSAGE_DEAL } from '../domain/org.js';
import { BatonError } from '../domain/problem.js';
import { nextSummaryAt, summaryDueAt } from '../domain/summary-schedule.js';
import { dayBounds, localDate } from '../domain/time.js';
import type { Engine } from '../engine/engine.js';
import { appendOrgEvents, claimWatermark, insertMessages, readWatermark } from '../store/index.js';
import { summaryText, type Summary } from './summary.js';
import { transact } from './transact.js';

/** The watermark row that holds the org-local day whose scheduled summary is taken. */
export const SUMMARY_WATERMARK = 'daily-summary';

export interface ScheduledSummary {
  /** The summary this call filed and queued for chief.staff, if it was the one to. */
  filed?: Summary;
  /** When to look again: the next `summary.at`; undefined without `summary.at`. */
  nextAt?: number;
}

/**
 * SPEC §15 `summary.at`: from that org-local time on, `baton serve` files the day's CEO Daily
 * Summary (the text `baton summary` files, `summaryText`) and DMs it to chief.staff, once a
 * day. The day is claimed in the same transaction as the `summary.filed` event and the
 * outbox message: the watermark `daily-summary` moves to the day's start only if it holds an
 * earlier day, so of several serve processes, or a serve restarted, exactly one files it;
 * a serve that starts after `summary.at` on a day not yet claimed files it at once. Nothing
 * before `summary.at`. The DM goes out through the outbox like every message.
 *
 * @example
 *   const { filed, nextAt } = await fileScheduledSummary(engine, Date.now());
 */
export async function fileScheduledSummary(engine: Engine, now: number): Promise<ScheduledSummary> {
  const at = engine.config.summary.at;
  if (at === undefined) return {};
  const tz = engine.config.org.timezone;
  const nextAt = nextSummaryAt(now, at, tz);
  const day = localDate(now, tz);
  if (now < summaryDueAt(day, at, tz)) return { nextAt };
  // Already claimed today (a restart, another serve): skip building the text, which reads the history.
  const dayStart = dayBounds(day, tz).start;
  const claimed = await readWatermark(engine.store.db, SUMMARY_WATERMARK);
  if (claimed !== undefined && claimed >= dayStart) return { nextAt };
  const summary = await summaryText(engine, day, now);
  const acting = { now, actor: 'baton' as const };
  const decided = decideOrg({ type: 'summary.file', date: summary.date, path: summary.path, scheduled: true }, acting);
  if (!decided.ok) throw new BatonError(decided.reason, decided.problems);
  const filed = await transact(engine, async (tx): Promise<{ filed: boolean; clockDueAt?: number }> => {
    if (!(await claimWatermark(tx, SUMMARY_WATERMARK, dayStart, 1))) return { filed: false };
    await appendOrgEvents(tx, decided.events);
    await insertMessages(tx, [
      {
        key: `daily-summary:${summary.date}`,
        dealId: ORG_MESSAGE_DEAL,
        kind: 'daily-summary',
        channel: 'slack',
        recipient: 'chief.staff',
        text: summary.text,
        payload: { date: summary.date, path: summary.path },
        createdAt: now,
      },
    ]);
    // Inside the transaction, as a command's files are: a failed write leaves the day unclaimed.
    writeFileAtomic(engine.config.root, summary.path, summary.text);
    return { filed: true };
  });
  return filed.filed ? { filed: summary, nextAt } : { nextAt };
}
