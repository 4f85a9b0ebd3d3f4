import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { closeEngine, openEngine } from '../../engine/engine.js';
import { BatonError, invalid } from '../../domain/problem.js';
import { IMPORT_COLUMN_DEFAULTS, IMPORT_FIELD_NOTES, IMPORT_FIELDS, type ImportColumns } from '../../import/columns.js';
import { importBoard, type ImportReport } from '../../import/importer.js';
import { progressReporter } from '../../import/progress.js';
import { readBoard } from '../../import/read-board.js';
import { configOf, type Run } from '../context.js';
import type { Wrap } from '../run.js';

const HELP = `
Columns (import.columns in baton.config.yaml; the defaults fit a monday.com board export):
${IMPORT_FIELDS.map((f) => `  ${f.padEnd(13)} ${JSON.stringify(IMPORT_COLUMN_DEFAULTS[f]).padEnd(15)} ${IMPORT_FIELD_NOTES[f]}`).join('\n')}

The header row is the first row that names both the company and the stage columns: the
board title and group lines before it, blank rows, and each group's repeated header are
skipped. Column names match without case. Row numbers are the file's line numbers.

Each row runs deal add, deal commit, deal stage and deal note as the cro, in one
transaction: a refused row writes nothing, and importing the same file again changes
nothing. A Closed-won row with a commitment starts its handoff. An empty cell leaves what
Baton knows as it is.

Exit codes: 0 when the file was read, even if some rows were refused (the summary lists
each with its row number, the column and the fix); 2 when the file cannot be read or has
no header row; 1 on anything unexpected.

  baton import prospects.csv --dry-run     # check every row, write nothing
  baton import prospects.csv --json        # {added, updated, unchanged, refused, handoffsStarted}
`;

export function registerImport(program: Command, wrap: Wrap): void {
  program
    .command('import <file>')
    .description('bring deals in from a board export (CSV, or - for stdin): adds, updates, starts the handoff of committed Closed-won deals')
    .option('--dry-run', 'check every row and count what would change; write nothing')
    .addHelpText('after', HELP)
    .action(
      wrap(async (run, file: string, o: { dryRun?: boolean }) => {
        const config = configOf(run);
        const board = readBoard(await readInput(run, file), config.import.columns);
        hintMissing(run, config.import.columns, board.missing);
        const engine = await openEngine(config);
        let report: ImportReport;
        try {
          report = await importBoard(engine, board, {
            now: run.now,
            columns: config.import.columns,
            dryRun: Boolean(o.dryRun),
            ...(process.stderr.isTTY && board.rows.length > 0 ? { onProgress: progressReporter(run.io.stderr) } : {}),
          });
        } finally {
          await closeEngine(engine);
        }
        printReport(run, file, report, Boolean(o.dryRun));
      }),
    );
}

async function readInput(run: Run, file: string): Promise<Buffer> {
  if (file === '-') return Buffer.from(await run.io.readStdin(), 'utf8');
  const path = resolve(run.io.cwd, file);
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw invalid('file', `"${file}" not found (${path})`, 'check the path, or pass - to read the CSV from stdin');
    if (code === 'EISDIR') throw invalid('file', `"${file}" is a folder`, 'pass the exported .csv file inside it');
    throw invalid('file', `cannot read "${file}": ${(error as Error).message}`, 'make the file readable by this user');
  }
}

function hintMissing(run: Run, columns: ImportColumns, missing: readonly (keyof ImportColumns)[]): void {
  if (missing.includes('id')) {
    run.hint(`baton import: no "${columns.id}" column (import.columns.id): each deal's id is the slug of its ${columns.company} (Acme Corp → acme-corp).`);
  }
  const others = missing.filter((f) => f !== 'id');
  if (others.length > 0) {
    const list = others.map((f) => `"${columns[f]}" (import.columns.${f})`).join(', ');
    run.hint(
      `baton import: the file has no column ${list}; ${others.length === 1 ? 'that field is' : 'those fields are'} left as they are. Map other column names under import.columns in baton.config.yaml.`,
    );
  }
}

function printReport(run: Run, file: string, report: ImportReport, dryRun: boolean): void {
  const { added, updated, unchanged, refused: refusedRows, handoffsStarted } = report;
  if (run.json) {
    run.outJson({ added, updated, unchanged, refused: refusedRows, handoffsStarted });
    return;
  }
  const would = dryRun ? 'would be ' : '';
  const lines = [
    dryRun ? `Dry run of ${file}: nothing was written.` : `Imported ${file}.`,
    `  ${added} ${would}added`,
    `  ${updated} ${would}updated`,
    `  ${unchanged} unchanged`,
    `  ${refusedRows.length} ${would}refused`,
    `  ${handoffsStarted} handoff${handoffsStarted === 1 ? '' : 's'} ${dryRun ? 'would start' : 'started'}`,
  ];
  if (refusedRows.length > 0) {
    lines.push('', `Refused rows (nothing ${dryRun ? 'would be' : 'was'} written for them; fix them in the file and import it again):`);
    for (const r of refusedRows) lines.push(`  row ${r.row}: ${r.reason}`);
  }
  run.out(lines.join('\n'));
  const { retrying, failed } = report.delivery;
  if (retrying + failed > 0) {
    run.hint(`${retrying + failed} message(s) could not be delivered yet; baton tick retries them (baton messages shows why).`);
  }
}
