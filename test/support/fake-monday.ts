import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, execute, GraphQLError, Kind, parse, validate, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { ProspectsColumns } from '../../src/config/monday.js';
import { MONDAY_SDL } from './monday-schema.js';

/**
 * A fake monday.com GraphQL API (`POST /v2`) on 127.0.0.1 for tests that drive the REAL
 * `@mondaydotcomorg/api` ApiClient: `new ApiClient({ token, apiVersion: '2026-07', endpoint: fake.url })`.
 *
 * It checks `Authorization` (the raw token, no `Bearer`) and `API-Version`, parses and validates every
 * query against a subset of monday.com's published 2026-07 SDL (./monday-schema.ts) with graphql-js and
 * executes it against three in-memory boards: the Prospects board (deals, read by Baton), the delivery
 * board and its subitems board. `column_values` must be a JSON-encoded string, and each value is checked
 * against its column's type (shared/reference/slack-and-monday.md §2.2).
 *
 * Reads answer as the real API does: `column_values { id type text value }` with `value` a JSON string
 * (`{"index":1,"post_id":null,"changed_at":"…"}` for a status, `{"ids":[1]}` for a dropdown,
 * `{"date":"2026-12-01","changed_at":"…"}` for a date, `{"email":"a@b.c","text":"a@b.c"}` for an e-mail,
 * `{"phone":"+1…","countryShortName":"US"}` for a phone, `"Acme"` for a text) and `text` as displayed;
 * `boards { items_page }` and `next_items_page` page with an opaque cursor.
 * Application errors are HTTP 200 with monday's `errors[].extensions { code, status_code, error_data }`;
 * rate limits are HTTP 429 with `Retry-After` and `extensions { code, retry_in_seconds }` (the 2025-07+ shape).
 */

export type MondayColumnType = 'name' | 'text' | 'long_text' | 'numbers' | 'status' | 'date' | 'people' | 'timeline' | 'email' | 'phone' | 'link' | 'dropdown' | 'checkbox';

export interface FakeMondayColumn {
  id: string;
  type: MondayColumnType;
  title: string;
  /**
   * status columns: the labels by index; dropdown columns: the labels, label `i` having id `i + 1`.
   * An unknown label errors unless create_labels_if_missing.
   */
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
  /** The Prospects board's id. Default 123. */
  prospectsBoardId?: number | string;
  /** Prospects board columns (besides `name`). Default: PROSPECT_COLUMNS. */
  prospectsColumns?: FakeMondayColumn[];
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
  /**
   * The value per column id, as it was sent and normalised (e.g. `{ text_key: 'src-1', timeline: { from, to } }`;
   * a status is `{ index }`, a dropdown `{ ids }`, an e-mail `{ email, text }`, a phone `{ phone, countryShortName }`).
   */
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
  /**
   * HTTP 429 with `Retry-After: retryInSeconds` (default 1) and the body monday.com sends since 2025-07:
   * `{ errors: [{ message, extensions: { code, retry_in_seconds } }], extensions: { request_id } }`.
   * `complexity: true` is COMPLEXITY_BUDGET_EXHAUSTED; otherwise `code` (default MINUTE_RATE_LIMIT_EXCEEDED,
   * or MAX_CONCURRENCY_EXCEEDED, DAILY_LIMIT_EXCEEDED, IP_RATE_LIMIT_EXCEEDED…). `headerOnly: true` leaves
   * `retry_in_seconds` out of the body, so that only the Retry-After header says how long to wait.
   */
  | { status: 429; complexity?: boolean; code?: string; retryInSeconds?: number; headerOnly?: boolean }
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
  prospectsBoardId: string;
  /** Every request received, in arrival order (including rejected and faulted ones). */
  requests: MondayRequest[];
  /** Items on the delivery board (not subitems), in creation order. */
  items(): FakeMondayItem[];
  /** Items on the Prospects board, in creation order. */
  prospects(): FakeMondayItem[];
  /** Subitems of one parent item, in creation order. */
  subitems(parentId: string | number): FakeMondayItem[];
  item(id: string | number): FakeMondayItem | undefined;
  /**
   * Store an item directly, as if created earlier in monday: on the delivery board, or with parentId a
   * subitem, or with `board: 'prospects'` a Prospects board item. Values take the write formats of
   * create_item (a status `{ label }` or its label, a dropdown `{ labels }`, a date `{ date }`…); labels missing
   * from a status or dropdown column are added.
   */
  seedItem(item: { name: string; columnValues?: Record<string, unknown>; groupId?: string; parentId?: string | number; board?: 'delivery' | 'prospects' }): FakeMondayItem;
  /**
   * Change an item's values as a person would in monday.com (no request is recorded), in the write
   * formats of `seedItem`; labels missing from a status or dropdown column are added. `name` renames it.
   */
  updateItem(id: string | number, columnValues: Record<string, unknown>): FakeMondayItem;
  /** Seed `count` Prospects board items named `${prefix} 1` … (values from `values(i)`, i from 1). */
  seedProspects(count: number, values?: (i: number) => Record<string, unknown>, prefix?: string): FakeMondayItem[];
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
const ISO_COUNTRY = /^[A-Z]{2}$/;

/** The messages monday.com sends with each rate-limit code (HTTP 429), as its own tests record them. */
const RATE_LIMIT_MESSAGES: Record<string, string> = {
  COMPLEXITY_BUDGET_EXHAUSTED: 'Complexity budget exhausted',
  MINUTE_RATE_LIMIT_EXCEEDED: 'Minute rate limit exceeded',
  MAX_CONCURRENCY_EXCEEDED: 'Too many concurrent requests',
  DAILY_LIMIT_EXCEEDED: 'Daily limit exceeded',
  IP_RATE_LIMIT_EXCEEDED: 'IP rate limit exceeded',
  FIELD_LIMIT_EXCEEDED: 'Concurrency limit exceeded for the field',
};

/** The Prospects board a test gets by default: a column for each deal field Baton reads, with these ids. */
export const PROSPECT_COLUMNS: readonly FakeMondayColumn[] = [
  { id: 'stage', type: 'status', title: 'Stage', labels: ['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Closed-won', 'Closed-lost'] },
  { id: 'commitment', type: 'status', title: 'Commitment', labels: ['Written', 'Verbal'] },
  { id: 'sow_status', type: 'status', title: 'SOW', labels: ['Pending', 'Signed'] },
  { id: 'sow_expected', type: 'date', title: 'SOW expected' },
  { id: 'contact_name', type: 'text', title: 'Contact' },
  { id: 'contact_title', type: 'text', title: 'Title' },
  { id: 'contact_email', type: 'email', title: 'Email' },
  { id: 'contact_phone', type: 'phone', title: 'Phone' },
  { id: 'origin', type: 'text', title: 'Source' },
  {
    id: 'handoff',
    type: 'status',
    title: 'Handoff',
    labels: ['Packet due', 'Packet filed', 'Acknowledged', 'Escalated', 'In delivery', 'Delivered', 'Stopped'],
  },
];

/** `monday.prospectsColumns` mapping every deal field to its column on the fake's default board. */
export const FAKE_PROSPECTS_COLUMNS: ProspectsColumns = {
  stage: 'stage',
  commitment: 'commitment',
  sowStatus: 'sow_status',
  sowExpected: 'sow_expected',
  contactName: 'contact_name',
  contactTitle: 'contact_title',
  contactEmail: 'contact_email',
  contactPhone: 'contact_phone',
  origin: 'origin',
  handoff: 'handoff',
};

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
  /** When each column last changed: the `changed_at` of status and date values. */
  changedAt: Map<string, string>;
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
  const prospectsBoardId = String(opts.prospectsBoardId ?? 123);
  const users: FakeMondayUser[] = opts.users ?? [{ id: 4616627, name: 'Baton Bot', email: 'baton-bot@example.com' }];
  const enforceUsers = opts.users !== undefined;
  const nameColumn: FakeMondayColumn = { id: 'name', type: 'name', title: 'Name' };
  const copyColumns = (columns: readonly FakeMondayColumn[]) => columns.map((c) => ({ ...c, ...(c.labels ? { labels: [...c.labels] } : {}) }));

  const freshBoards = (): Map<string, Board> =>
    new Map<string, Board>([
      [
        boardId,
        {
          id: boardId,
          name: opts.boardName ?? 'Deliveries',
          columns: [
            nameColumn,
            ...copyColumns(
              opts.columns ?? [
                { id: 'text', type: 'text', title: 'Client' },
                { id: 'timeline', type: 'timeline', title: 'Timeline' },
                { id: 'person', type: 'people', title: 'Owner' },
                { id: 'text_key', type: 'text', title: 'Source key' },
              ],
            ),
          ],
          groups: opts.groups ?? [{ id: 'topics', title: 'Deliveries' }],
        },
      ],
      [
        subitemsBoardId,
        {
          id: subitemsBoardId,
          name: `Subitems of ${opts.boardName ?? 'Deliveries'}`,
          columns: [nameColumn, ...copyColumns(opts.subitemColumns ?? [{ id: 'date0', type: 'date', title: 'Due date' }])],
          groups: [{ id: 'topics', title: 'Subitems' }],
          subitemsOf: boardId,
        },
      ],
      [
        prospectsBoardId,
        {
          id: prospectsBoardId,
          name: 'Prospects',
          columns: [nameColumn, ...copyColumns(opts.prospectsColumns ?? PROSPECT_COLUMNS)],
          groups: [{ id: 'topics', title: 'Pipeline' }],
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
      case 'link':
        if (typeof value !== 'string') throw badValue(column, value, `a ${column.type} column takes a string`);
        return value;
      case 'email': {
        if (!isPlainObject(value) || typeof value.email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(value.email))
          throw badValue(column, value, 'an email column takes {"email": "a@b.c", "text": "label"}');
        if (value.text !== undefined && value.text !== null && typeof value.text !== 'string') throw badValue(column, value, 'the text of an email is a string');
        return { email: value.email, text: typeof value.text === 'string' && value.text !== '' ? value.text : value.email };
      }
      case 'phone': {
        if (!isPlainObject(value) || typeof value.phone !== 'string' || !/^\+?[0-9][0-9 ()-]{3,}$/.test(value.phone))
          throw badValue(column, value, 'a phone column takes {"phone": "+12025550169", "countryShortName": "US"}');
        if (typeof value.countryShortName !== 'string' || !ISO_COUNTRY.test(value.countryShortName))
          throw badValue(column, value, 'countryShortName must be an ISO-2 country code such as "US"');
        return { phone: value.phone, countryShortName: value.countryShortName };
      }
      case 'long_text':
        if (typeof value === 'string') return { text: value };
        if (isPlainObject(value) && typeof value.text === 'string') return { text: value.text };
        throw badValue(column, value, 'a long_text column takes {"text": "..."}');
      case 'numbers':
        if (typeof value === 'number' && Number.isFinite(value)) return value;
        if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
        throw badValue(column, value, 'a numbers column takes a number');
      case 'date': {
        if (!isPlainObject(value) || !isValidDate(value.date)) throw badValue(column, value, 'a date column takes {"date": "YYYY-MM-DD"}');
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
        if (!Array.isArray(list)) throw badValue(column, value, 'a people column takes {"personsAndTeams": [{"id": 123, "kind": "person"}]}');
        for (const p of list) {
          if (!isPlainObject(p) || typeof p.id !== 'number' || !Number.isInteger(p.id) || (p.kind !== 'person' && p.kind !== 'team'))
            throw badValue(column, value, 'each entry is {"id": <number>, "kind": "person" | "team"}');
          if (enforceUsers && p.kind === 'person' && !users.some((u) => u.id === p.id)) throw badValue(column, value, `person ${p.id} is not a user of this account`);
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
      case 'dropdown': {
        const labels = (column.labels ??= []);
        if (isPlainObject(value) && Array.isArray(value.labels)) {
          const ids = value.labels.map((label) => {
            if (typeof label !== 'string') throw badValue(column, value, 'dropdown labels are strings');
            let i = labels.indexOf(label);
            if (i < 0) {
              if (!createLabels) throw badValue(column, value, `label "${label}" does not exist in column`);
              i = labels.push(label) - 1;
            }
            return i + 1;
          });
          return { ids };
        }
        if (isPlainObject(value) && Array.isArray(value.ids)) {
          const ids = value.ids.map(Number);
          if (ids.some((id) => !Number.isInteger(id) || id < 1 || id > labels.length)) throw badValue(column, value, 'a dropdown id does not exist in column');
          return { ids };
        }
        throw badValue(column, value, 'a dropdown column takes {"labels": [...]} or {"ids": [...]}');
      }
    }
  };

  /**
   * The value a simple string stands for in change_simple_column_value (column_values takes JSON, but
   * for a text, a status label and a number):
   * a status label, "a@b.c label", "+12025550169 US", "2026-12-01" or "2026-12-01 14:30:00", "A, B".
   */
  const simpleValue = (column: FakeMondayColumn, value: string): unknown => {
    if (value === '') return null;
    switch (column.type) {
      case 'status':
        return { label: value };
      case 'dropdown':
        return {
          labels: value
            .split(',')
            .map((l) => l.trim())
            .filter(Boolean),
        };
      case 'email': {
        const [email = '', ...label] = value.trim().split(/\s+/);
        return { email, text: label.join(' ') || email };
      }
      case 'phone': {
        const m = /^(.*\S)\s+([A-Z]{2})$/.exec(value.trim());
        return m ? { phone: m[1], countryShortName: m[2] } : { phone: value.trim() };
      }
      case 'date': {
        const [date, time] = value.trim().split(/\s+/);
        return time ? { date, time } : { date };
      }
      case 'long_text':
        return { text: value };
      case 'people':
        return { personsAndTeams: value.split(',').map((id) => ({ id: Number(id.trim()), kind: 'person' })) };
      case 'checkbox':
        return { checked: value };
      default:
        return value;
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
        return (v as { ids: number[] }).ids.map((id) => column.labels?.[id - 1] ?? String(id)).join(', ');
      case 'email':
        return (v as { text: string }).text;
      case 'phone':
        return (v as { phone: string }).phone;
      default:
        return String(v);
    }
  };

  /** The `value` field as the real API returns it: a JSON string, with `changed_at` where monday adds it. */
  const valueJson = (column: FakeMondayColumn, v: unknown, changedAt: string): string | null => {
    if (v === null || v === undefined) return null;
    switch (column.type) {
      case 'status':
        return JSON.stringify({ index: (v as { index: number }).index, post_id: null, changed_at: changedAt });
      case 'date':
        return JSON.stringify({ ...(v as object), changed_at: changedAt });
      default:
        return JSON.stringify(v);
    }
  };

  // ---- views for graphql-js's default resolver -------------------------------------------------------

  const settingsOf = (c: FakeMondayColumn) =>
    c.type === 'status'
      ? { labels: Object.fromEntries((c.labels ?? []).map((l, i) => [i, l])) }
      : c.type === 'dropdown'
        ? { labels: (c.labels ?? []).map((name, i) => ({ id: i + 1, name })) }
        : {};
  const columnView = (c: FakeMondayColumn) => ({
    id: c.id,
    title: c.title,
    type: c.type,
    archived: false,
    description: null,
    settings: JSON.stringify(settingsOf(c)),
    settings_str: JSON.stringify(settingsOf(c)),
    revision: '1',
    width: null,
  });
  const groupView = (b: Board, g: { id: string; title: string }, i: number) => ({
    id: g.id,
    title: g.title,
    color: '#579bfc',
    position: String(65536 * (i + 1)),
    archived: false,
    deleted: false,
    items_page: (args: ItemsPageArgs) => itemsPage(b, args, g.id),
  });
  const boardView = (b: Board) => ({
    id: b.id,
    name: b.name,
    board_kind: b.subitemsOf ? 'share' : 'public',
    state: 'active',
    items_count: [...items.values()].filter((i) => i.boardId === b.id).length,
    url: `https://fake.monday.com/boards/${b.id}`,
    workspace_id: '1',
    columns: (args: { ids?: (string | null)[] | null; types?: string[] | null }) =>
      b.columns
        .filter((c) => !args.ids || args.ids.includes(c.id))
        .filter((c) => !args.types || args.types.includes(c.type))
        .map(columnView),
    groups: (args: { ids?: (string | null)[] | null }) => b.groups.map((g, i) => groupView(b, g, i)).filter((g) => !args.ids || args.ids.includes(g.id)),
    top_group: () => groupView(b, b.groups[0]!, 0),
    items_page: (args: ItemsPageArgs) => itemsPage(b, args),
  });
  const typenameOf: Partial<Record<MondayColumnType, string>> = {
    text: 'TextValue',
    long_text: 'LongTextValue',
    numbers: 'NumbersValue',
    status: 'StatusValue',
    date: 'DateValue',
    timeline: 'TimelineValue',
    people: 'PeopleValue',
    dropdown: 'DropdownValue',
    email: 'EmailValue',
    phone: 'PhoneValue',
    checkbox: 'CheckboxValue',
    link: 'LinkValue',
  };
  const columnValueView = (item: StoredItem, c: FakeMondayColumn) => {
    const v = item.values.get(c.id) ?? null;
    const base = {
      __typename: typenameOf[c.type] ?? 'UnsupportedValue',
      id: c.id,
      column: columnView(c),
      type: c.type,
      is_leaf: true,
      text: textOf(c, v),
      value: valueJson(c, v, item.changedAt.get(c.id) ?? item.updatedAt),
      updated_at: item.changedAt.get(c.id) ?? item.updatedAt,
    };
    switch (c.type) {
      case 'dropdown':
        return {
          ...base,
          values: ((v as { ids?: number[] } | null)?.ids ?? []).map((id) => ({ id: String(id), label: c.labels?.[id - 1] ?? '' })),
        };
      case 'email':
        return { ...base, email: (v as { email?: string } | null)?.email ?? null, label: (v as { text?: string } | null)?.text ?? null };
      case 'phone':
        return {
          ...base,
          phone: (v as { phone?: string } | null)?.phone ?? null,
          country_short_name: (v as { countryShortName?: string } | null)?.countryShortName ?? null,
        };
      case 'checkbox':
        return { ...base, checked: v !== null };
      case 'date':
        return { ...base, date: (v as { date?: string } | null)?.date ?? null, time: (v as { time?: string } | null)?.time ?? null };
      case 'timeline':
        return { ...base, from: (v as { from?: string } | null)?.from ?? null, to: (v as { to?: string } | null)?.to ?? null };
      case 'people':
        return {
          ...base,
          persons_and_teams:
            (v as { personsAndTeams?: { id: number; kind: string }[] } | null)?.personsAndTeams?.map((p) => ({
              id: String(p.id),
              kind: p.kind,
            })) ?? null,
        };
      case 'status': {
        const index = (v as { index?: number } | null)?.index ?? null;
        return {
          ...base,
          index,
          label: index === null ? null : (c.labels?.[index] ?? null),
          is_done: false,
          label_style: index === null ? null : { color: '#579bfc', border: '#4387e8' },
          update_id: null,
        };
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
      relative_link: `/boards/${item.boardId}/pulses/${item.id}`,
      board: () => boardView(board),
      group: () => {
        const i = board.groups.findIndex((g) => g.id === item.groupId);
        return i < 0 ? null : groupView(board, board.groups[i]!, i);
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
    title: '',
    url: `https://fake.monday.com/users/${u.id}`,
  });

  // ---- operations -----------------------------------------------------------------------------------

  const boardOr = (id: unknown): Board => {
    const b = boards.get(String(id));
    if (!b) throw mondayError('InvalidBoardIdException', 'Board not found', { board_id: Number(id) || String(id) });
    return b;
  };
  const now = () => new Date().toISOString();

  const store = (board: Board, name: string, values: Map<string, unknown>, groupId: string, parentId?: string): StoredItem => {
    const named = values.get('name');
    values.delete('name');
    const at = now();
    const item: StoredItem = {
      id: String(nextId++),
      name: typeof named === 'string' ? named : name,
      boardId: board.id,
      groupId,
      values,
      changedAt: new Map([...values.keys()].map((k) => [k, at])),
      createdAt: at,
      updatedAt: at,
      ...(parentId !== undefined ? { parentId } : {}),
    };
    items.set(item.id, item);
    return item;
  };

  /** Applies checked values to an item (`name` renames it); a value equal to the stored one keeps its changed_at. */
  const apply = (item: StoredItem, values: Map<string, unknown>): StoredItem => {
    const at = now();
    for (const [k, v] of values) {
      if (k === 'name') {
        item.name = v as string;
        continue;
      }
      if (JSON.stringify(item.values.get(k) ?? null) !== JSON.stringify(v)) item.changedAt.set(k, at);
      item.values.set(k, v);
    }
    item.updatedAt = at;
    return item;
  };

  const itemOn = (board: Board, id: unknown): StoredItem => {
    const item = id ? items.get(String(id)) : undefined;
    if (!item || item.boardId !== board.id) {
      throw mondayError('ResourceNotFoundException', `Item with id ${String(id)} not found on board ${board.id}`, { item_id: id }, 404);
    }
    return item;
  };

  const columnOn = (board: Board, id: string): FakeMondayColumn => {
    const column = board.columns.find((c) => c.id === id);
    if (!column) {
      throw mondayError('InvalidColumnIdException', "This column ID doesn't exist for the board", { column_id: id, board_id: board.id });
    }
    return column;
  };

  const complexity = () => {
    const before = budget;
    budget = Math.max(0, budget - 10);
    return { before, after: budget, query: 10, reset_in_x_seconds: 60 };
  };

  // ---- pages: items_page, next_items_page, items_page_by_column_values -----------------------------

  type ByValues = { column_id: string; column_values: (string | null)[] }[];
  type Rule = { column_id: string; compare_value: unknown; compare_attribute?: string | null; operator?: string | null };
  type RuleGroup = { rules?: Rule[] | null; groups?: RuleGroup[] | null; operator?: 'and' | 'or' | null };
  type ItemsQuery = RuleGroup & { ids?: string[] | null; order_by?: { column_id: string; direction?: 'asc' | 'desc' | null }[] | null };
  /** What a page lists: the items whose column texts are among given values, or an `items_page` query. */
  type Filter = { values: ByValues | null } | { query: ItemsQuery | null; group?: string };
  type Cursor = { b: string; f: Filter; o: number };
  const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
  const decodeCursor = (s: string): Cursor => {
    try {
      const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Cursor;
      if (typeof c.b === 'string' && typeof c.o === 'number' && typeof c.f === 'object') return c;
    } catch {
      /* fall through */
    }
    throw mondayError('CursorException', 'Invalid or expired cursor', { cursor: s });
  };

  const textIn = (board: Board, item: StoredItem, columnId: string): { column: FakeMondayColumn; text: string } => {
    const column = columnOn(board, columnId);
    return { column, text: column.type === 'name' ? item.name : textOf(column, item.values.get(column.id)) };
  };
  const ruleHolds = (board: Board, item: StoredItem, rule: Rule): boolean => {
    const { column, text } = textIn(board, item, rule.column_id);
    const wanted = Array.isArray(rule.compare_value) ? (rule.compare_value as unknown[]) : [rule.compare_value];
    const index = column.type === 'status' ? (item.values.get(column.id) as { index?: number } | null)?.index : undefined;
    // A status compares by label index (numbers) or by label text; other columns by their text.
    const anyOf = () => wanted.some((w) => (typeof w === 'number' && index !== undefined ? w === index : String(w ?? '') === text));
    const needle = String(wanted[0] ?? '').toLowerCase();
    switch (rule.operator ?? 'any_of') {
      case 'any_of':
        return anyOf();
      case 'not_any_of':
        return !anyOf();
      case 'is_empty':
        return text === '';
      case 'is_not_empty':
        return text !== '';
      case 'contains_text':
        return text.toLowerCase().includes(needle);
      case 'not_contains_text':
        return !text.toLowerCase().includes(needle);
      default:
        throw mondayError('InvalidArgumentException', `the fake does not implement operator ${rule.operator}`, {});
    }
  };
  const groupHolds = (board: Board, item: StoredItem, g: RuleGroup): boolean => {
    const results = [...(g.rules ?? []).map((r) => ruleHolds(board, item, r)), ...(g.groups ?? []).map((sub) => groupHolds(board, item, sub))];
    return (g.operator ?? 'and') === 'or' ? results.length === 0 || results.some(Boolean) : results.every(Boolean);
  };
  const matching = (board: Board, filter: Filter): StoredItem[] => {
    let list = [...items.values()].filter((i) => i.boardId === board.id);
    if ('values' in filter) {
      for (const cond of filter.values ?? []) columnOn(board, cond.column_id);
      return list.filter((item) => (filter.values ?? []).every((cond) => cond.column_values.some((want) => (want ?? '') === textIn(board, item, cond.column_id).text)));
    }
    if (filter.group) list = list.filter((i) => i.groupId === filter.group);
    const q = filter.query;
    if (!q) return list;
    if (q.ids) list = list.filter((i) => q.ids!.includes(i.id));
    list = list.filter((i) => groupHolds(board, i, q));
    for (const order of [...(q.order_by ?? [])].reverse()) {
      const sign = order.direction === 'desc' ? -1 : 1;
      list.sort((a, b) => sign * textIn(board, a, order.column_id).text.localeCompare(textIn(board, b, order.column_id).text));
    }
    return list;
  };
  const page = (board: Board, filter: Filter, offset: number, limit: number) => {
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      throw mondayError('InvalidArgumentException', 'limit must be between 1 and 500', { limit });
    }
    const all = matching(board, filter);
    const more = offset + limit < all.length;
    return {
      cursor: more ? encodeCursor({ b: board.id, f: filter, o: offset + limit }) : null,
      items: all.slice(offset, offset + limit).map(itemView),
    };
  };
  type ItemsPageArgs = { limit: number; cursor?: string | null; query_params?: ItemsQuery | null };
  const itemsPage = (board: Board, args: ItemsPageArgs, group?: string) => {
    if (args.cursor) {
      const c = decodeCursor(args.cursor);
      return page(boardOr(c.b), c.f, c.o, args.limit);
    }
    return page(board, { query: args.query_params ?? null, ...(group ? { group } : {}) }, 0, args.limit);
  };

  const rootValue = {
    me: () => (users[0] ? userView(users[0]) : null),
    users: (args: { ids?: string[] | null; emails?: (string | null)[] | null }) =>
      users
        .filter((u) => !args.ids || args.ids.includes(String(u.id)))
        .filter((u) => !args.emails || args.emails.includes(u.email))
        .map(userView),
    complexity,
    version: () => ({ kind: 'current', value: '2026-07', display_name: 'Current' }),
    boards: (args: { ids?: string[] | null; limit?: number | null; page?: number | null }) => {
      const all = [...boards.values()].filter((b) => !args.ids || args.ids.includes(b.id));
      const limit = args.limit ?? 25;
      return all.slice(((args.page ?? 1) - 1) * limit, (args.page ?? 1) * limit).map(boardView);
    },
    // The limit (default 25) applies to `ids` too: ask for as many as you pass (at most 100).
    items: (args: { ids?: string[] | null; limit?: number | null; page?: number | null }) => {
      if (args.ids && args.ids.length > 100) {
        throw mondayError('InvalidArgumentException', 'ids can hold at most 100 item ids', { ids: args.ids.length });
      }
      const all = [...items.values()].filter((i) => !args.ids || args.ids.includes(i.id));
      const limit = args.limit ?? 25;
      return all.slice(((args.page ?? 1) - 1) * limit, (args.page ?? 1) * limit).map(itemView);
    },
    next_items_page: (args: { cursor: string; limit: number }) => {
      const c = decodeCursor(args.cursor);
      return page(boardOr(c.b), c.f, c.o, args.limit);
    },
    items_page_by_column_values: (args: { board_id: string; limit: number; cursor?: string | null; columns?: ByValues | null }) => {
      if (args.cursor) {
        const c = decodeCursor(args.cursor);
        return page(boardOr(c.b), c.f, c.o, args.limit);
      }
      return page(boardOr(args.board_id), { values: args.columns ?? null }, 0, args.limit);
    },
    create_item: (args: { board_id: string; item_name: string; group_id?: string | null; column_values?: unknown; create_labels_if_missing?: boolean | null }) => {
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
    create_subitem: (args: { parent_item_id: string; item_name: string; column_values?: unknown; create_labels_if_missing?: boolean | null }) => {
      const parent = items.get(String(args.parent_item_id));
      if (!parent || parent.parentId !== undefined) {
        throw mondayError(
          'ResourceNotFoundException',
          `Item with id ${args.parent_item_id} not found`,
          {
            item_id: args.parent_item_id,
          },
          404,
        );
      }
      const sub = [...boards.values()].find((b) => b.subitemsOf === parent.boardId);
      if (!sub) throw mondayError('InvalidBoardIdException', 'The parent board has no subitems board', {});
      const values = checkColumnValues(sub, args.column_values, !!args.create_labels_if_missing);
      return itemView(store(sub, args.item_name, values, sub.groups[0]!.id, parent.id));
    },
    change_multiple_column_values: (args: { board_id: string; item_id?: string | null; column_values: unknown; create_labels_if_missing?: boolean | null }) => {
      const board = boardOr(args.board_id);
      const item = itemOn(board, args.item_id);
      return itemView(apply(item, checkColumnValues(board, args.column_values, !!args.create_labels_if_missing)));
    },
    change_simple_column_value: (args: { board_id: string; item_id?: string | null; column_id: string; value?: string | null; create_labels_if_missing?: boolean | null }) => {
      const board = boardOr(args.board_id);
      const item = itemOn(board, args.item_id);
      const column = columnOn(board, args.column_id);
      if (column.type === 'timeline' || column.type === 'people') {
        // monday takes these as JSON only (change_column_value / change_multiple_column_values).
        throw badValue(column, args.value, `a ${column.type} column does not take a simple string value`);
      }
      const wanted = args.value === null || args.value === undefined ? null : simpleValue(column, args.value);
      const value = column.type === 'name' ? wanted : checkValue(column, wanted, !!args.create_labels_if_missing);
      return itemView(apply(item, new Map([[column.id, value]])));
    },
    change_column_value: (args: { board_id: string; item_id?: string | null; column_id: string; value: unknown; create_labels_if_missing?: boolean | null }) => {
      const board = boardOr(args.board_id);
      const item = itemOn(board, args.item_id);
      const column = columnOn(board, args.column_id);
      const values = checkColumnValues(board, typeof args.value === 'string' ? `{${JSON.stringify(column.id)}:${args.value}}` : args.value, !!args.create_labels_if_missing);
      return itemView(apply(item, values));
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
    const fields = operation?.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : [])) ?? [];
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
        const f = fault as Extract<MondayFault, { complexity?: boolean }>;
        const seconds = f.retryInSeconds ?? 1;
        const code = f.complexity ? 'COMPLEXITY_BUDGET_EXHAUSTED' : (f.code ?? 'MINUTE_RATE_LIMIT_EXCEEDED');
        return send(res, {
          status: 429,
          headers: { 'retry-after': String(seconds) },
          json: {
            errors: [
              {
                message: RATE_LIMIT_MESSAGES[code] ?? code,
                extensions: { code, ...(f.headerOnly ? {} : { retry_in_seconds: seconds }) },
              },
            ],
            extensions: { request_id: `fake-${++requestSeq}` },
          },
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
    columnValues: Object.fromEntries([...i.values].map(([k, v]) => [k, v === null ? null : (JSON.parse(JSON.stringify(v)) as unknown)])),
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
  });

  const fake: FakeMonday = {
    url: `http://127.0.0.1:${port}/v2`,
    boardId,
    subitemsBoardId,
    prospectsBoardId,
    requests,
    items: () => [...items.values()].filter((i) => i.boardId === boardId).map(snapshot),
    prospects: () => [...items.values()].filter((i) => i.boardId === prospectsBoardId).map(snapshot),
    subitems: (parentId) => [...items.values()].filter((i) => i.parentId === String(parentId)).map(snapshot),
    item: (id) => {
      const i = items.get(String(id));
      return i ? snapshot(i) : undefined;
    },
    seedItem(seed) {
      const parent = seed.parentId !== undefined ? items.get(String(seed.parentId)) : undefined;
      if (seed.parentId !== undefined && !parent) throw new Error(`seedItem: no parent item ${seed.parentId}`);
      const board = boards.get(parent ? subitemsBoardId : seed.board === 'prospects' ? prospectsBoardId : boardId)!;
      const values = checkColumnValues(board, JSON.stringify(seed.columnValues ?? {}), true);
      const groupId = seed.groupId ?? board.groups[0]!.id;
      return snapshot(store(board, seed.name, values, groupId, parent?.id));
    },
    updateItem(id, columnValues) {
      const item = items.get(String(id));
      if (!item) throw new Error(`updateItem: no item ${id}`);
      const board = boards.get(item.boardId)!;
      return snapshot(apply(item, checkColumnValues(board, JSON.stringify(columnValues), true)));
    },
    seedProspects(count, values = () => ({}), prefix = 'Prospect') {
      return Array.from({ length: count }, (_, i) => fake.seedItem({ board: 'prospects', name: `${prefix} ${i + 1}`, columnValues: values(i + 1) }));
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
  return fake;
}
