import fc from 'fast-check';

/**
 * What a user or a client might type into any text input: any code point (controls, NUL,
 * emoji, combining marks), unpaired surrogates, things that look like options, and very
 * long strings on either side of the limits (300, 10,000).
 */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.constantFrom('\u0000', '\n', '\r', '\t', '\u001b', '\u007f', '\u0085', '\u2028', '\ufeff', '\ud800', '\udfff', 'a', ' ', ':', '{', '}', '-'),
      maxLength: 30,
    }),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }), fc.constantFrom(299, 300, 301, 1_000, 9_999, 10_000, 10_001, 12_000))
      .map(([s, n]) => s.repeat(Math.ceil(n / s.length)).slice(0, n)),
  },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '-x', '--help', 'closed-won', 'verbal', '2026-06-01', 'acme', 'a@b.co', '\u0000', 'Y — liked it', '%00', '../../etc/passwd') },
);

/** A text whose lone surrogates became U+FFFD: what a URL, or an argv, can carry. */
export function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** The counts a property records, for the report. */
export interface FuzzTally {
  runs: number;
  byOutcome: Record<string, number>;
}

export function tally(): FuzzTally & { add(outcome: string | number): void } {
  const t = { runs: 0, byOutcome: {} as Record<string, number> };
  return {
    ...t,
    get runs() {
      return t.runs;
    },
    get byOutcome() {
      return t.byOutcome;
    },
    add(outcome: string | number) {
      t.runs += 1;
      t.byOutcome[String(outcome)] = (t.byOutcome[String(outcome)] ?? 0) + 1;
    },
  };
}
