import type { ColumnType, Generated } from 'kysely';

/**
 * Table shapes shared by SQLite and PostgreSQL. Times are epoch milliseconds in bigint
 * columns (numbers on the way out: the pg driver is told to parse int8), JSON is text so
 * that both stores hold the same bytes.
 */
export interface DealsTable {
  id: string;
  company: string;
  stage: string;
  /** JSON of the domain `Deal`. */
  data: string;
  /** Optimistic concurrency: bumped by every saved command. */
  version: number;
  created_at: number;
  updated_at: number;
}

export interface HandoffsTable {
  deal_id: string;
  state: string;
  cycle: number;
  t0: number;
  packet_path: string;
  /** JSON of the domain `Handoff` without its clocks (they have their own rows). */
  data: string;
  updated_at: number;
}

export interface ClocksTable {
  deal_id: string;
  name: string;
  state: string;
  started_at: number;
  due_at: number;
  done_at: number | null;
  missed_at: number | null;
  /** A scheduler holds the due clock until then; an expired lease can be claimed again. */
  claimed_until: number | null;
  /** JSON of the clock's reminders, hold and counting (see 006_sla); null for none. */
  data: string | null;
}

/** Every distinct policy a handoff started under, keyed by the hash of its content. */
export interface PoliciesTable {
  id: string;
  version: string;
  /** JSON of the domain `Policy`. */
  data: string;
  created_at: number;
}

export interface EventsTable {
  id: Generated<number>;
  deal_id: string;
  at: number;
  actor: string;
  type: string;
  /** Milliseconds past the due time, for an event that completes or misses a clock. */
  late_ms: number | null;
  data: string;
}

export interface MessagesTable {
  id: Generated<number>;
  /** `(handoff, step)`: the same owed message always has the same key. */
  key: string;
  deal_id: string;
  kind: string;
  /** `slack` (channel or DM) or `board` (the delivery board). */
  channel: string;
  /** A Slack channel name such as `#exec-checkins`, a role, or `delivery-board`. */
  recipient: string;
  text: string;
  payload: string;
  state: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
  external_id: string | null;
  /** Set before a send that may reach the service; a later attempt checks before resending. */
  in_flight_at: number | null;
  /** A dispatcher holds the message until then; an expired lease can be claimed again. */
  claimed_until: number | null;
}

export interface DeliveryItemsTable {
  id: Generated<number>;
  deal_id: string;
  name: string;
  customer: string;
  window_start: string;
  window_end: string;
  owner: string;
  milestones: string;
  external_id: string | null;
  created_at: number;
}

export interface AgentsTable {
  role: string;
  last_heartbeat_at: number | null;
  activated_at: number | null;
  activated_by: string | null;
}

export interface OrgEventsTable {
  id: Generated<number>;
  at: number;
  actor: string;
  type: string;
  data: string;
}

export interface WatermarksTable {
  name: string;
  at: number;
}

export interface InboundEventsTable {
  key: string;
  source: string;
  received_at: number;
}

export interface Database {
  deals: DealsTable;
  handoffs: HandoffsTable;
  clocks: ClocksTable;
  events: EventsTable;
  messages: MessagesTable;
  delivery_items: DeliveryItemsTable;
  agents: AgentsTable;
  inbound_events: InboundEventsTable;
  org_events: OrgEventsTable;
  watermarks: WatermarksTable;
  policies: PoliciesTable;
}

export type Int8 = ColumnType<number, number, number>;
