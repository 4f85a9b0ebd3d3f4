import { afterEach, describe, expect, it } from 'vitest';
import { activate, heartbeat } from '../../src/app/index.js';
import { T0 } from '../support/http.js';
import { get, openDashboard, seedFour, type DashboardWorld } from '../support/dashboard.js';

// SPEC §13: org-level events are on the dashboard too, and the list says who must act.

let d: DashboardWorld | undefined;
afterEach(async () => {
  await d?.world.close();
  d = undefined;
});

describe('the audit page (/audit)', () => {
  it('SOP-5b shows heartbeats and the ceo activation, newest first, as baton audit words them', async () => {
    d = await openDashboard();
    d.local.value = true;
    await heartbeat(d.world.engine, 'customer.success', { now: T0, actor: 'customer.success' });
    await activate(d.world.engine, 'customer.success', { now: T0 + 60_000, actor: 'ceo' });
    d.world.now = T0 + 120_000;
    const page = await get(d, '/audit');
    expect(page.status).toBe(200);
    const rows = [...page.html.matchAll(/<tr data-event="([^"]+)">.*?<td>([^<]+)<\/td><\/tr>/g)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual([
      ['agent.activated', 'customer.success activated manually'],
      ['agent.heartbeat', 'heartbeat: customer.success'],
    ]);
  });

  it('lists who each handoff waits on instead of an owner', async () => {
    d = await openDashboard();
    await seedFour(d);
    d.local.value = true;
    const page = await get(d, '/');
    const waiting = [...page.html.matchAll(/data-field="waiting-on">([a-z.]+|<span class="muted">nobody)/g)].map((m) => m[1]);
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.every((w) => ['cro', 'customer.success', 'chief.staff', 'ceo', '<span class="muted">nobody'].includes(w ?? ''))).toBe(true);
    expect(new Set(waiting).size).toBeGreaterThan(1);
  });
});
