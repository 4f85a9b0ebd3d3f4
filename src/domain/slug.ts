import { isIsoDate } from './time.js';

/**
 * Slugs and workspace-relative paths. Every file Baton writes is named from a slug, never
 * from raw user text, so that nothing in a company name can leave the workspace root.
 */

const MAX_SLUG = 60;
const SLUG_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

// Letters that NFKD does not decompose into ASCII but that readers fold by habit.
const FOLDS: Record<string, string> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  Æ: 'ae',
  ø: 'o',
  Ø: 'o',
  œ: 'oe',
  Œ: 'oe',
  ł: 'l',
  Ł: 'l',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  Ð: 'd',
  þ: 'th',
  Þ: 'th',
  ı: 'i',
};
const FOLD_RE = new RegExp(`[${Object.keys(FOLDS).join('')}]`, 'gu');

// Removed before NFKD, which would otherwise spell ™ as "TM" and ℠ as "SM". Apostrophes
// go too, so that "McDonald's" reads `mcdonalds` rather than `mcdonald-s`.
const DROPPED_RE = /[™℠®©℗℡&'’ʼ`´]/gu;

/** Lower-case ASCII words joined by `-`, at most 60 characters; '' when nothing is left. */
export function slugify(text: string): string {
  const ascii = String(text)
    .replace(DROPPED_RE, '')
    .replace(FOLD_RE, (c) => FOLDS[c] ?? '')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  const slug = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return cap(slug);
}

// Cut at a word boundary so a long name loses whole words, not half of one.
function cap(slug: string): string {
  if (slug.length <= MAX_SLUG) return slug;
  if (slug[MAX_SLUG] === '-') return slug.slice(0, MAX_SLUG);
  const head = slug.slice(0, MAX_SLUG);
  const cut = head.lastIndexOf('-');
  // A single word longer than the cap has no boundary to cut at.
  return (cut > 0 ? head.slice(0, cut) : head).replace(/-+$/, '');
}

/** 32-bit FNV-1a over the UTF-8 bytes, as 8 hex digits: short, stable, dependency-free. */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * The company's slug, else the deal id's, else a hash of the deal id: a name written only
 * in a non-Latin script still gets a stable, distinct, safe file name.
 */
export function companySlug(company: string, dealId: string): string {
  return slugify(company) || slugify(dealId) || `deal-${fnv1a(String(dealId))}`;
}

/** True for a slug Baton would produce: safe as one path segment. */
export function isSlug(value: string): boolean {
  return SLUG_RE.test(value) && value.length <= MAX_SLUG;
}

// Paths are joined from parts that are checked here, so a caller's slip cannot become a
// path outside the root (a `..`, a `/`, or an absolute path).
function suffixed(prefix: string, slug: string, closeDate: string, n: number): string {
  const safe = SLUG_RE.test(slug) ? slug : slugify(slug) || `deal-${fnv1a(String(slug))}`;
  if (!isIsoDate(closeDate)) throw new RangeError(`close date must be YYYY-MM-DD, got ${JSON.stringify(closeDate)}`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`sequence number must be an integer >= 1, got ${n}`);
  return `${prefix}-${safe}-${closeDate}${n === 1 ? '' : `-${n}`}.md`;
}

/** `operations/handoffs/assessment-{slug}-{date}.md`, with `-2`, `-3`... for later deals. */
export function packetRelativePath(slug: string, closeDate: string, n: number): string {
  return suffixed('operations/handoffs/assessment', slug, closeDate, n);
}

/** What every packet path of a company starts with: the prefix `packetRelativePath` extends. */
export function packetPathPrefix(company: string, dealId: string): string {
  return `operations/handoffs/assessment-${companySlug(company, dealId)}-`;
}
