import type { PacketFields, Problem } from '../types.js';
import { PACKET_LABELS, PACKET_SEPARATOR, PACKET_TITLE, REQUIRED_LABELS, SECTION_HEADERS, type PacketLabel } from './template.js';

/**
 * Reads a packet as people and agents actually write it: CRLF, a BOM, stray blank lines,
 * indentation. It never throws: whatever it cannot read becomes a Problem naming the label
 * (or the line) and the fix, so that a refusal lists everything at once.
 */

export interface ParsedPacket {
  fields: PacketFields;
  problems: Problem[];
}

// Labels longest first, so that no label can shadow a longer one sharing its start.
const BY_LENGTH = [...PACKET_LABELS].sort((a, b) => b.length - a.length);

const loose = (s: string) =>
  s
    .replace(/™|\(tm\)/gi, '')
    .replace(/[*_`]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
const LOOSE_LABELS = new Map<string, PacketLabel>(PACKET_LABELS.map((l) => [loose(l), l]));
const LOOSE_HEADERS = new Set(SECTION_HEADERS.map((h) => loose(h.replace(/:$/, ''))));
const LOOSE_TITLE = loose(PACKET_TITLE);

const EMPHASIS = ['**', '__', '*', '_'] as const;

/**
 * `text` without its Markdown decoration (bullets, quotes, headings, then one emphasis
 * marker), as the loose label reader needs it. Written as a loop of anchored steps: the
 * equivalent single regex backtracks exponentially on a line of `#` or spaces.
 */
function undecorate(text: string): string {
  let rest = text;
  for (;;) {
    const step = /^[#>]+\s*/.exec(rest) ?? /^[-*+]\s+/.exec(rest);
    if (!step) break;
    rest = rest.slice(step[0].length);
  }
  const opener = EMPHASIS.find((e) => rest.startsWith(e));
  return (opener ? rest.slice(opener.length) : rest).trimStart();
}

function withoutEmphasis(text: string, at: 'start' | 'end'): string {
  const marker = EMPHASIS.find((e) => (at === 'start' ? text.startsWith(e) : text.endsWith(e)));
  if (!marker) return text;
  return at === 'start' ? text.slice(marker.length) : text.slice(0, -marker.length);
}

/** `**Label**: value`, `- Label: value`, `### Label : value`: the label (1-80 characters) and the value. */
function decorated(text: string): { label: string; value: string } | undefined {
  const rest = undecorate(text);
  const colon = rest.indexOf(':');
  if (colon < 1) return undefined;
  const label = withoutEmphasis(rest.slice(0, colon).trimEnd(), 'end').trimEnd();
  if (label.length < 1 || label.length > 80) return undefined;
  const value = withoutEmphasis(rest.slice(colon + 1).trimStart(), 'start').trimStart();
  return { label, value };
}

function isSeparator(trimmed: string): boolean {
  return trimmed === PACKET_SEPARATOR || /^[─━═—–\-=_*]{3,}$/.test(trimmed);
}

function isTitle(trimmed: string): boolean {
  return loose(trimmed.replace(/^#+\s*/, '')) === LOOSE_TITLE;
}

function isHeader(trimmed: string): boolean {
  // Headers are short: a long line is not one, and is not worth the regexes below.
  if (trimmed.length > 200) return false;
  let text = trimmed
    .replace(/[*_]/g, '')
    .replace(/^#+\s*/, '')
    .trimEnd();
  if (text.endsWith(':')) text = text.slice(0, -1);
  return LOOSE_HEADERS.has(loose(text));
}

interface LabelLine {
  label: PacketLabel;
  value: string;
  /** False when the label was recognised only after forgiving case, ™ or Markdown. */
  exact: boolean;
}

function readLabel(line: string): LabelLine | undefined {
  const text = line.trimStart();
  for (const label of BY_LENGTH) {
    if (text.startsWith(`${label}:`)) return { label, value: text.slice(label.length + 1).trim(), exact: true };
  }
  const m = decorated(text);
  const label = m ? LOOSE_LABELS.get(loose(m.label)) : undefined;
  if (!m || !label) return undefined;
  return { label, value: m.value.replace(/^(\*\*|__)\s*/, '').trim(), exact: false };
}

const shorten = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);

export function parsePacket(text: string): ParsedPacket {
  const source = typeof text === 'string' ? text : String(text ?? '');
  const lines = source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const values = new Map<PacketLabel, string[]>();
  const firstLine = new Map<PacketLabel, number>();
  const repeats = new Map<PacketLabel, number[]>();
  const problems: Problem[] = [];
  // Where continuation lines go: the current field's buffer, or a throwaway for a repeat.
  let current: string[] | null = null;
  let blanks = 0;

  lines.forEach((raw, i) => {
    const n = i + 1;
    const trimmed = raw.replace(/^\uFEFF/, '').trim();
    if (trimmed === '') {
      if (current) blanks += 1;
      return;
    }
    const found = readLabel(raw);
    if (found) {
      const { label, value, exact } = found;
      if (firstLine.has(label)) {
        const seen = repeats.get(label);
        if (seen) seen.push(n);
        else repeats.set(label, [n]);
        current = [];
      } else {
        current = value === '' ? [] : [value];
        values.set(label, current);
        firstLine.set(label, n);
      }
      blanks = 0;
      if (!exact) {
        problems.push({
          code: 'invalid',
          field: label,
          message: `line ${n} \`${shorten(trimmed)}\` does not write the label exactly as the SOP template does`,
          fix: `write it as a plain line starting \`${label}: \` (no Markdown, same spelling and case)`,
        });
      }
      return;
    }
    if (isTitle(trimmed) || isSeparator(trimmed) || isHeader(trimmed)) {
      current = null;
      blanks = 0;
      return;
    }
    if (current) {
      // Blank lines inside a value are kept only when more of the value follows.
      for (; blanks > 0; blanks -= 1) current.push('');
      current.push(trimmed);
      return;
    }
    const named = /^([^:]{1,60}):/.exec(trimmed);
    problems.push({
      code: 'invalid',
      field: `line ${n}`,
      message: named
        ? `line ${n} \`${shorten(trimmed)}\`: \`${named[1]}:\` is not a field of the packet template`
        : `line ${n} \`${shorten(trimmed)}\` is outside any field of the packet template`,
      fix: 'remove the line, or move its text into the field it belongs to (see `baton packet draft`)',
    });
  });

  for (const [label, at] of repeats) {
    const all = [firstLine.get(label) ?? 0].concat(at);
    const listed = all.length > 10 ? `${all.slice(0, 10).join(', ')} and ${all.length - 10} more` : all.join(', ');
    problems.push({
      code: 'invalid',
      field: label,
      message: `the \`${label}:\` line appears ${all.length === 2 ? 'twice' : `${all.length} times`} (lines ${listed})`,
      fix: `keep one \`${label}:\` line and delete the other${all.length > 2 ? 's' : ''}`,
    });
  }

  REQUIRED_LABELS.forEach((label, i) => {
    if (firstLine.has(label)) return;
    const before = REQUIRED_LABELS.slice(0, i)
      .reverse()
      .find((l) => firstLine.has(l));
    problems.push({
      code: 'invalid',
      field: label,
      message: `the packet is missing the \`${label}:\` line`,
      fix: `add the line \`${label}: …\` in its place${before ? ` (after \`${before}:\`)` : ''} as in \`baton packet draft\``,
    });
  });

  const fields: PacketFields = {};
  for (const label of PACKET_LABELS) {
    const value = values.get(label);
    if (value) fields[label] = value.join('\n');
  }
  return { fields, problems };
}
