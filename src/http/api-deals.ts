import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Command } from '../domain/commands.js';
import { parseBriefing } from '../domain/briefing.js';
import type { Briefing } from '../domain/types.js';
import { isIsoDate } from '../domain/time.js';
import { isEmail } from '../domain/validate-input.js';
import { currentPolicy, run as runCommand } from '../app/index.js';
import { jsonTimes } from '../views/json-times.js';
import { BatonError, invalid } from '../domain/problem.js';
import { statusJson } from '../views/status.js';
import type { AppEnv } from './auth.js';
import { body, readJson, parseWith } from './body.js';
import type { Deps } from './deps.js';

/**
 * The commands that change a deal, one route each (SPEC §10). The bearer token's role acts;
 * the domain refuses a command the SOP gives to another role (403). Delivery is the serve
 * loop's job: a route records, wakes the loop, and answers at once.
 */

const optionalText = z.string().trim().min(1).optional();

/** `Y — they liked the benchmark` / `N`, as the packet's Briefing™ line reads (as the CLI). */
const briefingText = z.string().transform((text, ctx): Briefing => {
  const briefing = parseBriefing(text);
  if (!briefing) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${text}" does not say Y or N` });
    return z.NEVER;
  }
  return briefing;
});

export const dealBody = z
  .object({
    company: z.string().trim().min(1, 'is empty'),
    contact: z
      .object({
        name: optionalText,
        title: optionalText,
        email: z.string().trim().refine(isEmail, 'is not an e-mail address').optional(),
        phone: optionalText,
      })
      .strict()
      .default({}),
    origin: optionalText,
    briefing: z.union([z.object({ delivered: z.boolean(), response: optionalText }).strict(), briefingText]).optional(),
  })
  .strict();

const DEAL_FIXES = {
  company: 'send "company": "Company name"',
  contact: 'send "contact": { "name": "...", "title": "...", "email": "name@company.com", "phone": "..." }',
  'contact.name': 'send the contact name as text',
  'contact.title': 'send the contact title as text',
  'contact.email': 'send an address such as "name@company.com"',
  'contact.phone': 'send the phone number as text',
  origin: 'send "origin": "how they came into the pipeline"',
  briefing: 'send "briefing": { "delivered": true, "response": "what they responded to" } or "briefing": "Y — what they responded to" / "N"',
};

/** `deal update`: a field given is set; "" clears an optional one. */
export const updateBody = z
  .object({
    company: z.string().optional(),
    contact: z.object({ name: z.string().optional(), title: z.string().optional(), email: z.string().optional(), phone: z.string().optional() }).strict().optional(),
    origin: z.string().optional(),
  })
  .strict();

export const stageBody = z.object({ stage: z.string().trim().min(1, 'is empty') }).strict();
const STAGE_FIXES = { stage: 'send "stage": one of lead, qualified, proposal, negotiation, closed-won, closed-lost' };

export const commitBody = z
  .object({
    type: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.enum(['written', 'verbal'])),
    sowExpected: z.string().trim().refine(isIsoDate, 'is not a date YYYY-MM-DD').optional(),
  })
  .strict();
const COMMIT_FIXES = {
  type: 'send "type": "written" (SOW signed) or "verbal"',
  sowExpected: 'send "sowExpected": "YYYY-MM-DD", the expected SOW signature date (verbal only)',
};

export const holdBody = z.object({ reason: z.string().trim().min(1, 'is empty') }).strict();
const HOLD_FIXES = { reason: 'send "reason": "why the clock is held, e.g. the customer asked to wait"' };

export const noteBody = z.object({ text: z.string().trim().min(1, 'is empty') }).strict();
const NOTE_FIXES = { text: 'send "text": "what was said, in a sentence"' };

export const packetBody = z.object({ text: z.string().min(1, 'is empty') }).strict();
const PACKET_FIXES = { text: 'send the filled packet as "text" (JSON), or the packet itself with Content-Type: text/plain' };

/** The packet: text/plain (or markdown) is the packet itself; JSON carries it as `text`. */
async function packetText(c: Context): Promise<string> {
  const type = c.req.header('content-type') ?? '';
  if (/^text\/(plain|markdown)/i.test(type)) {
    const text = await c.req.text();
    if (text.trim() === '') throw invalid('body', 'the packet is empty', PACKET_FIXES.text);
    return text;
  }
  return parseWith(packetBody, await readJson(c), PACKET_FIXES).text;
}

export function dealRoutes(deps: Deps): Hono<AppEnv> {
  const api = new Hono<AppEnv>();

  /** One command, one transaction; the answer mirrors `--json` of the CLI. */
  const run = async (c: Context<AppEnv>, command: Command, extra?: (state: Awaited<ReturnType<typeof runCommand>>['state']) => Record<string, unknown>) => {
    const id = c.req.param('id') ?? '';
    const result = await runCommand(deps.engine, id, command, { now: deps.now(), actor: c.get('role') });
    if (result.events.length > 0) deps.wake();
    return c.json({
      changed: result.events.length > 0,
      events: jsonTimes(result.events),
      ...(extra ? extra(result.state) : {}),
      status: result.state ? statusJson(result.state, deps.now(), currentPolicy(deps.engine)) : null,
    });
  };

  api.post('/deals/:id', async (c) => {
    const b = await body(c, dealBody, DEAL_FIXES);
    return run(c, { type: 'deal.add', company: b.company, contact: b.contact, ...(b.origin ? { origin: b.origin } : {}), ...(b.briefing ? { briefing: b.briefing } : {}) });
  });
  api.patch('/deals/:id', async (c) => {
    const b = await body(c, updateBody, DEAL_FIXES);
    const changes = {
      ...(b.company !== undefined ? { company: b.company } : {}),
      ...(b.contact ? { contact: b.contact } : {}),
      ...(b.origin !== undefined ? { origin: b.origin } : {}),
    };
    return run(c, { type: 'deal.update', changes });
  });
  api.post('/deals/:id/stage', async (c) => run(c, { type: 'deal.stage', stage: (await body(c, stageBody, STAGE_FIXES)).stage }));
  api.post('/deals/:id/commit', async (c) => {
    const b = await body(c, commitBody, COMMIT_FIXES);
    return run(c, { type: 'deal.commit', commitment: b.type, ...(b.sowExpected !== undefined ? { sowExpected: b.sowExpected } : {}) });
  });
  api.post('/deals/:id/notes', async (c) => run(c, { type: 'deal.note', text: (await body(c, noteBody, NOTE_FIXES)).text }));
  api.post('/deals/:id/packet', async (c) =>
    run(c, { type: 'packet.file', text: await packetText(c) }, (state) => ({ path: state?.handoff?.packetPath ?? null, revision: state?.handoff?.packet?.revision ?? null })),
  );
  api.post('/deals/:id/ack', (c) => run(c, { type: 'ack' }));
  api.post('/deals/:id/sow/sent', (c) => run(c, { type: 'sow.sent' }));
  api.post('/deals/:id/sow/signed', (c) => run(c, { type: 'sow.signed' }));
  api.post('/deals/:id/delivery/start', (c) => run(c, { type: 'delivery.start' }));
  api.post('/deals/:id/delivery/done', (c) => run(c, { type: 'delivery.done' }));
  // SPEC §15: the same commands as holdClock/resumeClock in src/app/holds.ts.
  api.post('/deals/:id/clocks/:clock/hold', async (c) => run(c, { type: 'clock.hold', clock: c.req.param('clock') ?? '', reason: (await body(c, holdBody, HOLD_FIXES)).reason }));
  api.post('/deals/:id/clocks/:clock/resume', (c) => run(c, { type: 'clock.resume', clock: c.req.param('clock') ?? '' }));
  return api;
}
