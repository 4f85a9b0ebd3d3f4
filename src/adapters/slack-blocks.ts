import type { StoredMessage } from '../store/index.js';

/**
 * The request to acknowledge gets an Acknowledge button; `baton serve` accepts its click
 * only from the Slack user mapped to customer.success. Other messages are plain text.
 * The text is already escaped, and `verbatim` keeps Slack from linkifying it.
 */
export function slackBlocks(message: StoredMessage): { blocks?: unknown[] } {
  if (message.kind !== 'ack-request') return {};
  return {
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: message.text.slice(0, 3000), verbatim: true } },
      {
        type: 'actions',
        block_id: 'baton_ack',
        elements: [
          {
            type: 'button',
            action_id: 'baton_ack',
            style: 'primary',
            text: { type: 'plain_text', text: 'Acknowledge' },
            value: message.dealId,
          },
        ],
      },
    ],
  };
}
