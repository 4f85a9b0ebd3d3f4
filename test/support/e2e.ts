import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { run, type RunResult } from './cli.js';
import { fillPacket } from './packet.js';

export { fillPacket };

/** Shared steps for the end-to-end tests: workspaces, the CLI bound to one, and snapshots. */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A slow scenario: many CLI processes one after the other. */
export const SCENARIO_TIMEOUT = 240_000;

export const iso = (ms: number): string => new Date(ms).toISOString();

// ---------------------------------------------------------------------------------------
// What the CLI prints with --json (SPEC §10), as far as the tests read it.

export interface MessageJson {
  id: number;
  kind: string;
  to: string;
  text: string;
  state: string;
  createdAt: string;
  deliveredAt: string | null;
  key?: string;
  dealId?: string;
}

export interface ClockJson {
  name: string;
  state: string;
  dueAt: string;
  doneAt: string | null;
}

export interface MilestoneJson {
  name: string;
  date: string;
}

export interface DeliveryItemJson {
  name: string;
  windowStart: string;
  windowEnd: string;
  owner: string;
  milestones: MilestoneJson[];
}

export interface HandoffJson {
  id: string;
  company: string;
  state: string;
  packetPath: string | null;
  clocks: ClockJson[];
  deliveryItem?: DeliveryItemJson;
}

// ---------------------------------------------------------------------------------------
// Temporary folders

const created: string[] = [];

/** A fresh folder under the OS temp dir; removed by `removeTempFolders` unless BATON_E2E_KEEP is set. */
export function tempFolder(prefix = 'baton-e2e-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function removeTempFolders(): void {
  if (process.env.BATON_E2E_KEEP) return;
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------
// The CLI bound to one folder

function describeRun(args: readonly string[], res: RunResult): string {
  return `baton ${args.join(' ')} → exit ${res.code}\n--- stdout ---\n${res.stdout}\n--- stderr ---\n${res.stderr}`;
}

export class Baton {
  constructor(readonly cwd: string) {}

  /** Runs one command at `now`; no expectation on its exit code. */
  run(args: readonly string[], now?: number | string, opts: { input?: string; env?: Record<string, string | undefined> } = {}): Promise<RunResult> {
    const at = typeof now === 'number' ? iso(now) : now;
    return run(args, { cwd: this.cwd, ...(at !== undefined ? { now: at } : {}), ...opts });
  }

  /** Runs one command that must succeed (exit 0). */
  async ok(args: readonly string[], now?: number | string, opts: { input?: string; env?: Record<string, string | undefined> } = {}): Promise<RunResult> {
    const res = await this.run(args, now, opts);
    expect(res.code, describeRun(args, res)).toBe(0);
    return res;
  }

  /** Runs one command that must be refused (exit 2). */
  async invalid(args: readonly string[], now?: number | string, opts: { input?: string; env?: Record<string, string | undefined> } = {}): Promise<RunResult> {
    const res = await this.run(args, now, opts);
    expect(res.code, describeRun(args, res)).toBe(2);
    return res;
  }

  /** Runs one command with --json that must succeed and print exactly one JSON document. */
  async json<T = unknown>(args: readonly string[], now?: number | string, opts: { input?: string } = {}): Promise<T> {
    const full = [...args, '--json'];
    const res = await this.ok(full, now, opts);
    try {
      return JSON.parse(res.stdout) as T;
    } catch (error) {
      throw new Error(`stdout is not one JSON document (${(error as Error).message}):\n${describeRun(full, res)}`);
    }
  }

  messages(now: number | string): Promise<MessageJson[]> {
    return this.json<MessageJson[]>(['messages'], now);
  }

  status(now: number | string): Promise<HandoffJson[]> {
    return this.json<HandoffJson[]>(['status'], now);
  }

  async handoff(id: string, now: number | string): Promise<HandoffJson> {
    const all = await this.status(now);
    const found = all.find((h) => h.id === id);
    expect(found, `status --json has no handoff "${id}": ${JSON.stringify(all, null, 2)}`).toBeDefined();
    return found as HandoffJson;
  }

  timeline(id: string, now: number | string): Promise<unknown[]> {
    return this.json<unknown[]>(['timeline', id], now);
  }

  async tick(now: number | string): Promise<void> {
    await this.ok(['tick'], now);
  }

  read(relative: string): string {
    return readFileSync(path.join(this.cwd, relative), 'utf8');
  }
}

/** A fresh temp folder with `baton init` run in it. */
export async function initWorkspace(now: number): Promise<Baton> {
  const baton = new Baton(tempFolder());
  await baton.ok(['init'], now);
  return baton;
}

// ---------------------------------------------------------------------------------------
// Deals and packets

export interface DealSetup {
  id: string;
  company: string;
  t0: number;
  sowExpected?: string;
}

export const CONTACT = ['--contact-name', 'Ada Lee', '--contact-title', 'CTO', '--contact-email', 'ada@acme.example'];

/** deal add (1 h before T0), commit verbal (30 min before), stage Closed-won at T0. */
export async function closeVerbalDeal(baton: Baton, deal: DealSetup): Promise<void> {
  await baton.ok(['deal', 'add', deal.id, '--company', deal.company, ...CONTACT, '--origin', 'Partner referral'], deal.t0 - HOUR);
  await baton.ok(['deal', 'commit', deal.id, '--type', 'verbal', '--sow-expected', deal.sowExpected ?? '2026-05-08'], deal.t0 - 30 * MINUTE);
  await baton.ok(['deal', 'stage', deal.id, 'Closed-won'], deal.t0);
}

const FIELD_LINE = /^([^:{}\n]+): ?(.*)$/;

/** The value of one `Label: value` line, or undefined when the label is absent. */
export function fieldValue(packet: string, label: string): string | undefined {
  for (const line of packet.split('\n')) {
    const m = FIELD_LINE.exec(line);
    if (m && m[1] === label) return m[2] ?? '';
  }
  return undefined;
}

/** `packet draft` at `now`, filled in. */
export async function filledDraft(baton: Baton, id: string, now: number, set: Record<string, string> = {}): Promise<string> {
  const draft = (await baton.ok(['packet', 'draft', id], now)).stdout;
  const filled = fillPacket(draft, set);
  expect(filled, 'a placeholder is left after filling').not.toMatch(/\{[^{}]*\}/);
  return filled;
}

/** Files the filled draft through stdin; returns the packet path printed. */
export async function fileDraft(baton: Baton, id: string, now: number, set: Record<string, string> = {}): Promise<string> {
  const text = await filledDraft(baton, id, now, set);
  const res = await baton.ok(['packet', 'file', id, '-'], now, { input: text });
  return res.stdout.trim();
}

// ---------------------------------------------------------------------------------------
// Messages

/** The messages in `after` that were not in `before`. */
export function newMessages(before: readonly MessageJson[], after: readonly MessageJson[]): MessageJson[] {
  const seen = new Set(before.map((m) => m.id));
  return after.filter((m) => !seen.has(m.id));
}

/** How many messages there are of each kind to each recipient. */
export function countByKindAndRecipient(messages: readonly MessageJson[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of messages) {
    const k = `${m.kind} → ${m.to}`;
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

// ---------------------------------------------------------------------------------------
// "Nothing written": the state the CLI shows, and the files in the folder

/**
 * Every file and folder under `root` (relative, `/`-separated), with a hash of each file's
 * bytes. The database is listed by name only unless `hashDatabase` is set: a command that
 * writes nothing leaves its bytes as they were, but `tick` may keep books of its own.
 */
export function fileListing(root: string, opts: { hashDatabase?: boolean } = {}): string[] {
  const out: string[] = [];
  const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      // SQLite's side files come and go with every connection.
      if (/\.db-(wal|shm|journal)$/.test(name)) continue;
      const st = statSync(full);
      if (st.isDirectory()) {
        out.push(`${rel}/`);
        walk(full);
      } else if (/\.db$/.test(name) && !opts.hashDatabase) {
        out.push(rel);
      } else {
        out.push(`${rel}  ${hash(full)}`);
      }
    }
  };
  walk(root);
  return out;
}

export interface Snapshot {
  messages: unknown;
  status: unknown;
  timelines: Record<string, unknown>;
  files: string[];
}

/** What a user can see: messages, status and every deal's timeline, plus the folder's files. */
export async function snapshot(baton: Baton, now: number): Promise<Snapshot> {
  const [messages, status] = await Promise.all([baton.messages(now), baton.status(now)]);
  const timelines: Record<string, unknown> = {};
  await Promise.all(
    status.map(async (h) => {
      timelines[h.id] = await baton.timeline(h.id, now);
    }),
  );
  return { messages, status, timelines, files: fileListing(baton.cwd) };
}
