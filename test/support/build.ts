import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

// Not imported from ./cli.ts: that module imports vitest's worker API, and this runs in the main process.
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * vitest globalSetup: build dist/ once (`npx tsc -p tsconfig.build.json`, then the bundle
 * of `scripts/bundle.mjs`, as `npm run build` does), so that the end-to-end tests run the
 * CLI a user runs: `bin/baton`, which imports `dist/bundle/main.js`.
 *
 * The build is then frozen: `bin/`, `dist/` and `package.json` are copied to a temp folder
 * (node_modules linked), and the tests run that copy's `bin/baton`. Other people rebuild
 * dist/ while they work; without the copy, a test could start the CLI in the middle of
 * someone else's build and fail for nothing.
 *
 * tsc exits 2 when it found type errors but still wrote dist/ (noEmitOnError is off): the
 * errors are printed and the run goes on, so the tests report what the built CLI does
 * (`npm run typecheck` is where type errors fail). Any other failure stops the run here,
 * rather than every test failing one by one against a stale or missing dist/.
 */
export default function setup(project: TestProject): () => void {
  const started = Date.now();
  const result = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.error) throw new Error(`cannot run the build (npx tsc -p tsconfig.build.json): ${result.error.message}`);
  if (result.status === 2) {
    console.warn(`warning: npx tsc -p tsconfig.build.json reported type errors; testing the dist/ it wrote:\n${output}`);
  } else if (result.status !== 0) {
    throw new Error(`the build failed (npx tsc -p tsconfig.build.json, exit ${result.status}):\n${output}`);
  }
  const bundled = spawnSync(process.execPath, ['scripts/bundle.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (bundled.status !== 0) {
    throw new Error(`the bundle failed (node scripts/bundle.mjs, exit ${bundled.status}):\n${bundled.stdout ?? ''}${bundled.stderr ?? ''}`);
  }

  const frozen = mkdtempSync(path.join(tmpdir(), 'baton-e2e-cli-'));
  mkdirSync(path.join(frozen, 'bin'));
  copyFileSync(path.join(REPO_ROOT, 'bin', 'baton'), path.join(frozen, 'bin', 'baton'));
  cpSync(path.join(REPO_ROOT, 'dist'), path.join(frozen, 'dist'), { recursive: true });
  copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(frozen, 'package.json'));
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(frozen, 'node_modules'), 'dir');
  project.provide('batonBin', path.join(frozen, 'bin', 'baton'));
  if (process.env.BATON_E2E_VERBOSE) console.log(`built dist/ in ${Date.now() - started} ms; testing ${frozen}`);

  return () => rmSync(frozen, { recursive: true, force: true });
}
