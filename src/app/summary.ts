import { writeFileAtomic } from '../adapters/workspace-files.js';
import type { DomainEvent } from '../domain/events.js';
import { evolve } from '../domain/evolve.js';
import { decideOrg } from '../domain/org.js';
import { BatonError, invalid } from '../domain/problem.js';
import { dailySummary } from '../domain/summary.js';
import { dayBounds, isIsoDate, localDate } from '../domain/time.js';
import type { DealState } from '../domain/types.js';
import type { Engine } from '../engine/engine.js';
import { eventsBefore, type StoredEvent } from '../store/index.js';
import type { Acting } from './context.js';
import { recordOrg } from './org-actions.js';

export interface Summary {
  date: string;
  path: string;
  text: string;
}

/**
 * SOP-4.3b, SPEC §13: chief.staff's section of the CEO Daily Summary. Today is the record
 * as of now; a past day is rebuilt from the events up to the end of that org-local day, so
 * running it again later prints the same text. Reading it writes nothing.
 */
export async function summaryText(engine: Engine, date: string | undefined, now: number): Promise<Summary> {
  if (date !== undefined && !isIsoDate(date)) throw invalid('date', `"${date}" is not a date`, 'write it as YYYY-MM-DD');
  const tz = engine.config.org.timezone;
  const day = date ?? localDate(now, tz);
  const { end } = dayBounds(day, tz);
  // Today is the record as of now, a past day as of its end: both rebuilt from the events
  // before that moment, so a record that has moved on (or a `--now` behind it) reads the same.
  const asOf = Math.min(now, end - 1);
  const states = statesFrom(await eventsBefore(engine.store.db, asOf + 1));
  return { date: day, path: `sessions/chief.staff/ceo-daily-summary-${day}.md`, text: dailySummary(states, { date: day, timezone: tz, now: asOf }) };
}

/** Prints and files the summary (the one place that writes it), recorded as `summary.filed`. */
export async function fileSummary(engine: Engine, date: string | undefined, acting: Acting): Promise<Summary> {
  const summary = await summaryText(engine, date, acting.now);
  const decided = decideOrg({ type: 'summary.file', date: summary.date, path: summary.path }, acting);
  if (!decided.ok) throw new BatonError(decided.reason, decided.problems);
  writeFileAtomic(engine.config.root, summary.path, summary.text);
  await recordOrg(engine, { type: 'summary.file', date: summary.date, path: summary.path }, acting);
  return summary;
}

function statesFrom(events: readonly StoredEvent[]): DealState[] {
  const states = new Map<string, DealState>();
  for (const e of events) {
    const event = { ...(e.data as object), type: e.type, at: e.at, actor: e.actor } as DomainEvent;
    states.set(e.dealId, evolve(states.get(e.dealId), event));
  }
  return [...states.values()];
}
