import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import type { Sinks } from '../../src/adapters/sink.js';
import { closeEngine, openEngine, type Engine } from '../../src/engine/engine.js';
import { createApp } from '../../src/http/app.js';
import { slackSignature } from '../../src/http/slack-verify.js';
import { fillPacket } from './packet.js';

export { fillPacket };

/**
 * A real engine on a temporary SQLite file, the Hono app on top of it, and the calls the
 * tests make through `app.request()` (no socket). Time is `world.now`, moved by the test.
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
/** A Thursday morning in UTC. */
export const T0 = Date.parse('2026-11-26T09:00:00.000Z');

export const TOKENS = {
  cro: 'tok-cro-0123456789',
  'customer.success': 'tok-cs-0123456789',
  'chief.staff': 'tok-cos-0123456789',
  ceo: 'tok-ceo-0123456789',
} as const;
export type TokenRole = keyof typeof TOKENS;

export const SLACK_SECRET = 'slack-signing-secret-for-tests';
export const WEBHOOK_SECRET = 'monday-path-secret-0123456789';
export const PROSPECTS_BOARD = 1771812698;
export const CS_SLACK = 'U0CS';
export const CRO_SLACK = 'U0CRO';

const CONFIG = `
org: { name: "Test Org", timezone: "UTC" }
roles:
  cro: { slack: "${CRO_SLACK}", monday: 111 }
  customer.success: { slack: "${CS_SLACK}", monday: 222 }
  chief.staff: { slack: "U0COS" }
  ceo: { slack: "U0CEO" }
monday: { prospectsBoardId: ${PROSPECTS_BOARD}, deliveryBoardId: 456 }
`;

export const BASE_ENV: Record<string, string> = {
  SLACK_SIGNING_SECRET: SLACK_SECRET,
  BATON_MONDAY_WEBHOOK_SECRET: WEBHOOK_SECRET,
  BATON_TOKEN_CRO: TOKENS.cro,
  BATON_TOKEN_CUSTOMER_SUCCESS: TOKENS['customer.success'],
  BATON_TOKEN_CHIEF_STAFF: TOKENS['chief.staff'],
  BATON_TOKEN_CEO: TOKENS.ceo,
};

export interface Answer {
  status: number;
  json: any;
}

export class World {
  now = T0;
  wakes = 0;
  readonly app: ReturnType<typeof createApp>;
  readonly logs: string[] = [];

  constructor(
    readonly engine: Engine,
    readonly dir: string,
    readonly env: Record<string, string | undefined>,
  ) {
    this.app = createApp(engine, { now: () => this.now, wake: () => this.wakes++, env, log: (l) => this.logs.push(l) });
  }

  /** One API call; `as` picks the bearer token, `body` is sent as JSON (a string as text/plain). */
  async call(method: string, url: string, opts: { as?: TokenRole; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.as) headers.Authorization = `Bearer ${TOKENS[opts.as]}`;
    let body: string | undefined;
    if (typeof opts.body === 'string') {
      headers['Content-Type'] ??= 'text/plain';
      body = opts.body;
    } else if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    const res = await this.app.request(url, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let json: any;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, json };
  }

  /** A call that must answer 200. */
  async ok(method: string, url: string, opts: { as?: TokenRole; body?: unknown } = {}): Promise<any> {
    const res = await this.call(method, url, opts);
    expect(res.status, `${method} ${url} → ${res.status} ${JSON.stringify(res.json)}`).toBe(200);
    return res.json;
  }

  async status(id: string): Promise<any> {
    const [one] = await this.ok('GET', `/api/status/${id}`, { as: 'chief.staff' });
    return one;
  }

  async timeline(id: string): Promise<any[]> {
    return this.ok('GET', `/api/deals/${id}/timeline`, { as: 'chief.staff' });
  }

  /** A request signed the way Slack signs it, at `ts` (default: now). */
  slack(url: string, form: Record<string, string>, opts: { ts?: number; secret?: string; sendBody?: string } = {}): Promise<Answer> {
    const body = new URLSearchParams(form).toString();
    const ts = String(opts.ts ?? Math.floor(this.now / 1000));
    const headers = {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Slack-Request-Timestamp': ts,
      'X-Slack-Signature': slackSignature(opts.secret ?? SLACK_SECRET, ts, body),
    };
    return this.raw('POST', url, opts.sendBody ?? body, headers);
  }

  async raw(method: string, url: string, body: string, headers: Record<string, string>): Promise<Answer> {
    const res = await this.app.request(url, { method, headers, body });
    const text = await res.text();
    let json: any;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, json };
  }

  async close(): Promise<void> {
    await closeEngine(this.engine);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A fresh folder, config, SQLite file and engine; `env` adds to (or, with undefined, removes from) BASE_ENV. */
export async function openWorld(env: Record<string, string | undefined> = {}, opts: { sinks?: Partial<Sinks> } = {}): Promise<World> {
  const dir = mkdtempSync(path.join(tmpdir(), 'baton-http-'));
  const merged: Record<string, string | undefined> = { ...BASE_ENV, ...env };
  const config = parseConfig(CONFIG, { path: path.join(dir, 'baton.config.yaml'), env: merged, cwd: dir });
  const engine = await openEngine(config, opts.sinks ? { sinks: opts.sinks } : {});
  return new World(engine, dir, merged);
}

export const CONTACT = { name: 'Ana Ruiz', title: 'VP Partnerships', email: 'ana@acme.example' };

/** A verbal deal added, committed and closed at T0 by the cro. */
export async function closeDeal(world: World, id: string, company = 'Acme Analytics'): Promise<void> {
  await world.ok('POST', `/api/deals/${id}`, { as: 'cro', body: { company, contact: CONTACT, origin: 'Partner referral' } });
  await world.ok('POST', `/api/deals/${id}/commit`, { as: 'cro', body: { type: 'verbal', sowExpected: '2026-12-01' } });
  await world.ok('POST', `/api/deals/${id}/stage`, { as: 'cro', body: { stage: 'Closed-won' } });
}

/** The draft filled and filed by the cro; returns the packet path. */
export async function filePacket(world: World, id: string): Promise<string> {
  const draft = await world.ok('GET', `/api/deals/${id}/packet/draft`, { as: 'cro' });
  const filled = fillPacket(draft.text);
  expect(filled).not.toMatch(/\{[^{}]*\}/);
  const filed = await world.ok('POST', `/api/deals/${id}/packet`, { as: 'cro', body: filled });
  return filed.path;
}
