/** What the CRO writes in place of each `{...}` the draft leaves. */
const NARRATIVE: Record<string, string> = {
  'Problem statement': 'Partner-sourced revenue is flat while the partner count doubled.',
  'What they expect': 'A ranked list of ecosystem plays with the revenue behind each.',
  'What sold them': 'The benchmark of partner-influenced pipeline in their segment.',
  Sensitivities: 'The VP Sales owns partners today; keep him in every readout.',
  'Ecosystem revenue motion': 'Resell through two distributors, no co-sell motion yet.',
  'Outreach origin': 'Partner referral',
  'Conversation history': '2026-04-20 discovery call, strong interest; 2026-04-28 demo, verbal yes',
  'Briefing™ delivered': 'Y — they responded to the partner benchmark',
  'Any specific scope agreements': 'None',
  'Red flags': 'None',
  'Follow-on potential': 'Referral to their parent company.',
};

const FIELD_LINE = /^([^:{}\n]+): ?(.*)$/;

/**
 * The draft with every `{...}` filled as a CRO would, and `set` overriding whole fields
 * (e.g. `{ 'Assessment™ price': '$3,000' }`). Lines without a placeholder stay as drafted.
 */
export function fillPacket(draft: string, set: Record<string, string> = {}): string {
  return draft
    .split('\n')
    .map((line) => {
      const m = FIELD_LINE.exec(line);
      if (!m) return line;
      const label = m[1] ?? '';
      const value = m[2] ?? '';
      if (Object.hasOwn(set, label)) return `${label}: ${set[label]}`;
      if (/\{[\s\S]*\}/.test(value)) return `${label}: ${NARRATIVE[label] ?? `Written by the CRO (${label})`}`;
      return line;
    })
    .join('\n');
}
