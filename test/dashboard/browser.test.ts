import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/serve.js';
import { listMessages } from '../../src/store/index.js';
import { TOKENS } from '../support/http.js';
import { openDashboard, seedFour, type DashboardWorld } from '../support/dashboard.js';

/**
 * The dashboard in headless Debian chromium (playwright-core), against `startServer` on a
 * free port: what a person sees and clicks. Screenshots go to test-artifacts/. No sleeps:
 * every step waits for a selector.
 *
 * Without /usr/bin/chromium the suite is skipped with a warning on a workstation, and fails
 * under CI (install it: apt-get install -y chromium).
 */

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-artifacts');
const inCi = Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && !inCi) console.warn(`${CHROMIUM} is missing: skipping the dashboard browser tests (apt-get install -y chromium runs them; with CI set they fail instead)`);

describe.skipIf(!haveChromium && !inCi)('the dashboard in chromium', () => {
  let d: DashboardWorld;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`${CHROMIUM} is missing; install it with: apt-get update && apt-get install -y chromium`);
    mkdirSync(ARTIFACTS, { recursive: true });
    d = await openDashboard();
    await seedFour(d);
    // No isLocal is injected: the real socket says 127.0.0.1, so no token is needed to read.
    server = await startServer(d.world.engine, { port: 0, host: '127.0.0.1', now: () => d.world.now, log: (l) => d.world.logs.push(l), env: d.world.env });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.setDefaultTimeout(15_000);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await d?.world.close();
  });

  it('the list shows an overdue clock as overdue (red bar, "overdue by")', async () => {
    await page.goto(`${server.url}/`);
    const clock = page.locator('tr[data-deal="acme"] [data-clock="packet"]');
    await clock.waitFor();
    expect(await clock.getAttribute('data-status')).toBe('overdue');
    expect(await clock.locator('.clock-words').textContent()).toBe('overdue by 1 d 4 h');
    const fill = await clock.locator('.fill').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(fill).toBe('rgb(229, 62, 62)');
    expect(await page.locator('tr[data-deal="hooli"] [data-clock="packet"]').getAttribute('data-status')).toBe('due-soon');
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-handoffs.png'), fullPage: true });

    await page.click('a[data-filter="overdue"]');
    await page.waitForSelector('a.active[data-filter="overdue"]');
    expect(await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-deal')))).toEqual(['initech', 'globex', 'acme']);
  });

  it('the detail page shows the timeline, the escalation and the packet', async () => {
    await page.goto(`${server.url}/`);
    await page.click('a[href="/handoffs/globex"]');
    await page.waitForSelector('#timeline tr[data-event="handoff.started"]');
    expect(await page.locator('h1').textContent()).toContain('Globex Corporation');
    const packetDone = page.locator('#timeline tr[data-event="clock.done"]').first();
    expect(await packetDone.textContent()).toContain('1 h 00 min late');
    await page.waitForSelector('[data-escalation="escalation.chief-staff"]');
    expect(await page.locator('#packet').textContent()).toContain('Filed by: cro — 2026-11-26 12:00 UTC');
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-handoff.png'), fullPage: true });
  });

  it('the Retry button requeues a failed message: failed, then queued or delivered after the click', async () => {
    const failed = (await listMessages(d.world.engine.store.db, { dealId: 'initech' })).find((m) => m.kind === 'announcement');
    expect(failed?.state).toBe('failed');
    await page.goto(`${server.url}/handoffs/initech`);
    const row = page.locator(`tr[data-message="${failed!.id}"]`);
    await row.waitFor();
    expect(await row.locator('[data-field="message-state"]').textContent()).toBe('failed');

    await row.locator('input[name="token"]').fill(TOKENS.cro);
    await row.locator('button[type="submit"]').click();
    await page.waitForSelector('p.flash');
    expect(page.url()).toBe(`${server.url}/handoffs/initech?retried=${failed!.id}#message-${failed!.id}`);
    const state = await page.locator(`tr[data-message="${failed!.id}"] [data-field="message-state"]`).textContent();
    expect(['queued', 'delivered']).toContain(state);
    expect(['queued', 'delivered']).toContain((await listMessages(d.world.engine.store.db)).find((m) => m.id === failed!.id)?.state);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-retry.png'), fullPage: true });
  });

  it('the health report draws its charts', async () => {
    await page.goto(`${server.url}/report`);
    // A bar with a count is visible; an empty bucket has no height.
    await page.waitForSelector('svg#chart-packet rect.within[data-count="1"]');
    await page.waitForSelector('svg#chart-packet rect.beyond[data-count="1"]');
    await page.waitForSelector('svg#chart-acknowledgement rect.within[data-count="1"]');
    await page.waitForSelector('svg#chart-weekly rect.rate');
    await page.waitForSelector('#agents tr[data-role="customer.success"]');
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-health.png'), fullPage: true });
  });
});
