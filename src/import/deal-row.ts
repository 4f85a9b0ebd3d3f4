import type { Command } from '../domain/commands.js';
import { formatProblem } from '../domain/refuse.js';
import { fnv1a, slugify } from '../domain/slug.js';
import { parseStage } from '../domain/stages.js';
import { isIsoDate } from '../domain/time.js';
import { STAGES, type CommitmentType, type Contact, type DealState, type Problem } from '../domain/types.js';
import { isEmail } from '../domain/validate-input.js';
import type { ImportColumns, ImportField } from './columns.js';
import type { BoardRow } from './read-board.js';

/**
 * One row of a board export as a deal: checked cell by cell, so that a refusal names the
 * column the person must fix, then turned into the commands the CLI would run for it.
 * An empty cell leaves what Baton already knows as it is; nothing is ever cleared.
 */

export interface DealRow {
  line: number;
  /** The id cell, else the slug of the company name (see `idOf`). */
  id: string;
  company: string;
  stage?: string;
  contact: Contact;
  commitment?: { type: CommitmentType; sowExpected?: string };
  origin?: string;
  notes: string[];
}

export type RowCheck = { ok: true; deal: DealRow } | { ok: false; reason: string };

/** `column "Email"`: how a refusal names the place to fix. */
export function columnLabel(columns: ImportColumns, field: ImportField): string {
  return `column "${columns[field]}"`;
}

/** The row's deal id: its id cell, else the slug of its company; undefined when both are empty. */
export function idOf(row: BoardRow): { id: string; fromName: boolean } | undefined {
  const id = oneLine(row.cells.id ?? '');
  if (id) return { id, fromName: false };
  const company = oneLine(row.cells.company ?? '');
  return company ? { id: slugify(company) || `deal-${fnv1a(company)}`, fromName: true } : undefined;
}

export function checkRow(row: BoardRow, columns: ImportColumns): RowCheck {
  const cell = (field: ImportField) => oneLine(row.cells[field] ?? '');
  const at = (field: ImportField) => columnLabel(columns, field);
  const problems: Problem[] = [];

  const company = cell('company');
  if (!company) problems.push({ code: 'invalid', field: at('company'), message: 'the company name is empty', fix: `fill in the ${at('company')} cell, or remove the row` });

  const stageText = cell('stage');
  if (stageText && !parseStage(stageText)) {
    problems.push({ code: 'invalid', field: at('stage'), message: `"${stageText}" is not a stage`, fix: `write one of ${STAGES.join(', ')} (any case; "Closed won" works)` });
  }

  const email = cell('contactEmail');
  if (email && !isEmail(email))
    problems.push({
      code: 'invalid',
      field: at('contactEmail'),
      message: `"${email}" is not an e-mail address`,
      fix: 'write an address such as name@company.com, or leave the cell empty',
    });

  const sowExpected = cell('sowExpected');
  if (sowExpected && !isIsoDate(sowExpected)) {
    problems.push({ code: 'invalid', field: at('sowExpected'), message: `"${sowExpected}" is not a date`, fix: 'write the date as YYYY-MM-DD, e.g. 2026-12-01' });
  }

  const commitmentText = cell('commitment').toLowerCase();
  let commitment: DealRow['commitment'];
  if (commitmentText === 'written' || commitmentText === 'verbal') {
    commitment = { type: commitmentText, ...(commitmentText === 'verbal' && sowExpected ? { sowExpected } : {}) };
    if (commitmentText === 'verbal' && !sowExpected) {
      problems.push({
        code: 'invalid',
        field: at('sowExpected'),
        message: 'a verbal commitment needs the expected SOW signature date',
        fix: `write it as YYYY-MM-DD in the ${at('sowExpected')} cell`,
      });
    }
  } else if (commitmentText) {
    problems.push({
      code: 'invalid',
      field: at('commitment'),
      message: `"${cell('commitment')}" is not a commitment type`,
      fix: 'write written (SOW signed) or verbal, or leave the cell empty while there is none',
    });
  }

  if (problems.length > 0) return { ok: false, reason: problems.map(formatProblem).join('; ') };

  const contact: Contact = {};
  if (cell('contactName')) contact.name = cell('contactName');
  if (cell('contactTitle')) contact.title = cell('contactTitle');
  if (email) contact.email = email;
  if (cell('contactPhone')) contact.phone = cell('contactPhone');
  const origin = cell('origin');
  const notes = (row.cells.notes ?? '')
    .split(/\r\n|\r|\n/)
    .map((n) => n.trim())
    .filter((n) => n !== '');
  return {
    ok: true,
    deal: {
      line: row.line,
      id: idOf(row)?.id ?? '',
      company,
      ...(stageText ? { stage: stageText } : {}),
      contact,
      ...(commitment ? { commitment } : {}),
      ...(origin ? { origin } : {}),
      notes,
    },
  };
}

/**
 * The commands for a row, in the order the CLI would run them: add (or update) the deal,
 * log the commitment, then move the stage, so that a Closed-won row with a commitment
 * starts its handoff; then the notes. `before` is the deal as the add left it.
 */
export function followUps(deal: DealRow, before: DealState | undefined): Command[] {
  const commands: Command[] = [];
  // Once Baton has the SOW signed, the board's commitment cell has nothing to add (and a
  // board that still says "verbal" is only behind): it is left as it is.
  if (deal.commitment && before?.deal.sowSignedAt === undefined) {
    commands.push({ type: 'deal.commit', commitment: deal.commitment.type, ...(deal.commitment.sowExpected ? { sowExpected: deal.commitment.sowExpected } : {}) });
  }
  if (deal.stage) commands.push({ type: 'deal.stage', stage: deal.stage });
  for (const text of deal.notes) commands.push({ type: 'deal.note', text });
  return commands;
}

export function addCommand(deal: DealRow): Command {
  return { type: 'deal.add', company: deal.company, contact: deal.contact, ...(deal.origin ? { origin: deal.origin } : {}) };
}

/** Single-line fields: a line break inside a name cell reads as a space. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Which column a problem the domain reports belongs to (its fields are the CLI's option names). */
export const DOMAIN_FIELD_COLUMNS: Record<string, ImportField> = {
  id: 'id',
  company: 'company',
  'contact.email': 'contactEmail',
  commitment: 'commitment',
  sowExpected: 'sowExpected',
  stage: 'stage',
  text: 'notes',
};
