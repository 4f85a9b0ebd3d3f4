import { z } from 'zod';
import { CLOCK_NAMES } from '../domain/types.js';
import { DomainEventJson, HandoffJson } from '../views/schemas.js';
import { dealBody, updateBody, stageBody, commitBody, holdBody, noteBody, packetBody } from './api-deals.js';
import type { RouteDoc } from './openapi-doc.js';
import { EXAMPLE_DEAL_ID, EXAMPLE_PACKET, EXAMPLE_SOW_EXPECTED } from './openapi-examples.js';

// For GET /openapi.json: the schemas of api-deals.ts, what each route answers, and the examples the
// document's test calls in order (the deal `acme`, closed on 2026-11-26).

const ActedJson = z
  .object({
    changed: z.boolean().describe('false when the record already said so: nothing was written'),
    events: z.array(DomainEventJson).describe('what was recorded, in order'),
    status: HandoffJson.nullable().describe('the deal after the change, as GET /api/status/{id} shows it'),
  })
  .passthrough();

const FiledJson = ActedJson.extend({
  path: z.string().nullable().describe('the packet file, relative to the workspace root'),
  revision: z.number().int().nullable(),
});

const ID_PARAM = { id: { description: 'The deal id (the Prospects board item id)', example: EXAMPLE_DEAL_ID } };
const CLOCK_PARAM = { clock: { description: `The clock: ${CLOCK_NAMES.join(', ')}`, example: 'sow-signature' } };

/** A route that acts on the deal as the token's role, answering what changed. */
const acting = (doc: Omit<RouteDoc, 'params' | 'response' | 'tag'> & Partial<Pick<RouteDoc, 'response' | 'tag' | 'params'>>): RouteDoc => ({
  tag: 'Handoffs',
  params: ID_PARAM,
  response: ActedJson,
  ...doc,
});

export const DEAL_ROUTE_DOCS: RouteDoc[] = [
  acting({
    method: 'post',
    path: '/deals/:id',
    operationId: 'addDeal',
    tag: 'Deals',
    summary: 'Add a deal to the Prospects board',
    description: 'Adding it again with the same details changes nothing; new details update it. A new deal is at stage lead.',
    roles: ['cro'],
    body: {
      schema: dealBody,
      example: {
        company: 'Acme Corp',
        contact: { name: 'Ana Ruiz', title: 'VP Partnerships', email: 'ana@acme.example' },
        origin: 'Partner referral',
        briefing: { delivered: true, response: 'the partner benchmark' },
      },
    },
    errors: [400, 403],
  }),
  acting({
    method: 'patch',
    path: '/deals/:id',
    operationId: 'updateDeal',
    tag: 'Deals',
    summary: 'Change board fields of a deal',
    description: 'A field given is set; "" clears an optional one. After filing, a change of contact is sent to customer.success.',
    roles: ['cro'],
    body: { schema: updateBody, example: { contact: { phone: '+1 555 0100' } } },
    errors: [400, 403, 404],
  }),
  acting({
    method: 'post',
    path: '/deals/:id/commit',
    operationId: 'commitDeal',
    tag: 'Deals',
    summary: 'Log the commitment',
    description: 'written (the SOW is signed) or verbal, with the expected SOW signature date. With the deal Closed-won, this is T0.',
    roles: ['cro'],
    body: { schema: commitBody, example: { type: 'verbal', sowExpected: EXAMPLE_SOW_EXPECTED } },
    errors: [400, 403, 404],
  }),
  acting({
    method: 'post',
    path: '/deals/:id/stage',
    operationId: 'stageDeal',
    tag: 'Deals',
    summary: 'Move a deal to a stage',
    description: 'Closed-won with a commitment starts the handoff (T0); leaving it cancels the open clocks, or stops a handoff in delivery.',
    roles: ['cro'],
    body: { schema: stageBody, example: { stage: 'closed-won' } },
    errors: [400, 403, 404],
  }),
  acting({
    method: 'post',
    path: '/deals/:id/notes',
    operationId: 'noteDeal',
    tag: 'Deals',
    summary: 'Add a note to the conversation history',
    roles: ['cro'],
    body: { schema: noteBody, example: { text: 'Demo with the VP Partnerships: verbal yes' } },
    errors: [400, 403, 404],
  }),
  acting({
    method: 'post',
    path: '/deals/:id/packet',
    operationId: 'filePacket',
    summary: 'File the Handoff Packet',
    description:
      'Validates every field at once and, when any is wrong, refuses with a problem per field (the packet label) and writes nothing. Filing again is a new revision. ' +
      'The packet is the JSON field text, or the body itself with Content-Type: text/plain or text/markdown.',
    roles: ['cro'],
    body: { schema: packetBody, example: { text: EXAMPLE_PACKET }, text: { description: 'The filled packet itself' } },
    response: FiledJson,
    errors: [400, 403, 404],
  }),
  acting({
    method: 'post',
    path: '/deals/:id/ack',
    operationId: 'acknowledgePacket',
    summary: 'Acknowledge the Handoff Packet',
    description: 'Creates the delivery item.',
    roles: ['customer.success'],
    exampleRole: 'customer.success',
    errors: [400, 403, 404],
  }),
  acting({ method: 'post', path: '/deals/:id/sow/sent', operationId: 'sowSent', summary: 'Record the SOW template sent', roles: ['cro'], errors: [400, 403, 404] }),
  acting({
    method: 'post',
    path: '/deals/:id/sow/signed',
    operationId: 'sowSigned',
    summary: 'Record the SOW signed',
    description: 'Starts the 30-day delivery clock.',
    roles: ['cro'],
    errors: [400, 403, 404],
  }),
  acting({
    method: 'post',
    path: '/deals/:id/clocks/:clock/hold',
    operationId: 'holdClock',
    summary: 'Hold a clock',
    description:
      'Pauses one open clock of the handoff, with the reason: while held it neither falls due nor reminds. Refused for an unknown clock, a clock not open, or one already held. In the timeline as clock.held.',
    params: { ...ID_PARAM, ...CLOCK_PARAM },
    roles: ['chief.staff', 'ceo'],
    exampleRole: 'chief.staff',
    body: { schema: holdBody, example: { reason: 'the customer asked to wait for their board meeting' } },
    errors: [400, 403, 404],
  }),
  acting({
    method: 'post',
    path: '/deals/:id/clocks/:clock/resume',
    operationId: 'resumeClock',
    summary: 'Resume a held clock',
    description:
      'Its due time, and its unsent reminders, move later by the time held (working time for a calendar clock). Refused for a clock that is not held. In the timeline as clock.resumed.',
    params: { ...ID_PARAM, ...CLOCK_PARAM },
    roles: ['chief.staff', 'ceo'],
    exampleRole: 'chief.staff',
    errors: [400, 403, 404],
  }),
  acting({
    method: 'post',
    path: '/deals/:id/delivery/start',
    operationId: 'startDelivery',
    summary: 'Start the Assessment™ delivery',
    description: 'Refused unless the packet is acknowledged, the SOW signed and customer.success has a live agent (a recent heartbeat or an activation).',
    roles: ['customer.success'],
    exampleRole: 'customer.success',
    errors: [400, 403, 404],
  }),
  acting({
    method: 'post',
    path: '/deals/:id/delivery/done',
    operationId: 'finishDelivery',
    summary: 'Record the Assessment™ delivered',
    roles: ['customer.success'],
    exampleRole: 'customer.success',
    errors: [400, 403, 404],
  }),
];
