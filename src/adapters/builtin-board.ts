import type { Sink } from './sink.js';

/**
 * Without monday.com, the delivery board is Baton's own: accepting the item is all there is
 * to do, and the dispatcher records it (with this id) like any board's answer.
 */
export function builtinBoardSink(): Sink {
  return {
    async send(message) {
      return { externalId: `builtin-board:${message.dealId}` };
    },
  };
}
