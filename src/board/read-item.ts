import type { ProspectField, ProspectsColumns } from '../config/monday.js';
import { parseStage } from '../domain/stages.js';
import { STAGES, type CommitmentType, type Contact, type Stage } from '../domain/types.js';
import { readCell, type CellKind, type CellProblem, type ColumnValue } from './cells.js';

export type { ColumnValue } from './cells.js';

/**
 * A Prospects board item read as a deal (SPEC §14): each field from the column
 * `monday.prospectsColumns` maps it to, by that column's type. Pure: the same item and mapping
 * always read the same. A value Baton cannot read is a problem naming the item, the column and
 * the fix, and its field is left out of the deal; whoever applies the deal applies nothing from
 * an item with problems.
 *
 * @example
 *   const { deal, problems } = readItem(item, config.monday.prospectsColumns);
 *   // deal: { id: '1234567890', company: 'Acme', contact: { name: 'Ana Ruiz', ... },
 *   //         stage: 'closed-won', commitment: { type: 'verbal', sowExpected: '2026-12-01' }, sowSigned: false }
 */

/** An item as `items(ids:) { id name column_values { id type text value } }` returns it. */
export interface BoardItem {
  id: string;
  name: string;
  column_values: ColumnValue[];
}

/** A deal as the board says it is; a field absent here is empty (or unreadable) on the board. */
export interface BoardDeal {
  /** The item id, which is the deal id (SPEC §18). */
  id: string;
  company: string;
  contact: Contact;
  stage?: Stage;
  commitment?: { type: CommitmentType; sowExpected?: string };
  /** `Signed` is true, `Pending` false; absent when the SOW column is empty. */
  sowSigned?: boolean;
  origin?: string;
}

/** A value Baton cannot read: what `baton audit` shows, naming the item, column and fix. */
export interface BoardProblem {
  itemId: string;
  /** The deal field the column holds (none when the domain refused something of no one column, such as the time). */
  field?: ProspectField;
  /** The column id on the Prospects board ('' when no one column is at fault). */
  column: string;
  /** `refused`: the value reads, but the domain refuses it (a Verbal commitment without its SOW date…). */
  code: CellProblem['code'] | 'missing-column' | 'unknown-label' | 'refused';
  message: string;
  fix: string;
}

export interface ReadItem {
  deal: BoardDeal;
  problems: BoardProblem[];
}

/** The kind of cell each field reads (the handoff column is written, never read). */
const KINDS: Record<Exclude<ProspectField, 'handoff'>, CellKind> = {
  company: 'text',
  stage: 'label',
  commitment: 'label',
  sowStatus: 'label',
  sowExpected: 'date',
  contactName: 'text',
  contactTitle: 'text',
  contactEmail: 'email',
  contactPhone: 'phone',
  origin: 'text',
};

const STAGE_LABELS = STAGES.map((s) => s.charAt(0).toUpperCase() + s.slice(1));

export function readItem(item: BoardItem, columns: ProspectsColumns): ReadItem {
  const problems: BoardProblem[] = [];
  const cells = new Map(item.column_values.map((c) => [c.id, c]));
  const problem = (field: ProspectField, code: BoardProblem['code'], message: string, fix: string) =>
    problems.push({ itemId: item.id, field, column: columns[field] ?? '', code, message, fix });

  /** The field's value, or undefined when it is empty, unmapped or unreadable (then with a problem). */
  const read = (field: keyof typeof KINDS): string | undefined => {
    const column = columns[field];
    if (column === undefined) return undefined;
    const cell = cells.get(column);
    if (!cell) {
      problem(
        field,
        'missing-column',
        `the Prospects board has no column "${column}" (monday.prospectsColumns.${field})`,
        `set monday.prospectsColumns.${field} in baton.config.yaml to the id of ${FIELD_COLUMNS[field]} on the Prospects board`,
      );
      return undefined;
    }
    const got = readCell(cell, KINDS[field]);
    if (got.ok) return got.value;
    problem(
      field,
      got.code,
      got.message,
      got.code === 'wrong-column-type'
        ? `set monday.prospectsColumns.${field} in baton.config.yaml to the id of ${FIELD_COLUMNS[field]}`
        : got.code === 'several-labels'
          ? `keep one label in column "${column}" of item ${item.id}`
          : `correct column "${column}" of item ${item.id} on the Prospects board`,
    );
    return undefined;
  };

  /** A label that must be one of `options` (any case), as its lower-case name. */
  const oneOf = <T extends string>(field: 'commitment' | 'sowStatus', options: Record<string, T>): T | undefined => {
    const label = read(field);
    if (label === undefined) return undefined;
    const value = options[label.toLowerCase()];
    if (value !== undefined) return value;
    const names = Object.keys(options).map((o) => o.charAt(0).toUpperCase() + o.slice(1));
    problem(
      field,
      'unknown-label',
      `the label "${label}" in column "${columns[field]}" is neither ${names.join(' nor ')}`,
      `set column "${columns[field]}" of item ${item.id} to ${names.join(' or ')}, or clear it`,
    );
    return undefined;
  };

  const company = read('company') ?? item.name.trim();
  const contact: Contact = {};
  const name = read('contactName');
  const title = read('contactTitle');
  const email = read('contactEmail');
  const phone = read('contactPhone');
  if (name !== undefined) contact.name = name;
  if (title !== undefined) contact.title = title;
  if (email !== undefined) contact.email = email;
  if (phone !== undefined) contact.phone = phone;

  let stage: Stage | undefined;
  const stageLabel = read('stage');
  if (stageLabel !== undefined) {
    stage = parseStage(stageLabel);
    if (stage === undefined) {
      problem(
        'stage',
        'unknown-label',
        `the label "${stageLabel}" in column "${columns.stage}" is not a stage`,
        `set column "${columns.stage}" of item ${item.id} to one of ${STAGE_LABELS.join(', ')} (any case; "Closed won" and "closed_won" read too), or rename the board's label`,
      );
    }
  }

  const type = oneOf<CommitmentType>('commitment', { written: 'written', verbal: 'verbal' });
  const signed = oneOf('sowStatus', { signed: 'signed', pending: 'pending' });
  const sowExpected = read('sowExpected');
  const origin = read('origin');

  const deal: BoardDeal = {
    id: item.id,
    company,
    contact,
    ...(stage !== undefined ? { stage } : {}),
    ...(type !== undefined ? { commitment: { type, ...(sowExpected !== undefined ? { sowExpected } : {}) } } : {}),
    ...(signed !== undefined ? { sowSigned: signed === 'signed' } : {}),
    ...(origin !== undefined ? { origin } : {}),
  };
  return { deal, problems };
}

/** What column each field wants, for fixes. */
const FIELD_COLUMNS: Record<keyof typeof KINDS, string> = {
  company: 'a text column',
  stage: 'the status column with the stage',
  commitment: 'a status or dropdown column with Written / Verbal',
  sowStatus: 'a status column with Signed / Pending',
  sowExpected: 'a date column',
  contactName: 'a text column',
  contactTitle: 'a text column',
  contactEmail: 'an email column',
  contactPhone: 'a phone column',
  origin: 'a text, status or dropdown column',
};
