import mondayApi from '@mondaydotcomorg/api';
import type { DeliveryColumns } from '../config/config.js';
import type { DeliveryItem } from '../domain/types.js';
import type { StoredMessage, Store } from '../store/index.js';
import { classifyMondayError } from './monday-errors.js';
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
  store: Store;
  timeoutMs?: number;
}

const FIND = `query FindDelivery($board: ID!, $column: String!, $value: String!) {
  items_page_by_column_values(board_id: $board, limit: 1, columns: [{ column_id: $column, column_values: [$value] }]) {
    items { id name subitems { id name } }
  }
}`;

const CREATE = `mutation CreateDelivery($board: ID!, $name: String!, $values: JSON) {
  create_item(board_id: $board, item_name: $name, column_values: $values, create_labels_if_missing: false) { id }
}`;

const MILESTONE = `mutation CreateMilestone($parent: ID!, $name: String!, $values: JSON) {
  create_subitem(parent_item_id: $parent, item_name: $name, column_values: $values, create_labels_if_missing: false) { id }
}`;

interface Found {
  items_page_by_column_values: { items: { id: string; name: string; subitems?: { id: string; name: string }[] | null }[] };
}

/**
 * SOP-4.4b on monday.com: the Assessment™ item on the delivery board with its milestones
 * as subitems. monday has no idempotency keys, so the item carries the deal id in a
 * source-key column and is looked up before it is created, and each milestone is created
 * only if the item lacks a subitem of that name: a retry after a timeout never doubles one.
 */
export function mondaySink(opts: MondaySinkOptions): Sink {
  const client = new ApiClient({ token: opts.token, apiVersion: opts.apiVersion, endpoint: opts.apiUrl });
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const request = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    try {
      return await client.request<T>(query, variables, { timeoutMs });
    } catch (error) {
      throw classifyMondayError(error);
    }
  };

  return {
    async send(message: StoredMessage) {
      const board = opts.boardId;
      if (board === undefined) throw new DeliveryError('monday.deliveryBoardId is not set in baton.config.yaml', false, undefined, false);
      const item = (message.payload as { item: DeliveryItem }).item;
      const found = await request<Found>(FIND, { board: String(board), column: opts.columns.sourceKey, value: message.dealId });
      let existing = found.items_page_by_column_values.items[0];
      if (!existing) {
        const created = await request<{ create_item: { id: string } }>(CREATE, {
          board: String(board),
          name: item.name,
          values: JSON.stringify(itemColumns(item, message.dealId, opts)),
        });
        existing = { id: created.create_item.id, name: item.name, subitems: [] };
      }
      const have = new Set((existing.subitems ?? []).map((s) => s.name));
      for (const milestone of item.milestones) {
        if (have.has(milestone.name)) continue;
        await request(MILESTONE, {
          parent: existing.id,
          name: milestone.name,
          values: JSON.stringify({ [opts.columns.milestones ?? 'date0']: { date: milestone.date } }),
        });
      }
      return { externalId: existing.id };
    },
  };
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
