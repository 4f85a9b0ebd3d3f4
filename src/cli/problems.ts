import type { Problem } from '../domain/problem.js';

/** The domain's field names as the command line spells them. */
const FLAGS: Record<string, string> = {
  company: '--company',
  'contact.name': '--contact-name',
  'contact.title': '--contact-title',
  'contact.email': '--contact-email',
  'contact.phone': '--contact-phone',
  origin: '--origin',
  briefing: '--briefing',
  commitment: '--type',
  sowExpected: '--sow-expected',
  text: 'TEXT',
  now: '--now',
  date: '--date',
  since: '--since',
  by: '--by',
  as: '--as',
  reason: '--reason',
  from: '--from',
  to: '--to',
  csv: '--csv',
  clock: 'CLOCK',
};

/** The commands a fix can point to, as one would type them. */
const COMMAND_LINES: Record<string, (id: string) => string> = {
  'deal.add': (id) => `baton deal add ${id} --company NAME`,
  'deal.update': (id) => `baton deal update ${id} --company NAME --contact-name NAME`,
  'deal.stage': (id) => `baton deal stage ${id} closed-won`,
  'deal.commit': (id) => `baton deal commit ${id} --type verbal --sow-expected YYYY-MM-DD`,
  'packet.draft': (id) => `baton packet draft ${id}`,
  'packet.file': (id) => `baton packet file ${id} FILE`,
  ack: (id) => `baton ack ${id} --as customer.success`,
  'sow.sent': (id) => `baton sow sent ${id}`,
  'sow.signed': (id) => `baton sow signed ${id}`,
  'delivery.start': (id) => `baton delivery start ${id} --as customer.success`,
  'clock.hold': (id) => `baton clock hold ${id} CLOCK --reason TEXT --as chief.staff`,
  'clock.resume': (id) => `baton clock resume ${id} CLOCK --as chief.staff`,
  'agent.heartbeat': () => 'baton agent heartbeat customer.success --as customer.success',
  'agent.activate': () => 'baton agent activate customer.success --as ceo',
  messages: () => 'baton messages',
  status: () => 'baton status',
};

export function cliField(field: string): string {
  return FLAGS[field] ?? field;
}

/** One problem as a line of the CLI's refusal: its flag, the message and a fix one can type. */
export function cliProblem(p: Problem): string {
  // Who acts is `--as` on the command line.
  const field = p.code === 'forbidden' && p.field === 'role' ? '--as' : cliField(p.field);
  return `${field}: ${p.message}. Fix: ${cliFix(p)}`;
}

export function cliFix(p: Problem): string {
  if (p.code === 'forbidden' && p.roles && p.roles.length > 0) {
    return `${p.fix}: act as ${p.roles.join(' or ')} (--as ${p.roles[0]}, or BATON_ROLE=${p.roles[0]})`;
  }
  const line = p.next && COMMAND_LINES[p.next.command]?.(p.next.id ?? 'ID');
  return line ? `${p.fix}: ${line}` : p.fix;
}
