import mondayApi from '@mondaydotcomorg/api';
import type { BoardItem } from '../board/read-item.js';
import { classifyMondayError, MondayApiError } from './monday-errors.js';

// The package resolves to CommonJS under Node's ESM loader: take the class off the default export.
const { ApiClient } = mondayApi;

/**
 * The read side of the Prospects board (SPEC §14), through the official client with the
 * API-Version pinned: `readItems` for the items a webhook names, `pageBoard` for `baton board
 * sync` (items_page, then next_items_page with its cursor until there is none), and
 * `writeHandoffState` for the handoff column. Reads are idempotent, so a rate limit
 * (COMPLEXITY_BUDGET_EXHAUSTED, MINUTE_RATE_LIMIT_EXCEEDED…: HTTP 429 with `retry_in_seconds`
 * or Retry-After) is waited out here, a bounded number of times; a wait longer than `maxWaitMs`
 * (a DAILY_LIMIT_EXCEEDED) fails at once with the wait in the error. The write is one attempt:
 * it goes through the outbox, which already retries at the time the error names.
 *
 * @example
 *   const monday = mondayReader({ token, apiUrl, apiVersion: '2026-07', boardId: 123 });
 *   const [item] = await monday.readItems(['1234567890']);
 *   await monday.pageBoard(123, async (items) => { for (const i of items) reconcile(readItem(i, columns)); });
 */

export interface MondayReaderOptions {
  token: string;
  apiUrl: string;
  apiVersion: string;
  /** The Prospects board, where `writeHandoffState` writes. */
  boardId?: number | string;
  /** Read only these columns (the ids of `monday.prospectsColumns`); default every column. */
  columns?: readonly string[];
  /** Items per page of `pageBoard` (monday.com allows 1 to 500). Default 100. */
  pageSize?: number;
  timeoutMs?: number;
  /** Attempts per read, the first included. Default 5. */
  maxAttempts?: number;
  /** The longest wait sat through before trying again. Default 120 s. */
  maxWaitMs?: number;
  /** How to wait between attempts; tests pass one that records the wait. Default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

/** An item as read, with the board it is on (a webhook may name an item of another board). */
export type ReadBoardItem = BoardItem & { boardId: string };

export interface PageInfo {
  /** 1 for the first page. */
  page: number;
  /** The cursor of the next page, or null on the last one. */
  cursor: string | null;
  /** How many items the board said it holds when the first page was read (for a progress bar). */
  total?: number;
}

export interface MondayReader {
  /** The items with these ids that exist and are active, in the order monday.com returns them. */
  readItems(ids: readonly (string | number)[]): Promise<ReadBoardItem[]>;
  /** Every item of the board, page by page; each `onPage` is awaited before the next page is read. */
  pageBoard(boardId: string | number, onPage: (items: BoardItem[], page: PageInfo) => void | Promise<void>): Promise<{ pages: number; items: number }>;
  /** Writes `label` to the item's handoff column: a status label, or the text of a text column. */
  writeHandoffState(itemId: string | number, columnId: string, label: string): Promise<void>;
}

const COLUMN_VALUES = 'column_values(ids: $columns) { id type text value }';

const READ_ITEMS = `query BatonReadItems($ids: [ID!], $limit: Int, $columns: [String!]) {
  items(ids: $ids, limit: $limit, exclude_nonactive: true) { id name board { id } ${COLUMN_VALUES} }
}`;

const FIRST_PAGE = `query BatonBoardPage($board: [ID!], $limit: Int!, $columns: [String!]) {
  boards(ids: $board) { id items_count items_page(limit: $limit) { cursor items { id name ${COLUMN_VALUES} } } }
}`;

const NEXT_PAGE = `query BatonNextPage($cursor: String!, $limit: Int!, $columns: [String!]) {
  next_items_page(cursor: $cursor, limit: $limit) { cursor items { id name ${COLUMN_VALUES} } }
}`;

/** change_simple_column_value takes a plain string: a status label or a text, which is all the handoff column holds. */
const WRITE_STATE = `mutation BatonHandoffState($board: ID!, $item: ID, $column: String!, $value: String) {
  change_simple_column_value(board_id: $board, item_id: $item, column_id: $column, value: $value, create_labels_if_missing: false) { id }
}`;

type Page = { cursor: string | null; items: BoardItem[] };

/** monday.com answers at most 100 ids per `items` query. */
const IDS_PER_QUERY = 100;
const COLUMNS_KEY = 'monday.prospectsColumns';

export function mondayReader(opts: MondayReaderOptions): MondayReader {
  const client = new ApiClient({ token: opts.token, apiVersion: opts.apiVersion, endpoint: opts.apiUrl });
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const maxAttempts = Math.max(1, opts.maxAttempts ?? 5);
  const maxWaitMs = opts.maxWaitMs ?? 120_000;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const limit = opts.pageSize ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new RangeError(`pageSize must be 1 to 500, got ${limit}`);
  const columns = opts.columns ? { columns: [...new Set(opts.columns)] } : {};

  const once = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    try {
      return await client.request<T>(query, variables, { timeoutMs });
    } catch (error) {
      throw classifyMondayError(error, COLUMNS_KEY);
    }
  };

  /** A read, tried again after the wait monday.com names (or a short backoff after a 5xx or a lost answer). */
  const read = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await once<T>(query, variables);
      } catch (error) {
        const e = error as MondayApiError;
        const wait = e.retryable ? (e.retryAfterMs ?? Math.min(1000 * 2 ** (attempt - 1), 30_000)) : undefined;
        if (wait === undefined || attempt >= maxAttempts) throw e;
        if (wait > maxWaitMs) {
          throw new MondayApiError(`${e.message}; monday.com asks to wait ${Math.ceil(wait / 1000)} s, longer than Baton waits in one read`, true, wait, false, e.code, e.status);
        }
        await sleep(wait);
      }
    }
  };

  return {
    async readItems(ids) {
      const unique = [...new Set(ids.map(String))];
      const out: ReadBoardItem[] = [];
      for (let i = 0; i < unique.length; i += IDS_PER_QUERY) {
        const chunk = unique.slice(i, i + IDS_PER_QUERY);
        const data = await read<{ items: (BoardItem & { board: { id: string } | null })[] | null }>(READ_ITEMS, {
          ids: chunk,
          limit: chunk.length,
          ...columns,
        });
        for (const { board, ...item } of data.items ?? []) out.push({ ...item, boardId: board?.id ?? '' });
      }
      return out;
    },

    async pageBoard(boardId, onPage) {
      const first = await read<{ boards: { id: string; items_count: number | null; items_page: Page }[] | null }>(FIRST_PAGE, { board: [String(boardId)], limit, ...columns });
      let page = first.boards?.[0]?.items_page;
      const total = first.boards?.[0]?.items_count ?? undefined;
      if (!page) {
        throw new MondayApiError(
          `monday.com has no board ${boardId} for this token: check monday.prospectsBoardId in baton.config.yaml, and that the token's user can see the board`,
          false,
          undefined,
          false,
        );
      }
      let pages = 0;
      let count = 0;
      for (;;) {
        pages += 1;
        count += page.items.length;
        await onPage(page.items, { page: pages, cursor: page.cursor, ...(total !== undefined ? { total } : {}) });
        if (!page.cursor) return { pages, items: count };
        page = (await read<{ next_items_page: Page }>(NEXT_PAGE, { cursor: page.cursor, limit, ...columns })).next_items_page;
      }
    },

    async writeHandoffState(itemId, columnId, label) {
      if (opts.boardId === undefined) {
        throw new MondayApiError('monday.prospectsBoardId is not set in baton.config.yaml', false, undefined, false);
      }
      try {
        await once(WRITE_STATE, { board: String(opts.boardId), item: String(itemId), column: columnId, value: label });
      } catch (error) {
        const e = error as MondayApiError;
        if (e.code === 'ColumnValueException') {
          throw new MondayApiError(
            `${e.message}; to write the handoff state "${label}", add that label to column "${columnId}" on the Prospects board, or map monday.prospectsColumns.handoff to a text column`,
            false,
            undefined,
            false,
            e.code,
            e.status,
          );
        }
        throw e;
      }
    },
  };
}
