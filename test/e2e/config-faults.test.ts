import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HOUR, initWorkspace, removeTempFolders, tempFolder } from '../support/e2e.js';
import type { RunResult } from '../support/cli.js';

/**
 * SPEC §17 config and environment: a wrong config (the database path is a folder,
 * `operations` is a file, a workspace folder linked out of the root) exits 2, a failed
 * environment (PostgreSQL down) exits 1; both print one line naming the path or the cause
 * and the fix; a stack trace only with BATON_DEBUG=1.
 */

afterAll(removeTempFolders);

const T0 = Date.parse('2026-05-25T10:00:00.000Z');
const STACK = /^\s+at /m;

function expectOneLine(res: RunResult, code: number, ...named: string[]): void {
  expect(res.code, res.stderr).toBe(code);
  const lines = res.stderr.trimEnd().split('\n');
  expect(lines, res.stderr).toHaveLength(1);
  expect(res.stderr).toMatch(/Fix: /);
  expect(res.stderr).not.toMatch(STACK);
  for (const n of named) expect(res.stderr).toContain(n);
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.concurrent('wrong config and failed environment', () => {
  it('a database path that is a folder: exit 2, one line naming the path and the fix', async () => {
    const baton = await initWorkspace(T0);
    mkdirSync(path.join(baton.cwd, 'store.db'));
    for (const args of [['status'], ['deal', 'add', 'acme', '--company', 'Acme']]) {
      const res = await baton.run(args, T0, { env: { BATON_DATABASE_URL: 'store.db' } });
      expectOneLine(res, 2, path.join(baton.cwd, 'store.db'), 'is a folder', 'BATON_DATABASE_URL');
    }
  });

  it('`operations` is a file: exit 2 from a command that writes there, naming the path', async () => {
    const baton = await initWorkspace(T0);
    rmSync(path.join(baton.cwd, 'operations'), { recursive: true });
    writeFileSync(path.join(baton.cwd, 'operations'), 'a file where the folder belongs');
    const res = await baton.run(['deal', 'add', 'acme', '--company', 'Acme'], T0 + HOUR);
    expectOneLine(res, 2, path.join(baton.cwd, 'operations'), 'is a file');
  });

  it('operations/handoffs linked out of the workspace: exit 2 naming the link and where it leads; nothing written there', async () => {
    const baton = await initWorkspace(T0);
    const outside = tempFolder('baton-outside-');
    rmSync(path.join(baton.cwd, 'operations/handoffs'), { recursive: true });
    symlinkSync(outside, path.join(baton.cwd, 'operations/handoffs'));
    const res = await baton.run(['deal', 'add', 'acme', '--company', 'Acme'], T0 + HOUR);
    expectOneLine(res, 2, 'operations/handoffs', outside, 'symbolic link');
  });

  it('PostgreSQL at a closed port: exit 1, one line with ECONNREFUSED host:port and the fix; the password is never printed', async () => {
    const port = await closedPort();
    const baton = await initWorkspace(T0);
    const env = { BATON_DATABASE_URL: `postgres://baton:s3cret-pw@127.0.0.1:${port}/baton` };
    const res = await baton.run(['status'], T0, { env });
    expectOneLine(res, 1, `ECONNREFUSED 127.0.0.1:${port}`, 'PostgreSQL');
    expect(res.stderr).not.toContain('s3cret-pw');

    const debug = await baton.run(['status'], T0, { env: { ...env, BATON_DEBUG: '1' } });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
    expect(debug.stderr).toMatch(STACK);
  });

  it('serve with PostgreSQL down exits 1 with the same one line', async () => {
    const port = await closedPort();
    const baton = await initWorkspace(T0);
    const res = await baton.run(['serve', '--port', '0'], T0, { env: { BATON_DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/baton` } });
    expectOneLine(res, 1, `ECONNREFUSED 127.0.0.1:${port}`);
  });
});
