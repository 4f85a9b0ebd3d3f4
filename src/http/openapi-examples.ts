/**
 * The examples of `GET /openapi.json`: one deal, `acme`, walked through the SOP on
 * 2026-11-26 (UTC, policy v1.0). test/openapi calls every documented route with them, in the
 * document's order, so they stay true: a change to the packet template shows up there.
 */
export const EXAMPLE_DEAL_ID = 'acme';
export const EXAMPLE_NOW = '2026-11-26T09:00:00.000Z';
export const EXAMPLE_SOW_EXPECTED = '2026-12-03';
/** The draft of `acme` at EXAMPLE_NOW with every {...} written: what the cro files. */
export const EXAMPLE_PACKET = [
  'ASSESSMENT™ HANDOFF PACKET',
  '──────────────────────────────────────────',
  'Customer company: Acme Corp',
  'Primary contact: Ana Ruiz, VP Partnerships, ana@acme.example, +1 555 0100',
  'Deal close date: 2026-11-26',
  'SOW status: Verbal commitment — signed SOW pending by 2026-12-03',
  'Assessment™ price: $2,500',
  'Committed delivery window: 2026-12-03 start target / 30-day max from SOW',
  '',
  'CONTEXT FOR DELIVERY:',
  'Problem statement: Partner-sourced revenue is flat while the partner count doubled.',
  'What they expect: A ranked list of ecosystem plays with the revenue behind each.',
  'What sold them: The benchmark of partner-influenced pipeline in their segment.',
  'Sensitivities: The VP Sales owns partners today; keep him in every readout.',
  'Ecosystem revenue motion: Resell through two distributors, no co-sell motion yet.',
  '',
  'SALES CONTEXT:',
  'Outreach origin: Partner referral',
  'Conversation history: 2026-11-26: Demo with the VP Partnerships: verbal yes',
  'Briefing™ delivered: Y — the partner benchmark',
  '',
  'DELIVERY NOTES:',
  'Any specific scope agreements: None',
  'Red flags: None',
  'Follow-on potential: A second Assessment for their EMEA business.',
  '',
  'Filed by:',
  'Acknowledged by:',
  '',
].join('\n');
