import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, realpathSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { BatonError } from '../domain/problem.js';

/**
 * The only code that writes into the workspace. Paths come from slugs, and are checked
 * again here: nothing may land outside the root, whatever a company is called, and no
 * symbolic link planted in the workspace is followed out of it.
 *
 * A file is written to a temporary file in the target's folder, created exclusively
 * (`O_CREAT | O_EXCL | O_NOFOLLOW`: never through a link, never an existing file) under a
 * random name, synced, then renamed over the target: readers see the old file or the new
 * one, never half of one; a link at the target itself is replaced, its target untouched.
 * A failed write removes its temporary file; a crash's leftover (older than a minute) is
 * removed by the next write to that folder.
 */

/** `.assessment-acme-2026-05-25.md.3f9c0a1b2c3d4e5f.baton-tmp` */
const TEMP_RE = /^\..+\.[0-9a-f]{16}\.baton-tmp$/;
/** What older versions left after a crash: `assessment-acme-2026-05-25.md.1234.tmp`. */
const LEGACY_TEMP_RE = /^.+\.md\.\d+\.tmp$/;
/** A temporary file this old is no writer's: it is a crash's leftover. */
export const LEFTOVER_AGE_MS = 60_000;

const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

export function resolveInside(root: string, relative: string): string {
  const absoluteRoot = path.resolve(root);
  const target = path.resolve(absoluteRoot, relative);
  if (target !== absoluteRoot && !target.startsWith(absoluteRoot + path.sep)) {
    throw new Error(`refusing to write outside the workspace: ${relative}`);
  }
  return target;
}

const display = (root: string, target: string) => path.relative(root, target).split(path.sep).join('/') || '.';

function workspaceFault(kind: 'config' | 'environment', message: string, fix: string): BatonError {
  return new BatonError(kind, [{ code: kind, field: 'workspace', message, fix }]);
}

/** A failed file-system call as one line naming the path: a wrong workspace (2) or a failed environment (1). */
function fsFault(error: unknown, root: string, target: string): BatonError | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const where = `${target} (workspace ${root})`;
  switch (code) {
    case 'ENOTDIR':
    case 'EEXIST':
      return workspaceFault(
        'config',
        `cannot create the folder ${where}: a file is in the way`,
        `move that file away so that Baton can create its folders, or set workspace in baton.config.yaml to another folder`,
      );
    case 'EISDIR':
      return workspaceFault('config', `cannot write ${where}: it is a folder`, 'move that folder away; Baton writes a file there');
    case 'EACCES':
    case 'EPERM':
      return workspaceFault(
        'environment',
        `cannot write ${where}: permission denied`,
        'give the user running Baton write access to the workspace (chmod/chown), or set workspace in baton.config.yaml to a folder it can write',
      );
    case 'EROFS':
      return workspaceFault('environment', `cannot write ${where}: the file system is read-only`, 'set workspace in baton.config.yaml to a writable folder');
    case 'ENOSPC':
    case 'EDQUOT':
      return workspaceFault('environment', `cannot write ${where}: the disk is full`, 'free some space on that disk and run the command again');
    default:
      return undefined;
  }
}

/**
 * Creates `folder` (absolute, inside `root`) one component at a time, refusing a component
 * that is a file, or a symbolic link that leads out of the root.
 */
function ensureFolderInside(root: string, folder: string): void {
  const absoluteRoot = path.resolve(root);
  let realRoot: string;
  try {
    mkdirSync(absoluteRoot, { recursive: true });
    realRoot = realpathSync(absoluteRoot);
  } catch (error) {
    throw fsFault(error, absoluteRoot, absoluteRoot) ?? error;
  }
  const parts = path.relative(absoluteRoot, folder).split(path.sep).filter(Boolean);
  let current = absoluteRoot;
  for (const part of parts) {
    current = path.join(current, part);
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fsFault(error, absoluteRoot, current) ?? error;
      try {
        mkdirSync(current);
      } catch (made) {
        if ((made as NodeJS.ErrnoException).code === 'EEXIST' && lstatSync(current).isDirectory()) continue;
        throw fsFault(made, absoluteRoot, current) ?? made;
      }
      continue;
    }
    if (stat.isSymbolicLink()) {
      let real: string;
      try {
        real = realpathSync(current);
      } catch {
        real = '(a link that leads nowhere)';
      }
      if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
        throw workspaceFault(
          'config',
          `${display(absoluteRoot, current)} in the workspace ${absoluteRoot} is a symbolic link to ${real}, outside the workspace; Baton does not write through it`,
          `replace the link with a folder (rm ${current} && mkdir ${current}), or set workspace in baton.config.yaml to the folder Baton should write in`,
        );
      }
      continue;
    }
    if (!stat.isDirectory()) {
      throw workspaceFault(
        'config',
        `${current} is a file, but Baton keeps its ${display(absoluteRoot, current)} folder there (workspace ${absoluteRoot})`,
        `move the file away (mv ${current} ${current}.bak) so that Baton can create the folder, or set workspace in baton.config.yaml to another folder`,
      );
    }
  }
}

/** Removes the temporary files of writes that crashed (older than a minute) from `folder`. */
export function removeLeftovers(folder: string, now = Date.now()): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    if (!TEMP_RE.test(name) && !LEGACY_TEMP_RE.test(name)) continue;
    const file = path.join(folder, name);
    try {
      const stat = lstatSync(file);
      // A link is removed as a link (unlink never follows it); a folder is not ours.
      if (stat.isDirectory() || now - stat.mtimeMs < LEFTOVER_AGE_MS) continue;
      unlinkSync(file);
    } catch {
      // Another writer removed it first, or it cannot be removed: not this write's problem.
    }
  }
}

/** Opens a new temporary file beside `target`, exclusively; a name already taken draws another. */
function openTemp(target: string): { fd: number; temp: string } {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW;
  for (let attempt = 0; ; attempt += 1) {
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(8).toString('hex')}.baton-tmp`);
    try {
      return { fd: openSync(temp, flags, 0o644), temp };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (attempt >= 4) throw new Error(`cannot create a temporary file beside ${target}: five random names were all taken`);
    }
  }
}

function writeAll(fd: number, content: string): void {
  const bytes = Buffer.from(content, 'utf8');
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/** Write to a temporary file beside the target, then rename: readers never see half a file. */
export function writeFileAtomic(root: string, relative: string, content: string): string {
  const target = resolveInside(root, relative);
  const folder = path.dirname(target);
  ensureFolderInside(root, folder);
  removeLeftovers(folder);
  let temp: string | undefined;
  try {
    const opened = openTemp(target);
    temp = opened.temp;
    try {
      writeAll(opened.fd, content);
      fsyncSync(opened.fd);
    } finally {
      closeSync(opened.fd);
    }
    renameSync(temp, target);
    temp = undefined;
  } catch (error) {
    if (temp !== undefined) {
      try {
        unlinkSync(temp);
      } catch {
        // Already gone.
      }
    }
    throw fsFault(error, path.resolve(root), target) ?? error;
  }
  syncFolder(folder);
  return target;
}

/** The rename is durable once the folder is synced; not every platform can open a folder. */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, constants.O_RDONLY);
    fsyncSync(fd);
  } catch {
    // Best effort.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export const WORKSPACE_FOLDERS = ['operations/handoffs', 'sessions/customer.success', 'sessions/chief.staff'];

/** Creates the workspace folders; a file in the way, or a link out of the root, is a wrong config (exit 2). */
export function ensureWorkspace(root: string): void {
  for (const folder of WORKSPACE_FOLDERS) ensureFolderInside(root, resolveInside(root, folder));
}
