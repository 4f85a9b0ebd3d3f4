import mondayApi from '@mondaydotcomorg/api';
import type { DeliveryColumns } from '../config/config.js';
import type { DeliveryItem } from '../domain/types.js';
import type { StoredMessage } from '../store/index.js';
import { classifyMondayError } from './monday-errors.js';
import { mondayReader, type MondayReader } from './monday-read.js';
import { DeliveryError, type Sink } from './sink.js';

// The package resolves to CommonJS under Node's ESM loader: take the class off the default export.
const { ApiClient } = mondayApi;

export interface MondaySinkOptions {
  token: string;
  apiUrl: string;
  apiVersion: string;
  boardId: number | undefined;
  columns: DeliveryColumns;
  /** customer.success's monday.com person id, for the owner column. */
  ownerId: number | undefined;
  timeoutMs?: number;
  /** The Prospects board and its `handoff` column, where `handoff-state` messages write (SPEC §14). */
  prospects?: { boardId: number | undefined; handoffColumn: string | undefined };
}

/** The payload of a `handoff-state` message: the label for the deal's Prospects board item. */
export interface HandoffStatePayload {
  dealId: string;
  itemId: string;
  label: string;
}

/**
 * The payload of a `delivery-item` message. `update: true` says the item exists and Baton moved
 * its window or milestone dates (a re-filing after acknowledgement that changed the start
 * target, a SOW signature that re-caps it: SPEC §13); without it the message creates the item.
 */
export interface DeliveryItemPayload {
  dealId?: string;
  item: DeliveryItem;
  update?: boolean;
}

const FIND = `query FindDelivery($board: ID!, $column: String!, $value: String!, $window: [String!], $dates: [String!]) {
  items_page_by_column_values(board_id: $board, limit: 1, columns: [{ column_id: $column, column_values: [$value] }]) {
    items {
      id
      name
      column_values(ids: $window) { id value }
      subitems { id name board { id } column_values(ids: $dates) { id value } }
    }
  }
}`;

const CREATE = `mutation CreateDelivery($board: ID!, $name: String!, $values: JSON) {
  create_item(board_id: $board, item_name: $name, column_values: $values, create_labels_if_missing: false) { id }
}`;

const MILESTONE = `mutation CreateMilestone($parent: ID!, $name: String!, $values: JSON) {
  create_subitem(parent_item_id: $parent, item_name: $name, column_values: $values, create_labels_if_missing: false) { id }
}`;

/** Also for subitems: their board is the delivery board's subitems board, which the subitem names. */
const CHANGE = `mutation ChangeDelivery($board: ID!, $item: ID, $values: JSON!) {
  change_multiple_column_values(board_id: $board, item_id: $item, column_values: $values, create_labels_if_missing: false) { id }
}`;

type Cell = { id: string; value: unknown };
interface Subitem {
  id: string;
  name: string;
  board?: { id: string } | null;
  column_values?: Cell[] | null;
}
interface Found {
  items_page_by_column_values: { items: { id: string; name: string; column_values?: Cell[] | null; subitems?: Subitem[] | null }[] };
}

/**
 * SOP-4.4b on monday.com: the Assessment™ item on the delivery board with its milestones as
 * subitems, each dated in `deliveryColumns.milestones` on the subitems board. monday has no
 * idempotency keys, so the item carries the deal id in a source-key column and is looked up
 * before it is created, and each milestone is created only if the item lacks a subitem of that
 * name: a retry after a timeout never doubles one. An update moves the window and each
 * milestone's date that differs (change_multiple_column_values), and creates what is missing.
 * The sink only returns the item's id; recording it is the dispatcher's.
 */
export function mondaySink(opts: MondaySinkOptions): Sink {
  const client = new ApiClient({ token: opts.token, apiVersion: opts.apiVersion, endpoint: opts.apiUrl });
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const c = opts.columns;
  const request = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    try {
      return await client.request<T>(query, variables, { timeoutMs });
    } catch (error) {
      throw classifyMondayError(error);
    }
  };
  const dated = (date: string) => JSON.stringify({ [c.milestones]: { date } });
  let prospects: MondayReader | undefined;

  /**
   * The handoff's state on its Prospects board item: one change_simple_column_value, which sets
   * the label whatever the column held (so a retry after a timeout writes the same thing). A
   * rate limit is a DeliveryError with monday.com's wait, which the outbox retries after.
   */
  const writeState = async (payload: HandoffStatePayload) => {
    const column = opts.prospects?.handoffColumn;
    // The mapping was removed since the message was queued: nothing is asked of the board any more.
    if (column === undefined) return {};
    prospects ??= mondayReader({
      token: opts.token,
      apiUrl: opts.apiUrl,
      apiVersion: opts.apiVersion,
      boardId: opts.prospects?.boardId,
      ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    });
    await prospects.writeHandoffState(payload.itemId, column, payload.label);
    return { externalId: payload.itemId };
  };

  return {
    async send(message: StoredMessage, _now: number) {
      if (message.kind === 'handoff-state') return writeState(message.payload as unknown as HandoffStatePayload);
      const board = opts.boardId;
      if (board === undefined) throw new DeliveryError('monday.deliveryBoardId is not set in baton.config.yaml', false, undefined, false);
      const { item, update } = message.payload as DeliveryItemPayload;
      const found = await request<Found>(FIND, {
        board: String(board),
        column: c.sourceKey,
        value: message.dealId,
        window: [c.window],
        dates: [c.milestones],
      });
      let existing = found.items_page_by_column_values.items[0];
      if (!existing) {
        const created = await request<{ create_item: { id: string } }>(CREATE, {
          board: String(board),
          name: item.name,
          values: JSON.stringify(itemColumns(item, message.dealId, opts)),
        });
        existing = { id: created.create_item.id, name: item.name, subitems: [] };
      } else if (update) {
        const window = cellValue(existing.column_values, c.window);
        if (window?.from !== item.windowStart || window?.to !== item.windowEnd) {
          await request(CHANGE, {
            board: String(board),
            item: existing.id,
            values: JSON.stringify({ [c.window]: { from: item.windowStart, to: item.windowEnd } }),
          });
        }
      }
      const subitems = new Map<string, Subitem>();
      for (const s of existing.subitems ?? []) if (!subitems.has(s.name)) subitems.set(s.name, s);
      for (const milestone of item.milestones) {
        const sub = subitems.get(milestone.name);
        if (!sub) {
          await request(MILESTONE, { parent: existing.id, name: milestone.name, values: dated(milestone.date) });
        } else if (update && cellValue(sub.column_values, c.milestones)?.date !== milestone.date) {
          if (!sub.board?.id) throw new DeliveryError(`monday.com did not name the board of subitem ${sub.id}`, false, undefined, false);
          await request(CHANGE, { board: sub.board.id, item: sub.id, values: dated(milestone.date) });
        }
      }
      return { externalId: existing.id };
    },
  };
}

/** A cell's decoded value (`value` is a JSON string), or undefined when empty or unreadable. */
function cellValue(cells: Cell[] | null | undefined, id: string): Record<string, unknown> | undefined {
  const raw = cells?.find((x) => x.id === id)?.value;
  if (raw === null || raw === undefined) return undefined;
  try {
    const v = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function itemColumns(item: DeliveryItem, dealId: string, opts: MondaySinkOptions): Record<string, unknown> {
  const c = opts.columns;
  return {
    [c.customer]: item.customer,
    [c.window]: { from: item.windowStart, to: item.windowEnd },
    ...(opts.ownerId !== undefined ? { [c.owner]: { personsAndTeams: [{ id: opts.ownerId, kind: 'person' }] } } : {}),
    [c.sourceKey]: dealId,
  };
}
