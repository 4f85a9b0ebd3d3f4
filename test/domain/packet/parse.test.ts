import { describe, expect, it } from 'vitest';
import { parsePacket } from '../../../src/domain/packet/parse.js';
import { LABEL, PACKET_LABELS, renderPacket } from '../../../src/domain/packet/template.js';
import type { PacketFields } from '../../../src/domain/types.js';

function fullFields(): PacketFields {
  return {
    [LABEL.company]: 'Société Générale™ (EU)',
    [LABEL.contact]: 'Ana Ruiz, VP Partnerships, ana@sg.example, +33 1 23 45 67 89',
    [LABEL.closeDate]: '2026-04-21',
    [LABEL.sowStatus]: 'Verbal commitment — signed SOW pending by 2026-04-23',
    [LABEL.price]: '$2,500',
    [LABEL.deliveryWindow]: '2026-04-23 start target / 30-day max from SOW',
    [LABEL.problem]: 'Partners churn after year one.\nNobody owns co-sell attribution.',
    [LABEL.expectations]: 'A ranked list of partner motions.',
    [LABEL.whatSold]: 'The marketplace benchmark: "that is us".',
    [LABEL.sensitivities]: 'The CFO: numbers first, no slides.',
    [LABEL.ecosystem]: 'Resells through two GSIs; no marketplace listing.',
    [LABEL.origin]: 'Inbound from the partner webinar',
    [LABEL.history]: '2026-04-02: discovery call; 2026-04-15: Briefing',
    [LABEL.briefing]: 'Y — the attribution gap',
    [LABEL.scope]: 'None',
    [LABEL.redFlags]: 'Procurement may slow the SOW.\n\nLegal wants a DPA.',
    [LABEL.followOn]: 'APAC subsidiary',
    [LABEL.filedBy]: 'cro — 2026-04-21 10:00 UTC',
    [LABEL.acknowledgedBy]: '',
  };
}

describe('parsePacket', () => {
  it('SOP-3c render then parse gives back every field, multi-line values included', () => {
    const fields = fullFields();
    const parsed = parsePacket(renderPacket(fields));
    expect(parsed.problems).toEqual([]);
    expect(parsed.fields).toEqual(fields);
    expect(Object.keys(parsed.fields)).toEqual(PACKET_LABELS);
  });

  it('accepts CRLF, a BOM, extra blank lines and surrounding spaces', () => {
    const text = `\uFEFF\r\n\r\n${renderPacket(fullFields())
      .split('\n')
      .map((l) => (l.includes(':') ? `  ${l}   ` : l))
      .join('\r\n\r\n')}`;
    const parsed = parsePacket(text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.fields[LABEL.company]).toBe('Société Générale™ (EU)');
    expect(parsed.fields[LABEL.price]).toBe('$2,500');
    // Blank lines between a value's own lines are kept; blank lines after it are not.
    expect(parsed.fields[LABEL.problem]).toBe('Partners churn after year one.\n\nNobody owns co-sell attribution.');
    expect(parsed.fields[LABEL.followOn]).toBe('APAC subsidiary');
  });

  it('reads unindented lines after a field as more of its value', () => {
    const text = renderPacket(fullFields()).replace('Red flags: Procurement may slow the SOW.', 'Red flags:\nProcurement may slow the SOW.\nNote: they asked twice');
    const parsed = parsePacket(text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.fields[LABEL.redFlags]).toBe('Procurement may slow the SOW.\nNote: they asked twice\n\nLegal wants a DPA.');
  });

  it('does not require the title, the separator or the Baton-owned lines', () => {
    const text = renderPacket(fullFields())
      .split('\n')
      .filter((l) => !/^(ASSESSMENT|─|Filed by|Acknowledged by)/.test(l))
      .join('\n');
    const parsed = parsePacket(text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.fields[LABEL.filedBy]).toBeUndefined();
  });

  it('SOP-3c reports a label that appears twice, naming the label', () => {
    const text = renderPacket(fullFields()).replace('Red flags:', 'Red flags: first\nRed flags:');
    const { problems, fields } = parsePacket(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'Red flags' });
    expect(problems[0]?.message).toMatch(/appears twice/);
    expect(problems[0]?.fix).toMatch(/keep one `Red flags:` line/);
    // The first one is kept; the repeat's continuation does not leak into it.
    expect(fields[LABEL.redFlags]).toBe('first');
  });

  it('SOP-3c reports an unknown `Something:` line before any field, naming the line', () => {
    const text = `Subject: handoff\n${renderPacket(fullFields())}`;
    const { problems } = parsePacket(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe('line 1');
    expect(problems[0]?.message).toContain('`Subject:` is not a field of the packet template');
  });

  it('reports stray text between a section header and its first field', () => {
    const text = renderPacket(fullFields()).replace('CONTEXT FOR DELIVERY:\n', 'CONTEXT FOR DELIVERY:\nsee below\n');
    const { problems } = parsePacket(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toMatch(/^line \d+$/);
    expect(problems[0]?.message).toContain('`see below` is outside any field');
  });

  it('SOP-3c reports every missing line with where to put it', () => {
    const text = renderPacket(fullFields())
      .split('\n')
      .filter((l) => !l.startsWith('Sensitivities:') && !l.startsWith('Customer company:'))
      .join('\n');
    const { problems } = parsePacket(text);
    expect(problems.map((p) => p.field)).toEqual(['Customer company', 'Sensitivities']);
    expect(problems[1]).toEqual({
      code: 'invalid',
      field: 'Sensitivities',
      message: 'the packet is missing the `Sensitivities:` line',
      fix: 'add the line `Sensitivities: …` in its place (after `What sold them:`) as in `baton packet draft`',
    });
  });

  it('SOP-3c reads a Markdown-decorated or mis-cased label but reports that the line must be plain', () => {
    const text = renderPacket(fullFields())
      .replace('Red flags: Procurement may slow the SOW.', '**Red flags:** Procurement may slow the SOW.')
      .replace('Assessment™ price: $2,500', '- assessment price: $2,500');
    const { problems, fields } = parsePacket(text);
    expect(problems.map((p) => p.field).sort()).toEqual(['Assessment™ price', 'Red flags']);
    expect(problems[0]?.fix).toMatch(/plain line starting `Assessment™ price: `/);
    expect(fields[LABEL.redFlags]).toBe('Procurement may slow the SOW.\n\nLegal wants a DPA.');
    expect(fields[LABEL.price]).toBe('$2,500');
  });

  it('matches labels case-sensitively as written in the SOP', () => {
    const { problems } = parsePacket(renderPacket(fullFields()).replace('SOW status:', 'Sow Status:'));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe('SOW status');
  });

  it('never throws on empty or odd input, and reports every required line missing', () => {
    expect(parsePacket('').problems).toHaveLength(17);
    expect(parsePacket(undefined as unknown as string).problems).toHaveLength(17);
    expect(() => parsePacket('\uFEFF:\n::\n{}\r\r\n──')).not.toThrow();
  });
});
