import type { ClockName, DealState, DeliveryItem, Role } from '../domain/types.js';

/** What the store hands back and takes in, in domain words (camelCase, absent not null). */

/** A deal as stored, with the version that `saveDeal` must be given to update it. */
export interface LoadedDeal {
  state: DealState;
  version: number;
  /** When the deal was last changed: the time of its latest event. */
  updatedAt: number;
}

export interface NewEvent {
  at: number;
  actor: string;
  type: string;
  /** Milliseconds past the due time, for an event that completes or misses a clock. */
  lateMs?: number;
  data: unknown;
}

export interface StoredEvent {
  id: number;
  dealId: string;
  at: number;
  actor: string;
  type: string;
  lateMs?: number;
  data: any;
}

export interface DueClock {
  dealId: string;
  /** A clock's name, or one of its reminder rows (`packet#reminder-1`, see `parseReminderRow`). */
  name: ClockName | string;
  dueAt: number;
}

/** A due clock this process holds until `claimedUntil` (the lease, and the token that releases it). */
export interface ClaimedClock extends DueClock {
  claimedUntil: number;
}

export type MessageChannel = 'slack' | 'board';
export type MessageState = 'queued' | 'delivered' | 'failed';

export interface NewMessage {
  /** `(handoff, step)`: the same owed message always has the same key. */
  key: string;
  dealId: string;
  kind: string;
  channel: MessageChannel;
  recipient: string;
  text: string;
  payload: unknown;
  createdAt: number;
}

export interface StoredMessage {
  id: number;
  key: string;
  dealId: string;
  kind: string;
  channel: MessageChannel;
  recipient: string;
  text: string;
  payload: any;
  state: MessageState;
  attempts: number;
  nextAttemptAt: number;
  lastError?: string;
  createdAt: number;
  deliveredAt?: number;
  externalId?: string;
  /** A previous attempt may have reached the service: check before sending again. */
  inFlightAt?: number;
}

/** A queued message this process holds until `claimedUntil` (the lease, and the token that releases it). */
export interface ClaimedMessage extends StoredMessage {
  claimedUntil: number;
}

/** A deal to write as part of a batch: the version it was loaded at, and its new state. */
export interface DealWrite {
  before: LoadedDeal;
  after: DealState;
}

export interface MessageAttemptFailure {
  error: string;
  nextAttemptAt: number;
  /** Out of attempts: the message becomes `failed` until someone requeues it. */
  failed: boolean;
  /** The service certainly did not act on the attempt, so the in-flight mark can go. */
  certainlyNotSent?: boolean;
}

export interface AgentRow {
  role: Role;
  lastHeartbeatAt?: number;
  activatedAt?: number;
  activatedBy?: string;
}

export interface StoredDeliveryItem {
  id: number;
  dealId: string;
  item: DeliveryItem;
  externalId?: string;
  createdAt: number;
}
