import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  buildSchema,
  execute,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type OperationDefinitionNode,
} from 'graphql';
import { MONDAY_SDL } from './monday-schema.js';

/**
 * A fake monday.com GraphQL API (`POST /v2`) on 127.0.0.1 for tests that drive the REAL
 * `@mondaydotcomorg/api` ApiClient: `new ApiClient({ token, apiVersion: '2026-07', endpoint: fake.url })`.
 *
 * It checks `Authorization` (the raw token, no `Bearer`) and `API-Version`, parses and validates every
 * query against a minimal SDL (./monday-schema.ts) with graphql-js and executes it against an
 * in-memory delivery board and its subitems board. `column_values` must be a JSON-encoded string, and
 * each value is checked against its column's type (shared/reference/slack-and-monday.md §2.2).
 * Application errors are HTTP 200 with monday's `errors[].extensions { code, status_code, error_data }`.
 */

export type MondayColumnType =
  | 'name'
  | 'text'
  | 'long_text'
  | 'numbers'
  | 'status'
  | 'date'
  | 'people'
  | 'timeline'
  | 'email'
  | 'link'
  | 'dropdown'
  | 'checkbox';

export interface FakeMondayColumn {
  id: string;
  type: MondayColumnType;
  title: string;
  /** status columns: the labels by index. An unknown label errors unless create_labels_if_missing. */
  labels?: string[];
}

export interface FakeMondayUser {
  id: number;
  name: string;
  email: string;
}

export interface FakeMondayOptions {
  /** When given, only this exact token is accepted; otherwise any non-empty raw token (a `Bearer …` is refused). */
  token?: string;
  /** The delivery board's id. Default 456. */
  boardId?: number | string;
  boardName?: string;
  /** The delivery board's subitems board. Default 457. */
  subitemsBoardId?: number | string;
  /** Delivery board columns (besides `name`). Default: text (text), timeline (timeline), person (people), text_key (text). */
  columns?: FakeMondayColumn[];
  /** Subitems board columns (besides `name`). Default: date0 (date). */
  subitemColumns?: FakeMondayColumn[];
  /** Delivery board groups. Default `[{ id: 'topics', title: 'Deliveries' }]`; the first is where items go without group_id. */
  groups?: { id: string; title: string }[];
  /** Account users; the first is `me`. When given, people values must name one of them (kind person). */
  users?: FakeMondayUser[];
  /** Accepted API-Version values. Default: any `YYYY-(01|04|07|10)`. */
  apiVersions?: string[];
}

/** A stored item or subitem, as the test sees it. */
export interface FakeMondayItem {
  id: string;
  name: string;
  boardId: string;
  groupId: string;
  /** Set on subitems. */
  parentId?: string;
  /** The decoded value per column id, as it was sent (e.g. `{ text_key: 'src-1', timeline: { from, to } }`). */
  columnValues: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** One HTTP request the fake received, whatever became of it. */
export interface MondayRequest {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName?: string;
  /** The root field names of the operation run, e.g. `['create_item', 'complexity']` ([] when unparsable). */
  fields: string[];
  /** The `API-Version` header as sent. */
  apiVersion: string | undefined;
  headers: IncomingHttpHeaders;
  /** `Date.now()` when the request arrived. */
  at: number;
}

/** One scripted failure, consumed by the next valid request whose operation has that root field. */
export type MondayFault =
  /** HTTP 429 with `Retry-After: retryInSeconds` (default 1); `complexity: true` gives the COMPLEXITY_BUDGET_EXHAUSTED body. */
  | { status: 429; complexity?: boolean; retryInSeconds?: number }
  /** Any other HTTP status (500, 502…), nothing performed. */
  | { status: number }
  /** HTTP 200 with an application error (e.g. `maxConcurrencyExceeded`, `UserUnauthorizedException`), nothing performed. */
  | { errorCode: string; message?: string; statusCode?: number; retryInSeconds?: number }
  /** The operation is performed, and the answer is sent `delayMs` late: for client timeouts. */
  | { delayMs: number }
  /** The operation is performed (the item IS stored), then the socket is destroyed unanswered. */
  | { dropAfterStore: true }
  /** The socket is destroyed unanswered; nothing is performed. */
  | { drop: true };

export interface FakeMonday {
  /** The ApiClient `endpoint`, e.g. `http://127.0.0.1:PORT/v2`. */
  url: string;
  boardId: string;
  subitemsBoardId: string;
  /** Every request received, in arrival order (including rejected and faulted ones). */
  requests: MondayRequest[];
  /** Items on the delivery board (not subitems), in creation order. */
  items(): FakeMondayItem[];
  /** Subitems of one parent item, in creation order. */
  subitems(parentId: string | number): FakeMondayItem[];
  item(id: string | number): FakeMondayItem | undefined;
  /** Store an item (or, with parentId, a subitem) directly, as if created earlier in monday. */
  seedItem(item: {
    name: string;
    columnValues?: Record<string, unknown>;
    groupId?: string;
    parentId?: string | number;
  }): FakeMondayItem;
  /** Queue a fault for the next `times` requests whose operation has root field `operation` (`'*'`: any). */
  fail(operation: string, fault: MondayFault, times?: number): void;
  pendingFaults(): Record<string, MondayFault[]>;
  /** Forget requests, items and queued faults; the boards stay. */
  reset(): void;
  close(): Promise<void>;
}

const schema = buildSchema(MONDAY_SDL);
const API_VERSION = /^\d{4}-(01|04|07|10)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIME = /^\d{2}:\d{2}(:\d{2})?$/;
const ACCOUNT_ID = 9_000_001;

interface Board {
  id: string;
  name: string;
  columns: FakeMondayColumn[];
  groups: { id: string; title: string }[];
  subitemsOf?: string;
}

interface StoredItem {
  id: string;
  name: string;
  boardId: string;
  groupId: string;
  parentId?: string;
  values: Map<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** A monday application error: HTTP 200, `errors[].extensions.code`. */
function mondayError(code: string, message: string, errorData: Record<string, unknown> = {}, statusCode = 200) {
  return new GraphQLError(message, { extensions: { code, status_code: statusCode, error_data: errorData } });
}

function isValidDate(s: unknown): s is string {
  if (typeof s !== 'string' || !ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export async function startFakeMonday(opts: FakeMondayOptions = {}): Promise<FakeMonday> {
  const boardId = String(opts.boardId ?? 456);
  const subitemsBoardId = String(opts.subitemsBoardId ?? 457);
  const users: FakeMondayUser[] = opts.users ?? [{ id: 4616627, name: 'Baton Bot', email: 'baton-bot@example.com' }];
  const enforceUsers = opts.users !== undefined;
  const nameColumn: FakeMondayColumn = { id: 'name', type: 'name', title: 'Name' };

  const freshBoards = (): Map<string, Board> =>
    new Map<string, Board>([
      [
        boardId,
        {
          id: boardId,
          name: opts.boardName ?? 'Deliveries',
          columns: [
            nameColumn,
            ...(
              opts.columns ?? [
                { id: 'text', type: 'text', title: 'Client' },
                { id: 'timeline', type: 'timeline', title: 'Timeline' },
                { id: 'person', type: 'people', title: 'Owner' },
                { id: 'text_key', type: 'text', title: 'Source key' },
              ]
            ).map((c) => ({ ...c, ...(c.labels ? { labels: [...c.labels] } : {}) })),
          ],
          groups: opts.groups ?? [{ id: 'topics', title: 'Deliveries' }],
        },
      ],
      [
        subitemsBoardId,
        {
          id: subitemsBoardId,
          name: `Subitems of ${opts.boardName ?? 'Deliveries'}`,
          columns: [
            nameColumn,
            ...(opts.subitemColumns ?? [{ id: 'date0', type: 'date', title: 'Due date' }]).map((c) => ({
              ...c,
              ...(c.labels ? { labels: [...c.labels] } : {}),
            })),
          ],
          groups: [{ id: 'topics', title: 'Subitems' }],
          subitemsOf: boardId,
        },
      ],
    ]);

  let boards = freshBoards();
  let items = new Map<string, StoredItem>();
  const requests: MondayRequest[] = [];
  let faults = new Map<string, MondayFault[]>();
  let nextId = 1_000_000_001;
  let budget = 10_000_000;
  let requestSeq = 0;
  const pending = new Set<NodeJS.Timeout>();

  // ---- column values -------------------------------------------------------------------------------

  const badValue = (column: FakeMondayColumn, value: unknown, why: string) =>
    mondayError(
      'ColumnValueException',
      `invalid value - ${why}. Please check our API documentation for the correct data structure for this column. ` +
        'https://developer.monday.com/api-reference/docs/change-column-values',
      { column_id: column.id, column_type: column.type, column_value: JSON.stringify(value) },
    );

  /** Checks one value against its column; returns what to store (null clears). */
  const checkValue = (column: FakeMondayColumn, value: unknown, createLabels: boolean): unknown => {
    if (value === null) return null;
    switch (column.type) {
      case 'name':
      case 'text':
      case 'email':
      case 'link':
        if (typeof value !== 'string') throw badValue(column, value, `a ${column.type} column takes a string`);
        return value;
      case 'long_text':
        if (typeof value === 'string') return { text: value };
        if (isPlainObject(value) && typeof value.text === 'string') return { text: value.text };
        throw badValue(column, value, 'a long_text column takes {"text": "..."}');
      case 'numbers':
        if (typeof value === 'number' && Number.isFinite(value)) return value;
        if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
        throw badValue(column, value, 'a numbers column takes a number');
      case 'date': {
        if (!isPlainObject(value) || !isValidDate(value.date))
          throw badValue(column, value, 'a date column takes {"date": "YYYY-MM-DD"}');
        if (value.time !== undefined && value.time !== null && (typeof value.time !== 'string' || !ISO_TIME.test(value.time)))
          throw badValue(column, value, 'time must be "HH:MM:SS"');
        return typeof value.time === 'string' ? { date: value.date, time: value.time } : { date: value.date };
      }
      case 'timeline': {
        if (!isPlainObject(value) || !isValidDate(value.from) || !isValidDate(value.to))
          throw badValue(column, value, 'a timeline column takes {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}');
        return { from: value.from, to: value.to };
      }
      case 'people': {
        const list = isPlainObject(value) ? value.personsAndTeams : undefined;
        if (!Array.isArray(list))
          throw badValue(column, value, 'a people column takes {"personsAndTeams": [{"id": 123, "kind": "person"}]}');
        for (const p of list) {
          if (!isPlainObject(p) || typeof p.id !== 'number' || !Number.isInteger(p.id) || (p.kind !== 'person' && p.kind !== 'team'))
            throw badValue(column, value, 'each entry is {"id": <number>, "kind": "person" | "team"}');
          if (enforceUsers && p.kind === 'person' && !users.some((u) => u.id === p.id))
            throw badValue(column, value, `person ${p.id} is not a user of this account`);
        }
        return { personsAndTeams: list.map((p) => ({ id: (p as { id: number }).id, kind: (p as { kind: string }).kind })) };
      }
      case 'status': {
        const labels = (column.labels ??= []);
        let index: number | undefined;
        if (isPlainObject(value) && typeof value.label === 'string') {
          index = labels.indexOf(value.label);
          if (index < 0) {
            if (!createLabels) throw badValue(column, value, 'label does not exist in column');
            labels.push(value.label);
            index = labels.length - 1;
          }
        } else if (isPlainObject(value) && typeof value.index === 'number') {
          if (value.index < 0 || value.index >= labels.length) throw badValue(column, value, 'index does not exist in column');
          index = value.index;
        } else if (typeof value === 'string') {
          return checkValue(column, { label: value }, createLabels);
        } else {
          throw badValue(column, value, 'a status column takes {"label": "..."} or {"index": N}');
        }
        return { index };
      }
      case 'checkbox':
        if (isPlainObject(value) && (value.checked === 'true' || value.checked === true)) return { checked: 'true' };
        throw badValue(column, value, 'a checkbox column takes {"checked": "true"}');
      case 'dropdown':
        if (isPlainObject(value) && (Array.isArray(value.labels) || Array.isArray(value.ids))) return value;
        throw badValue(column, value, 'a dropdown column takes {"labels": [...]} or {"ids": [...]}');
    }
  };

  /** Parses a `column_values` argument (a JSON string) and checks every entry against `board`. */
  const checkColumnValues = (board: Board, raw: unknown, createLabels: boolean): Map<string, unknown> => {
    const out = new Map<string, unknown>();
    if (raw === undefined || raw === null) return out;
    if (typeof raw !== 'string') {
      throw mondayError(
        'JsonParseException',
        `column_values must be a JSON-encoded string (JSON.stringify the object), got ${Array.isArray(raw) ? 'an array' : typeof raw}`,
        {},
        400,
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw mondayError('JsonParseException', `column_values is not valid JSON: ${raw.slice(0, 100)}`, {}, 400);
    }
    if (!isPlainObject(parsed)) {
      throw mondayError('JsonParseException', 'column_values must encode a JSON object of {column_id: value}', {}, 400);
    }
    for (const [columnId, value] of Object.entries(parsed)) {
      const column = board.columns.find((c) => c.id === columnId);
      if (!column) {
        throw mondayError('ColumnValueException', "This column ID doesn't exist for the board", {
          column_id: columnId,
          board_id: board.id,
        });
      }
      out.set(columnId, checkValue(column, value, createLabels));
    }
    return out;
  };

  const textOf = (column: FakeMondayColumn, v: unknown): string => {
    if (v === null || v === undefined) return '';
    switch (column.type) {
      case 'long_text':
        return (v as { text: string }).text;
      case 'date': {
        const d = v as { date: string; time?: string };
        return d.time ? `${d.date} ${d.time}` : d.date;
      }
      case 'timeline': {
        const t = v as { from: string; to: string };
        return `${t.from} - ${t.to}`;
      }
      case 'people':
        return (v as { personsAndTeams: { id: number; kind: string }[] }).personsAndTeams
          .map((p) => users.find((u) => u.id === p.id && p.kind === 'person')?.name ?? String(p.id))
          .join(', ');
      case 'status':
        return column.labels?.[(v as { index: number }).index] ?? '';
      case 'checkbox':
        return 'v';
      case 'dropdown':
        return ((v as { labels?: unknown[] }).labels ?? []).join(', ');
      default:
        return String(v);
    }
  };

  // ---- views for graphql-js's default resolver -------------------------------------------------------

  const columnView = (c: FakeMondayColumn) => ({
    id: c.id,
    title: c.title,
    type: c.type,
    archived: false,
    description: null,
    settings_str: c.type === 'status' ? JSON.stringify({ labels: Object.fromEntries((c.labels ?? []).map((l, i) => [i, l])) }) : '{}',
    width: null,
  });
  const groupView = (g: { id: string; title: string }, i: number) => ({
    id: g.id,
    title: g.title,
    color: '#579bfc',
    position: String(65536 * (i + 1)),
    archived: false,
    deleted: false,
  });
  const boardView = (b: Board) => ({
    id: b.id,
    name: b.name,
    board_kind: b.subitemsOf ? 'share' : 'public',
    state: 'active',
    items_count: [...items.values()].filter((i) => i.boardId === b.id).length,
    url: `https://fake.monday.com/boards/${b.id}`,
    columns: (args: { ids?: (string | null)[] | null; types?: string[] | null }) =>
      b.columns
        .filter((c) => !args.ids || args.ids.includes(c.id))
        .filter((c) => !args.types || args.types.includes(c.type))
        .map(columnView),
    groups: (args: { ids?: (string | null)[] | null }) =>
      b.groups.map(groupView).filter((g) => !args.ids || args.ids.includes(g.id)),
  });
  const typenameOf: Partial<Record<MondayColumnType, string>> = {
    text: 'TextValue',
    long_text: 'LongTextValue',
    numbers: 'NumbersValue',
    status: 'StatusValue',
    date: 'DateValue',
    timeline: 'TimelineValue',
    people: 'PeopleValue',
  };
  const columnValueView = (item: StoredItem, c: FakeMondayColumn) => {
    const v = item.values.get(c.id) ?? null;
    const base = {
      __typename: typenameOf[c.type] ?? 'UnsupportedValue',
      id: c.id,
      column: columnView(c),
      type: c.type,
      text: textOf(c, v),
      value: v === null ? null : JSON.stringify(v),
      updated_at: item.updatedAt,
    };
    switch (c.type) {
      case 'date':
        return { ...base, date: (v as { date?: string } | null)?.date ?? null, time: (v as { time?: string } | null)?.time ?? null };
      case 'timeline':
        return { ...base, from: (v as { from?: string } | null)?.from ?? null, to: (v as { to?: string } | null)?.to ?? null };
      case 'people':
        return {
          ...base,
          persons_and_teams: (v as { personsAndTeams?: { id: number; kind: string }[] } | null)?.personsAndTeams?.map((p) => ({
            id: String(p.id),
            kind: p.kind,
          })) ?? null,
        };
      case 'status': {
        const index = (v as { index?: number } | null)?.index ?? null;
        return { ...base, index, label: index === null ? null : c.labels?.[index] ?? null, is_done: false };
      }
      case 'numbers':
        return { ...base, number: typeof v === 'number' ? v : null };
      default:
        return base;
    }
  };
  const itemView = (item: StoredItem): Record<string, unknown> => {
    const board = boards.get(item.boardId)!;
    return {
      id: item.id,
      name: item.name,
      state: 'active',
      created_at: item.createdAt,
      updated_at: item.updatedAt,
      creator_id: String(users[0]?.id ?? 1),
      url: `https://fake.monday.com/boards/${item.boardId}/pulses/${item.id}`,
      board: () => boardView(board),
      group: () => {
        const i = board.groups.findIndex((g) => g.id === item.groupId);
        return i < 0 ? null : groupView(board.groups[i]!, i);
      },
      column_values: (args: { ids?: string[] | null; types?: string[] | null }) =>
        board.columns
          .filter((c) => c.type !== 'name')
          .filter((c) => !args.ids || args.ids.includes(c.id))
          .filter((c) => !args.types || args.types.includes(c.type))
          .map((c) => columnValueView(item, c)),
      subitems: () => [...items.values()].filter((s) => s.parentId === item.id).map(itemView),
      parent_item: () => {
        const parent = item.parentId ? items.get(item.parentId) : undefined;
        return parent ? itemView(parent) : null;
      },
    };
  };
  const userView = (u: FakeMondayUser) => ({
    id: String(u.id),
    name: u.name,
    email: u.email,
    enabled: true,
    is_admin: false,
    url: `https://fake.monday.com/users/${u.id}`,
  });

  // ---- operations -----------------------------------------------------------------------------------

  const boardOr = (id: unknown): Board => {
    const b = boards.get(String(id));
    if (!b) throw mondayError('InvalidBoardIdException', 'Board not found', { board_id: Number(id) || String(id) });
    return b;
  };
  const now = () => new Date().toISOString();

  const store = (
    board: Board,
    name: string,
    values: Map<string, unknown>,
    groupId: string,
    parentId?: string,
  ): StoredItem => {
    const named = values.get('name');
    values.delete('name');
    const at = now();
    const item: StoredItem = {
      id: String(nextId++),
      name: typeof named === 'string' ? named : name,
      boardId: board.id,
      groupId,
      values,
      createdAt: at,
      updatedAt: at,
      ...(parentId !== undefined ? { parentId } : {}),
    };
    items.set(item.id, item);
    return item;
  };

  const complexity = () => {
    const before = budget;
    budget = Math.max(0, budget - 10);
    return { before, after: budget, query: 10, reset_in_x_seconds: 60 };
  };

  type Cursor = { b: string; c: { column_id: string; column_values: (string | null)[] }[] | null; o: number };
  const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
  const decodeCursor = (s: string): Cursor => {
    try {
      const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Cursor;
      if (typeof c.b === 'string' && typeof c.o === 'number') return c;
    } catch {
      /* fall through */
    }
    throw mondayError('CursorException', 'Invalid or expired cursor', { cursor: s });
  };

  const rootValue = {
    me: () => (users[0] ? userView(users[0]) : null),
    users: (args: { ids?: string[] | null; emails?: (string | null)[] | null }) =>
      users
        .filter((u) => !args.ids || args.ids.includes(String(u.id)))
        .filter((u) => !args.emails || args.emails.includes(u.email))
        .map(userView),
    complexity,
    boards: (args: { ids?: string[] | null }) =>
      [...boards.values()].filter((b) => !args.ids || args.ids.includes(b.id)).map(boardView),
    items: (args: { ids?: string[] | null; limit?: number | null }) => {
      const all = [...items.values()].filter((i) => !args.ids || args.ids.includes(i.id));
      return (args.ids ? all : all.slice(0, args.limit ?? 25)).map(itemView);
    },
    items_page_by_column_values: (args: {
      board_id: string;
      limit: number;
      cursor?: string | null;
      columns?: { column_id: string; column_values: (string | null)[] }[] | null;
    }) => {
      const cursor = args.cursor ? decodeCursor(args.cursor) : undefined;
      const board = boardOr(cursor ? cursor.b : args.board_id);
      const columns = cursor ? cursor.c : args.columns ?? null;
      for (const cond of columns ?? []) {
        if (!board.columns.some((c) => c.id === cond.column_id)) {
          throw mondayError('InvalidColumnIdException', "This column ID doesn't exist for the board", {
            column_id: cond.column_id,
            board_id: board.id,
          });
        }
      }
      if (args.limit < 1 || args.limit > 500) {
        throw mondayError('InvalidArgumentException', 'limit must be between 1 and 500', { limit: args.limit });
      }
      const matches = [...items.values()].filter(
        (item) =>
          item.boardId === board.id &&
          (columns ?? []).every((cond) => {
            const column = board.columns.find((c) => c.id === cond.column_id)!;
            const text = column.type === 'name' ? item.name : textOf(column, item.values.get(column.id));
            return cond.column_values.some((want) => (want ?? '') === text);
          }),
      );
      const offset = cursor?.o ?? 0;
      const page = matches.slice(offset, offset + args.limit);
      const more = offset + args.limit < matches.length;
      return {
        cursor: more ? encodeCursor({ b: board.id, c: columns, o: offset + args.limit }) : null,
        items: page.map(itemView),
      };
    },
    create_item: (args: {
      board_id: string;
      item_name: string;
      group_id?: string | null;
      column_values?: unknown;
      create_labels_if_missing?: boolean | null;
    }) => {
      const board = boardOr(args.board_id);
      if (board.subitemsOf) {
        throw mondayError('InvalidBoardIdException', 'Use create_subitem to create an item on a subitems board', {
          board_id: Number(board.id),
        });
      }
      const groupId = args.group_id ?? board.groups[0]?.id ?? 'topics';
      if (!board.groups.some((g) => g.id === groupId)) {
        throw mondayError('InvalidGroupIdException', 'Group not found', { group_id: groupId, board_id: Number(board.id) });
      }
      if (args.item_name.length > 255) {
        throw mondayError('ItemNameTooLongException', 'Item name must be 255 characters or less', {});
      }
      const values = checkColumnValues(board, args.column_values, !!args.create_labels_if_missing);
      return itemView(store(board, args.item_name, values, groupId));
    },
    create_subitem: (args: {
      parent_item_id: string;
      item_name: string;
      column_values?: unknown;
      create_labels_if_missing?: boolean | null;
    }) => {
      const parent = items.get(String(args.parent_item_id));
      if (!parent || parent.parentId !== undefined) {
        throw mondayError('ResourceNotFoundException', `Item with id ${args.parent_item_id} not found`, {
          item_id: args.parent_item_id,
        }, 404);
      }
      const sub = [...boards.values()].find((b) => b.subitemsOf === parent.boardId);
      if (!sub) throw mondayError('InvalidBoardIdException', 'The parent board has no subitems board', {});
      const values = checkColumnValues(sub, args.column_values, !!args.create_labels_if_missing);
      return itemView(store(sub, args.item_name, values, sub.groups[0]!.id, parent.id));
    },
    change_multiple_column_values: (args: {
      board_id: string;
      item_id?: string | null;
      column_values: unknown;
      create_labels_if_missing?: boolean | null;
    }) => {
      const board = boardOr(args.board_id);
      const item = args.item_id ? items.get(String(args.item_id)) : undefined;
      if (!item || item.boardId !== board.id) {
        throw mondayError('ResourceNotFoundException', `Item with id ${args.item_id} not found on board ${board.id}`, {
          item_id: args.item_id,
        }, 404);
      }
      const values = checkColumnValues(board, args.column_values, !!args.create_labels_if_missing);
      for (const [k, v] of values) {
        if (k === 'name') item.name = v as string;
        else item.values.set(k, v);
      }
      item.updatedAt = now();
      return itemView(item);
    },
  };

  // ---- HTTP -----------------------------------------------------------------------------------------

  type Outcome = { status: number; json: unknown; headers?: Record<string, string> };
  const errorBody = (message: string, code: string, statusCode: number, extra: Record<string, unknown> = {}) => ({
    errors: [{ message, extensions: { code, status_code: statusCode, ...extra } }],
    account_id: ACCOUNT_ID,
  });

  const send = (res: ServerResponse, o: Outcome): void => {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(o.status, { 'content-type': 'application/json; charset=utf-8', ...o.headers });
    res.end(JSON.stringify(o.json));
  };
  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      pending.delete(t);
      fn();
    }, ms);
    pending.add(t);
  };
  const takeFault = (keys: string[]): MondayFault | undefined => {
    for (const key of [...keys, '*']) {
      const queue = faults.get(key);
      if (queue && queue.length > 0) {
        const f = queue.shift()!;
        if (queue.length === 0) faults.delete(key);
        return f;
      }
    }
    return undefined;
  };

  const selectOperation = (doc: DocumentNode, operationName?: string): OperationDefinitionNode | undefined => {
    const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    return operationName ? ops.find((o) => o.name?.value === operationName) : ops.length === 1 ? ops[0] : undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/\/$/, '');
    if (path !== '/v2' || req.method !== 'POST') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const apiVersion = typeof req.headers['api-version'] === 'string' ? req.headers['api-version'] : undefined;
    let body: { query?: unknown; variables?: unknown; operationName?: unknown } = {};
    let bodyOk = true;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (isPlainObject(parsed)) body = parsed;
      else bodyOk = false;
    } catch {
      bodyOk = false;
    }
    const query = typeof body.query === 'string' ? body.query : '';
    const variables = isPlainObject(body.variables) ? body.variables : undefined;
    const operationName = typeof body.operationName === 'string' && body.operationName ? body.operationName : undefined;

    let document: DocumentNode | undefined;
    let syntaxError: GraphQLError | undefined;
    try {
      document = parse(query);
    } catch (err) {
      syntaxError = err instanceof GraphQLError ? err : new GraphQLError(String(err));
    }
    const operation = document ? selectOperation(document, operationName) : undefined;
    const fields =
      operation?.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : [])) ?? [];
    requests.push({
      query,
      variables,
      ...(operationName ? { operationName } : {}),
      fields,
      apiVersion,
      headers: req.headers,
      at: Date.now(),
    });

    if (!bodyOk) return send(res, { status: 400, json: errorBody('Invalid JSON body', 'JsonParseException', 400) });

    const auth = req.headers.authorization;
    if (!auth || /^bearer\s/i.test(auth) || (opts.token !== undefined && auth !== opts.token)) {
      return send(res, { status: 401, json: errorBody('Not Authenticated', 'NOT_AUTHENTICATED', 401) });
    }
    if (!apiVersion || !API_VERSION.test(apiVersion) || (opts.apiVersions && !opts.apiVersions.includes(apiVersion))) {
      return send(res, {
        status: 400,
        json: errorBody(`Invalid API-Version header: ${apiVersion ?? '(missing)'}`, 'InvalidVersionException', 400),
      });
    }

    if (!document) {
      return send(res, {
        status: 200,
        json: {
          errors: [{ ...syntaxError!.toJSON(), extensions: { code: 'GRAPHQL_PARSE_FAILED', status_code: 200 } }],
          account_id: ACCOUNT_ID,
        },
      });
    }
    const invalid = validate(schema, document);
    if (invalid.length > 0) {
      return send(res, {
        status: 200,
        json: {
          errors: invalid.map((e) => ({ ...e.toJSON(), extensions: { code: 'GRAPHQL_VALIDATION_FAILED', status_code: 200 } })),
          account_id: ACCOUNT_ID,
        },
      });
    }

    const fault = takeFault([...fields, ...(operation?.name ? [operation.name.value] : [])]);
    if (fault && 'drop' in fault) {
      req.socket.destroy();
      return;
    }
    if (fault && 'status' in fault) {
      if (fault.status === 429) {
        const seconds = 'retryInSeconds' in fault && fault.retryInSeconds !== undefined ? fault.retryInSeconds : 1;
        const complexityFault = 'complexity' in fault && fault.complexity;
        return send(res, {
          status: 429,
          headers: { 'retry-after': String(seconds) },
          json: complexityFault
            ? {
                errors: [
                  {
                    message: 'Complexity budget exhausted',
                    extensions: { code: 'COMPLEXITY_BUDGET_EXHAUSTED', retry_in_seconds: seconds },
                  },
                ],
              }
            : errorBody('Rate limit exceeded', 'RATE_LIMIT_EXCEEDED', 429, { retry_in_seconds: seconds }),
        });
      }
      return send(res, {
        status: fault.status,
        json: errorBody('Internal server error', 'INTERNAL_SERVER_ERROR', fault.status),
      });
    }
    if (fault && 'errorCode' in fault) {
      return send(res, {
        status: 200,
        headers: fault.retryInSeconds !== undefined ? { 'retry-after': String(fault.retryInSeconds) } : {},
        json: {
          data: null,
          ...errorBody(fault.message ?? fault.errorCode, fault.errorCode, fault.statusCode ?? 200, {
            error_data: {},
            ...(fault.retryInSeconds !== undefined ? { retry_in_seconds: fault.retryInSeconds } : {}),
          }),
        },
      });
    }

    const result = await execute({
      schema,
      document,
      rootValue,
      ...(variables ? { variableValues: variables } : {}),
      ...(operationName ? { operationName } : {}),
    });
    const outcome: Outcome = {
      status: 200,
      json: {
        ...(result.errors ? { errors: result.errors.map((e) => e.toJSON()) } : {}),
        ...('data' in result ? { data: result.data } : {}),
        account_id: ACCOUNT_ID,
        extensions: { request_id: `fake-${++requestSeq}` },
      },
    };
    if (fault && 'dropAfterStore' in fault) {
      req.socket.destroy();
      return;
    }
    if (fault && 'delayMs' in fault) {
      later(fault.delayMs, () => send(res, outcome));
      return;
    }
    send(res, outcome);
  };

  const server = createServer((req, res) => {
    res.on('error', () => {});
    req.on('error', () => {});
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((err: unknown) => {
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, { 'content-type': 'text/plain' }).end(`fake monday crashed: ${String(err)}`);
        }
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const snapshot = (i: StoredItem): FakeMondayItem => ({
    id: i.id,
    name: i.name,
    boardId: i.boardId,
    groupId: i.groupId,
    ...(i.parentId !== undefined ? { parentId: i.parentId } : {}),
    columnValues: Object.fromEntries(
      [...i.values].map(([k, v]) => [k, v === null ? null : (JSON.parse(JSON.stringify(v)) as unknown)]),
    ),
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
  });

  return {
    url: `http://127.0.0.1:${port}/v2`,
    boardId,
    subitemsBoardId,
    requests,
    items: () => [...items.values()].filter((i) => i.boardId === boardId).map(snapshot),
    subitems: (parentId) => [...items.values()].filter((i) => i.parentId === String(parentId)).map(snapshot),
    item: (id) => {
      const i = items.get(String(id));
      return i ? snapshot(i) : undefined;
    },
    seedItem(seed) {
      const parent = seed.parentId !== undefined ? items.get(String(seed.parentId)) : undefined;
      if (seed.parentId !== undefined && !parent) throw new Error(`seedItem: no parent item ${seed.parentId}`);
      const board = boards.get(parent ? subitemsBoardId : boardId)!;
      const values = checkColumnValues(board, JSON.stringify(seed.columnValues ?? {}), true);
      const groupId = seed.groupId ?? board.groups[0]!.id;
      return snapshot(store(board, seed.name, values, groupId, parent?.id));
    },
    fail(operation, fault, times = 1) {
      const queue = faults.get(operation) ?? [];
      for (let i = 0; i < times; i++) queue.push(fault);
      faults.set(operation, queue);
    },
    pendingFaults: () => Object.fromEntries([...faults].map(([k, v]) => [k, [...v]])),
    reset() {
      requests.length = 0;
      items = new Map();
      faults = new Map();
      boards = freshBoards();
      budget = 10_000_000;
    },
    async close() {
      for (const t of pending) clearTimeout(t);
      pending.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
