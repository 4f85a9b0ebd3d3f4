import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../cli/run.js';

/**
 * `npm run demo`: one sample deal walked through the whole SOP in a fresh temporary
 * workspace, each step printed as the command a user would type and what Baton answered.
 * Time is simulated with --now, so two days pass in a second.
 */
const workspace = mkdtempSync(path.join(os.tmpdir(), 'baton-demo-'));
const out = (text: string) => process.stdout.write(text);
let stdoutOf = '';

async function baton(now: string, ...args: string[]): Promise<string> {
  out(`\n\x1b[1m$ baton ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}\x1b[0m   \x1b[2m(at ${now})\x1b[0m\n`);
  stdoutOf = '';
  const code = await runCli([...args, '--now', now], {
    cwd: workspace,
    env: { ...process.env, BATON_NOW: undefined, BATON_CONFIG: undefined, BATON_ROLE: undefined },
    stdout: (text) => {
      stdoutOf += text;
      out(text);
    },
    stderr: (text) => out(`\x1b[2m${text}\x1b[0m`),
    readStdin: async () => '',
    wallClock: () => Date.parse(now),
  });
  if (code !== 0) out(`\x1b[33m(exit ${code})\x1b[0m\n`);
  return stdoutOf;
}

function heading(text: string): void {
  out(`\n\x1b[1;36m== ${text}\x1b[0m\n`);
}

function show(file: string): void {
  out(`\n\x1b[2m--- ${file}\x1b[0m\n${readFileSync(path.join(workspace, file), 'utf8')}`);
}

heading(`A fresh workspace: ${workspace}`);
await baton('2026-11-26T08:00:00Z', 'init', '--org', 'eco|monetize');

heading('Step 1: the CRO updates the Prospects board (SOP 4.1)');
await baton(
  '2026-11-26T08:05:00Z',
  'deal',
  'add',
  'northwind',
  '--company',
  'Northwind Traders',
  '--contact-name',
  'Dana Whitfield',
  '--contact-title',
  'VP Partnerships',
  '--contact-email',
  'dana@northwind.example',
  '--origin',
  'Inbound from the partner webinar',
  '--briefing',
  'Y — the co-sell benchmark',
);
await baton('2026-11-26T08:06:00Z', 'deal', 'note', 'northwind', '2026-11-20 discovery call: partner-sourced pipeline is flat');
await baton('2026-11-26T09:00:00Z', 'deal', 'commit', 'northwind', '--type', 'verbal', '--sow-expected', '2026-11-28');
await baton('2026-11-26T09:00:00Z', 'deal', 'stage', 'northwind', 'Closed-won');

heading('Two hours pass without a packet: the packet clock fires (SOP 3a)');
await baton('2026-11-26T11:00:01Z', 'tick');

heading('Step 2: the CRO drafts and files the Handoff Packet (SOP 3, 4.2)');
const draft = await baton('2026-11-26T11:10:00Z', 'packet', 'draft', 'northwind');
const filled = draft
  .replace(/\{what they told us[^}]*\}/, 'Partner-sourced pipeline has been flat for three quarters.')
  .replace(/\{their stated expectations[^}]*\}/, 'A ranked list of the five partner motions to fix first.')
  .replace(/\{the key moment[^}]*\}/, 'The co-sell benchmark against their peers.')
  .replace(/\{anything CRO observed[^}]*\}/, 'The CFO joins late; keep the readout short.')
  .replace(/\{brief summary of what the CRO[^}]*\}/, 'Two resellers, one marketplace listing, no co-sell program.')
  .replace(/\{what was agreed that's not[^}]*\}/, 'None')
  .replace(/\{anything CRO is concerned[^}]*\}/, 'Tight budget cycle in January.')
  .replace(/\{if CRO sees obvious[^}]*\}/, 'A referral to their parent company.');
writeFileSync(path.join(workspace, 'packet.md'), filled);
await baton('2026-11-26T11:15:00Z', 'packet', 'file', 'northwind', 'packet.md');
const packetPath = (await baton('2026-11-26T11:15:00Z', 'status', 'northwind', '--json')).match(/"packetPath": "([^"]+)"/)?.[1] ?? '';
show(packetPath);
show(packetPath.replace('operations/handoffs/assessment-', 'sessions/customer.success/handoff-'));

heading('Step 3: the deal is announced in #exec-checkins (SOP 4.3)');
await baton('2026-11-26T11:16:00Z', 'messages');

heading('End of day one: chief.staff writes the CEO Daily Summary (SOP 4.3b)');
await baton('2026-11-26T18:00:00Z', 'summary');

heading('A day passes: the SOW template was not sent, the packet is not acknowledged (SOP 4.5a, 5a)');
await baton('2026-11-27T11:15:01Z', 'tick');
await baton('2026-11-27T12:00:00Z', 'sow', 'sent', 'northwind');

heading('Step 4: customer.success acknowledges; the delivery item is created (SOP 4.4)');
await baton('2026-11-27T13:00:00Z', 'ack', 'northwind', '--as', 'customer.success');
show(packetPath);

heading('Step 5: the delivery gate holds until the SOW is signed and an agent is live (SOP 4.5b, 5c)');
await baton('2026-11-27T14:00:00Z', 'delivery', 'start', 'northwind', '--as', 'customer.success');
await baton('2026-11-28T10:00:00Z', 'sow', 'signed', 'northwind');
await baton('2026-11-28T10:05:00Z', 'agent', 'heartbeat', 'customer.success');
await baton('2026-11-28T10:06:00Z', 'delivery', 'start', 'northwind', '--as', 'customer.success');

heading('The record: status, timeline and every message');
await baton('2026-11-28T10:10:00Z', 'status', 'northwind');
await baton('2026-11-28T10:10:00Z', 'timeline', 'northwind');
await baton('2026-11-28T10:10:00Z', 'messages');

heading(`Done. The workspace is still there to look at: ${workspace}`);
out(`Try: cd ${workspace} && ${path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../bin/baton')} status\n`);
