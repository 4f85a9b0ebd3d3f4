/**
 * Slack's size limits, and the one way Baton cuts a text to fit them (SPEC §13, §17).
 *
 * Slack truncates a message's `text` past 40,000 characters and refuses a section block
 * whose text passes 3,000 (`invalid_blocks`); a text is therefore cut before it is posted,
 * with margin, at a safe point: never inside an escape (`&amp;`), a control sequence Baton
 * wrote (`<@U123>`, `<https://x|label>`), a surrogate pair or a grapheme (an emoji with its
 * modifiers). A line boundary near the end is preferred. The last line of a cut text says
 * where the whole text is: the handoff's dashboard page.
 */

export const SLACK_LIMITS = {
  /** A message's `text` (Slack truncates past 40,000): with margin. */
  text: 39_000,
  /** A section block's text object (Slack refuses past 3,000). */
  sectionText: 3_000,
} as const;

/**
 * The line that ends a cut text.
 *
 * @example
 *   cutPointer('https://baton.example.com/handoffs/acme')
 *   // '… (cut; the whole text: https://baton.example.com/handoffs/acme)'
 */
export function cutPointer(whole: string): string {
  return `… (cut; the whole text: ${whole})`;
}

/**
 * Where the whole text of a handoff's message can be read: its dashboard page, under the
 * public base URL when one is known, else the path alone.
 */
export function handoffPageUrl(dealId: string, baseUrl?: string): string {
  return `${(baseUrl ?? '').trim().replace(/\/+$/, '')}/handoffs/${encodeURIComponent(dealId)}`;
}

/**
 * `text` when it is at most `max` characters; otherwise its longest safe prefix that leaves
 * room for a last line pointing to `whole` (see `cutPointer`).
 *
 * @example
 *   fitSlackText('a &amp; b\n'.repeat(1000), 3000, '/handoffs/acme')
 *   // ≤ 3000 characters, ending '\n… (cut; the whole text: /handoffs/acme)'
 */
export function fitSlackText(text: string, max: number, whole: string): string {
  if (text.length <= max) return text;
  const pointer = cutPointer(whole);
  if (pointer.length + 1 > max) return safePrefix(pointer, max);
  const head = safePrefix(text, max - pointer.length - 1).replace(/\s+$/u, '');
  return `${head}\n${pointer}`;
}

/** How far before the limit a line boundary is still preferred to a cut mid-line. */
const LINE_WINDOW = 0.25;

/**
 * The longest prefix of `text` of at most `max` characters that ends at a safe point. A line
 * boundary in the last quarter of the window is preferred; otherwise the cut moves back out
 * of any escape, control sequence and grapheme it would split.
 */
export function safePrefix(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  const newline = text.lastIndexOf('\n', max);
  // Escapes, control sequences and graphemes never span a line break: a cut there is safe.
  if (newline >= 0 && newline >= max * (1 - LINE_WINDOW)) return text.slice(0, newline);
  return text.slice(0, safeCut(text, max));
}

/** The greatest safe cut at or before `end`: each rule only moves back, so the loop ends. */
function safeCut(text: string, end: number): number {
  for (;;) {
    const next = outOfGrapheme(text, outOfEscape(text, outOfControl(text, end)));
    if (next === end) return end;
    end = next;
  }
}

/** Inside `<…>` (a `<` with no `>` before the cut): cut before the `<`. User text has none, escaped. */
function outOfControl(text: string, end: number): number {
  const open = text.lastIndexOf('<', end - 1);
  if (open < 0) return end;
  const close = text.lastIndexOf('>', end - 1);
  return close > open ? end : open;
}

/** Inside `&…;` (an `&` at most 9 characters back, no `;` after it): cut before the `&`. */
function outOfEscape(text: string, end: number): number {
  const from = Math.max(0, end - 9);
  const amp = text.lastIndexOf('&', end - 1);
  if (amp < from) return end;
  return text.slice(amp, end).includes(';') ? end : amp;
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
/** Longer than any grapheme Baton will meet (an emoji ZWJ sequence, a subdivision flag). */
const GRAPHEME_CONTEXT = 48;

/** Inside a grapheme (a surrogate pair, an emoji and its modifiers, a letter and its marks): cut before it. */
function outOfGrapheme(text: string, end: number): number {
  if (end <= 0 || end >= text.length) return end;
  const from = Math.max(0, end - GRAPHEME_CONTEXT);
  const window = text.slice(from, Math.min(text.length, end + GRAPHEME_CONTEXT));
  let cut = from;
  for (const { index } of graphemes.segment(window)) {
    if (from + index > end) break;
    cut = from + index;
  }
  // Belt and braces: never end on a high surrogate, whatever the segmenter said.
  if (cut > 0 && isHighSurrogate(text.charCodeAt(cut - 1))) cut--;
  return cut;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
