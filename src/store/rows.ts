import type { Selectable } from 'kysely';
import { CLOCK_NAMES, type Clock, type ClockName, type Deal, type DealState, type Handoff } from '../domain/types.js';
import type { AgentRow, StoredDeliveryItem, StoredEvent, StoredMessage } from './records.js';
import type { AgentsTable, ClocksTable, DealsTable, DeliveryItemsTable, EventsTable, HandoffsTable, MessagesTable } from './schema.js';

/** Row ↔ domain mapping shared by the queries. Null columns become absent properties. */

/** Keeps only the properties whose value is neither null nor undefined. */
export function present<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], null | undefined> } {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== null && v !== undefined) out[key] = v;
  return out as { [K in keyof T]?: Exclude<T[K], null | undefined> };
}

export function toJson(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value);
}

/** Splits a list so a statement never carries more parameters than SQLite allows. */
export function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const clockOrder = new Map<string, number>(CLOCK_NAMES.map((name, i) => [name, i]));

export function toClock(row: Selectable<ClocksTable>): Clock {
  const { state, ...data } = row.data ? (JSON.parse(row.data) as Partial<Clock>) : {};
  return {
    name: row.name as ClockName,
    // A held clock's row says `held`; its own state is in the data.
    state: (row.state === 'held' ? (state ?? 'pending') : row.state) as Clock['state'],
    startedAt: row.started_at,
    dueAt: row.due_at,
    ...present({ doneAt: row.done_at, missedAt: row.missed_at }),
    ...data,
  };
}

export function toDealState(deal: Selectable<DealsTable>, handoff: Selectable<HandoffsTable> | undefined, clocks: readonly Selectable<ClocksTable>[]): DealState {
  const state: DealState = { deal: JSON.parse(deal.data) as Deal };
  if (handoff) {
    const sorted = [...clocks].sort((a, b) => (clockOrder.get(a.name) ?? Infinity) - (clockOrder.get(b.name) ?? Infinity) || (a.name < b.name ? -1 : 1));
    const byName: Handoff['clocks'] = {};
    // A clock's reminder rows (`packet#reminder-1`) are the scheduler's; the clock carries them.
    for (const row of sorted) if (!row.name.includes('#')) byName[row.name as ClockName] = toClock(row);
    state.handoff = { ...(JSON.parse(handoff.data) as Omit<Handoff, 'clocks'>), clocks: byName };
  }
  return state;
}

export function toStoredEvent(row: Selectable<EventsTable>): StoredEvent {
  return {
    id: row.id,
    dealId: row.deal_id,
    at: row.at,
    actor: row.actor,
    type: row.type,
    ...present({ lateMs: row.late_ms }),
    data: JSON.parse(row.data),
  };
}

export function toStoredMessage(row: Selectable<MessagesTable>): StoredMessage {
  return {
    id: row.id,
    key: row.key,
    dealId: row.deal_id,
    kind: row.kind,
    channel: row.channel as StoredMessage['channel'],
    recipient: row.recipient,
    text: row.text,
    payload: JSON.parse(row.payload),
    state: row.state as StoredMessage['state'],
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    ...present({ lastError: row.last_error, deliveredAt: row.delivered_at, externalId: row.external_id, inFlightAt: row.in_flight_at }),
  };
}

export function toAgentRow(row: Selectable<AgentsTable>): AgentRow {
  return {
    role: row.role as AgentRow['role'],
    ...present({
      lastHeartbeatAt: row.last_heartbeat_at,
      activatedAt: row.activated_at,
      activatedBy: row.activated_by,
    }),
  };
}

export function toStoredDeliveryItem(row: Selectable<DeliveryItemsTable>): StoredDeliveryItem {
  return {
    id: row.id,
    dealId: row.deal_id,
    item: {
      name: row.name,
      customer: row.customer,
      windowStart: row.window_start,
      windowEnd: row.window_end,
      owner: row.owner as StoredDeliveryItem['item']['owner'],
      milestones: JSON.parse(row.milestones),
    },
    ...present({ externalId: row.external_id }),
    createdAt: row.created_at,
  };
}
