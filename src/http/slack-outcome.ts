import { ACK_ACTION } from '../adapters/slack-blocks.js';
import { fitSlackText, SLACK_LIMITS } from '../domain/slack-limits.js';
import { slackEscape } from '../domain/slack-text.js';
import type { SlackResponse } from './slack-respond.js';

/**
 * What a click on the Acknowledge button turns its message into: the original message, as
 * the payload gives it (`payload.message`: its text and blocks), minus the button, plus a
 * line saying who acknowledged and when. An ephemeral note, seen only by the clicker,
 * says why a click changed nothing.
 */

const USER_ID = /^[UW][A-Z0-9]+$/;

/** `✅ Acknowledged by <@U…> — 2026-11-26 09:30 UTC`; a user id that is not one is written as text. */
export function acknowledgedLine(userId: string, at: string): string {
  const who = USER_ID.test(userId) ? `<@${userId}>` : slackEscape(userId);
  return `✅ Acknowledged by ${who} — ${at}`;
}

/** The ephemeral reply to the clicker alone; the original message stays as it is. */
export function refusal(text: string): SlackResponse {
  return { response_type: 'ephemeral', replace_original: false, text };
}

/**
 * `replace_original` with the original message minus its Acknowledge button, plus `line` in
 * a context block (and at the end of the text). A message with no blocks left gets its text
 * as a section, so that the replacement still shows it. `whole` is where a text cut to fit
 * can be read in full.
 */
export function acknowledgedMessage(original: unknown, line: string, whole: string): SlackResponse {
  const message = isRecord(original) ? original : {};
  const text = typeof message.text === 'string' ? message.text : '';
  const blocks = (Array.isArray(message.blocks) ? message.blocks : []).flatMap(withoutAckButton);
  if (blocks.length === 0 && text.trim() !== '') {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: fitSlackText(text, SLACK_LIMITS.sectionText, whole), verbatim: true } });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: line }] });
  const head = text === '' ? '' : `${fitSlackText(text, SLACK_LIMITS.text - line.length - 1, whole)}\n`;
  return { replace_original: true, text: `${head}${line}`, blocks };
}

/** A block without the Acknowledge button: an actions block left empty goes altogether. */
function withoutAckButton(block: unknown): unknown[] {
  if (!isRecord(block) || block.type !== 'actions' || !Array.isArray(block.elements)) return [block];
  const elements = block.elements.filter((e) => !(isRecord(e) && e.action_id === ACK_ACTION));
  if (elements.length === 0) return [];
  return [{ ...block, elements }];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
