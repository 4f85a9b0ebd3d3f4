import { describe, expect, it } from 'vitest';
import { draftFields, draftPacket, proposedStartTarget } from '../../../src/domain/packet/draft.js';
import { parsePacket } from '../../../src/domain/packet/parse.js';
import { LABEL, PACKET_LABELS, SOP_PLACEHOLDER } from '../../../src/domain/packet/template.js';
import { fieldsFromText, type PacketContext } from '../../../src/domain/packet/validate.js';
import { POLICY_V1 } from '../../../src/domain/policy.js';
import type { DealState, Handoff } from '../../../src/domain/types.js';

const at = (iso: string) => Date.parse(iso);
const OPTS = { policy: POLICY_V1, timezone: 'UTC' };

function handoff(closeDate: string): Handoff {
  return {
    cycle: 1,
    t0: at(`${closeDate}T09:00:00Z`),
    closeDate,
    policyVersion: '1.0',
    state: 'awaiting-packet',
    packetPath: `operations/handoffs/assessment-acme-${closeDate}.md`,
    clocks: {},
  };
}

function verbalState(): DealState {
  return {
    deal: {
      id: 'D-1',
      company: 'Acme Corp',
      contact: { name: 'Ana Ruiz', title: 'VP Partnerships', email: 'ana@acme.example', phone: '+1 555 010 0100' },
      stage: 'closed-won',
      owner: 'cro',
      origin: 'Partner webinar',
      briefing: { delivered: true, response: 'the attribution gap' },
      notes: [
        { at: at('2026-04-15T16:00:00Z'), text: 'Briefing delivered' },
        { at: at('2026-04-02T10:00:00Z'), text: 'discovery\ncall' },
      ],
      commitment: { type: 'verbal', loggedAt: at('2026-04-21T09:00:00Z'), sowExpected: '2026-04-23' },
    },
    handoff: handoff('2026-04-21'),
  };
}

const ctxFor = (state: DealState): PacketContext => ({
  policy: POLICY_V1,
  sowSigned: state.deal.sowSignedAt !== undefined,
  sowDate: state.deal.commitment?.sowExpected,
  closeDate: state.handoff?.closeDate,
});

const NARRATIVE = [LABEL.problem, LABEL.expectations, LABEL.whatSold, LABEL.sensitivities, LABEL.ecosystem, LABEL.scope, LABEL.redFlags, LABEL.followOn];

describe('draftPacket', () => {
  it('SOP-3c pre-fills what the board knows and prints only the packet', () => {
    const text = draftPacket(verbalState(), OPTS);
    expect(text.startsWith('ASSESSMENT™ HANDOFF PACKET\n')).toBe(true);
    expect(text.endsWith('Filed by:\nAcknowledged by:\n')).toBe(true);
    const { fields } = parsePacket(text);
    expect(Object.keys(fields)).toEqual(PACKET_LABELS);
    expect(fields).toMatchObject({
      [LABEL.company]: 'Acme Corp',
      [LABEL.contact]: 'Ana Ruiz, VP Partnerships, ana@acme.example, +1 555 010 0100',
      [LABEL.closeDate]: '2026-04-21',
      [LABEL.sowStatus]: 'Verbal commitment — signed SOW pending by 2026-04-23',
      [LABEL.price]: '$2,500',
      [LABEL.deliveryWindow]: '2026-04-23 start target / 30-day max from SOW',
      [LABEL.origin]: 'Partner webinar',
      [LABEL.history]: '2026-04-02: discovery call; 2026-04-15: Briefing delivered',
      [LABEL.briefing]: 'Y — the attribution gap',
      [LABEL.filedBy]: '',
      [LABEL.acknowledgedBy]: '',
    });
    for (const label of NARRATIVE) expect(fields[label]).toBe(SOP_PLACEHOLDER[label]);
  });

  it('SOP-3c a draft is refused for its placeholders, each placeholder field named', () => {
    const state = verbalState();
    state.deal.contact = { name: 'Ana Ruiz' };
    delete state.deal.origin;
    delete state.deal.briefing;
    state.deal.notes = [];
    const { problems } = fieldsFromText(draftPacket(state, OPTS), ctxFor(state));
    expect(problems.map((p) => p.field)).toEqual([LABEL.contact, ...NARRATIVE.slice(0, 5), LABEL.origin, LABEL.history, LABEL.briefing, ...NARRATIVE.slice(5)]);
    expect(problems.every((p) => /placeholder `\{/.test(p.message))).toBe(true);
    expect(draftFields(state, OPTS)[LABEL.contact]).toBe('Ana Ruiz, {title}, {email}');
  });

  it('SOP-3c a fully mended draft is accepted', () => {
    const state = verbalState();
    let text = draftPacket(state, OPTS);
    for (const label of NARRATIVE) text = text.replace(`${label}: ${SOP_PLACEHOLDER[label]}`, `${label}: None`);
    text = text.replace('Problem statement: None', 'Problem statement: "Our partners churn."\n  Said twice.');
    const { problems, fields } = fieldsFromText(text, ctxFor(state));
    expect(problems).toEqual([]);
    expect(fields[LABEL.problem]).toBe('"Our partners churn."\nSaid twice.');
  });

  it('SOP-4.5d writes `Signed` and starts the window at the SOW signature date in the org zone', () => {
    const state = verbalState();
    state.deal.sowSignedAt = at('2026-04-21T23:30:00Z');
    const tokyo = draftFields(state, { policy: POLICY_V1, timezone: 'Asia/Tokyo' });
    expect(tokyo[LABEL.sowStatus]).toBe('Signed');
    expect(tokyo[LABEL.deliveryWindow]).toBe('2026-04-22 start target / 30-day max from SOW');
    expect(draftFields(state, OPTS)[LABEL.deliveryWindow]).toBe('2026-04-21 start target / 30-day max from SOW');
  });

  it('dates the conversation history in the org zone', () => {
    const state = verbalState();
    state.deal.notes = [{ at: at('2026-04-02T23:30:00Z'), text: 'late call' }];
    expect(draftFields(state, { policy: POLICY_V1, timezone: 'Europe/Paris' })[LABEL.history]).toBe('2026-04-03: late call');
  });

  it('leaves what the board does not know as visible placeholders', () => {
    const state: DealState = {
      deal: { id: 'D-2', company: 'Beta', contact: {}, stage: 'closed-won', owner: 'cro', notes: [] },
    };
    const fields = draftFields(state, OPTS);
    expect(fields[LABEL.contact]).toBe('{name}, {title}, {email}');
    expect(fields[LABEL.closeDate]).toBe('{YYYY-MM-DD}');
    expect(fields[LABEL.sowStatus]).toBe('Verbal commitment — signed SOW pending by {YYYY-MM-DD}');
    expect(fields[LABEL.deliveryWindow]).toBe('{YYYY-MM-DD} start target / 30-day max from SOW');
    expect(fields[LABEL.origin]).toBe('{how they came into the pipeline}');
    expect(fields[LABEL.history]).toBe('{key touchpoints — dates and outcomes}');
    expect(fields[LABEL.briefing]).toBe('{Y/N — if Y, what did they respond to?}');
  });

  it('writes `N` for no Briefing and keeps a placeholder for an unknown response', () => {
    const state = verbalState();
    state.deal.briefing = { delivered: false };
    expect(draftFields(state, OPTS)[LABEL.briefing]).toBe('N');
    state.deal.briefing = { delivered: true };
    expect(draftFields(state, OPTS)[LABEL.briefing]).toBe('Y — {what did they respond to?}');
  });

  it('SOP-3d shows the policy price', () => {
    const fields = draftFields(verbalState(), { policy: { ...POLICY_V1, price: 3200 }, timezone: 'UTC' });
    expect(fields[LABEL.price]).toBe('$3,200');
  });
});

describe('proposedStartTarget', () => {
  it('SOP-3e proposes the SOW date (signed or expected), never before the close date', () => {
    const state = verbalState();
    expect(proposedStartTarget(state, 'UTC')).toBe('2026-04-23');
    state.deal.sowSignedAt = at('2026-04-10T12:00:00Z');
    expect(proposedStartTarget(state, 'UTC')).toBe('2026-04-21');
    state.deal.sowSignedAt = at('2026-04-22T12:00:00Z');
    expect(proposedStartTarget(state, 'UTC')).toBe('2026-04-22');
  });

  it('falls back to the close date, then to nothing', () => {
    const state = verbalState();
    delete state.deal.commitment;
    expect(proposedStartTarget(state, 'UTC')).toBe('2026-04-21');
    delete state.handoff;
    expect(proposedStartTarget(state, 'UTC')).toBeUndefined();
  });
});
