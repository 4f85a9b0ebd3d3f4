import { fitSlackText, SLACK_LIMITS } from '../domain/slack-limits.js';
import type { StoredMessage } from '../store/index.js';

/** The action id of the Acknowledge button; `baton serve` answers its click (`http/slack.ts`). */
export const ACK_ACTION = 'baton_ack';

/**
 * What `chat.postMessage` gets besides the channel and the metadata: the text, cut to Slack's
 * limit at a safe point with a pointer to `whole` (the handoff's dashboard page), and for
 * the request to acknowledge an Acknowledge button under a section holding the text (cut to
 * the section's own limit). `baton serve` accepts the click only from the Slack user mapped
 * to customer.success. The text is already escaped, and `verbatim` keeps Slack from
 * linkifying it. Other messages are plain text.
 */
export function slackContent(message: StoredMessage, whole: string): { text: string; blocks?: unknown[] } {
  const text = fitSlackText(message.text, SLACK_LIMITS.text, whole);
  if (message.kind !== 'ack-request') return { text };
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: fitSlackText(message.text, SLACK_LIMITS.sectionText, whole), verbatim: true } },
      {
        type: 'actions',
        block_id: ACK_ACTION,
        elements: [
          {
            type: 'button',
            action_id: ACK_ACTION,
            style: 'primary',
            text: { type: 'plain_text', text: 'Acknowledge' },
            value: message.dealId,
          },
        ],
      },
    ],
  };
}
