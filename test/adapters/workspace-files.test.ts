import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ensureWorkspace, writeFileAtomic } from '../../src/adapters/workspace-files.js';
import { BatonError } from '../../src/domain/problem.js';

/**
 * SPEC §17 files: temporary files created exclusively under random names, never through a
 * link, removed on failure; a crash's leftover removed by the next write; no link planted
 * in the workspace followed out of it.
 */

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  vi.doUnmock('node:crypto');
  vi.resetModules();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function workspace(): { root: string; outside: string } {
  const base = mkdtempSync(path.join(tmpdir(), 'baton-files-'));
  dirs.push(base);
  const root = path.join(base, 'ws');
  const outside = path.join(base, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
  ensureWorkspace(root);
  return { root, outside };
}

const PACKET = 'operations/handoffs/assessment-acme-2026-05-25.md';
const tempFiles = (folder: string) => readdirSync(folder).filter((n) => /tmp$/.test(n));

describe('writeFileAtomic', () => {
  it('replaces a symbolic link planted at the target; the link target is untouched', () => {
    const { root, outside } = workspace();
    const victim = path.join(outside, 'victim.txt');
    writeFileSync(victim, 'precious');
    symlinkSync(victim, path.join(root, PACKET));
    writeFileAtomic(root, PACKET, 'the packet');
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(path.join(root, PACKET)).isSymbolicLink()).toBe(false);
    expect(readFileSync(path.join(root, PACKET), 'utf8')).toBe('the packet');
    expect(tempFiles(path.join(root, 'operations/handoffs'))).toEqual([]);
  });

  it('never opens a temporary name that exists: a link planted there is left alone and another name is drawn', async () => {
    const { root, outside } = workspace();
    const victim = path.join(outside, 'victim.txt');
    writeFileSync(victim, 'precious');
    const planted = Buffer.from('00112233aabbccdd', 'hex');
    const folder = path.join(root, 'operations/handoffs');
    const linkAt = path.join(folder, `.${path.basename(PACKET)}.00112233aabbccdd.baton-tmp`);
    symlinkSync(victim, linkAt);
    let calls = 0;
    vi.doMock('node:crypto', async (original) => {
      const real = await original<typeof import('node:crypto')>();
      return { ...real, randomBytes: (n: number) => (calls++ === 0 ? planted : real.randomBytes(n)) };
    });
    vi.resetModules();
    const fresh = await import('../../src/adapters/workspace-files.js');
    fresh.writeFileAtomic(root, PACKET, 'the packet');
    expect(calls).toBe(2);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(linkAt).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(root, PACKET), 'utf8')).toBe('the packet');
  });

  it('uses a new random name each time', async () => {
    const { root } = workspace();
    const names: string[] = [];
    const fs = await import('node:fs');
    vi.doMock('node:fs', async (original) => {
      const real = await original<typeof import('node:fs')>();
      return { ...real, renameSync: (from: string, to: string) => (names.push(path.basename(from)), real.renameSync(from, to)) };
    });
    vi.resetModules();
    const fresh = await import('../../src/adapters/workspace-files.js');
    fresh.writeFileAtomic(root, PACKET, 'one');
    fresh.writeFileAtomic(root, PACKET, 'two');
    expect(names).toHaveLength(2);
    expect(names[0]).not.toBe(names[1]);
    for (const n of names) expect(n).toMatch(/^\.assessment-acme-2026-05-25\.md\.[0-9a-f]{16}\.baton-tmp$/);
    expect(fs.readFileSync(path.join(root, PACKET), 'utf8')).toBe('two');
  });

  it('removes its temporary file when the write fails', () => {
    const { root } = workspace();
    // A folder at the target: the rename fails after the temporary file was written.
    mkdirSync(path.join(root, PACKET));
    writeFileSync(path.join(root, PACKET, 'inside'), 'x');
    expect(() => writeFileAtomic(root, PACKET, 'the packet')).toThrow(BatonError);
    expect(tempFiles(path.join(root, 'operations/handoffs'))).toEqual([]);
  });

  it("removes a crash's leftovers older than a minute on the next write to the folder, and keeps a fresh one", () => {
    const { root } = workspace();
    const folder = path.join(root, 'operations/handoffs');
    const old = path.join(folder, '.assessment-old.md.0123456789abcdef.baton-tmp');
    const legacy = path.join(folder, 'assessment-acme-2026-05-25.md.4242.tmp');
    const fresh = path.join(folder, '.assessment-new.md.fedcba9876543210.baton-tmp');
    for (const f of [old, legacy, fresh]) writeFileSync(f, 'half a packet');
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    utimesSync(old, twoMinutesAgo, twoMinutesAgo);
    utimesSync(legacy, twoMinutesAgo, twoMinutesAgo);
    writeFileAtomic(root, PACKET, 'the packet');
    expect(existsSync(old)).toBe(false);
    expect(existsSync(legacy)).toBe(false);
    // Perhaps another process's write in flight: not touched.
    expect(existsSync(fresh)).toBe(true);
  });

  it('refuses a folder of the path that is a link out of the workspace, naming it (exit 2 kind)', () => {
    const { root, outside } = workspace();
    rmSync(path.join(root, 'operations/handoffs'), { recursive: true });
    symlinkSync(outside, path.join(root, 'operations/handoffs'));
    let error: unknown;
    try {
      writeFileAtomic(root, PACKET, 'the packet');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BatonError);
    expect((error as BatonError).kind).toBe('config');
    expect((error as BatonError).message).toContain('operations/handoffs');
    expect((error as BatonError).message).toContain(outside);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('accepts a link that stays inside the workspace', () => {
    const { root } = workspace();
    mkdirSync(path.join(root, 'archive'));
    rmSync(path.join(root, 'sessions/chief.staff'), { recursive: true });
    symlinkSync(path.join(root, 'archive'), path.join(root, 'sessions/chief.staff'));
    writeFileAtomic(root, 'sessions/chief.staff/summary.md', 'summary');
    expect(readFileSync(path.join(root, 'archive/summary.md'), 'utf8')).toBe('summary');
  });

  it('a file where a folder belongs is a wrong config naming the path', () => {
    const { root } = workspace();
    rmSync(path.join(root, 'operations'), { recursive: true });
    writeFileSync(path.join(root, 'operations'), 'not a folder');
    for (const act of [() => ensureWorkspace(root), () => writeFileAtomic(root, PACKET, 'x')]) {
      let error: unknown;
      try {
        act();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(BatonError);
      expect((error as BatonError).kind).toBe('config');
      expect((error as BatonError).message).toContain(path.join(root, 'operations'));
    }
  });
});
