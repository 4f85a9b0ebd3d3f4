import type { CommandType } from './commands.js';
import type { Actor } from './types.js';

/**
 * Who the SOP lets do what. The CRO owns the board, the packet and the SOW; only
 * customer.success acknowledges and runs delivery; Baton alone fires clocks and records
 * deliveries; the Prospects board (webhook and sync) may move a deal, and record its SOW's
 * signature (the board's SOW column), like the CRO does.
 */
export const ACTORS_FOR_COMMAND: Record<CommandType, readonly Actor[]> = {
  'deal.add': ['cro', 'monday'],
  'deal.update': ['cro', 'monday'],
  'deal.stage': ['cro', 'monday'],
  'deal.commit': ['cro', 'monday'],
  'deal.note': ['cro', 'monday'],
  'packet.file': ['cro'],
  ack: ['customer.success'],
  'sow.sent': ['cro'],
  'sow.signed': ['cro', 'monday'],
  'delivery.start': ['customer.success'],
  'delivery.done': ['customer.success'],
  'clock.fire': ['baton'],
  'clock.remind': ['baton'],
  // SPEC §15: only chief.staff and the ceo may pause an SOP clock.
  'clock.hold': ['chief.staff', 'ceo'],
  'clock.resume': ['chief.staff', 'ceo'],
  'message.delivered': ['baton'],
  // Who owns the message's clock is decided with the message in hand (decideRetry).
  'message.retry': ['chief.staff', 'ceo', 'cro', 'customer.success'],
};

/** The role a front door acts as when the user names none. */
export function defaultActor(type: CommandType): Actor {
  return ACTORS_FOR_COMMAND[type][0] as Actor;
}
