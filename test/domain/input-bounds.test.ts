import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BOUNDS, boundsRefusal, lineProblems, packetProblems, textProblems } from '../../src/domain/input-bounds.js';
import { parsePacket } from '../../src/domain/packet/parse.js';
import { LABEL, renderBlankTemplate, renderPacket } from '../../src/domain/packet/template.js';
import { fieldsFromText } from '../../src/domain/packet/validate.js';
import { capProblems } from '../../src/domain/problem.js';
import { POLICY_V1 } from '../../src/domain/policy.js';

/** SPEC §17 input bounds: pure checks, and a packet parser that stays linear on any input. */

const fields = (problems: { field: string }[]) => problems.map((p) => p.field);

describe('one-line fields: 300 characters of printable text', () => {
  it('accepts 300 characters, refuses 301, naming the field and the limit', () => {
    expect(lineProblems('company', 'a'.repeat(300))).toEqual([]);
    const [p] = lineProblems('company', 'a'.repeat(301));
    expect(p).toMatchObject({ code: 'too-long', field: 'company' });
    expect(p?.message).toContain('301');
    expect(p?.message).toContain('300');
  });

  it('counts characters, not UTF-16 units: 300 emoji are within the limit', () => {
    expect(lineProblems('contact.name', '😀'.repeat(300))).toEqual([]);
    expect(lineProblems('contact.name', '😀'.repeat(301))[0]?.code).toBe('too-long');
  });

  it('refuses NUL, newline, tab, escape, DEL and C1 controls, once per field, counting the rest', () => {
    for (const c of ['\u0000', '\n', '\t', '\u001b', '\u007f', '\u0085', '\r']) {
      const problems = lineProblems('origin', `a${c}b`);
      expect(problems, JSON.stringify(c)).toHaveLength(1);
      expect(problems[0]).toMatchObject({ code: 'control-character', field: 'origin' });
    }
    expect(lineProblems('company', 'a\u0000b\u0000c')[0]?.message).toMatch(/U\+0000 NUL\) at character 2, and 1 more/);
  });

  it('refuses an unpaired surrogate (PostgreSQL cannot store it)', () => {
    expect(lineProblems('company', 'a\ud800b')[0]).toMatchObject({ code: 'invalid', field: 'company' });
    expect(lineProblems('company', 'a\udc00')[0]).toMatchObject({ code: 'invalid', field: 'company' });
  });
});

describe('long text (a note): 10,000 characters, newlines and tabs allowed', () => {
  it('accepts LF, CRLF and tab; refuses NUL and a lone CR', () => {
    expect(textProblems('text', 'line one\nline two\r\n\tindented')).toEqual([]);
    expect(textProblems('text', 'a\u0000b')[0]).toMatchObject({ code: 'control-character', field: 'text' });
    expect(textProblems('text', 'x'.repeat(BOUNDS.note))).toEqual([]);
    expect(textProblems('text', 'x'.repeat(BOUNDS.note + 1))[0]).toMatchObject({ code: 'too-long', field: 'text' });
  });
});

describe('a packet: 1 MB and 10,000 lines, checked before it is parsed', () => {
  it('accepts the template; refuses 10,001 lines and more than 1 MB, naming the limit', () => {
    expect(packetProblems(renderBlankTemplate())).toEqual([]);
    expect(packetProblems('x\n'.repeat(10_000))).toEqual([]);
    const lines = packetProblems('x\n'.repeat(10_001));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ code: 'too-long', field: 'packet' });
    expect(lines[0]?.message).toContain('10,000');
    const big = packetProblems('x'.repeat(BOUNDS.packetBytes + 1));
    expect(big[0]).toMatchObject({ code: 'too-large', field: 'packet' });
    expect(big[0]?.message).toContain('1 MB');
    // Multi-byte characters count as their UTF-8 bytes.
    expect(packetProblems('é'.repeat(BOUNDS.packetBytes / 2))).toEqual([]);
    expect(packetProblems('é'.repeat(BOUNDS.packetBytes / 2 + 1))[0]?.code).toBe('too-large');
  });

  it('a 1 MB random binary file is at most four short problems, whatever its bytes', () => {
    for (let i = 0; i < 5; i += 1) {
      const text = randomBytes(1_000_000).toString('utf8');
      const refusal = boundsRefusal({ type: 'packet.file', text });
      expect(refusal?.ok).toBe(false);
      const problems = refusal && !refusal.ok ? refusal.problems : [];
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.length).toBeLessThanOrEqual(4);
      for (const p of problems) expect(`${p.message} ${p.fix}`.length).toBeLessThan(300);
    }
  });

  it('a CRLF packet counts its lines once', () => {
    expect(packetProblems('x\r\n'.repeat(10_000))).toEqual([]);
    expect(packetProblems('x\r\n'.repeat(10_001))).toHaveLength(1);
  });
});

describe('boundsRefusal: every text of every command, one refusal listing each field', () => {
  it('deal.add names each field out of bounds', () => {
    const long = 'x'.repeat(301);
    const refusal = boundsRefusal({
      type: 'deal.add',
      company: long,
      contact: { name: long, title: 'a\u0000', email: `${long}@x.example`, phone: '1\n2' },
      origin: long,
      briefing: { delivered: true, response: long },
    });
    expect(refusal && !refusal.ok && refusal.reason).toBe('invalid');
    expect(fields(refusal && !refusal.ok ? refusal.problems : [])).toEqual(['company', 'contact.name', 'contact.title', 'contact.email', 'contact.phone', 'origin', 'briefing']);
  });

  it('deal.note, deal.stage, deal.commit and packet.file are bounded; in-bounds commands pass', () => {
    expect(boundsRefusal({ type: 'deal.note', text: 'x'.repeat(10_001) })).toMatchObject({ ok: false });
    expect(boundsRefusal({ type: 'deal.stage', stage: 'won\n'.repeat(100) })).toMatchObject({ ok: false });
    expect(boundsRefusal({ type: 'deal.commit', commitment: 'verbal', sowExpected: 'x'.repeat(301) })).toMatchObject({ ok: false });
    expect(boundsRefusal({ type: 'packet.file', text: 'a\u0000' })).toMatchObject({ ok: false });
    expect(boundsRefusal({ type: 'deal.add', company: 'Acme', contact: { name: 'Ada' } })).toBeUndefined();
    expect(boundsRefusal({ type: 'deal.note', text: 'call\n\tagreed scope' })).toBeUndefined();
    expect(boundsRefusal({ type: 'ack' })).toBeUndefined();
  });
});

describe('the packet parser stays linear and bounded on hostile input (no bounds in front of it)', () => {
  const ctx = { policy: POLICY_V1, sowSigned: true };

  it('130,000 lines parse and render without overflowing the stack', () => {
    const value = Array.from({ length: 130_000 }, (_, i) => `line ${i}`).join('\n');
    const text = renderPacket({ [LABEL.company]: 'Acme', [LABEL.redFlags]: value });
    const { fields: parsed } = fieldsFromText(text, ctx);
    expect(parsed[LABEL.redFlags]?.split('\n')).toHaveLength(130_000);
    expect(() => renderPacket(parsed)).not.toThrow();
    expect(() => parsePacket('x: y\n'.repeat(130_000))).not.toThrow();
  });

  it('a label repeated 10,000 times is one problem listing ten lines and a count', () => {
    const { problems } = parsePacket(`${renderBlankTemplate()}${'Red flags: again\n'.repeat(10_000)}`);
    const repeat = problems.find((p) => /appears/.test(p.message));
    expect(repeat?.message).toMatch(/10001 times \(lines [\d, ]+ and 9991 more\)/);
  });

  it('lines of `#`, spaces or bullets that once backtracked exponentially parse at once', () => {
    const started = Date.now();
    for (const line of ['#'.repeat(5000) + 'x', `x${' '.repeat(100_000)}y`, '> '.repeat(20_000), `${'#'.repeat(40)} ${' '.repeat(40)}x`, `a${' \t'.repeat(50_000)}:`]) {
      parsePacket(`${line}\n${line}`);
    }
    // Not a timing assertion of the feature: a regression would take minutes, not seconds.
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('10,000 unreadable lines give capped problems, each message short', () => {
    const garbage = Array.from({ length: 10_000 }, (_, i) => `${'z'.repeat(500)}: ${i}`).join('\n');
    const { problems } = fieldsFromText(garbage, ctx);
    const shown = capProblems(problems);
    expect(shown).toHaveLength(50);
    expect(shown[49]?.message).toMatch(/more problems not listed/);
    for (const p of shown) expect(p.message.length).toBeLessThan(200);
  });
});
