import type { AgentLiveness } from './commands.js';
import type { DealState, Problem } from './types.js';

/**
 * SOP-4.5b and SOP-5c: delivery begins only with an acknowledged packet, a signed SOW and a
 * live customer.success agent. Every unmet condition is listed, so one refusal says it all.
 */
export function deliveryGate(state: DealState, customerSuccess: AgentLiveness): Problem[] {
  const problems: Problem[] = [];
  const id = state.deal.id;
  const handoff = state.handoff;
  if (!handoff || handoff.state === 'on-hold') {
    problems.push({
      code: 'refused',
      field: 'stage',
      message: 'the deal has no active handoff (it must be Closed-won with a commitment)',
      fix: 'move the deal to Closed-won and log its commitment',
      next: { command: 'deal.stage', id },
    });
  }
  if (handoff?.acknowledgedAt === undefined) {
    problems.push({
      code: 'refused',
      field: 'Acknowledged by',
      message: 'customer.success has not acknowledged the Handoff Packet',
      fix: handoff?.packet ? 'customer.success acknowledges it' : 'the cro files the packet, then customer.success acknowledges it',
      next: { command: handoff?.packet ? 'ack' : 'packet.file', id },
    });
  }
  if (state.deal.sowSignedAt === undefined) {
    problems.push({ code: 'refused', field: 'SOW status', message: 'the SOW is not signed', fix: 'record the signature', next: { command: 'sow.signed', id } });
  }
  if (!customerSuccess.live) {
    problems.push({
      code: 'refused',
      field: 'customer.success agent',
      message: `no live customer.success agent (${customerSuccess.detail})`,
      fix: 'a customer.success agent sends its heartbeat, or the ceo activates customer.success',
      next: { command: 'agent.heartbeat' },
    });
  }
  return problems;
}
