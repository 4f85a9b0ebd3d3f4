/** 1-64 letters, digits, `.`, `_`, `:` or `-`, starting with a letter or digit: every deal id. */
const DEAL_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/**
 * Whether `id` can name a deal. `deal.add` refuses any other, so no stored deal has one, and
 * the store need not look one up (PostgreSQL cannot even compare a NUL or a lone surrogate).
 */
export function isDealId(id: string): boolean {
  return DEAL_ID_RE.test(id);
}
