import { formatPrice, type Policy } from '../policy.js';
import { addDays, isIsoDate } from '../time.js';
import { isEmail } from '../validate-input.js';
import type { PacketFields, Problem } from '../types.js';
import { parsePacket } from './parse.js';
import { LABEL, REQUIRED_LABELS } from './template.js';

/**
 * The filing rules of SPEC section 4. Each rule reports into one list so that a refusal
 * names every problem at once; a field that is empty or still a placeholder is reported
 * once for that, not again for its format.
 */

export interface PacketContext {
  policy: Policy;
  /** Whether the board records the SOW as signed. */
  sowSigned: boolean;
  /** The SOW signature date, or the expected date while unsigned (YYYY-MM-DD). */
  sowDate?: string;
  /** The handoff's close date in the org time zone (YYYY-MM-DD). */
  closeDate?: string;
}

// Narrative fields may honestly hold nothing; the facts (contact, dates, price) may not.
const NONE_ALLOWED = new Set<string>([
  LABEL.problem,
  LABEL.expectations,
  LABEL.whatSold,
  LABEL.sensitivities,
  LABEL.ecosystem,
  LABEL.origin,
  LABEL.history,
  LABEL.scope,
  LABEL.redFlags,
  LABEL.followOn,
]);

const PLACEHOLDER_RE = /\{[^{}]*\}/;
const PHONE_RE = /^\+?[\d\s().\-/]+(?:\s*(?:x|ext\.?)\s*\d+)?$/i;
const DASH = '[-–—]';
const PENDING_RE = new RegExp(`^verbal\\s+commitment\\s*${DASH}\\s*signed\\s+sow\\s+pending\\s+by\\s+(\\S+)$`, 'i');
const PRICE_RE = /^\$?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(?:\s*USD)?$/i;
const BRIEFING_RE = /^(?:y|n|yes|no)\b/i;

type Report = (field: string, message: string, fix: string) => void;

export function validatePacket(fields: PacketFields, ctx: PacketContext): Problem[] {
  const problems: Problem[] = [];
  const report: Report = (field, message, fix) => problems.push({ code: 'invalid', field, message, fix });
  const filled = new Map<string, string>();

  for (const label of REQUIRED_LABELS) {
    const raw = Object.hasOwn(fields, label) ? fields[label] : undefined;
    const value = typeof raw === 'string' ? raw.trim() : '';
    const placeholder = PLACEHOLDER_RE.exec(value);
    const none = NONE_ALLOWED.has(label) ? ' (write `None` when there is nothing to say)' : '';
    if (value === '') {
      report(label, `\`${label}\` is empty`, `write the value after \`${label}: \`${none}`);
    } else if (placeholder) {
      report(label, `\`${label}\` still holds the placeholder \`${placeholder[0]}\``, `replace \`${placeholder[0]}\` with the real value${none}`);
    } else {
      filled.set(label, value);
    }
  }

  const check = (label: string, rule: (value: string) => void) => {
    const value = filled.get(label);
    if (value !== undefined) rule(value);
  };
  check(LABEL.contact, (v) => checkContact(v, report));
  check(LABEL.closeDate, (v) => checkCloseDate(v, ctx, report));
  check(LABEL.sowStatus, (v) => checkSowStatus(v, ctx, report));
  check(LABEL.price, (v) => checkPrice(v, ctx, report));
  check(LABEL.deliveryWindow, (v) => checkWindow(v, ctx, report));
  check(LABEL.briefing, (v) => {
    if (!BRIEFING_RE.test(v)) {
      report(LABEL.briefing, `\`${LABEL.briefing}\` must start with Y or N, not \`${short(v)}\``, 'write `Y — what they responded to` or `N`');
    }
  });
  return problems;
}

/** Parse and validate in one step; a missing line is reported once, not again as empty. */
export function fieldsFromText(text: string, ctx: PacketContext): { fields: PacketFields; problems: Problem[] } {
  const parsed = parsePacket(text);
  const missing = new Set<string>(REQUIRED_LABELS.filter((l) => !Object.hasOwn(parsed.fields, l)));
  const rules = validatePacket(parsed.fields, ctx).filter((p) => !missing.has(p.field));
  return { fields: parsed.fields, problems: parsed.problems.concat(rules) };
}

const short = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);

function checkContact(value: string, report: Report): void {
  const label = LABEL.contact;
  const fix = 'write `name, title, email` and optionally `, phone`, e.g. `Ana Ruiz, VP Partnerships, ana@example.com, +1 555 0100`';
  const parts = value.split(',').map((p) => p.trim());
  // A title may hold commas ("VP, Partnerships"): the e-mail is found, not counted to.
  const at = parts.findIndex((p) => p.includes('@'));
  const name = parts[0] ?? '';
  if (at === -1) {
    report(label, `\`${label}\` has no e-mail address`, fix);
  } else if (!isEmail(parts[at] ?? '')) {
    report(label, `\`${short(parts[at] ?? '')}\` is not a valid e-mail address`, `${fix} (one @, no spaces, a dot in the domain)`);
  }
  const end = at === -1 ? parts.length : at;
  if (name === '' || name.includes('@')) report(label, `\`${label}\` has no name`, fix);
  else if (parts.slice(1, end).join('') === '') report(label, `\`${label}\` has no title after the name`, fix);
  if (at !== -1) {
    const phone = parts.slice(at + 1).join(', ');
    const digits = phone.replace(/\D/g, '').length;
    if (phone !== '' && (!PHONE_RE.test(phone) || digits < 6)) {
      report(label, `\`${short(phone)}\` after the e-mail is not a phone number`, `${fix}; leave the phone out when unknown`);
    }
  }
}

function checkCloseDate(value: string, ctx: PacketContext, report: Report): void {
  const label = LABEL.closeDate;
  if (!isIsoDate(value)) {
    report(label, `\`${short(value)}\` is not a real date written YYYY-MM-DD`, `write the close date as YYYY-MM-DD${ctx.closeDate ? `: \`${ctx.closeDate}\`` : ''}`);
  } else if (ctx.closeDate && value !== ctx.closeDate) {
    report(label, `the deal closed on ${ctx.closeDate}, not ${value}`, `write \`${label}: ${ctx.closeDate}\``);
  }
}

function checkSowStatus(value: string, ctx: PacketContext, report: Report): void {
  const label = LABEL.sowStatus;
  const pendingText = (d: string) => `Verbal commitment — signed SOW pending by ${d}`;
  const expected = ctx.sowDate && isIsoDate(ctx.sowDate) ? ctx.sowDate : 'YYYY-MM-DD';
  if (/^signed$/i.test(value)) {
    if (!ctx.sowSigned) {
      report(
        label,
        'the packet says `Signed` but the board has no SOW signature',
        `write \`${pendingText(expected)}\`, or record the signature first with \`baton sow signed <id>\``,
      );
    }
    return;
  }
  const m = PENDING_RE.exec(value);
  if (!m) {
    report(label, `\`${short(value)}\` is not a SOW status the SOP allows`, `write \`Signed\` or \`${pendingText(expected)}\``);
    return;
  }
  const date = m[1] ?? '';
  if (ctx.sowSigned) {
    report(label, 'the board records the SOW as signed, but the packet says it is pending', 'write `SOW status: Signed`');
  } else if (!isIsoDate(date)) {
    report(label, `\`${short(date)}\` is not a real date written YYYY-MM-DD`, `write \`${pendingText(expected)}\``);
  } else if (ctx.sowDate && isIsoDate(ctx.sowDate) && date !== ctx.sowDate) {
    // The board and the packet must tell the same truth about when the SOW is due.
    report(
      label,
      `the board expects the SOW signature on ${ctx.sowDate}, not ${date}`,
      `write \`${pendingText(ctx.sowDate)}\`, or change the board with \`baton deal commit <id> --type verbal --sow-expected ${date}\``,
    );
  }
}

function checkPrice(value: string, ctx: PacketContext, report: Report): void {
  const label = LABEL.price;
  const want = formatPrice(ctx.policy.price);
  const m = PRICE_RE.exec(value);
  const cents = m ? Number((m[1] ?? '').replace(/,/g, '')) * 100 + Number((m[2] ?? '0').padEnd(2, '0')) : NaN;
  if (cents !== Math.round(ctx.policy.price * 100)) {
    report(label, `the price must be \`${want}\` (policy v${ctx.policy.version}), not \`${short(value)}\``, `write \`${label}: ${want}\``);
  }
}

function checkWindow(value: string, ctx: PacketContext, report: Report): void {
  const label = LABEL.deliveryWindow;
  const days = ctx.policy.deliveryWindowDays;
  const latest = ctx.sowDate && isIsoDate(ctx.sowDate) ? addDays(ctx.sowDate, days) : undefined;
  const earliest = ctx.closeDate && isIsoDate(ctx.closeDate) ? ctx.closeDate : undefined;
  const tail = `start target / ${days}-day max from SOW`;
  const example = `${earliest ?? 'YYYY-MM-DD'} ${tail}`;
  const m = /^(\S+)\s+(.*)$/.exec(value);
  const date = m?.[1] ?? value;
  const rest = (m?.[2] ?? '')
    .replace(/\s+/g, ' ')
    .replace(/\s*\/\s*/g, ' / ')
    .trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    report(label, `\`${label}\` must start with the start target date YYYY-MM-DD`, `write \`${example}\``);
    return;
  }
  if (rest.toLowerCase() !== tail.toLowerCase()) {
    report(label, `\`${label}\` must read \`YYYY-MM-DD ${tail}\`, not \`${short(value)}\``, `write \`${date} ${tail}\``);
  }
  if (!isIsoDate(date)) {
    report(label, `\`${date}\` is not a real date`, `write a real start target date, e.g. \`${example}\``);
    return;
  }
  if (earliest && date < earliest) {
    report(
      label,
      `the start target ${date} is before the deal close date ${earliest}`,
      `write a start target on or after ${earliest}${latest ? ` and no later than ${latest}` : ''}`,
    );
  }
  if (latest && date > latest) {
    report(
      label,
      `the start target ${date} is more than ${days} days after the SOW ${ctx.sowSigned ? 'signature' : 'expected signature'} date ${ctx.sowDate}`,
      `write a start target no later than ${latest}, e.g. \`${latest} ${tail}\``,
    );
  }
}
