import { renderPacket } from './packet/template.js';
import { localDateTime } from './time.js';
import type { Handoff, PacketFields } from './types.js';

/**
 * SOP-3f and SOP-3g: Baton, not the author, writes `Filed by` and `Acknowledged by`, so
 * the record of who filed and who acknowledged cannot be typed in by hand.
 */
export function withBatonLines(fields: PacketFields, opts: { filedAt: number; timezone: string; acknowledgedAt?: number }): string {
  return renderPacket({
    ...fields,
    'Filed by': `cro — ${localDateTime(opts.filedAt, opts.timezone)}`,
    'Acknowledged by': opts.acknowledgedAt === undefined ? '' : `customer.success — ${localDateTime(opts.acknowledgedAt, opts.timezone)}`,
  });
}

/** The packet file's content as the handoff stands now. */
export function packetFileText(handoff: Handoff, timezone: string): string | undefined {
  const packet = handoff.packet;
  if (!packet) return undefined;
  return withBatonLines(packet.fields, {
    filedAt: packet.filedAt,
    timezone,
    ...(handoff.acknowledgedAt !== undefined ? { acknowledgedAt: handoff.acknowledgedAt } : {}),
  });
}
