import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The only code that writes into the workspace. Paths come from slugs, and are checked
 * again here: nothing may land outside the root, whatever a company is called.
 */
export function resolveInside(root: string, relative: string): string {
  const absoluteRoot = path.resolve(root);
  const target = path.resolve(absoluteRoot, relative);
  if (target !== absoluteRoot && !target.startsWith(absoluteRoot + path.sep)) {
    throw new Error(`refusing to write outside the workspace: ${relative}`);
  }
  return target;
}

/** Write to a temporary file beside the target, then rename: readers never see half a file. */
export function writeFileAtomic(root: string, relative: string, content: string): string {
  const target = resolveInside(root, relative);
  mkdirSync(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  writeFileSync(temp, content, 'utf8');
  renameSync(temp, target);
  return target;
}

export const WORKSPACE_FOLDERS = ['operations/handoffs', 'sessions/customer.success', 'sessions/chief.staff'];

export function ensureWorkspace(root: string): void {
  for (const folder of WORKSPACE_FOLDERS) mkdirSync(resolveInside(root, folder), { recursive: true });
}
