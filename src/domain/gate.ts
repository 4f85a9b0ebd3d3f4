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
      field: 'stage',
      message: 'the deal has no active handoff (it must be Closed-won with a commitment)',
      fix: `baton deal stage ${id} closed-won and baton deal commit ${id} --type written|verbal`,
    });
  }
  if (handoff?.acknowledgedAt === undefined) {
    problems.push({
      field: 'Acknowledged by',
      message: 'customer.success has not acknowledged the Handoff Packet',
      fix: handoff?.packet ? `baton ack ${id} --as customer.success` : `file the packet (baton packet file ${id} FILE), then acknowledge it`,
    });
  }
  if (state.deal.sowSignedAt === undefined) {
    problems.push({ field: 'SOW status', message: 'the SOW is not signed', fix: `record the signature with: baton sow signed ${id}` });
  }
  if (!customerSuccess.live) {
    problems.push({
      field: 'customer.success agent',
      message: `no live customer.success agent (${customerSuccess.detail})`,
      fix: 'baton agent heartbeat customer.success, or baton agent activate customer.success --by ceo',
    });
  }
  return problems;
}
