import { builtinBoardSink } from '../adapters/builtin-board.js';
import { builtinSlackSink } from '../adapters/builtin-slack.js';
import type { Sink, Sinks } from '../adapters/sink.js';
import type { BatonConfig } from '../config/config.js';
import type { Store } from '../store/index.js';

/**
 * A token that is set switches its channel from the built-in sink to the real service
 * (SPEC §11); without tokens the whole SOP runs on one laptop. The clients are loaded only
 * when a token asks for them, so that a command on the built-in sinks starts fast.
 */
export async function sinksFor(config: BatonConfig, store: Store): Promise<Sinks> {
  return { slack: await slackFor(config), board: await boardFor(config, store) };
}

async function slackFor(config: BatonConfig): Promise<Sink> {
  const token = config.slack.botToken;
  if (!token) return builtinSlackSink();
  const [{ slackSink }, { Pacer }] = await Promise.all([import('../adapters/slack.js'), import('../adapters/pacer.js')]);
  return slackSink({
    token,
    apiUrl: config.slack.apiUrl,
    roles: config.roles,
    timeoutMs: config.httpTimeoutMs,
    pacer: new Pacer(config.slack.postIntervalMs),
    ...(config.publicUrl ? { dashboardUrl: config.publicUrl } : {}),
  });
}

async function boardFor(config: BatonConfig, store: Store): Promise<Sink> {
  const token = config.monday.token;
  if (!token) return builtinBoardSink();
  const { mondaySink } = await import('../adapters/monday.js');
  return mondaySink({
    token,
    apiUrl: config.monday.apiUrl,
    apiVersion: config.monday.apiVersion,
    boardId: config.monday.deliveryBoardId,
    columns: config.monday.deliveryColumns,
    ownerId: config.roles['customer.success']?.monday,
    timeoutMs: config.httpTimeoutMs,
  });
}
