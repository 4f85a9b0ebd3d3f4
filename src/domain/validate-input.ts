/** One e-mail rule for the board and the packet: one @, no spaces, a dot in the domain. */
const EMAIL_RE = /^[^\s@,]+@[^\s@.,]+(\.[^\s@.,]+)+$/;

export function isEmail(value: string): boolean {
  return EMAIL_RE.test(value.trim());
}
