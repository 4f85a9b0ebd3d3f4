/**
 * The deal fields `baton import` reads, and the column of a board export that holds each.
 * The defaults are the column names of a monday.com Prospects board export; a board whose
 * columns are named otherwise maps them in `baton.config.yaml` under `import.columns`.
 *
 * @example
 *   // baton.config.yaml
 *   // import: { columns: { stage: "Deal stage", contactEmail: "E-mail" } }
 */

export const IMPORT_FIELDS = ['id', 'company', 'stage', 'contactName', 'contactTitle', 'contactEmail', 'contactPhone', 'commitment', 'sowExpected', 'origin', 'notes'] as const;

export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Column name (as written in the header row) for each field. */
export type ImportColumns = Record<ImportField, string>;

export const IMPORT_COLUMN_DEFAULTS: ImportColumns = {
  id: 'Item ID',
  company: 'Name',
  stage: 'Status',
  contactName: 'Contact',
  contactTitle: 'Title',
  contactEmail: 'Email',
  contactPhone: 'Phone',
  commitment: 'Commitment',
  sowExpected: 'SOW Expected',
  origin: 'Source',
  notes: 'Notes',
};

/** What each field holds, for the starter config, `--help` and the README. */
export const IMPORT_FIELD_NOTES: Record<ImportField, string> = {
  id: 'the deal id; without this column, the slug of the company name',
  company: 'the customer company (required; finds the header row)',
  stage: 'lead ... closed-won, closed-lost (finds the header row; empty: unchanged)',
  contactName: 'primary contact name',
  contactTitle: 'primary contact title',
  contactEmail: 'primary contact e-mail',
  contactPhone: 'primary contact phone',
  commitment: 'written or verbal (empty: none yet)',
  sowExpected: 'expected SOW signature date, YYYY-MM-DD (verbal only)',
  origin: 'outreach origin',
  notes: 'conversation history: each line becomes one note',
};
