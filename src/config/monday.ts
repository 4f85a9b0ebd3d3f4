import { z } from 'zod';
import { DEFAULTS } from './defaults.js';
import { count, section, text } from './zod.js';

/**
 * The `monday:` section of `baton.config.yaml`: the two boards, the column ids Baton reads on
 * the Prospects board (`prospectsColumns`, SPEC §14) and writes on the delivery board
 * (`deliveryColumns`, SPEC §11), how often `baton serve` reconciles the Prospects board, and
 * the API version every call pins.
 *
 * @example
 *   // baton.config.yaml
 *   // monday:
 *   //   prospectsBoardId: 1234567890
 *   //   prospectsColumns: { stage: "status", commitment: "status_1", sowStatus: "status_2",
 *   //     sowExpected: "date4", contactName: "text", contactTitle: "text_1",
 *   //     contactEmail: "email", contactPhone: "phone", origin: "text_2", handoff: "status_3" }
 */

/**
 * The deal fields read from a Prospects board item, in the order people read them. `company`
 * is the item name unless mapped; `handoff` is the column Baton writes the handoff's state to.
 * The names are those of `import.columns` (src/import/columns.ts) where the two meet.
 */
export const PROSPECT_FIELDS = [
  'company',
  'stage',
  'commitment',
  'sowStatus',
  'sowExpected',
  'contactName',
  'contactTitle',
  'contactEmail',
  'contactPhone',
  'origin',
  'handoff',
] as const;
export type ProspectField = (typeof PROSPECT_FIELDS)[number];

/** The mapped fields that may be left out of `monday.prospectsColumns`. */
export const OPTIONAL_PROSPECT_FIELDS = ['company', 'handoff'] as const satisfies readonly ProspectField[];

/** Column id on the Prospects board for each deal field. */
export type ProspectsColumns = Record<Exclude<ProspectField, (typeof OPTIONAL_PROSPECT_FIELDS)[number]>, string> &
  Partial<Record<(typeof OPTIONAL_PROSPECT_FIELDS)[number], string>>;

/** What each column holds, for the starter config, the error hints and the README. */
export const PROSPECT_FIELD_NOTES: Record<ProspectField, string> = {
  company: 'a text column with the customer company (optional: default the item name)',
  stage: 'the status column with the stage (Lead, Qualified, Proposal, Negotiation, Closed-won, Closed-lost)',
  commitment: 'a status or dropdown column with the labels Written and Verbal',
  sowStatus: 'a status column with the labels Signed and Pending',
  sowExpected: 'a date column with the expected SOW signature date',
  contactName: 'a text column with the primary contact name',
  contactTitle: 'a text column with the primary contact title',
  contactEmail: 'an email column with the primary contact e-mail',
  contactPhone: 'a phone column with the primary contact phone',
  origin: 'a text, status or dropdown column with the outreach origin',
  handoff: 'optional: a status or text column where Baton writes the handoff state',
};

/** Column id on the delivery board (and, for `milestones`, its subitems board) for each field Baton writes. */
export interface DeliveryColumns {
  customer: string;
  window: string;
  owner: string;
  sourceKey: string;
  /** The date column on the SUBITEMS board: each milestone is a subitem with its date there. */
  milestones: string;
}

const deliveryColumns = z
  .object({
    customer: text.default(DEFAULTS.deliveryColumns.customer),
    window: text.default(DEFAULTS.deliveryColumns.window),
    owner: text.default(DEFAULTS.deliveryColumns.owner),
    sourceKey: text.default(DEFAULTS.deliveryColumns.sourceKey),
    milestones: text.default(DEFAULTS.deliveryColumns.milestones),
  })
  .strict();

const optional = new Set<string>(OPTIONAL_PROSPECT_FIELDS);
const prospectsColumns = z
  .object({
    company: text.optional(),
    stage: text,
    commitment: text,
    sowStatus: text,
    sowExpected: text,
    contactName: text,
    contactTitle: text,
    contactEmail: text,
    contactPhone: text,
    origin: text,
    handoff: text.optional(),
  } satisfies Record<ProspectField, z.ZodTypeAny>)
  .strict()
  .superRefine((columns, ctx) => {
    // One column cannot hold two fields: a stage column read as the commitment too would misfire the trigger.
    const seen = new Map<string, ProspectField>();
    for (const field of PROSPECT_FIELDS) {
      const id = columns[field];
      if (id === undefined) continue;
      const first = seen.get(id);
      if (first) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `names column "${id}", which ${first} already names`,
          params: { fix: `give ${field} its own column id (each deal field is read from a column of its own)` },
        });
      } else seen.set(id, field);
    }
  });

/** The `monday:` section's schema, as `fileSchema` in config.ts embeds it. */
export const mondaySection = z
  .object({
    prospectsBoardId: count.optional(),
    deliveryBoardId: count.optional(),
    prospectsColumns: section(prospectsColumns.optional()),
    deliveryColumns: section(deliveryColumns.default({})),
    syncMinutes: z.number().finite().min(1).default(DEFAULTS.mondaySyncMinutes),
    apiVersion: z
      .string()
      .regex(/^\d{4}-(01|04|07|10)$/)
      .default(DEFAULTS.mondayApiVersion),
  })
  .strict()
  .default({});

/** The error hints of the section's keys (see problems.ts). */
export const MONDAY_HINTS: [pattern: string, hint: { expected: string; fix: string }][] = [
  ['monday', { expected: 'a mapping', fix: 'write monday: { prospectsBoardId: 123, deliveryBoardId: 456 }' }],
  ['monday.*BoardId', { expected: 'a board id (a positive whole number)', fix: 'write the number from the board URL (…/boards/1234567890) without quotes' }],
  [
    'monday.prospectsColumns',
    {
      expected: 'a mapping from deal field to column id',
      fix: `write prospectsColumns: { ${PROSPECT_FIELDS.filter((f) => !optional.has(f))
        .map((f) => `${f}: "…"`)
        .join(', ')} } with the column ids of your Prospects board`,
    },
  ],
  ...PROSPECT_FIELDS.map((f): [string, { expected: string; fix: string }] => [
    `monday.prospectsColumns.${f}`,
    {
      expected: `the id of ${PROSPECT_FIELD_NOTES[f].replace(/^optional: /, '')}`,
      fix: `write ${f}: "<column id>" under monday.prospectsColumns: on the Prospects board, the column's menu shows its id (Copy column ID, with monday.com Developer mode on)`,
    },
  ]),
  [
    'monday.deliveryColumns',
    {
      expected: 'a mapping from field to column id',
      fix: 'write deliveryColumns: { customer: "text", window: "timeline", owner: "person", sourceKey: "text_key", milestones: "date0" }',
    },
  ],
  [
    'monday.deliveryColumns.milestones',
    {
      expected: "the id of the date column on the delivery board's SUBITEMS board (each milestone is a subitem)",
      fix: `write milestones: "${DEFAULTS.deliveryColumns.milestones}", or the id a subitem's date column shows in its menu`,
    },
  ],
  ['monday.deliveryColumns.*', { expected: 'a column id as text', fix: 'write the column id shown in the board\'s column settings, e.g. "text"' }],
  [
    'monday.syncMinutes',
    { expected: 'a number of minutes, 1 or more', fix: `write syncMinutes: ${DEFAULTS.mondaySyncMinutes} (how often \`baton serve\` reconciles the Prospects board)` },
  ],
  [
    'monday.apiVersion',
    { expected: 'a monday.com API version "YYYY-MM" with month 01, 04, 07 or 10', fix: `write apiVersion: "${DEFAULTS.mondayApiVersion}", or remove the key for that default` },
  ],
];
