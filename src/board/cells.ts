import { isIsoDate } from '../domain/time.js';

/**
 * Reading one cell of a monday.com item, by its column type, as the API returns it in
 * `column_values { id type text value }`: `text` as displayed, `value` a JSON string
 * (`{"index":1,"post_id":null,"changed_at":"…"}` for a status, `{"ids":[1]}` for a dropdown,
 * `{"date":"2026-12-01","changed_at":"…"}` for a date, `{"email":"a@b.c","text":"a@b.c"}`
 * for an e-mail, `{"phone":"+1…","countryShortName":"US"}` for a phone). Labels are read from
 * `text`, dates from `value.date`, e-mails from `value.email`, phones from `value.phone`.
 *
 * @example
 *   readCell({ id: 'sow', type: 'date', text: '2026-12-01', value: '{"date":"2026-12-01"}' }, 'date');
 *   // { ok: true, value: '2026-12-01' }
 */

/** One entry of an item's `column_values`. `value` is the API's JSON string (an object is accepted too). */
export interface ColumnValue {
  id: string;
  type: string;
  text: string | null;
  value: unknown;
}

/** What a deal field reads from a cell. */
export type CellKind = 'text' | 'label' | 'date' | 'email' | 'phone';

/** Why a cell could not be read: `code` for machines, `message` for people. */
export interface CellProblem {
  code: 'wrong-column-type' | 'malformed-value' | 'several-labels';
  message: string;
}

export type CellRead = { ok: true; value: string | undefined } | ({ ok: false } & CellProblem);

/** The column types each kind reads from: a label from a status or dropdown (or typed text), a date from a date column… */
export const READS_FROM: Record<CellKind, readonly string[]> = {
  text: ['text', 'long_text', 'name', 'status', 'dropdown', 'email', 'phone', 'link', 'numbers'],
  label: ['status', 'dropdown', 'text'],
  date: ['date', 'text'],
  email: ['email', 'text'],
  phone: ['phone', 'text'],
};

const KIND_NAMES: Record<CellKind, string> = {
  text: 'a text',
  label: 'a status or dropdown',
  date: 'a date',
  email: 'an email',
  phone: 'a phone',
};

/** Reads one cell as `kind`; an empty cell is `{ ok: true, value: undefined }`. */
export function readCell(cell: ColumnValue, kind: CellKind): CellRead {
  if (!READS_FROM[kind].includes(cell.type)) {
    return fail('wrong-column-type', `column "${cell.id}" is ${article(cell.type)} ${cell.type} column; this field is read from ${KIND_NAMES[kind]} column`);
  }
  const text = cell.text?.trim() || undefined;
  switch (kind) {
    case 'text':
      return { ok: true, value: text };
    case 'label':
      if (cell.type === 'dropdown' && text !== undefined && decode(cell.value, cell.id).ids?.length > 1) {
        return fail('several-labels', `column "${cell.id}" holds several labels ("${text}"); this field takes one`);
      }
      return { ok: true, value: text };
    case 'date': {
      if (cell.type === 'text') {
        if (text === undefined) return { ok: true, value: undefined };
        return isIsoDate(text) ? { ok: true, value: text } : fail('malformed-value', `column "${cell.id}" holds "${text}", which is not a date YYYY-MM-DD`);
      }
      const v = decode(cell.value, cell.id);
      if (v.problem) return v.problem;
      if (v.object === undefined || v.object.date === undefined || v.object.date === null || v.object.date === '') return { ok: true, value: undefined };
      const date = v.object.date;
      return typeof date === 'string' && isIsoDate(date)
        ? { ok: true, value: date }
        : fail('malformed-value', `column "${cell.id}" holds the date ${JSON.stringify(date)}, which is not a date YYYY-MM-DD`);
    }
    case 'email':
    case 'phone': {
      if (cell.type === 'text') return { ok: true, value: text };
      const v = decode(cell.value, cell.id);
      if (v.problem) return v.problem;
      const raw = v.object?.[kind];
      if (raw === undefined || raw === null || raw === '') return { ok: true, value: undefined };
      return typeof raw === 'string'
        ? { ok: true, value: raw.trim() || undefined }
        : fail('malformed-value', `column "${cell.id}" holds ${JSON.stringify(v.object)}, without a readable ${kind}`);
    }
  }
}

type Decoded = { object?: Record<string, unknown>; ids?: unknown[]; problem?: { ok: false } & CellProblem };

/** Parses a cell's `value`: null is empty, a JSON string or an object is the value. */
function decode(value: unknown, column: string): Decoded & { ids: unknown[] } {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value) as unknown;
    } catch {
      return { ids: [], problem: fail('malformed-value', `column "${column}" holds a value that is not JSON: ${value.slice(0, 80)}`) };
    }
  }
  if (parsed === null || parsed === undefined) return { ids: [] };
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ids: [], problem: fail('malformed-value', `column "${column}" holds ${JSON.stringify(parsed).slice(0, 80)}, not an object`) };
  }
  const object = parsed as Record<string, unknown>;
  return { object, ids: Array.isArray(object.ids) ? object.ids : [] };
}

function fail(code: CellProblem['code'], message: string): { ok: false } & CellProblem {
  return { ok: false, code, message };
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}
