import type { Problem } from '../problem.js';
import type { Deal, PacketFields } from '../types.js';
import { LABEL } from './template.js';

const norm = (s: string | undefined) => (s ?? '').normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * SPEC §13: the packet agrees with the board. The company and the primary contact are the
 * board's facts; a packet that says otherwise is refused, so the file and the record can
 * never tell two stories. The fix is either side: correct the packet, or update the deal.
 */
export function boardAgreementProblems(fields: PacketFields, deal: Deal): Problem[] {
  const problems: Problem[] = [];
  const next = { command: 'deal.update', id: deal.id };
  const company = fields[LABEL.company];
  if (company !== undefined && norm(company) !== norm(deal.company)) {
    problems.push({
      code: 'mismatch',
      field: LABEL.company,
      message: `the packet says "${short(company)}" but the board says "${short(deal.company)}"`,
      fix: 'write the company as the board has it, or correct the board first',
      next,
    });
  }
  const contact = fields[LABEL.contact];
  if (contact !== undefined) {
    const parts = contact.split(',').map((p) => p.trim());
    const email = parts.find((p) => p.includes('@'));
    const differs: string[] = [];
    if (deal.contact.name && norm(parts[0]) !== norm(deal.contact.name)) differs.push(`name "${short(parts[0] ?? '')}" (board: "${short(deal.contact.name)}")`);
    if (deal.contact.email && email !== undefined && norm(email) !== norm(deal.contact.email)) {
      differs.push(`e-mail "${short(email)}" (board: "${short(deal.contact.email)}")`);
    }
    if (differs.length > 0) {
      problems.push({
        code: 'mismatch',
        field: LABEL.contact,
        message: `the packet's contact differs from the board: ${differs.join(', ')}`,
        fix: 'write the contact as the board has it, or correct the board first',
        next,
      });
    }
  }
  return problems;
}

function short(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
