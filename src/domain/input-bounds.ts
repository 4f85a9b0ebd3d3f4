import type { Command, Decision } from './commands.js';
import type { Problem } from './problem.js';

/**
 * The bounds of every text a command carries (SPEC §17), checked before anything else reads
 * it: a one-line field (company, contact, origin, a stage) is at most 300 characters of
 * printable text; a note at most 10,000 characters, a packet at most 1 MB (UTF-8) and
 * 10,000 lines, where newline, CRLF and tab are allowed. Control characters (C0, DEL, C1)
 * and unpaired surrogates are refused everywhere: PostgreSQL cannot store NUL or a lone
 * surrogate in JSON, and SQLite must refuse what PostgreSQL refuses. Pure; one pass over
 * each text, no copy of it.
 *
 * @example
 *   boundsRefusal({ type: 'deal.note', text: 'x'.repeat(10_001) });
 *   // → { ok: false, reason: 'invalid', problems: [{ code: 'too-long', field: 'text', ... }] }
 */

export const BOUNDS = {
  /** Characters (code points) of a one-line field: company, contact fields, origin. */
  line: 300,
  /** Characters of a note. */
  note: 10_000,
  /** UTF-8 bytes of a packet. */
  packetBytes: 1024 * 1024,
  /** Lines of a packet. */
  packetLines: 10_000,
} as const;

interface Scan {
  /** Code points. */
  chars: number;
  /** UTF-8 bytes (an unpaired surrogate counts as the 3 bytes of U+FFFD). */
  bytes: number;
  /** Lines: line breaks (CRLF, CR or LF) plus one unless the text ends with one. */
  lines: number;
  /** The first forbidden character, with its line and character position (1-based). */
  control?: { code: number; line: number; at: number };
  controls: number;
  surrogate?: { line: number; at: number };
}

/** One pass over `text`; `multiline` allows LF, CRLF, lone CR as a break, and tab. */
function scan(text: string, multiline: boolean): Scan {
  const s: Scan = { chars: 0, bytes: 0, lines: 1, controls: 0 };
  let line = 1;
  let endsWithBreak = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    s.chars += 1;
    endsWithBreak = false;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        s.bytes += 4;
        i += 1;
        continue;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      s.bytes += 3;
      s.surrogate ??= { line, at: s.chars };
      continue;
    }
    s.bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    if (multiline && (c === 0x0a || c === 0x0d)) {
      // CRLF is one break.
      if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) {
        s.bytes += 1;
        s.chars += 1;
        i += 1;
      }
      line += 1;
      endsWithBreak = true;
      continue;
    }
    if (multiline && c === 0x09) continue;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      s.controls += 1;
      s.control ??= { code: c, line, at: s.chars };
    }
  }
  s.lines = endsWithBreak ? line - 1 : line;
  return s;
}

const NAMES: Record<number, string> = { 0: 'NUL', 9: 'tab', 10: 'line feed', 13: 'carriage return', 27: 'escape', 127: 'DEL' };

function describe(code: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return NAMES[code] ? `${hex} ${NAMES[code]}` : hex;
}

const count = (n: number) => n.toLocaleString('en-US');

/** Problems with one one-line field (at most `max` characters, no control character). */
export function lineProblems(field: string, value: string, max: number = BOUNDS.line): Problem[] {
  const s = scan(value, false);
  const problems: Problem[] = [];
  if (s.chars > max) {
    problems.push({ code: 'too-long', field, message: `is ${count(s.chars)} characters long; the limit is ${count(max)}`, fix: `shorten it to ${count(max)} characters or fewer` });
  }
  if (s.control) {
    problems.push({
      code: 'control-character',
      field,
      message: `contains a control character (${describe(s.control.code)}) at character ${count(s.control.at)}${s.controls > 1 ? `, and ${count(s.controls - 1)} more` : ''}`,
      fix: 'remove it: this field is one line of printable text (no newline, tab, NUL or escape)',
    });
  }
  if (s.surrogate) problems.push(surrogateProblem(field, s.surrogate.at));
  return problems;
}

/** Problems with a long text: at most `max` characters; newline and tab allowed. */
export function textProblems(field: string, value: string, max: number = BOUNDS.note): Problem[] {
  const s = scan(value, true);
  const problems: Problem[] = [];
  if (s.chars > max) {
    problems.push({ code: 'too-long', field, message: `is ${count(s.chars)} characters long; the limit is ${count(max)}`, fix: `shorten it to ${count(max)} characters or fewer` });
  }
  if (s.control) problems.push(controlInText(field, s));
  if (s.surrogate) problems.push(surrogateProblem(field, s.surrogate.at));
  return problems;
}

/**
 * Problems with a packet's text, found before it is parsed: its size in UTF-8 bytes, its
 * lines, control characters. At most four problems, whatever the input (a binary file too).
 */
export function packetProblems(text: string, field = 'packet'): Problem[] {
  const s = scan(text, true);
  const problems: Problem[] = [];
  if (s.bytes > BOUNDS.packetBytes) {
    problems.push({
      code: 'too-large',
      field,
      message: `is ${megabytes(s.bytes)} (${count(s.bytes)} bytes of UTF-8); the limit is 1 MB (${count(BOUNDS.packetBytes)} bytes)`,
      fix: 'file the filled-in draft of the packet; it is a few kilobytes',
    });
  }
  if (s.lines > BOUNDS.packetLines) {
    problems.push({
      code: 'too-long',
      field,
      message: `has ${count(s.lines)} lines; the limit is ${count(BOUNDS.packetLines)}`,
      fix: 'file the filled-in draft of the packet; it is about 30 lines',
    });
  }
  if (s.control) problems.push(controlInText(field, s, ' (is it the packet, as a text file?)'));
  if (s.surrogate) problems.push(surrogateProblem(field, s.surrogate.at));
  return problems;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function controlInText(field: string, s: Scan, hint = ''): Problem {
  const c = s.control as NonNullable<Scan['control']>;
  const where = s.lines > 1 ? `on line ${count(c.line)}` : `at character ${count(c.at)}`;
  return {
    code: 'control-character',
    field,
    message: `contains ${s.controls === 1 ? 'a control character' : `${count(s.controls)} control characters`}, the first (${describe(c.code)}) ${where}`,
    fix: `remove them: only printable text, newlines and tabs are allowed${hint}`,
  };
}

function surrogateProblem(field: string, at: number): Problem {
  return { code: 'invalid', field, message: `is not valid Unicode text (an unpaired surrogate at character ${count(at)})`, fix: 'send the text as UTF-8' };
}

/** Every text field of `command`, checked; empty when all are within bounds. */
export function commandBoundsProblems(command: Command): Problem[] {
  switch (command.type) {
    case 'deal.add': {
      const problems = lineProblems('company', command.company);
      for (const key of ['name', 'title', 'email', 'phone'] as const) {
        const value = command.contact[key];
        if (typeof value === 'string') problems.push(...lineProblems(`contact.${key}`, value));
      }
      if (command.origin !== undefined) problems.push(...lineProblems('origin', command.origin));
      if (command.briefing?.response !== undefined) problems.push(...lineProblems('briefing', command.briefing.response));
      return problems;
    }
    case 'deal.update': {
      const { company, contact, origin } = command.changes;
      const problems = company !== undefined ? lineProblems('company', company) : [];
      for (const key of ['name', 'title', 'email', 'phone'] as const) {
        const value = contact?.[key];
        if (typeof value === 'string') problems.push(...lineProblems(`contact.${key}`, value));
      }
      if (origin !== undefined) problems.push(...lineProblems('origin', origin));
      return problems;
    }
    case 'deal.stage':
      return lineProblems('stage', command.stage);
    case 'deal.commit':
      return [...lineProblems('commitment', command.commitment), ...(command.sowExpected !== undefined ? lineProblems('sowExpected', command.sowExpected) : [])];
    case 'deal.note':
      return textProblems('text', command.text);
    case 'packet.file':
      return packetProblems(command.text);
    case 'clock.hold':
      return [...lineProblems('clock', command.clock), ...lineProblems('reason', command.reason)];
    case 'clock.resume':
      return lineProblems('clock', command.clock);
    // No text from a person; a new command type must be added here (the switch is exhaustive).
    case 'ack':
    case 'sow.sent':
    case 'sow.signed':
    case 'delivery.start':
    case 'delivery.done':
    case 'clock.fire':
    case 'clock.remind':
    case 'message.delivered':
    case 'message.retry':
      return [];
    default: {
      const unbounded: never = command;
      void unbounded;
      return [];
    }
  }
}

/** The refusal (exit 2, HTTP 400) when a text of `command` is out of bounds; undefined otherwise. */
export function boundsRefusal(command: Command): Decision | undefined {
  const problems = commandBoundsProblems(command);
  return problems.length > 0 ? { ok: false, reason: 'invalid', problems } : undefined;
}
