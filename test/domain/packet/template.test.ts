import { describe, expect, it } from 'vitest';
import { LABEL, PACKET_LABELS, PACKET_SEPARATOR, PACKET_TITLE, SOP_PLACEHOLDER, renderBlankTemplate, renderPacket } from '../../../src/domain/packet/template.js';

// Section 3 of SOP-REV-sales-to-onboarding-handoff-v1.0.txt, copied from the SOP file.
const SOP_TEMPLATE = `ASSESSMENT™ HANDOFF PACKET
──────────────────────────────────────────
Customer company: {name}
Primary contact: {name, title, email, phone if available}
Deal close date: {YYYY-MM-DD}
SOW status: {Signed / Verbal commitment — signed SOW pending by {date}}
Assessment™ price: $2,500
Committed delivery window: {YYYY-MM-DD start target / 30-day max from SOW}

CONTEXT FOR DELIVERY:
Problem statement: {what they told us — verbatim or close to it}
What they expect: {their stated expectations for the Assessment output}
What sold them: {the key moment or argument that moved them — what resonated}
Sensitivities: {anything CRO observed about communication style, internal politics, expectations}
Ecosystem revenue motion: {brief summary of what the CRO learned about their current ecosystem setup}

SALES CONTEXT:
Outreach origin: {how they came into the pipeline}
Conversation history: {key touchpoints — dates and outcomes}
Briefing™ delivered: {Y/N — if Y, what did they respond to?}

DELIVERY NOTES:
Any specific scope agreements: {what was agreed that's not in the standard Assessment™ scope}
Red flags: {anything CRO is concerned about going into delivery}
Follow-on potential: {if CRO sees obvious expansion or referral opportunity}

Filed by: {CRO — date + time}
Acknowledged by: {customer.success — required within 24 hours}
`;

describe('packet template', () => {
  it('SOP-3c the packet keeps every label in the SOP order and layout', () => {
    expect(renderBlankTemplate()).toBe(SOP_TEMPLATE);
    expect(renderPacket({ ...SOP_PLACEHOLDER })).toBe(SOP_TEMPLATE);
  });

  it('SOP-3c has the 19 labels of the SOP, in order', () => {
    expect(PACKET_LABELS).toEqual([
      'Customer company',
      'Primary contact',
      'Deal close date',
      'SOW status',
      'Assessment™ price',
      'Committed delivery window',
      'Problem statement',
      'What they expect',
      'What sold them',
      'Sensitivities',
      'Ecosystem revenue motion',
      'Outreach origin',
      'Conversation history',
      'Briefing™ delivered',
      'Any specific scope agreements',
      'Red flags',
      'Follow-on potential',
      'Filed by',
      'Acknowledged by',
    ]);
    expect(Object.values(LABEL)).toEqual(PACKET_LABELS);
    expect(LABEL.company).toBe('Customer company');
    expect(LABEL.price).toBe('Assessment™ price');
  });

  it('SOP-3c keeps the title and the 42-character box-drawing separator byte for byte', () => {
    expect(PACKET_TITLE).toBe('ASSESSMENT\u2122 HANDOFF PACKET');
    expect(PACKET_SEPARATOR).toBe('\u2500'.repeat(42));
    expect(Buffer.from(PACKET_SEPARATOR, 'utf8').toString('hex')).toBe('e29480'.repeat(42));
  });

  it('SOP-3c renders a missing field as a bare `Label:` line, without trailing space', () => {
    const text = renderPacket({});
    const lines = text.split('\n');
    for (const label of PACKET_LABELS) expect(lines).toContain(`${label}:`);
    expect(text).not.toMatch(/ \n/);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
  });

  it('SOP-3c writes plain `Label: value` lines, no Markdown', () => {
    const text = renderPacket({ [LABEL.company]: 'Acme', [LABEL.redFlags]: 'None' });
    expect(text).toContain('\nCustomer company: Acme\n');
    expect(text).toContain('\nRed flags: None\n');
    expect(text).not.toMatch(/[*#]|^- /m);
  });

  it('indents the continuation lines of a multi-line value by two spaces', () => {
    const text = renderPacket({ [LABEL.problem]: 'Partners churn.\nNo attribution.\n\nCFO wants numbers.  ' });
    expect(text).toContain('Problem statement: Partners churn.\n  No attribution.\n\n  CFO wants numbers.\nWhat they expect:');
  });

  it('ignores keys that are not labels', () => {
    expect(renderPacket({ Nonsense: 'x', constructor: 'y' })).toBe(renderPacket({}));
  });
});
