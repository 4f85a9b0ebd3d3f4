import { describe, expect, it } from 'vitest';
import { LABEL, REQUIRED_LABELS, renderPacket } from '../../../src/domain/packet/template.js';
import { fieldsFromText, validatePacket, type PacketContext } from '../../../src/domain/packet/validate.js';
import { POLICY_V1 } from '../../../src/domain/policy.js';
import type { PacketFields } from '../../../src/domain/types.js';

const VERBAL: PacketContext = { policy: POLICY_V1, sowSigned: false, sowDate: '2026-04-23', closeDate: '2026-04-21' };
const SIGNED: PacketContext = { policy: POLICY_V1, sowSigned: true, sowDate: '2026-04-20', closeDate: '2026-04-21' };

function good(): PacketFields {
  return {
    [LABEL.company]: 'Acme Corp',
    [LABEL.contact]: 'Ana Ruiz, VP Partnerships, ana@acme.example, +1 555 010 0100',
    [LABEL.closeDate]: '2026-04-21',
    [LABEL.sowStatus]: 'Verbal commitment — signed SOW pending by 2026-04-23',
    [LABEL.price]: '$2,500',
    [LABEL.deliveryWindow]: '2026-04-23 start target / 30-day max from SOW',
    [LABEL.problem]: 'Partners churn after year one.',
    [LABEL.expectations]: 'A ranked list of partner motions.',
    [LABEL.whatSold]: 'The marketplace benchmark.',
    [LABEL.sensitivities]: 'None',
    [LABEL.ecosystem]: 'Two GSIs, no marketplace listing.',
    [LABEL.origin]: 'Partner webinar',
    [LABEL.history]: '2026-04-02: discovery call',
    [LABEL.briefing]: 'N',
    [LABEL.scope]: 'None',
    [LABEL.redFlags]: 'None',
    [LABEL.followOn]: 'None',
    [LABEL.filedBy]: '',
    [LABEL.acknowledgedBy]: '',
  };
}

const check = (field: string, value: string, ctx: PacketContext = VERBAL) => validatePacket({ ...good(), [field]: value }, ctx);
const fieldsOf = (problems: { field: string }[]) => problems.map((p) => p.field);

describe('validatePacket', () => {
  it('accepts a complete packet', () => {
    expect(validatePacket(good(), VERBAL)).toEqual([]);
    expect(validatePacket({ ...good(), [LABEL.sowStatus]: 'Signed', [LABEL.deliveryWindow]: '2026-05-20 start target / 30-day max from SOW' }, SIGNED)).toEqual([]);
  });

  it('SOP-3c refuses every empty required field, naming each, and suggests `None` for narrative', () => {
    const fields: PacketFields = {};
    const problems = validatePacket(fields, VERBAL);
    expect(fieldsOf(problems)).toEqual(REQUIRED_LABELS);
    expect(check(LABEL.redFlags, '   ')[0]?.fix).toContain('`None`');
    expect(check(LABEL.contact, '')[0]?.fix).not.toContain('`None`');
  });

  it('ignores whatever the Baton-owned `Filed by` and `Acknowledged by` lines hold', () => {
    expect(validatePacket({ ...good(), [LABEL.filedBy]: '{CRO — date + time}', [LABEL.acknowledgedBy]: 'me!' }, VERBAL)).toEqual([]);
  });

  it('refuses an unfilled `{...}` placeholder anywhere in a value', () => {
    const problems = check(LABEL.problem, 'They said {quote here} twice');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: LABEL.problem });
    expect(problems[0]?.message).toContain('`{quote here}`');
  });

  it('lists every problem, not just the first', () => {
    const problems = validatePacket({ ...good(), [LABEL.price]: '$3,000', [LABEL.closeDate]: '21/04/2026', [LABEL.briefing]: 'maybe', [LABEL.redFlags]: '' }, VERBAL);
    expect(fieldsOf(problems).sort()).toEqual([LABEL.price, LABEL.closeDate, LABEL.briefing, LABEL.redFlags].sort());
  });

  describe('Primary contact', () => {
    it('accepts name, title, email and an optional phone; a title may hold commas', () => {
      for (const v of ['Ana Ruiz, VP, ana@acme.example', 'Ana, VP, Partnerships, ana@acme.co.uk, (555) 010-0100 ext. 12']) {
        expect(check(LABEL.contact, v)).toEqual([]);
      }
    });

    it.each([
      ['Ana Ruiz, VP Partnerships', /no e-mail/],
      ['Ana Ruiz, VP Partnerships, ana@acme', /not a valid e-mail/],
      ['Ana Ruiz, VP Partnerships, ana@@acme.example', /not a valid e-mail/],
      ['Ana Ruiz, VP Partnerships, ana ruiz@acme.example', /not a valid e-mail/],
      ['Ana Ruiz, ana@acme.example', /no title/],
      ['ana@acme.example', /no name/],
      ['Ana Ruiz, VP, ana@acme.example, call me maybe', /not a phone number/],
    ])('refuses `%s`', (value, message) => {
      const problems = check(LABEL.contact, value);
      expect(problems).not.toEqual([]);
      expect(problems.every((p) => p.field === LABEL.contact)).toBe(true);
      expect(problems.map((p) => p.message).join(' ')).toMatch(message);
      expect(problems[0]?.fix).toContain('name, title, email');
    });
  });

  describe('Deal close date', () => {
    it('refuses a date that is not a real YYYY-MM-DD', () => {
      expect(fieldsOf(check(LABEL.closeDate, '2026-02-30', { ...VERBAL, closeDate: undefined }))).toEqual([LABEL.closeDate]);
      expect(fieldsOf(check(LABEL.closeDate, 'April 21'))).toEqual([LABEL.closeDate]);
    });

    it('refuses a date other than the recorded close date, naming it', () => {
      const [problem] = check(LABEL.closeDate, '2026-04-20');
      expect(problem?.fix).toBe('write `Deal close date: 2026-04-21`');
    });
  });

  describe('SOW status', () => {
    it('accepts `Signed` and the pending form with any dash and any case', () => {
      expect(check(LABEL.sowStatus, 'signed', { ...VERBAL, sowSigned: true })).toEqual([]);
      for (const dash of ['-', '–', '—']) {
        expect(check(LABEL.sowStatus, `VERBAL COMMITMENT ${dash} signed sow pending by 2026-04-23`)).toEqual([]);
      }
    });

    it('refuses anything else, and a pending date that is not a real date', () => {
      expect(check(LABEL.sowStatus, 'Pending')[0]?.fix).toContain('Verbal commitment — signed SOW pending by 2026-04-23');
      expect(check(LABEL.sowStatus, 'Verbal commitment — signed SOW pending by 2026-04-31')[0]?.message).toMatch(/not a real date/);
    });

    it('SOP-4.1 must agree with the board: signed on the board means `Signed`, and vice versa', () => {
      expect(check(LABEL.sowStatus, 'Signed', VERBAL)[0]?.message).toMatch(/board has no SOW signature/);
      const signedCtx = { ...SIGNED, sowDate: '2026-04-23' };
      expect(check(LABEL.sowStatus, 'Verbal commitment — signed SOW pending by 2026-04-23', signedCtx)[0]?.fix).toBe('write `SOW status: Signed`');
    });

    it('SOP-4.1 the pending date must be the expected signature date on the board', () => {
      const [problem] = check(LABEL.sowStatus, 'Verbal commitment — signed SOW pending by 2026-04-25');
      expect(problem?.message).toContain('2026-04-23');
    });
  });

  describe('Assessment™ price', () => {
    // Plain loops: it.each would read `$2` in a title as a parameter.
    for (const value of ['$2,500', '$2500', '$2,500.00', '2500', '2,500 USD', '$ 2,500.0']) {
      it(`SOP-3d accepts ${value}`, () => {
        expect(check(LABEL.price, value)).toEqual([]);
      });
    }

    for (const value of ['$2,000', '$25,00', '$2,500.50', 'USD', 'two thousand five hundred', '€2,500', '$2.500']) {
      it(`SOP-3d refuses ${value}: the price must be the policy price`, () => {
        const [problem] = check(LABEL.price, value);
        expect(problem?.field).toBe('Assessment™ price');
        expect(problem?.message).toContain('the price must be `$2,500`');
        expect(problem?.fix).toBe('write `Assessment™ price: $2,500`');
      });
    }

    it('SOP-3d follows the policy price, not a constant', () => {
      const ctx = { ...VERBAL, policy: { ...POLICY_V1, version: '1.1', price: 3000 } };
      expect(check(LABEL.price, '$3,000', ctx)).toEqual([]);
      expect(check(LABEL.price, '$2,500', ctx)[0]?.message).toContain('`$3,000` (policy v1.1)');
    });
  });

  describe('Committed delivery window', () => {
    const win = (date: string) => `${date} start target / 30-day max from SOW`;

    it('accepts the SOP form with varied spacing', () => {
      expect(check(LABEL.deliveryWindow, '2026-04-23   start target/30-day max   from SOW')).toEqual([]);
    });

    it('refuses a value that does not start with the date, or reads otherwise', () => {
      expect(check(LABEL.deliveryWindow, 'start target 2026-04-23')[0]?.message).toMatch(/must start with the start target date/);
      expect(check(LABEL.deliveryWindow, '2026-04-23 or so')[0]?.fix).toBe(`write \`${win('2026-04-23')}\``);
      expect(check(LABEL.deliveryWindow, win('2026-13-01'))[0]?.message).toMatch(/not a real date/);
    });

    it('refuses a start target before the close date', () => {
      expect(check(LABEL.deliveryWindow, win('2026-04-20'))[0]?.message).toMatch(/before the deal close date 2026-04-21/);
    });

    it('SOP-3e accepts a start target exactly 30 days after the SOW date and refuses 31', () => {
      expect(check(LABEL.deliveryWindow, win('2026-05-23'))).toEqual([]);
      const [problem] = check(LABEL.deliveryWindow, win('2026-05-24'));
      expect(problem?.field).toBe('Committed delivery window');
      expect(problem?.message).toMatch(/more than 30 days after the SOW expected signature date 2026-04-23/);
      expect(problem?.fix).toContain('no later than 2026-05-23');
    });

    it('SOP-3e counts from the signature date once signed', () => {
      const signed = (date: string) => validatePacket({ ...good(), [LABEL.sowStatus]: 'Signed', [LABEL.deliveryWindow]: win(date) }, SIGNED);
      expect(signed('2026-05-20')).toEqual([]);
      const [problem] = signed('2026-05-21');
      expect(problem?.message).toContain('SOW signature date 2026-04-20');
      expect(problem?.fix).toContain('no later than 2026-05-20');
    });
  });

  describe('Briefing™ delivered', () => {
    it.each(['Y', 'N', 'Yes — the benchmark', 'no', 'y: liked it'])('accepts %s', (value) => {
      expect(check(LABEL.briefing, value)).toEqual([]);
    });
    it.each(['Maybe', 'None', 'Yesterday'])('refuses %s', (value) => {
      expect(fieldsOf(check(LABEL.briefing, value))).toEqual([LABEL.briefing]);
    });
  });
});

describe('fieldsFromText', () => {
  it('parses and validates in one step, reporting a missing line once', () => {
    const text = renderPacket(good())
      .split('\n')
      .filter((l) => !l.startsWith('Red flags:'))
      .join('\n')
      .replace('$2,500', '$1');
    const { fields, problems } = fieldsFromText(text, VERBAL);
    expect(fields[LABEL.company]).toBe('Acme Corp');
    expect(fieldsOf(problems)).toEqual([LABEL.redFlags, LABEL.price]);
    expect(problems[0]?.message).toContain('missing the `Red flags:` line');
  });

  it('accepts a rendered good packet', () => {
    expect(fieldsFromText(renderPacket(good()), VERBAL).problems).toEqual([]);
  });
});
