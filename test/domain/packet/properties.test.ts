import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePacket } from '../../../src/domain/packet/parse.js';
import { PACKET_LABELS, PACKET_SEPARATOR, PACKET_TITLE, SECTION_HEADERS, SOP_PLACEHOLDER, renderPacket } from '../../../src/domain/packet/template.js';
import { fieldsFromText, validatePacket, type PacketContext } from '../../../src/domain/packet/validate.js';
import { POLICY_V1 } from '../../../src/domain/policy.js';
import type { PacketFields, Problem } from '../../../src/domain/types.js';

const RUNS = { numRuns: 300 };

const isoDate = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

const ctxArb: fc.Arbitrary<PacketContext> = fc.record(
  {
    policy: fc.integer({ min: 1, max: 100_000 }).map((price) => ({ ...POLICY_V1, price })),
    sowSigned: fc.boolean(),
    sowDate: fc.oneof(isoDate, fc.string()),
    closeDate: fc.oneof(isoDate, fc.string()),
  },
  { requiredKeys: ['policy', 'sowSigned'] },
);

// Values that look like what people write, and values that are anything at all.
const plausible = fc.oneof(
  isoDate,
  isoDate.map((d) => `${d} start target / 30-day max from SOW`),
  isoDate.map((d) => `Verbal commitment — signed SOW pending by ${d}`),
  fc.constantFrom('Signed', '$2,500', '2500 USD', 'Y — benchmark', 'N', 'None', '{name}', 'Ana, VP, ana@x.io'),
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.array(fc.string(), { maxLength: 4 }).map((ls) => ls.join('\n')),
);
const packetArb: fc.Arbitrary<PacketFields> = fc
  .record(Object.fromEntries(PACKET_LABELS.map((l) => [l, plausible])) as Record<string, fc.Arbitrary<string>>, {
    requiredKeys: [],
  })
  .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as PacketFields);

// Text assembled from the packet's own pieces, shuffled, with noise between them.
const soupArb = fc
  .array(
    fc.oneof(
      fc.constantFrom(...PACKET_LABELS).map((l) => `${l}: `),
      fc.constantFrom(PACKET_TITLE, PACKET_SEPARATOR, ...SECTION_HEADERS, '', '\r', '\uFEFF', '**Red flags:**', '- sow status:'),
      fc.string(),
      plausible,
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join('\n'));

function expectWellFormed(problems: Problem[]): void {
  for (const p of problems) {
    expect(p.field).not.toBe('');
    expect((PACKET_LABELS as readonly string[]).includes(p.field) || /^line \d+$/.test(p.field)).toBe(true);
    expect(p.message.length).toBeGreaterThan(0);
    expect(p.fix.length).toBeGreaterThan(0);
  }
}

describe('packet properties', () => {
  it('parsePacket and validatePacket never throw for arbitrary strings, and name every problem', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), soupArb), ctxArb, (text, ctx) => {
        const parsed = parsePacket(text);
        expectWellFormed(parsed.problems);
        expectWellFormed(validatePacket(parsed.fields, ctx));
        expectWellFormed(fieldsFromText(text, ctx).problems);
      }),
      RUNS,
    );
  });

  it('SOP-3c parsePacket and validatePacket never throw for arbitrary packets, and name every problem', () => {
    fc.assert(
      fc.property(packetArb, ctxArb, (fields, ctx) => {
        expectWellFormed(validatePacket(fields, ctx));
        const { fields: parsed, problems } = fieldsFromText(renderPacket(fields), ctx);
        expectWellFormed(problems);
        for (const label of Object.keys(parsed)) expect(PACKET_LABELS).toContain(label);
      }),
      RUNS,
    );
  });

  it('SOP-3c render then parse gives back any packet of plain multi-line values', () => {
    const line = fc.stringMatching(/^[a-z0-9][a-z0-9 ,.$@]{0,24}[a-z0-9]$/);
    const value = fc.oneof(
      fc.constant(''),
      fc.array(line, { minLength: 1, maxLength: 3 }).map((ls) => ls.join('\n')),
      fc.constantFrom(...Object.values(SOP_PLACEHOLDER)),
    );
    const full = fc.record(Object.fromEntries(PACKET_LABELS.map((l) => [l, value])) as Record<string, fc.Arbitrary<string>>);
    fc.assert(
      fc.property(full, (fields) => {
        const parsed = parsePacket(renderPacket(fields));
        expect(parsed.problems).toEqual([]);
        expect(parsed.fields).toEqual(fields);
      }),
      RUNS,
    );
  });

  it('every problem of a refused packet is about a required field or a named line', () => {
    fc.assert(
      fc.property(packetArb, ctxArb, (fields, ctx) => {
        const problems = validatePacket(fields, ctx);
        expect(problems.some((p) => p.field === 'Filed by' || p.field === 'Acknowledged by')).toBe(false);
      }),
      RUNS,
    );
  });
});
