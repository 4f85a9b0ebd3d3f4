import { describe, expect, it } from 'vitest';
import type { ProspectsColumns } from '../../src/config/monday.js';
import { readCell } from '../../src/board/cells.js';
import { readItem, type BoardItem, type ColumnValue } from '../../src/board/read-item.js';

/** SPEC §14: a Prospects board item, as `items(ids:) { column_values { id type text value } }` returns it, read as a deal. */

const COLUMNS: ProspectsColumns = {
  stage: 'status',
  commitment: 'status_1',
  sowStatus: 'status_2',
  sowExpected: 'date4',
  contactName: 'text',
  contactTitle: 'text_1',
  contactEmail: 'email',
  contactPhone: 'phone',
  origin: 'text_2',
  handoff: 'status_3',
};

const AT = '2026-11-20T10:15:02.000Z';
const status = (id: string, label: string, index = 1): ColumnValue => ({
  id,
  type: 'status',
  text: label,
  value: label === '' ? null : `{"index":${index},"post_id":null,"changed_at":"${AT}"}`,
});
const date = (id: string, day: string | null): ColumnValue => ({
  id,
  type: 'date',
  text: day ?? '',
  value: day === null ? null : `{"date":"${day}","changed_at":"${AT}"}`,
});
const text = (id: string, t: string): ColumnValue => ({ id, type: 'text', text: t, value: t === '' ? null : JSON.stringify(t) });

/** A closed, verbally committed deal with every column filled, as the real API shapes it. */
function item(overrides: ColumnValue[] = [], name = 'Acme Analytics'): BoardItem {
  const base: ColumnValue[] = [
    status('status', 'Closed-won', 4),
    status('status_1', 'Verbal', 1),
    status('status_2', 'Pending', 0),
    date('date4', '2026-12-01'),
    text('text', 'Ana Ruiz'),
    text('text_1', 'VP Partnerships'),
    { id: 'email', type: 'email', text: 'ana@acme.example', value: '{"email":"ana@acme.example","text":"ana@acme.example"}' },
    { id: 'phone', type: 'phone', text: '+12025550169', value: '{"phone":"+12025550169","countryShortName":"US"}' },
    text('text_2', 'Partner referral'),
    status('status_3', '', 5),
  ];
  const byId = new Map(base.map((c) => [c.id, c]));
  for (const o of overrides) byId.set(o.id, o);
  return { id: '1234567890', name, column_values: [...byId.values()] };
}

describe('readItem: a Prospects board item as a deal', () => {
  it('reads every field by its column type: labels from text, the date from value.date, e-mail and phone from value', () => {
    expect(readItem(item(), COLUMNS)).toEqual({
      deal: {
        id: '1234567890',
        company: 'Acme Analytics',
        contact: { name: 'Ana Ruiz', title: 'VP Partnerships', email: 'ana@acme.example', phone: '+12025550169' },
        stage: 'closed-won',
        commitment: { type: 'verbal', sowExpected: '2026-12-01' },
        sowSigned: false,
        origin: 'Partner referral',
      },
      problems: [],
    });
  });

  it('reads the e-mail and phone from value, not from the displayed text', () => {
    const { deal } = readItem(
      item([
        { id: 'email', type: 'email', text: 'Ana (work)', value: '{"email":"ana@acme.example","text":"Ana (work)"}' },
        { id: 'phone', type: 'phone', text: '(202) 555-0169', value: '{"phone":"+12025550169","countryShortName":"US"}' },
      ]),
      COLUMNS,
    );
    expect(deal.contact).toMatchObject({ email: 'ana@acme.example', phone: '+12025550169' });
  });

  it('reads a dropdown commitment ({"ids":[…]}), stage spellings and label case', () => {
    const { deal, problems } = readItem(
      item([{ id: 'status_1', type: 'dropdown', text: 'written', value: '{"ids":[1]}' }, status('status', 'closed won'), status('status_2', 'SIGNED')]),
      COLUMNS,
    );
    expect(problems).toEqual([]);
    expect(deal).toMatchObject({ stage: 'closed-won', commitment: { type: 'written', sowExpected: '2026-12-01' }, sowSigned: true });
    expect(readItem(item([status('status', 'Closed_Won')]), COLUMNS).deal.stage).toBe('closed-won');
  });

  it('leaves empty cells out: no stage, no commitment, no contact fields, and the item name as company', () => {
    const { deal, problems } = readItem(
      item(
        [
          status('status', ''),
          status('status_1', ''),
          status('status_2', ''),
          date('date4', null),
          text('text', ''),
          text('text_1', '  '),
          { id: 'email', type: 'email', text: '', value: null },
          { id: 'phone', type: 'phone', text: '', value: null },
          text('text_2', ''),
        ],
        '  Beta Corp ',
      ),
      COLUMNS,
    );
    expect(problems).toEqual([]);
    expect(deal).toEqual({ id: '1234567890', company: 'Beta Corp', contact: {} });
  });

  it('takes the company from its column when mapped, else (or when empty) the item name', () => {
    const columns = { ...COLUMNS, company: 'text_9' };
    expect(readItem(item([text('text_9', 'Acme Analytics GmbH')], 'Acme'), columns).deal.company).toBe('Acme Analytics GmbH');
    expect(readItem(item([text('text_9', '')], 'Acme'), columns).deal.company).toBe('Acme');
  });

  it('a sowExpected date without a commitment is not a commitment', () => {
    expect(readItem(item([status('status_1', '')]), COLUMNS).deal.commitment).toBeUndefined();
  });

  it('reads a date or an e-mail typed in a text column', () => {
    const { deal, problems } = readItem(item([text('date4', '2026-12-24'), text('email', 'ana@acme.example')]), COLUMNS);
    expect(problems).toEqual([]);
    expect(deal).toMatchObject({ commitment: { sowExpected: '2026-12-24' }, contact: { email: 'ana@acme.example' } });
  });
});

describe('readItem: values Baton cannot read are problems naming the item, column and fix', () => {
  it('a commitment label that is neither Written nor Verbal', () => {
    const { deal, problems } = readItem(item([status('status_1', 'Maybe')]), COLUMNS);
    expect(deal.commitment).toBeUndefined();
    expect(problems).toEqual([
      {
        itemId: '1234567890',
        field: 'commitment',
        column: 'status_1',
        code: 'unknown-label',
        message: 'the label "Maybe" in column "status_1" is neither Written nor Verbal',
        fix: 'set column "status_1" of item 1234567890 to Written or Verbal, or clear it',
      },
    ]);
  });

  it('a stage label that is not a stage', () => {
    const { deal, problems } = readItem(item([status('status', 'Won')]), COLUMNS);
    expect(deal.stage).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'stage', column: 'status', code: 'unknown-label', message: 'the label "Won" in column "status" is not a stage' });
    expect(problems[0]!.fix).toContain('Lead, Qualified, Proposal, Negotiation, Closed-won, Closed-lost');
  });

  it('a SOW status that is neither Signed nor Pending', () => {
    const { deal, problems } = readItem(item([status('status_2', 'Sent')]), COLUMNS);
    expect(deal.sowSigned).toBeUndefined();
    expect(problems.map((p) => [p.field, p.code, p.message])).toEqual([['sowStatus', 'unknown-label', 'the label "Sent" in column "status_2" is neither Signed nor Pending']]);
  });

  it.each([
    ['an impossible date', '{"date":"2026-02-30","changed_at":"x"}', 'the date "2026-02-30", which is not a date YYYY-MM-DD'],
    ['a date that is not a string', '{"date":20261201}', 'the date 20261201, which is not a date YYYY-MM-DD'],
    ['a value that is not JSON', '{"date":', 'a value that is not JSON'],
    ['a value that is not an object', '"2026-12-01"', '"2026-12-01", not an object'],
  ])('a malformed date: %s', (_title, value, message) => {
    const { deal, problems } = readItem(item([{ id: 'date4', type: 'date', text: '?', value }]), COLUMNS);
    expect(deal.commitment).toEqual({ type: 'verbal' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'sowExpected', column: 'date4', code: 'malformed-value', fix: 'correct column "date4" of item 1234567890 on the Prospects board' });
    expect(problems[0]!.message).toContain(message);
  });

  it('a date typed in a text column that is not a date', () => {
    const { problems } = readItem(item([text('date4', 'next week')]), COLUMNS);
    expect(problems.map((p) => p.message)).toEqual(['column "date4" holds "next week", which is not a date YYYY-MM-DD']);
  });

  it('a mapped column the board does not have, and a column of the wrong type: the fix is in baton.config.yaml', () => {
    const { problems } = readItem(item(), { ...COLUMNS, contactPhone: 'phone_9', sowExpected: 'text' });
    expect(problems).toEqual([
      {
        itemId: '1234567890',
        field: 'contactPhone',
        column: 'phone_9',
        code: 'missing-column',
        message: 'the Prospects board has no column "phone_9" (monday.prospectsColumns.contactPhone)',
        fix: 'set monday.prospectsColumns.contactPhone in baton.config.yaml to the id of a phone column on the Prospects board',
      },
      {
        itemId: '1234567890',
        field: 'sowExpected',
        column: 'text',
        code: 'malformed-value',
        message: 'column "text" holds "Ana Ruiz", which is not a date YYYY-MM-DD',
        fix: 'correct column "text" of item 1234567890 on the Prospects board',
      },
    ]);

    const wrongType = readItem(item(), { ...COLUMNS, sowExpected: 'status_2' });
    expect(wrongType.problems).toEqual([
      expect.objectContaining({
        field: 'sowExpected',
        code: 'wrong-column-type',
        message: 'column "status_2" is a status column; this field is read from a date column',
        fix: 'set monday.prospectsColumns.sowExpected in baton.config.yaml to the id of a date column',
      }),
    ]);
  });

  it('a dropdown commitment with two labels', () => {
    const { problems } = readItem(item([{ id: 'status_1', type: 'dropdown', text: 'Written, Verbal', value: '{"ids":[1,2]}' }]), COLUMNS);
    expect(problems).toEqual([expect.objectContaining({ field: 'commitment', code: 'several-labels', fix: 'keep one label in column "status_1" of item 1234567890' })]);
  });

  it('an e-mail value without an e-mail, and several problems at once', () => {
    const { deal, problems } = readItem(item([{ id: 'email', type: 'email', text: 'x', value: '{"email":42}' }, status('status', 'Won'), status('status_1', 'Maybe')]), COLUMNS);
    expect(deal.contact.email).toBeUndefined();
    expect(problems.map((p) => p.field).sort()).toEqual(['commitment', 'contactEmail', 'stage']);
  });
});

describe('readCell', () => {
  it('reads a status, a dropdown and a text label from text, and refuses other column types', () => {
    expect(readCell(status('s', 'Done'), 'label')).toEqual({ ok: true, value: 'Done' });
    expect(readCell({ id: 'd', type: 'dropdown', text: 'Verbal', value: '{"ids":[2]}' }, 'label')).toEqual({ ok: true, value: 'Verbal' });
    expect(readCell({ id: 'n', type: 'numbers', text: '3', value: '"3"' }, 'label')).toMatchObject({ ok: false, code: 'wrong-column-type' });
    expect(readCell({ id: 'n', type: 'numbers', text: '3', value: '"3"' }, 'text')).toEqual({ ok: true, value: '3' });
  });

  it('accepts an already-decoded object value', () => {
    expect(readCell({ id: 'd', type: 'date', text: '2026-12-01', value: { date: '2026-12-01' } }, 'date')).toEqual({ ok: true, value: '2026-12-01' });
    expect(readCell({ id: 'p', type: 'phone', text: '', value: { phone: '', countryShortName: 'US' } }, 'phone')).toEqual({ ok: true, value: undefined });
  });
});
