import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { companySlug, fnv1a, packetRelativePath, slugify } from '../../src/domain/slug.js';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

describe('slugify', () => {
  it('SOP-3b `Société Générale™ (EU)` gives `societe-generale-eu`', () => {
    expect(slugify('Société Générale™ (EU)')).toBe('societe-generale-eu');
  });

  it('folds accents and the letters NFKD leaves alone', () => {
    expect(slugify('Crème Brûlée Ærø Łódź Straße Þór Œuvre Đorđe')).toBe('creme-brulee-aero-lodz-strasse-thor-oeuvre-dorde');
    expect(slugify('ÅNGSTRÖM Ñandú İstanbul')).toBe('angstrom-nandu-istanbul');
  });

  it('drops ™ ® © & without spelling them out', () => {
    expect(slugify('Acme™ Widgets® & Co©')).toBe('acme-widgets-co');
    expect(slugify('AT&T')).toBe('att');
    expect(slugify('Brand™')).not.toContain('tm');
    expect(slugify("McDonald's")).toBe('mcdonalds');
  });

  it('turns every other run of non-alphanumerics into one `-`, trimmed at both ends', () => {
    expect(slugify('  --Foo // Bar\\\\Baz..  ')).toBe('foo-bar-baz');
    expect(slugify('eco|monetize')).toBe('eco-monetize');
    expect(slugify('ＡＢＣ Ｃｏｒｐ')).toBe('abc-corp');
  });

  it('cannot produce a path: `/`, `\\`, `.` and `..` disappear', () => {
    expect(slugify('../../etc/passwd')).toBe('etc-passwd');
    expect(slugify('..')).toBe('');
    expect(slugify('/')).toBe('');
    expect(slugify('C:\\Windows\\System32')).toBe('c-windows-system32');
  });

  it('drops emoji', () => {
    expect(slugify('🚀 Rocket Labs 🚀')).toBe('rocket-labs');
    expect(slugify('🚀🎉')).toBe('');
  });

  it('caps 300 characters at 60, cut at a word boundary', () => {
    const long = slugify('alpha beta gamma delta '.repeat(14));
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long).toMatch(SLUG);
    expect('alpha-beta-gamma-delta-'.repeat(14).startsWith(`${long}-`)).toBe(true);
    expect(slugify('x'.repeat(300))).toBe('x'.repeat(60));
    expect(slugify(`${'a'.repeat(60)} b`)).toBe('a'.repeat(60));
    expect(slugify(`${'a'.repeat(59)} bcd`)).toBe('a'.repeat(59));
  });

  it('returns an empty string when nothing ASCII alphanumeric remains', () => {
    expect(slugify('株式会社')).toBe('');
    expect(slugify('!!! ??? ***')).toBe('');
    expect(slugify('')).toBe('');
  });
});

describe('companySlug', () => {
  it('uses the company name when it has ASCII letters or digits', () => {
    expect(companySlug('Société Générale™ (EU)', 'D-1')).toBe('societe-generale-eu');
  });

  it('SOP-3b a name with only punctuation falls back to the deal id', () => {
    expect(companySlug('!!! ***', 'DEAL-7')).toBe('deal-7');
    expect(companySlug('株式会社', 'Acme/../42')).toBe('acme-42');
    expect(companySlug('..', 'D-1')).toBe('d-1');
  });

  it('falls back to a short stable hash when the deal id has no ASCII either', () => {
    const a = companySlug('株式会社', 'ディール');
    expect(a).toMatch(/^deal-[0-9a-f]{8}$/);
    expect(companySlug('🚀', 'ディール')).toBe(a);
    expect(companySlug('🚀', 'ディール2')).not.toBe(a);
    expect(fnv1a('')).toBe('811c9dc5');
    expect(fnv1a('a')).toBe('e40c292c');
  });

  it('SOP-3b is a safe slug for any unicode company name and deal id', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), (company, id) => {
        const slug = companySlug(company, id);
        expect(slug).toMatch(SLUG);
        expect(slug.length).toBeLessThanOrEqual(60);
      }),
      { numRuns: 500 },
    );
  });
});

describe('packet and coordination note paths', () => {
  it('SOP-3b the packet is filed at operations/handoffs/assessment-{slug}-{date}.md', () => {
    expect(packetRelativePath('societe-generale-eu', '2026-04-21', 1)).toBe('operations/handoffs/assessment-societe-generale-eu-2026-04-21.md');
  });

  it('SOP-3b a second and third deal of the same company on the same day get -2 and -3', () => {
    expect(packetRelativePath('acme', '2026-04-21', 2)).toBe('operations/handoffs/assessment-acme-2026-04-21-2.md');
    expect(packetRelativePath('acme', '2026-04-21', 3)).toBe('operations/handoffs/assessment-acme-2026-04-21-3.md');
  });

  it('re-slugs an unsafe slug and refuses a malformed date or sequence number', () => {
    expect(packetRelativePath('../../etc', '2026-04-21', 1)).toBe('operations/handoffs/assessment-etc-2026-04-21.md');
    expect(packetRelativePath('..', '2026-04-21', 1)).toMatch(/^operations\/handoffs\/assessment-deal-[0-9a-f]{8}-2026-04-21\.md$/);
    expect(() => packetRelativePath('acme', '../2026', 1)).toThrow(RangeError);
    expect(() => packetRelativePath('acme', '2026-02-30', 1)).toThrow(RangeError);
    expect(() => packetRelativePath('acme', '2026-04-21', 0)).toThrow(RangeError);
  });

  it('SOP-3b no company name can move the packet outside the workspace root', () => {
    const date = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string(), date, fc.integer({ min: 1, max: 50 }), (company, id, day, n) => {
        const slug = companySlug(company, id);
        for (const path of [packetRelativePath(slug, day, n)]) {
          expect(path).not.toContain('..');
          expect(path.startsWith('/')).toBe(false);
          expect(path).not.toContain('\\');
          expect(path.split('/')).toHaveLength(3);
        }
      }),
      { numRuns: 500 },
    );
  });
});
