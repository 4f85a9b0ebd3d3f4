import { z } from 'zod';
import { acknowledge, filePacket, finishDelivery, sowSent as recordSowSent, sowSigned as recordSowSigned, startDelivery } from '../app/index.js';
import { CHANGE_OUTPUT, change, dealId } from './change.js';
import { defineTool } from './tool.js';

/**
 * The handoff's steps as tools, each made as the acting role through the use-case layer
 * (one transaction, then delivery of what it queued): file the packet (cro), acknowledge
 * (customer.success), the SOW sent and signed (cro), delivery started and done
 * (customer.success). A refusal lists every problem and writes nothing.
 */

export const packetFile = defineTool({
  name: 'packet_file',
  title: 'File the Handoff Packet',
  description:
    'File the completed Handoff Packet (as the cro, within 2 hours of the close). Pass the whole packet text: the packet_draft output with every {...} replaced. ' +
    'Baton checks every field at once (no {...} left, no empty required field, valid dates and e-mail, the policy price, a start target within 30 days of the SOW, company and contact as on the board) ' +
    'and, when any is wrong, refuses with a problem per field and writes nothing: mend every listed field and call again. ' +
    'On success it writes the packet file, signs "Filed by", drops the coordination note for customer.success, posts the #exec-checkins announcement, DMs customer.success and starts the 24 h acknowledgement clock; ' +
    'filing again replaces the packet as a new revision (after an acknowledgement, that needs a new one). Returns {changed, events, path, revision, status, delivery}.',
  input: {
    id: dealId,
    text: z.string().min(1).describe('The complete packet, every "Label: value" line as in the draft; "Filed by" and "Acknowledged by" are filled by Baton.'),
  },
  output: {
    ...CHANGE_OUTPUT,
    path: z.string().nullable().describe('the packet file, relative to the workspace root'),
    revision: z.number().int().nullable(),
  },
  readOnly: false,
  idempotent: true,
  destructive: true,
  openWorld: true,
  handle: ({ id, text }, ctx) =>
    change(
      ctx,
      (engine, acting) => filePacket(engine, id, text, acting),
      (result) => ({ path: result.state?.handoff?.packetPath ?? null, revision: result.state?.handoff?.packet?.revision ?? null }),
    ),
});

export const ack = defineTool({
  name: 'ack',
  title: 'Acknowledge the Handoff Packet',
  description:
    'Acknowledge a filed Handoff Packet (only customer.success, within 24 hours of filing): signs "Acknowledged by" in the packet, stops the acknowledgement clock ' +
    'and creates the Assessment™ delivery item (window and milestones) on the delivery board. Read the packet first (the resource baton://handoffs/{id}/packet). ' +
    'Acknowledging twice changes nothing. Returns {changed, events, status, delivery}; status then shows the deliveryItem.',
  input: { id: dealId },
  output: CHANGE_OUTPUT,
  readOnly: false,
  idempotent: true,
  destructive: false,
  openWorld: true,
  handle: ({ id }, ctx) => change(ctx, (engine, acting) => acknowledge(engine, id, acting)),
});

export const sowSent = defineTool({
  name: 'sow_sent',
  title: 'Record the SOW template sent',
  description:
    'Record that the cro sent the SOW template to the customer (a verbal commitment needs it within 24 hours of the close). ' +
    'Use it as the cro right after sending the SOW; recording it again changes nothing. Returns {changed, events, status, delivery}.',
  input: { id: dealId },
  output: CHANGE_OUTPUT,
  readOnly: false,
  idempotent: true,
  destructive: false,
  openWorld: false,
  handle: ({ id }, ctx) => change(ctx, (engine, acting) => recordSowSent(engine, id, acting)),
});

export const sowSigned = defineTool({
  name: 'sow_signed',
  title: 'Record the SOW signed',
  description:
    'Record that the customer signed the SOW (as the cro). It stops the SOW clocks and starts the 30-day Assessment™ delivery clock now; delivery cannot start before it. ' +
    'An existing delivery item is re-capped at signature + 30 days on the delivery board. Returns {changed, events, status, delivery}.',
  input: { id: dealId },
  output: CHANGE_OUTPUT,
  readOnly: false,
  idempotent: true,
  destructive: false,
  openWorld: true,
  handle: ({ id }, ctx) => change(ctx, (engine, acting) => recordSowSigned(engine, id, acting)),
});

export const deliveryStart = defineTool({
  name: 'delivery_start',
  title: 'Start the Assessment™ delivery',
  description:
    'Start delivery (only customer.success). The gate refuses, naming each reason, unless the packet is acknowledged, the SOW is signed and customer.success has a live agent ' +
    '(call agent_heartbeat first). Starting twice changes nothing. Returns {changed, events, status, delivery}.',
  input: { id: dealId },
  output: CHANGE_OUTPUT,
  readOnly: false,
  idempotent: true,
  destructive: false,
  openWorld: false,
  handle: ({ id }, ctx) => change(ctx, (engine, acting) => startDelivery(engine, id, acting)),
});

export const deliveryDone = defineTool({
  name: 'delivery_done',
  title: 'Record the Assessment™ delivered',
  description:
    'Record the Assessment™ delivered (only customer.success, after delivery_start): stops the 30-day delivery clock, on time or late. ' +
    'Recording it twice changes nothing. Returns {changed, events, status, delivery}.',
  input: { id: dealId },
  output: CHANGE_OUTPUT,
  readOnly: false,
  idempotent: true,
  destructive: false,
  openWorld: false,
  handle: ({ id }, ctx) => change(ctx, (engine, acting) => finishDelivery(engine, id, acting)),
});

export const HANDOFF_TOOLS = [packetFile, ack, sowSent, sowSigned, deliveryStart, deliveryDone];
