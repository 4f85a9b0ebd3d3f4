import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { dealState, packetDraft, summaryText } from '../app/index.js';
import { BATON_LABELS, PACKET_LABELS, SOP_PLACEHOLDER } from '../domain/packet/template.js';
import { localDateTime } from '../domain/time.js';
import type { ToolContext } from './tool.js';

/**
 * Prompts an agent host can offer its user: `file_packet` (the cro's packet, with the draft,
 * what each field needs and how to file it) and `daily_summary` (chief.staff's section of
 * the CEO Daily Summary, read without filing, and how to file it).
 */

type PromptContext = Pick<ToolContext, 'engine' | 'now'>;

const FIELD_LINE = /^([^:\n]+): ?(.*)$/;

/** What each field of the draft needs: pre-filled ones to check, placeholders to write. */
export function fieldGuide(draft: string): string[] {
  const values = new Map<string, string>();
  for (const line of draft.split('\n')) {
    const m = FIELD_LINE.exec(line);
    if (m?.[1] && (PACKET_LABELS as readonly string[]).includes(m[1])) values.set(m[1], m[2] ?? '');
  }
  return PACKET_LABELS.filter((label) => !BATON_LABELS.includes(label)).map((label) => {
    const value = values.get(label) ?? '';
    if (/\{[^{}]*\}/.test(value)) return `- ${label}: to write. The SOP asks for ${SOP_PLACEHOLDER[label]}; replace every {...} (write "None" if there is truly nothing to say).`;
    return `- ${label}: pre-filled from the board as "${value}"; keep it unless it is wrong (company and contact must agree with the board: mend the board with deal_update).`;
  });
}

export function registerPrompts(server: McpServer, ctx: PromptContext): void {
  server.registerPrompt(
    'file_packet',
    {
      title: 'File the Handoff Packet',
      description: "The cro's Handoff Packet for one closed deal: the pre-filled draft, what each field needs, and how to file it with packet_file.",
      argsSchema: { id: z.string().describe('The deal id (status lists the handoffs).') },
    },
    async ({ id }) =>
      ctx.engine(async (engine) => {
        const state = await dealState(engine, id);
        const draft = await packetDraft(engine, id);
        const due = state.handoff?.clocks.packet;
        const tz = engine.config.org.timezone;
        const text = [
          `You are the cro's agent. File the Assessment™ Handoff Packet for deal "${id}" (${state.deal.company}).`,
          due
            ? `The packet clock is ${due.state}; it is due ${localDateTime(due.dueAt, tz)}.`
            : 'The deal has no handoff yet: it needs stage closed-won (deal_stage) and a commitment (deal_commit) first.',
          '',
          'The draft, pre-filled from the Prospects board:',
          '',
          draft,
          '',
          'What each field needs:',
          ...fieldGuide(draft),
          '- Filed by, Acknowledged by: leave them; Baton signs them.',
          '',
          'How to file:',
          `1. Write the whole packet: every "Label: value" line of the draft, in the same order, with every {...} replaced. A value may continue on lines indented by two spaces.`,
          `2. Call packet_file with {"id": "${id}", "text": <the whole packet>}.`,
          '3. If it is refused, the answer lists every problem as "field: message. Fix: ..." (the field is the packet label): mend them all and call packet_file again. Nothing is written until it is accepted.',
          '4. Once filed, Baton announces the deal in #exec-checkins and asks customer.success to acknowledge within 24 hours; check with status.',
        ].join('\n');
        return { description: `File the Handoff Packet for ${state.deal.company}`, messages: [{ role: 'user' as const, content: { type: 'text' as const, text } }] };
      }),
  );

  server.registerPrompt(
    'daily_summary',
    {
      title: 'CEO Daily Summary',
      description: "chief.staff's section of the CEO Daily Summary for one day (KEY COMPLETIONS TODAY, NEEDS ATTENTION), read without filing, and how to file it.",
      argsSchema: { date: z.string().optional().describe('The org-local day, YYYY-MM-DD; default today.') },
    },
    async ({ date }) =>
      ctx.engine(async (engine) => {
        const summary = await summaryText(engine, date, ctx.now());
        const text = [
          `You are chief.staff's agent. Here is Baton's section of the CEO Daily Summary for ${summary.date}, built from the record:`,
          '',
          summary.text,
          'Review it: for each NEEDS ATTENTION line, say who must act and what they should do (the status and timeline tools give the detail).',
          `Then file it by calling the summary tool with {"date": "${summary.date}"}: Baton writes ${summary.path} and records that it was filed (only chief.staff or the ceo may).`,
        ].join('\n');
        return { description: `CEO Daily Summary for ${summary.date}`, messages: [{ role: 'user' as const, content: { type: 'text' as const, text } }] };
      }),
  );
}
