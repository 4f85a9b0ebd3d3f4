import type { Sink } from './sink.js';

/**
 * Without a Slack token the message is stored and shown as delivered, so the whole SOP
 * runs on one laptop; `baton messages` is where people read it.
 */
export function builtinSlackSink(): Sink {
  return {
    async send(message) {
      return { externalId: `builtin:${message.id}` };
    },
  };
}
