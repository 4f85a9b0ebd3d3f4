import { CsvError, parse } from 'csv-parse/sync';
import { BatonError, invalid } from '../domain/problem.js';
import { IMPORT_FIELDS, type ImportColumns, type ImportField } from './columns.js';

/**
 * Reads a board export (CSV) into rows of cells keyed by deal field. A monday.com export
 * starts with the board's title and a group line before the header, and repeats a group
 * line and the header for every group: the header is the first row that names both the
 * company and the stage columns, and every later copy of it (with the group line just
 * before it) is skipped, like blank rows. Quoted fields may hold commas and line breaks;
 * a UTF-8 byte order mark and CRLF line ends are read as any other.
 *
 * Row numbers are the file's line numbers where each row starts, counted from 1, as a text
 * editor shows them (a spreadsheet shows the same unless an earlier cell holds a line break).
 */

export interface BoardRow {
  /** 1-based line of the file where the row starts. */
  line: number;
  /** Trimmed cell text for every mapped column the header has (absent columns are absent). */
  cells: Partial<Record<ImportField, string>>;
}

export interface Board {
  /** Line of the header row. */
  headerLine: number;
  /** The mapped columns the header does not have. */
  missing: ImportField[];
  /** Data rows after the header, blank rows, group lines and repeated headers left out. */
  rows: BoardRow[];
  /** How many rows after the header were blank, group lines or repeated headers. */
  skipped: number;
}

interface RawRecord {
  cells: string[];
  /** Byte offset just past the record (and its line end). */
  end: number;
}

/** Parses the export; throws Refused (exit 2) when it is no CSV or has no header row. */
export function readBoard(input: Buffer | string, columns: ImportColumns): Board {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  rejectNonCsv(bytes);
  const records = parseRecords(bytes);
  const lines = startLines(bytes, records);
  const want = (field: ImportField) => normal(columns[field]);
  const headerIndex = records.findIndex((r) => {
    const names = r.cells.map(normal);
    return names.includes(want('company')) && names.includes(want('stage'));
  });
  if (headerIndex < 0) throw noHeader(columns, records.length === 0);

  const header = records[headerIndex]!.cells.map(normal);
  const index = new Map<ImportField, number>();
  for (const field of IMPORT_FIELDS) {
    const at = header.indexOf(want(field));
    if (at >= 0) index.set(field, at);
  }
  const isHeader = (cells: string[]) => cells.map(normal).join('\u0000') === header.join('\u0000');

  const rows: BoardRow[] = [];
  let skipped = 0;
  const after = records.slice(headerIndex + 1);
  for (let i = 0; i < after.length; i++) {
    const cells = after[i]!.cells;
    const line = lines[headerIndex + 1 + i]!;
    if (isBlank(cells) || isHeader(cells) || isGroupLine(cells, after, i, isHeader)) {
      skipped++;
      continue;
    }
    const row: BoardRow = { line, cells: {} };
    for (const [field, at] of index) row.cells[field] = (cells[at] ?? '').trim();
    rows.push(row);
  }
  return {
    headerLine: lines[headerIndex]!,
    missing: IMPORT_FIELDS.filter((f) => !index.has(f)),
    rows,
    skipped,
  };
}

function parseRecords(bytes: Buffer): RawRecord[] {
  try {
    const ends: number[] = [];
    const records = parse(bytes, {
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      on_record: (cells, context) => {
        ends.push(context.bytes);
        return cells;
      },
    });
    return records.map((cells, i) => ({ cells, end: ends[i] ?? bytes.length }));
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = typeof error.lines === 'number' ? ` near line ${error.lines}` : '';
    throw invalid('file', `cannot be read as CSV${line}: ${error.message}`, 'close every quoted field with its quote ("..."), or export the board again as CSV');
  }
}

/** The 1-based line where each record starts: line breaks (LF, CRLF or CR) before its first byte, plus one. */
function startLines(bytes: Buffer, records: RawRecord[]): number[] {
  const out: number[] = [];
  let line = 1;
  let at = 0;
  for (const record of records) {
    out.push(line);
    for (; at < record.end && at < bytes.length; at++) {
      const b = bytes[at];
      if (b === 0x0a || (b === 0x0d && bytes[at + 1] !== 0x0a)) line++;
    }
  }
  return out;
}

function rejectNonCsv(bytes: Buffer): void {
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    throw invalid('file', 'is an Excel workbook (.xlsx), not CSV', 'open it and save it as "CSV UTF-8", or export the board as CSV, then import that file');
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw invalid('file', 'is UTF-16 text', 'save it as "CSV UTF-8" and import that file');
  }
  if (bytes.subarray(0, 4096).includes(0)) {
    throw invalid('file', 'is not a text file', 'export the board as CSV (UTF-8) and import that file');
  }
}

function noHeader(columns: ImportColumns, empty: boolean) {
  const expected = `"${columns.company}" (import.columns.company) and "${columns.stage}" (import.columns.stage)`;
  return invalid(
    'file',
    `${empty ? 'is empty' : 'has no header row'}: expected a row with the columns ${expected}`,
    `export the board with its header row, or map your column names in baton.config.yaml, e.g. import: { columns: { company: "Deal", stage: "Stage" } }`,
  );
}

/** Header names compare without case or surrounding spaces. */
function normal(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

function isBlank(cells: string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

/** A monday.com group line: one name in the first cell, just before a repeated header. */
function isGroupLine(cells: string[], records: RawRecord[], i: number, isHeader: (cells: string[]) => boolean): boolean {
  if (cells[0]?.trim() === '' || cells.slice(1).some((c) => c.trim() !== '')) return false;
  for (let j = i + 1; j < records.length; j++) {
    const next = records[j]!.cells;
    if (!isBlank(next)) return isHeader(next);
  }
  return false;
}
