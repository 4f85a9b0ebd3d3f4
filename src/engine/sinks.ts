import { builtinBoardSink } from '../adapters/builtin-board.js';
import { builtinSlackSink } from '../adapters/builtin-slack.js';
import { mondaySink } from '../adapters/monday.js';
import type { Sinks } from '../adapters/sink.js';
import { slackSink } from '../adapters/slack.js';
import type { BatonConfig } from '../config.js';
import type { Store } from '../store/index.js';

/**
 * A token that is set switches its channel from the built-in sink to the real service
 * (SPEC §11); without tokens the whole SOP runs on one laptop.
 */
export function sinksFor(config: BatonConfig, store: Store): Sinks {
  const slack = config.slack.botToken
    ? slackSink({ token: config.slack.botToken, apiUrl: config.slack.apiUrl, roles: config.roles })
    : builtinSlackSink();
  const board = config.monday.token
    ? mondaySink({
        token: config.monday.token,
        apiUrl: config.monday.apiUrl,
        apiVersion: config.monday.apiVersion,
        boardId: config.monday.deliveryBoardId,
        columns: config.monday.deliveryColumns,
        ownerId: config.roles['customer.success']?.monday,
        store,
      })
    : builtinBoardSink(store);
  return { slack, board };
}
