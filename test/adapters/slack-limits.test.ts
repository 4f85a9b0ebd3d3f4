import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Pacer } from '../../src/adapters/pacer.js';
import { slackSink } from '../../src/adapters/slack.js';
import { cutPointer, fitSlackText, handoffPageUrl, safePrefix, SLACK_LIMITS } from '../../src/domain/slack-limits.js';
import { slackEscape } from '../../src/domain/slack-text.js';
import type { StoredMessage } from '../../src/store/index.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';

/**
 * SPEC §13, §17: a text over Slack's limits is cut at a safe point, never inside an escape,
 * a control sequence Baton wrote, a surrogate pair or a grapheme, and ends with a line
 * pointing to the handoff's dashboard page; so no message fails for its size.
 */

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
/** Whether `at` falls between two graphemes of `text` (judged on the 64 characters either side). */
function isBoundary(text: string, at: number): boolean {
  if (at === 0 || at === text.length) return true;
  const from = Math.max(0, at - 64);
  return [...graphemes.segment(text.slice(from, at + 64))].some((s) => from + s.index === at);
}
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** An `&` that does not start one of the three escapes. */
const BROKEN_ESCAPE = /&(?!(?:amp|lt|gt);)/;
/** A `<` whose `>` is missing. */
const OPEN_CONTROL = /<[^<>]*(?:<|$)/;

/** User text as it reaches a message: many `&<>`, emoji (ZWJ, flags, skin tones), combining marks, line breaks. */
const userText = fc
  .array(
    fc.oneof(fc.constantFrom('&', '<', '>', '&amp;', '&lt;', 'a', 'Z', ' ', '\n', '😀', '👩‍👩‍👧', '👍🏽', '🇫🇷', 'é', '@here', '™'), fc.string({ unit: 'grapheme', maxLength: 6 })),
    { maxLength: 400 },
  )
  .map((parts) => parts.join(''));

/** What Baton writes around user text: escaped chunks between its own mentions and links. */
const batonText = fc
  .array(fc.oneof({ weight: 4, arbitrary: userText.map(slackEscape) }, fc.constantFrom('<@U0CS>', '<https://baton.example.com/handoffs/acme|the handoff>', '\n')), {
    minLength: 1,
    maxLength: 12,
  })
  .map((parts) => parts.join(''));

const WHOLE = 'https://baton.example.com/handoffs/acme';

function expectSafeCut(text: string, out: string, max: number): void {
  expect(out.length).toBeLessThanOrEqual(max);
  const pointer = `\n${cutPointer(WHOLE)}`;
  expect(out.endsWith(pointer)).toBe(true);
  const head = out.slice(0, out.length - pointer.length);
  expect(text.startsWith(head)).toBe(true);
  expect(head).not.toMatch(BROKEN_ESCAPE);
  expect(head).not.toMatch(/&(?:a|am|amp|l|lt|g|gt)$/);
  expect(head).not.toMatch(OPEN_CONTROL);
  expect(out).not.toMatch(LONE_SURROGATE);
  expect(isBoundary(text, head.length)).toBe(true);
}

describe('fitSlackText: the cut', () => {
  it('SPEC-17 property: a cut text is within the limit, ends with the pointer, and breaks no escape, link, mention, surrogate or grapheme', () => {
    fc.assert(
      fc.property(batonText, fc.integer({ min: 100, max: 600 }), (text, max) => {
        const out = fitSlackText(text, max, WHOLE);
        if (text.length <= max) expect(out).toBe(text);
        else expectSafeCut(text, out, max);
      }),
      { numRuns: 500 },
    );
  });

  it('SPEC-17 property: at the real limits (39,000 text, 3,000 section) a long escaped text is cut safely', () => {
    fc.assert(
      fc.property(fc.array(batonText, { minLength: 1, maxLength: 8 }), fc.constantFrom(SLACK_LIMITS.text, SLACK_LIMITS.sectionText), (parts, max) => {
        let text = parts.join('');
        while (text.length <= max) text = text + text + slackEscape('&<>😀');
        expectSafeCut(text, fitSlackText(text, max, WHOLE), max);
      }),
      { numRuns: 30 },
    );
  });

  it('SPEC-13 never cuts an escape in half: `&amp;` at the limit goes whole to the next part', () => {
    const text = `${'x'.repeat(95)}&amp;${'y'.repeat(100)}`;
    for (const max of [96, 97, 98, 99]) expect(safePrefix(text, max)).toBe('x'.repeat(95));
    expect(safePrefix(text, 100)).toBe(`${'x'.repeat(95)}&amp;`);
  });

  it('never cuts a mention or a link Baton wrote, nor an emoji or its surrogate pair', () => {
    expect(safePrefix(`${'a'.repeat(10)}<@U0CS> done`, 14)).toBe('a'.repeat(10));
    expect(safePrefix(`see <https://x.example/a|the page> now`, 20)).toBe('see ');
    expect(safePrefix(`ab😀cd`, 3)).toBe('ab');
    expect(safePrefix(`ab👩‍👩‍👧cd`, 6)).toBe('ab');
    expect(safePrefix(`ab🇫🇷cd`, 4)).toBe('ab');
  });

  it('prefers a line boundary in the last quarter of the room', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i} ${'w'.repeat(20)}`).join('\n');
    const out = fitSlackText(lines, 1000, '/handoffs/acme');
    const head = out.split('\n… (cut;')[0]!;
    expect(lines.startsWith(`${head}\n`)).toBe(true);
    expect(out).toMatch(/\n… \(cut; the whole text: \/handoffs\/acme\)$/);
  });

  it('a text within the limit is left as it is; the page URL takes the public base URL or the path alone', () => {
    expect(fitSlackText('a &amp; b', 9, WHOLE)).toBe('a &amp; b');
    expect(handoffPageUrl('acme', 'https://baton.example.com/')).toBe('https://baton.example.com/handoffs/acme');
    expect(handoffPageUrl('a b&c')).toBe('/handoffs/a%20b%26c');
  });
});

describe('the Slack sink: no message fails for msg_too_long (real WebClient, fake Slack refusing oversize)', () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await startFakeSlack({ channels: [{ id: 'C0EXEC', name: 'exec-checkins' }], knownUsers: ['U0CS'] });
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  /** 1 MB of escaped user text (a note, a company, a packet quoted in a message), in lines. */
  const MEGABYTE = slackEscape(Array.from({ length: 20_000 }, (_, i) => `Note ${i}: Smith & Sons <ltd> 😀 @here ${'z'.repeat(20)}`).join('\n'));

  const message = (kind: string, recipient: string, text: string): StoredMessage => ({
    id: 1,
    key: `D-1/${kind}`,
    dealId: 'D-1',
    kind,
    channel: 'slack',
    recipient,
    text,
    payload: { dealId: 'D-1' },
    state: 'queued',
    attempts: 0,
    nextAttemptAt: 0,
    createdAt: 0,
  });

  it('SPEC-17 a 1 MB text and its Acknowledge section are delivered cut, with the pointer to the dashboard page', async () => {
    expect(MEGABYTE.length).toBeGreaterThan(1_000_000);
    const sink = slackSink({
      token: 'xoxb-t',
      apiUrl: fake.url,
      roles: { 'customer.success': { slack: 'U0CS' } },
      pacer: new Pacer(0),
      dashboardUrl: 'https://baton.example.com/',
    });
    await sink.send(message('announcement', '#exec-checkins', MEGABYTE), 0);
    await sink.send(message('ack-request', 'customer.success', MEGABYTE), 0);

    const pointer = '\n… (cut; the whole text: https://baton.example.com/handoffs/D-1)';
    const [announcement, ack] = fake.posts();
    for (const post of [announcement!, ack!]) {
      expect(post.text!.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
      expect(post.text!.endsWith(pointer)).toBe(true);
      expect(MEGABYTE.startsWith(post.text!.slice(0, -pointer.length))).toBe(true);
    }
    const section = (ack!.blocks![0] as { text: { text: string } }).text.text;
    expect(section.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(section.endsWith(pointer)).toBe(true);
    expect(section.slice(0, -pointer.length)).not.toMatch(BROKEN_ESCAPE);
    expect(ack!.blocks![1]).toMatchObject({ type: 'actions', elements: [{ action_id: 'baton_ack', value: 'D-1' }] });
  });

  it('without a public URL the pointer is the dashboard path', async () => {
    const sink = slackSink({ token: 'xoxb-t', apiUrl: fake.url, roles: {}, pacer: new Pacer(0) });
    await sink.send(message('announcement', '#exec-checkins', 'x'.repeat(50_000)), 0);
    expect(fake.posts()[0]!.text).toMatch(/\n… \(cut; the whole text: \/handoffs\/D-1\)$/);
  });
});
