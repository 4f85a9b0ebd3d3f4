import { CLOCK_OWNERS } from './owners.js';
import { CLOCK_NAMES, type ClockName, type DealState, type Role } from './types.js';
import { type ClockUrgency as Urgency, clockUrgency } from './clock-time.js';

/**
 * What a role owes (SPEC §15 inbox): every open clock the role owns, as the step that closes
 * it, plus what the SOP asks of the role while a clock of another waits on it
 * (customer.success's heartbeat when the delivery gate needs a live agent, the ceo's manual
 * activation once asked). Each obligation names the command that does it, as the CLI spells
 * it and as the MCP tool is called. Pure: the caller passes the time and the agents' liveness.
 */

export interface Obligation {
  role: Role;
  /** The deal id of the handoff; null for what is owed to the org (the daily summary). */
  id: string | null;
  company: string | null;
  /** The clock the obligation closes or serves; null when none runs for it. */
  clock: ClockName | null;
  what: string;
  dueAt: number;
  urgency: Exclude<Urgency, 'done' | 'cancelled'>;
  /** How far past due, when overdue. */
  lateMs: number | null;
  /** The exact command line to run. */
  command: string;
  /** The same step as an MCP tool call. */
  tool: { name: string; arguments: Record<string, string> };
}

export interface ObligationContext {
  now: number;
  /** Whether customer.success has a live agent (the delivery gate, SOP-5c). */
  customerSuccessLive: boolean;
}

/**
 * The clocks whose open steps may be a role's: those it owns (`CLOCK_OWNERS`), and for the
 * ceo the ceo-escalation timer its manual activation rides on.
 */
export function clocksServed(role: Role): ClockName[] {
  return CLOCK_NAMES.filter((c) => CLOCK_OWNERS[c] === role || (role === 'ceo' && c === 'ceo-escalation'));
}

type Step = Pick<Obligation, 'what' | 'command' | 'tool'> & { role: Role };

/** The step that closes each open clock, for a handoff in its current state; undefined when nothing is to do. */
function stepsFor(state: DealState, name: ClockName, ctx: ObligationContext): Step[] {
  const id = state.deal.id;
  const h = state.handoff;
  const company = state.deal.company;
  const as = (role: Role) => `--as ${role}`;
  const tool = (name: string, args: Record<string, string> = { id }) => ({ name, arguments: args });
  switch (name) {
    case 'packet':
      return [
        {
          role: 'cro',
          what: `File the Handoff Packet for ${company} (draft it first: baton packet draft ${id})`,
          command: `baton packet file ${id} FILE ${as('cro')}`,
          tool: tool('packet_file', { id, text: 'the filled packet_draft' }),
        },
      ];
    case 'announcement':
      // Posted by Baton when the packet is filed: the cro's step is the packet, unless it is filed and the post is still owed.
      if (!h?.packet) return [];
      return [
        {
          role: 'cro',
          what: `The #exec-checkins announcement of ${company} is not delivered yet: check the message and retry it if it failed`,
          command: `baton messages --json ${as('cro')}`,
          tool: tool('messages', { id }),
        },
      ];
    case 'acknowledgement':
      return [
        {
          role: 'customer.success',
          what: `Read and acknowledge the Handoff Packet of ${company} (${h?.packetPath ?? 'the packet'})`,
          command: `baton ack ${id} ${as('customer.success')}`,
          tool: tool('ack'),
        },
      ];
    case 'ceo-escalation': {
      // Running once chief.staff has been told of the missed acknowledgement; the ceo is asked when it falls due.
      const steps: Step[] = [
        {
          role: 'chief.staff',
          what: `The acknowledgement of ${company} is missed: get customer.success to acknowledge before the ceo is asked for a manual activation`,
          command: `baton status ${id} ${as('chief.staff')}`,
          tool: tool('status'),
        },
      ];
      if (h?.escalatedToCeoAt !== undefined && !ctx.customerSuccessLive) {
        steps.push({
          role: 'ceo',
          what: `Activate customer.success manually: the packet of ${company} is still not acknowledged`,
          command: `baton agent activate customer.success ${as('ceo')}`,
          tool: tool('agent_activate', { role: 'customer.success' }),
        });
      }
      return steps;
    }
    case 'sow-send':
      return [{ role: 'cro', what: `Send the SOW template to ${company}, then record it`, command: `baton sow sent ${id} ${as('cro')}`, tool: tool('sow_sent') }];
    case 'sow-signature':
      return [{ role: 'cro', what: `Get the SOW of ${company} signed, then record it`, command: `baton sow signed ${id} ${as('cro')}`, tool: tool('sow_signed') }];
    case 'delivery': {
      if (h?.deliveryStartedAt !== undefined) {
        return [
          {
            role: 'customer.success',
            what: `Deliver the Assessment for ${company}, then record it done`,
            command: `baton delivery done ${id} ${as('customer.success')}`,
            tool: tool('delivery_done'),
          },
        ];
      }
      // Delivery starts once acknowledged (the acknowledgement clock says so until then) with a live customer.success.
      if (h?.acknowledgedAt === undefined) return [];
      const start: Step = {
        role: 'customer.success',
        what: `Start the Assessment delivery for ${company}`,
        command: `baton delivery start ${id} ${as('customer.success')}`,
        tool: tool('delivery_start'),
      };
      if (ctx.customerSuccessLive) return [start];
      const beat: Step = {
        role: 'customer.success',
        what: `Send a heartbeat: the delivery gate of ${company} needs a live customer.success agent`,
        command: 'baton agent heartbeat customer.success --as customer.success',
        tool: tool('agent_heartbeat', { role: 'customer.success' }),
      };
      return [beat, start];
    }
  }
}

/** Every open obligation of `role` in one handoff. */
export function obligationsOf(state: DealState, role: Role, ctx: ObligationContext): Obligation[] {
  const h = state.handoff;
  if (!h) return [];
  const out: Obligation[] = [];
  for (const clock of Object.values(h.clocks)) {
    if (!clock) continue;
    const urgency = clockUrgency(clock, ctx.now);
    if (urgency === 'done' || urgency === 'cancelled') continue;
    for (const step of stepsFor(state, clock.name, ctx)) {
      if (step.role !== role) continue;
      out.push({
        role,
        id: state.deal.id,
        company: state.deal.company,
        clock: clock.name,
        what: step.what,
        dueAt: clock.dueAt,
        urgency,
        lateMs: urgency === 'overdue' ? Math.max(0, ctx.now - clock.dueAt) : null,
        command: step.command,
        tool: step.tool,
      });
    }
  }
  return out;
}

const RANK: Record<Obligation['urgency'], number> = { overdue: 0, 'due-soon': 1, pending: 1, held: 2 };

/**
 * Most urgent first: overdue ones by how late (the latest first), then the rest by due
 * time, held ones last; the deal id and the clock break ties, so the order is stable.
 */
export function byUrgency(a: Obligation, b: Obligation): number {
  return (
    RANK[a.urgency] - RANK[b.urgency] ||
    (a.urgency === 'overdue' ? (b.lateMs ?? 0) - (a.lateMs ?? 0) : 0) ||
    a.dueAt - b.dueAt ||
    (a.id ?? '').localeCompare(b.id ?? '') ||
    (a.clock ?? '').localeCompare(b.clock ?? '')
  );
}
