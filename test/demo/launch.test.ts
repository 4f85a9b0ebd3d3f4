import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { launch, type Launched, type LaunchOptions } from '../../src/demo/launch.js';
import { rowIds } from '../support/dashboard.js';

/** `npm start` in-process: init when needed, the sample deals in an empty store, the address printed. */

const NOW = Date.parse('2026-11-26T15:00:00Z');
let dir: string | undefined;
let running: Launched | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function options(cwd: string, env: Record<string, string | undefined> = {}): LaunchOptions & { printed: string[]; logged: string[] } {
  const printed: string[] = [];
  const logged: string[] = [];
  return { cwd, env, argv: ['--port', '0'], out: (l) => printed.push(l), err: (l) => logged.push(l), wallClock: () => NOW, printed, logged };
}

describe('npm start (src/demo/start.ts)', () => {
  it('runs baton init in a folder without a config, loads the sample deals into the empty store, and prints the dashboard address', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'baton-start-'));
    const opts = options(dir);
    running = await launch(opts);
    expect(existsSync(path.join(dir, 'baton.config.yaml'))).toBe(true);
    expect(existsSync(path.join(dir, 'baton.db'))).toBe(true);
    expect(opts.printed[0]).toBe(`Baton dashboard: ${running.url}/`);
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.demo).toEqual(['globex', 'initech', 'northwind', 'umbrella', 'stark']);

    // From this machine, without a token: the socket is loopback.
    const list = await (await fetch(`${running.url}/`)).text();
    expect(rowIds(list).sort()).toEqual(['globex', 'initech', 'northwind', 'stark', 'umbrella']);
    expect(list).toMatch(/<tr data-deal="globex">[\s\S]*?data-clock="packet" data-status="due-soon"/);
    expect(list).toMatch(/<tr data-deal="initech">[\s\S]*?data-clock="acknowledgement" data-status="overdue"/);
    expect(list).toMatch(/<tr data-deal="northwind">[\s\S]*?badge state-in-delivery/);
    expect(list).toMatch(/<tr data-deal="stark">[\s\S]*?badge state-delivered/);
    const initech = await (await fetch(`${running.url}/handoffs/initech`)).text();
    expect(initech).toContain('escalated to chief.staff');
    expect(initech).toContain('escalated to ceo');
    const umbrella = await (await fetch(`${running.url}/handoffs/umbrella`)).text();
    expect(umbrella).toMatch(/data-kind="announcement"[\s\S]*?data-field="message-state">failed</);

    // A second start finds the config and a store with deals: nothing is loaded again.
    await running.stop();
    const again = options(dir);
    running = await launch(again);
    expect(running.demo).toEqual([]);
    expect(again.logged.join('\n')).not.toContain('running baton init');
  });

  it('loads no sample deals with BATON_DEMO=0, nor when Slack is configured', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'baton-start-'));
    running = await launch(options(dir, { BATON_DEMO: '0' }));
    expect(running.demo).toEqual([]);
    await running.stop();
    const slack = options(dir, { SLACK_BOT_TOKEN: 'xoxb-test' });
    running = await launch(slack);
    expect(running.demo).toEqual([]);
    expect(slack.logged.join('\n')).toContain('no sample deals are loaded because Slack or monday.com is configured');
  });
});
