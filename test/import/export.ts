import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { parseConfig, type BatonConfig } from '../../src/config/config.js';
import { closeEngine, openEngine, type Engine } from '../../src/engine/engine.js';

/**
 * Board exports as monday.com writes them (the board's title, a group line, the header;
 * each later group repeats its line and the header), and a temp SQLite engine to import
 * them into.
 */

export const HEADER = ['Name', 'Item ID', 'Status', 'Contact', 'Title', 'Email', 'Phone', 'Commitment', 'SOW Expected', 'Source', 'Notes'];

/** One CSV line: cells with a comma, a quote or a line break are quoted. */
export function csvLine(cells: readonly string[]): string {
  return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}

export const BOM = '\uFEFF';

/**
 * The export the tests share, with its line numbers in comments. Rows 4-5 are one row (a
 * quoted line break in Notes), so every later row number differs from its record number.
 */
export const EXPORT_ROWS: string[][] = [
  ['Prospects'], // 1: board title
  ['Closing this quarter', '', '', '', '', '', '', '', '', '', ''], // 2: group line
  HEADER, // 3
  [
    'Acme, Inc.',
    '1001',
    'Closed won',
    'Ada Lee',
    'CTO',
    'ada@acme.example',
    '+1 555 0100',
    'Verbal',
    '2026-12-01',
    'Partner referral',
    '2026-11-20 discovery call\r\n2026-11-24 demo, verbal yes',
  ], // 4-5
  ['Globex', '1002', 'Closed-won', 'Hank Scorpio', 'CEO', 'hank@globex.example', '', '', '', 'Cold outreach', ''], // 6: closed, no commitment
  [], // 7: blank
  ['', '', '', '', '', '', '', '', '', '', ''], // 8: blank cells
  ['Initech', '1003', 'Working on it', 'Bill Lumbergh', 'VP', 'bill@initech.example', '', '', '', '', ''], // 9: unknown stage
  ['Umbrella', '1004', 'negotiation', 'Alice', 'VP', 'alice@umbrella', '', '', '', '', ''], // 10: malformed e-mail
  ['Hooli', '1005', 'proposal', 'Gavin Belson', 'CEO', 'gavin@hooli.example', '', 'written', '', 'Conference', ''], // 11
  ['Stark Industries', '1006', 'closed_won', 'Pepper Potts', 'COO', 'pepper@stark.example', '', 'written', '', 'Inbound', 'Signed at the booth'], // 12
  ['Acme again', '1001', 'lead', '', '', '', '', '', '', '', ''], // 13: duplicate of row 4
  [], // 14
  ['Lost', '', '', '', '', '', '', '', '', '', ''], // 15: group line
  HEADER, // 16: the group's header
  ['Wayne Enterprises', '1007', 'Closed-lost', 'Lucius Fox', 'CTO', 'lucius@wayne.example', '', '', '', 'Referral', ''], // 17
  ['Soylent', '1008', 'lead', '', '', '', '', 'verbal', '2026-13-45', '', ''], // 18: malformed date
  ['Tyrell', '1009', 'lead', '', '', '', '', 'maybe', '', '', ''], // 19: bad commitment type
  ['', '1010', 'lead', 'Nobody', '', '', '', '', '', '', ''], // 20: missing company
];

/** The export as a file's bytes would read: BOM, CRLF, a final line end. */
export function exportCsv(rows: readonly (readonly string[])[] = EXPORT_ROWS): string {
  return `${BOM}${rows.map(csvLine).join('\r\n')}\r\n`;
}

export const EXPECTED_REFUSED_ROWS = [9, 10, 13, 18, 19, 20];

export const MINIMAL_CONFIG = 'org: { name: "Acme" }\n';

export interface TempEngine {
  engine: Engine;
  config: BatonConfig;
  dir: string;
  close(): Promise<void>;
}

/** A fresh SQLite engine in a temp folder, with `extra` appended to a minimal config. */
export async function tempEngine(extra = ''): Promise<TempEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-import-'));
  const config = parseConfig(`${MINIMAL_CONFIG}${extra}`, { path: join(dir, 'baton.config.yaml'), env: {} });
  const engine = await openEngine(config);
  return {
    engine,
    config,
    dir,
    async close() {
      await closeEngine(engine);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** How many rows each table holds: "nothing new" means these stay the same. */
export async function tableCounts(engine: Engine): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['deals', 'events', 'messages', 'clocks', 'handoffs'] as const) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(engine.store.db);
    out[table] = Number(rows[0]?.n ?? 0);
  }
  return out;
}
