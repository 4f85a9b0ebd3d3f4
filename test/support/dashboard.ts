import { DeliveryError, type Sink } from '../../src/adapters/sink.js';
import type { IsLocal } from '../../src/dashboard/access.js';
import { createApp } from '../../src/http/app.js';
import { CONTACT, HOUR, T0, closeDeal, filePacket, openWorld, type World } from './http.js';

/**
 * The dashboard's test world: the http tests' engine and API (to set deals up as users do),
 * plus a second app on the same engine whose "is this request local?" answer the test picks.
 */

export const VIEWER_TOKEN = 'tok-viewer-0123456789';

/** A Slack sink that refuses (for good, not retryable) while `failing` is on. */
export function switchableSlack(): { sink: Sink; state: { failing: boolean; sent: string[] } } {
  const state = { failing: false, sent: [] as string[] };
  return {
    state,
    sink: {
      async send(message) {
        if (state.failing) throw new DeliveryError('channel_not_found', false, undefined, false);
        state.sent.push(`${message.dealId}/${message.kind}`);
        return { externalId: `ts-${message.id}` };
      },
    },
  };
}

export interface DashboardWorld {
  world: World;
  slack: ReturnType<typeof switchableSlack>['state'];
  /** The dashboard app; `local` decides what the injected isLocal answers. */
  app: ReturnType<typeof createApp>;
  local: { value: boolean };
}

export async function openDashboard(env: Record<string, string | undefined> = {}): Promise<DashboardWorld> {
  const slack = switchableSlack();
  const world = await openWorld({ BATON_VIEWER_TOKEN: VIEWER_TOKEN, ...env }, { sinks: { slack: slack.sink } });
  const local = { value: false };
  const isLocal: IsLocal = () => local.value;
  const app = createApp(world.engine, { now: () => world.now, wake: () => world.wakes++, env: world.env, log: (l) => world.logs.push(l), isLocal });
  return { world, slack: slack.state, app, local };
}

export async function get(d: DashboardWorld, url: string, headers: Record<string, string> = {}): Promise<{ status: number; html: string; headers: Headers }> {
  const res = await d.app.request(url, { headers });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

export async function tick(world: World): Promise<void> {
  await world.ok('POST', '/api/tick', { as: 'chief.staff' });
}

/**
 * Four handoffs at T0 + 30 h, in the states the dashboard must tell apart:
 * - `acme`: verbal, packet never filed (packet overdue, SOW pending);
 * - `globex`: written, filed an hour late at T0 + 3 h, never acknowledged (acknowledgement
 *   overdue, escalated to chief.staff);
 * - `initech`: written, filed at T0 + 1 h and acknowledged (delivery item); its Slack
 *   messages failed for good, so its announcement clock is overdue;
 * - `hooli`: written, closed at T0 + 28 h 15 min (packet due soon: 15 minutes left of 2 h).
 */
export async function seedFour(d: DashboardWorld): Promise<void> {
  const { world } = d;
  const written = async (id: string, company: string) => {
    await world.ok('POST', `/api/deals/${id}`, { as: 'cro', body: { company, contact: CONTACT } });
    await world.ok('POST', `/api/deals/${id}/commit`, { as: 'cro', body: { type: 'written' } });
    await world.ok('POST', `/api/deals/${id}/stage`, { as: 'cro', body: { stage: 'Closed-won' } });
  };
  world.now = T0;
  await closeDeal(world, 'acme', 'Acme Analytics');
  await written('globex', 'Globex Corporation');
  await written('initech', 'Initech');

  world.now = T0 + HOUR;
  d.slack.failing = true;
  await filePacket(world, 'initech');
  await tick(world);
  d.slack.failing = false;
  world.now = T0 + 2 * HOUR - 60_000;
  await world.ok('POST', '/api/deals/initech/ack', { as: 'customer.success' });
  world.now = T0 + 3 * HOUR;
  await filePacket(world, 'globex');

  world.now = T0 + 28 * HOUR + 15 * 60_000;
  await written('hooli', 'Hooli');

  world.now = T0 + 30 * HOUR;
  await tick(world);
}

/** The rows of the handoffs table, by deal id, in page order. */
export function rowIds(html: string): string[] {
  return [...html.matchAll(/<tr data-deal="([^"]+)"/g)].map((m) => m[1] as string);
}

/** The status the list shows for one clock of one deal (the `data-status` of its bar). */
export function clockStatusIn(html: string, dealId: string, clock: string): string | undefined {
  const row = new RegExp(`<tr data-deal="${dealId}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';
  return new RegExp(`data-clock="${clock}" data-status="([^"]+)"`).exec(row)?.[1];
}
