import type { Store } from '../store/index.js';
import { insertDeliveryItem } from '../store/index.js';
import type { DeliveryItem } from '../domain/types.js';
import type { Sink } from './sink.js';

/** Without monday.com, the delivery board is a table in Baton's own store. */
export function builtinBoardSink(store: Store): Sink {
  return {
    async send(message, now) {
      const item = (message.payload as { item: DeliveryItem }).item;
      const row = await insertDeliveryItem(store.db, message.dealId, item, undefined, now);
      return { externalId: `builtin-board:${row.id}` };
    },
  };
}
