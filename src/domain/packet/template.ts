import type { PacketFields } from '../types.js';

/**
 * The Handoff Packet template of SOP section 3, kept to the letter: people and agents
 * compare the filed packet with the SOP, so labels, order, headers and blank lines are
 * the SOP's own. Values are plain text after `Label: `; no Markdown.
 */

export const PACKET_TITLE = 'ASSESSMENT™ HANDOFF PACKET';
/** 42 × U+2500, byte for byte the line under the title in the SOP. */
export const PACKET_SEPARATOR = '──────────────────────────────────────────';

/** Friendly names for the labels, so code reads `LABEL.price`, not a string with a ™. */
export const LABEL = {
  company: 'Customer company',
  contact: 'Primary contact',
  closeDate: 'Deal close date',
  sowStatus: 'SOW status',
  price: 'Assessment™ price',
  deliveryWindow: 'Committed delivery window',
  problem: 'Problem statement',
  expectations: 'What they expect',
  whatSold: 'What sold them',
  sensitivities: 'Sensitivities',
  ecosystem: 'Ecosystem revenue motion',
  origin: 'Outreach origin',
  history: 'Conversation history',
  briefing: 'Briefing™ delivered',
  scope: 'Any specific scope agreements',
  redFlags: 'Red flags',
  followOn: 'Follow-on potential',
  filedBy: 'Filed by',
  acknowledgedBy: 'Acknowledged by',
} as const;

export type LabelKey = keyof typeof LABEL;
export type PacketLabel = (typeof LABEL)[LabelKey];

export interface PacketSection {
  /** The line above the section's fields, or null for the head and the signature block. */
  header: string | null;
  labels: readonly PacketLabel[];
}

export const PACKET_SECTIONS: readonly PacketSection[] = [
  {
    header: null,
    labels: [LABEL.company, LABEL.contact, LABEL.closeDate, LABEL.sowStatus, LABEL.price, LABEL.deliveryWindow],
  },
  {
    header: 'CONTEXT FOR DELIVERY:',
    labels: [LABEL.problem, LABEL.expectations, LABEL.whatSold, LABEL.sensitivities, LABEL.ecosystem],
  },
  { header: 'SALES CONTEXT:', labels: [LABEL.origin, LABEL.history, LABEL.briefing] },
  { header: 'DELIVERY NOTES:', labels: [LABEL.scope, LABEL.redFlags, LABEL.followOn] },
  { header: null, labels: [LABEL.filedBy, LABEL.acknowledgedBy] },
];

/** The 19 labels in SOP order. */
export const PACKET_LABELS: readonly PacketLabel[] = PACKET_SECTIONS.flatMap((s) => s.labels);

export const SECTION_HEADERS: readonly string[] = PACKET_SECTIONS.flatMap((s) => (s.header ? [s.header] : []));

/** The lines Baton writes itself; whatever a filed packet holds there is ignored. */
export const BATON_LABELS: readonly PacketLabel[] = [LABEL.filedBy, LABEL.acknowledgedBy];

/** Every label the author must fill (write `None` when there is nothing to say). */
export const REQUIRED_LABELS: readonly PacketLabel[] = PACKET_LABELS.filter((l) => !BATON_LABELS.includes(l));

/** The SOP's own placeholder text for each field, as the blank template shows it. */
export const SOP_PLACEHOLDER: Readonly<Record<PacketLabel, string>> = {
  [LABEL.company]: '{name}',
  [LABEL.contact]: '{name, title, email, phone if available}',
  [LABEL.closeDate]: '{YYYY-MM-DD}',
  [LABEL.sowStatus]: '{Signed / Verbal commitment — signed SOW pending by {date}}',
  [LABEL.price]: '$2,500',
  [LABEL.deliveryWindow]: '{YYYY-MM-DD start target / 30-day max from SOW}',
  [LABEL.problem]: '{what they told us — verbatim or close to it}',
  [LABEL.expectations]: '{their stated expectations for the Assessment output}',
  [LABEL.whatSold]: '{the key moment or argument that moved them — what resonated}',
  [LABEL.sensitivities]: '{anything CRO observed about communication style, internal politics, expectations}',
  [LABEL.ecosystem]: '{brief summary of what the CRO learned about their current ecosystem setup}',
  [LABEL.origin]: '{how they came into the pipeline}',
  [LABEL.history]: '{key touchpoints — dates and outcomes}',
  [LABEL.briefing]: '{Y/N — if Y, what did they respond to?}',
  [LABEL.scope]: "{what was agreed that's not in the standard Assessment™ scope}",
  [LABEL.redFlags]: '{anything CRO is concerned about going into delivery}',
  [LABEL.followOn]: '{if CRO sees obvious expansion or referral opportunity}',
  [LABEL.filedBy]: '{CRO — date + time}',
  [LABEL.acknowledgedBy]: '{customer.success — required within 24 hours}',
};

export function isPacketLabel(value: string): value is PacketLabel {
  return (PACKET_LABELS as readonly string[]).includes(value);
}

/**
 * One `Label: value` line, with a multi-line value's later lines indented by two spaces so
 * that the parser reads them as the same field. Trailing spaces never reach the file.
 */
export function renderField(label: string, value: string | undefined): string[] {
  const lines = (value ?? '').replace(/\r\n?/g, '\n').split('\n');
  // No spread: a value of 100,000 lines must not become 100,000 arguments.
  return lines.map((line, i) => (i === 0 ? `${label}: ${line.trim()}`.trimEnd() : line.trim() === '' ? '' : `  ${line.trimEnd()}`));
}

/** The packet in the SOP layout: title, separator, sections apart by one blank line. */
export function renderPacket(fields: PacketFields): string {
  const out: string[] = [PACKET_TITLE, PACKET_SEPARATOR];
  PACKET_SECTIONS.forEach((section, i) => {
    if (i > 0) out.push('');
    if (section.header) out.push(section.header);
    for (const label of section.labels) for (const line of renderField(label, own(fields, label))) out.push(line);
  });
  return `${out.join('\n')}\n`;
}

/** The blank SOP template, placeholders and all. */
export function renderBlankTemplate(): string {
  return renderPacket({ ...SOP_PLACEHOLDER });
}

// Field records may come from parsed input; never read inherited keys such as `constructor`.
function own(fields: PacketFields, key: string): string | undefined {
  return Object.hasOwn(fields, key) ? fields[key] : undefined;
}
