import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, openDashboard, seedFour, type DashboardWorld } from '../support/dashboard.js';

/** SPEC §15 on the dashboard: the per-role inbox pages and the SLA table of the health page, the API's numbers. */

let d: DashboardWorld;
beforeAll(async () => {
  d = await openDashboard();
  await seedFour(d);
  d.local.value = true;
});
afterAll(() => d.world.close());

const rows = (html: string) => [...html.matchAll(/<tr data-deal="([^"]*)" data-clock="([^"]*)" data-urgency="([^"]*)"/g)].map((m) => [m[1], m[2], m[3]]);

describe('SPEC §15 the inbox pages', () => {
  it("SOP-3a /inbox/cro shows the cro's inbox as the API gives it, most urgent first, with each command", async () => {
    const api = await d.world.ok('GET', '/api/inbox', { as: 'cro' });
    const res = await get(d, '/inbox/cro');
    expect(res.status).toBe(200);
    expect(rows(res.html)).toEqual(api.items.map((i: any) => [i.id ?? '', i.clock ?? '', i.urgency]));
    expect(rows(res.html)[0]).toEqual(['acme', 'packet', 'overdue']);
    expect(rows(res.html).map((r) => r[2])).toContain('due-soon');
    expect(res.html).toContain('baton packet file acme FILE --as cro');
    expect(res.html).toContain('href="/handoffs/acme"');
    // The nav links the inbox from every page.
    expect((await get(d, '/')).html).toContain('href="/inbox"');
  });

  it('SOP-4.4a SOP-5c /inbox/customer.success and /inbox list what customer.success and each role owe', async () => {
    const api = await d.world.ok('GET', '/api/inbox?role=customer.success', { as: 'chief.staff' });
    const res = await get(d, '/inbox/customer.success');
    expect(rows(res.html)).toEqual(api.items.map((i: any) => [i.id ?? '', i.clock ?? '', i.urgency]));
    expect(rows(res.html)).toContainEqual(['globex', 'acknowledgement', 'overdue']);
    // initech is acknowledged with no live customer.success: the delivery gate waits on a heartbeat.
    expect(res.html).toContain('baton agent heartbeat customer.success --as customer.success');

    const all = await get(d, '/inbox');
    expect(all.status).toBe(200);
    for (const role of ['cro', 'customer.success', 'chief.staff', 'ceo', 'sop.manager']) expect(all.html).toContain(`href="/inbox/${role}"`);
    expect((await get(d, '/inbox/nobody')).status).toBe(404);
  });

  it('needs the same access as every dashboard page', async () => {
    d.local.value = false;
    try {
      expect((await get(d, '/inbox/cro')).status).toBe(401);
    } finally {
      d.local.value = true;
    }
  });
});

describe('SPEC §15 the health page shows the report', () => {
  it('its SLA table has the numbers of GET /api/report, per clock and per role', async () => {
    const api = await d.world.ok('GET', '/api/report', { as: 'ceo' });
    const res = await get(d, '/report');
    expect(res.status).toBe(200);
    expect(res.html).toContain('id="sla-report"');
    for (const [kind, list, key] of [
      ['clock', api.clocks, 'clock'],
      ['role', api.roles, 'role'],
    ] as const) {
      for (const row of list) {
        const m = new RegExp(`<tr data-sla="${kind}" data-name="${row[key]}">(.*?)</tr>`).exec(res.html);
        expect(m, `${kind} ${row[key]}`).not.toBeNull();
        const cell = (stat: string) => new RegExp(`data-stat="${stat}"[^>]*>([^<]*)<`).exec(m?.[1] ?? '')?.[1]?.trim();
        expect([cell('started'), cell('done'), cell('done-on-time'), cell('open-past-due')]).toEqual([row.started, row.done, row.doneOnTime, row.openPastDue].map(String));
        expect(cell('on-time-rate')).toBe(row.onTimeRate === null ? '–' : `${Math.round(row.onTimeRate * 100)}%`);
      }
    }
    const packet = api.clocks.find((c: any) => c.clock === 'packet');
    expect(packet).toMatchObject({ started: 4, done: 2, doneOnTime: 1, doneLate: 1, openPastDue: 1 });
  });

  it('takes ?from and ?to, and a bad date is a 400 page naming the field', async () => {
    const later = await get(d, '/report?from=2026-12-01&to=2026-12-31');
    expect(later.status).toBe(200);
    expect(later.html).toContain('data-from="2026-12-01" data-to="2026-12-31"');
    const bad = await get(d, '/report?from=2026-02-30');
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('from: &quot;2026-02-30&quot; is not a date');
  });
});
