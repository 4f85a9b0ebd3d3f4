import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { draftPacket } from '../../src/domain/packet/draft.js';
import type { Actor, Contact } from '../../src/domain/types.js';
import type { Command } from '../../src/domain/commands.js';
import { dispatch, type DispatchReport } from '../../src/engine/dispatcher.js';
import { closeEngine, openEngine, type Engine } from '../../src/engine/engine.js';
import { execute } from '../../src/engine/execute.js';
import { fireDueClocks } from '../../src/engine/scheduler.js';
import { listMessages, loadDeal, type StoredMessage } from '../../src/store/index.js';
import { fillPacket } from './domain.js';

/**
 * Baton's real engine on a temporary SQLite file, with the Slack and monday.com sinks built
 * from the configuration exactly as `baton` builds them: tokens and API URLs come from the
 * environment given to `parseConfig`, pointing at the fakes. Time is injected: every
 * command and every dispatch runs at a `now` the test chooses.
 */

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
/** A Thursday morning in UTC. */
export const T0 = Date.parse('2026-11-26T09:00:00.000Z');

export const SLACK_TOKEN = 'xoxb-baton-adapter-tests';
export const MONDAY_TOKEN = 'monday-adapter-test-token';
export const CHANNEL_ID = 'C0EXEC';
export const CRO_SLACK = 'U0CRO';
export const CS_SLACK = 'U0CS';
export const CS_MONDAY = 222;
export const CRO_MONDAY = 111;
export const DELIVERY_BOARD = 456;

export const CONTACT: Contact = { name: 'Ana Ruiz', title: 'VP Partnerships', email: 'ana@acme.example' };

const CONFIG = `
org: { name: "Test Org", timezone: "UTC" }
roles:
  cro: { slack: "${CRO_SLACK}", monday: ${CRO_MONDAY} }
  customer.success: { slack: "${CS_SLACK}", monday: ${CS_MONDAY} }
  chief.staff: { slack: "U0COS" }
  ceo: { slack: "U0CEO" }
slack: { channel: "#exec-checkins" }
monday: { prospectsBoardId: 123, deliveryBoardId: ${DELIVERY_BOARD} }
`;

export interface WorldOptions {
  /** The fake Slack's `url`; with `slackToken` (default SLACK_TOKEN) it switches Slack on. */
  slackUrl?: string;
  /** The fake monday's `url`; with `mondayToken` (default MONDAY_TOKEN) it switches monday.com on. */
  mondayUrl?: string;
  /** `null`: leave the token unset even though the URL is set. */
  slackToken?: string | null;
  mondayToken?: string | null;
  /** Extra environment, e.g. `BATON_HTTP_TIMEOUT_MS`. */
  env?: Record<string, string>;
}

export class World {
  constructor(
    readonly engine: Engine,
    readonly dir: string,
  ) {}

  run(dealId: string, command: Command, now: number, actor: Actor = 'cro') {
    return execute(this.engine, dealId, command, { now, actor });
  }

  /** A deal added, committed and moved to Closed-won: the handoff starts at `at`. */
  async closeDeal(id: string, opts: { company?: string; at?: number; commitment?: 'written' | 'verbal' } = {}): Promise<void> {
    const at = opts.at ?? T0;
    await this.run(id, { type: 'deal.add', company: opts.company ?? 'Acme Analytics', contact: CONTACT, origin: 'Partner referral' }, at - 2 * HOUR);
    const commit: Command =
      opts.commitment === 'verbal' ? { type: 'deal.commit', commitment: 'verbal', sowExpected: '2026-12-01' } : { type: 'deal.commit', commitment: 'written' };
    await this.run(id, commit, at - HOUR);
    await this.run(id, { type: 'deal.stage', stage: 'Closed-won' }, at);
  }

  /** The cro files the drafted packet with every placeholder filled. */
  async filePacket(id: string, at: number): Promise<void> {
    const loaded = await loadDeal(this.engine.store.db, id);
    if (!loaded) throw new Error(`no deal ${id}`);
    const { config } = this.engine;
    const text = fillPacket(draftPacket(loaded.state, { policy: config.policy, timezone: config.org.timezone }));
    expect(text).not.toMatch(/\{[^{}]*\}/);
    await this.run(id, { type: 'packet.file', text }, at);
  }

  /** Closed at T0 and packet filed 30 min later: the announcement and the ack request are queued. */
  async filedDeal(id: string, opts: { company?: string; at?: number; commitment?: 'written' | 'verbal' } = {}): Promise<number> {
    await this.closeDeal(id, opts);
    const filedAt = (opts.at ?? T0) + 30 * MINUTE;
    await this.filePacket(id, filedAt);
    return filedAt;
  }

  ack(id: string, at: number) {
    return this.run(id, { type: 'ack' }, at, 'customer.success');
  }

  dispatch(now: number): Promise<DispatchReport> {
    return dispatch(this.engine, now);
  }

  fireDueClocks(now: number) {
    return fireDueClocks(this.engine, now);
  }

  messages(): Promise<StoredMessage[]> {
    return listMessages(this.engine.store.db);
  }

  async message(key: string): Promise<StoredMessage> {
    const found = (await this.messages()).find((m) => m.key === key);
    if (!found) throw new Error(`no message with key ${key}; keys: ${(await this.messages()).map((m) => m.key).join(', ')}`);
    return found;
  }

  async close(): Promise<void> {
    await closeEngine(this.engine);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function openWorld(opts: WorldOptions = {}): Promise<World> {
  const dir = mkdtempSync(path.join(tmpdir(), 'baton-adapters-'));
  const env: Record<string, string> = { ...opts.env };
  if (opts.slackUrl) {
    env.BATON_SLACK_API_URL = opts.slackUrl;
    if (opts.slackToken !== null) env.SLACK_BOT_TOKEN = opts.slackToken ?? SLACK_TOKEN;
  }
  if (opts.mondayUrl) {
    env.BATON_MONDAY_API_URL = opts.mondayUrl;
    if (opts.mondayToken !== null) env.MONDAY_API_TOKEN = opts.mondayToken ?? MONDAY_TOKEN;
  }
  const config = parseConfig(CONFIG, { path: path.join(dir, 'baton.config.yaml'), env, cwd: dir });
  const engine = await openEngine(config);
  return new World(engine, dir);
}
