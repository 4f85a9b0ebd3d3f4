#!/usr/bin/env node
// The official MCP conformance suite (@modelcontextprotocol/conformance) against /mcp of a
// `baton serve` this script starts, for the scenarios that fit any server (SPEC §16):
// server-initialize, ping, tools-list, dns-rebinding-protection. Exits 1 if one fails.
//
// The suite needs Node 22; Baton stays on Node 20. So both the suite and a Node 22 binary
// (the registry's `node` package) are installed with `npm install --prefix` into a cache
// folder of their own, .cache/mcp-conformance (git-ignored), at pinned versions, and the
// suite runs under that Node. The serve runs from bin/baton (build first: npm run build) in
// a fresh workspace under the OS temp folder, with no token: the suite connects as a
// localhost viewer, as an agent without a token would.
//
//   node scripts/mcp-conformance.mjs            # the four scenarios
//   node scripts/mcp-conformance.mjs ping       # some of them

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const VERSIONS = { node: '22.23.3', '@modelcontextprotocol/conformance': '0.1.16' };
const SCENARIOS = ['server-initialize', 'ping', 'tools-list', 'dns-rebinding-protection'];

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(repo, '.cache', 'mcp-conformance');
const node22 = join(cache, 'node_modules', '.bin', 'node');
const suite = join(cache, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
const log = (line) => process.stderr.write(`mcp-conformance: ${line}\n`);

function installed(name) {
  try {
    return JSON.parse(readFileSync(join(cache, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function ensureSuite() {
  const current = () => Object.entries(VERSIONS).every(([name, v]) => installed(name) === v) && existsSync(node22) && existsSync(suite);
  if (current()) return;
  mkdirSync(cache, { recursive: true });
  // The `node` package fetches its binary in a preinstall script: npm 11 runs it only when allowScripts names it.
  writeFileSync(join(cache, 'package.json'), `${JSON.stringify({ name: 'baton-mcp-conformance', private: true, allowScripts: { node: true } }, null, 2)}\n`);
  const specs = Object.entries(VERSIONS).map(([name, v]) => `${name}@${v}`);
  log(`installing ${specs.join(' ')} into .cache/mcp-conformance`);
  execFileSync('npm', ['install', '--prefix', cache, '--no-audit', '--no-fund', '--loglevel=error', ...specs], {
    cwd: cache,
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 300_000,
  });
  if (!current()) throw new Error(`the suite did not install at ${JSON.stringify(VERSIONS)} in ${cache}`);
}

/** `baton serve --port 0` in a fresh workspace; resolves with its URL once it listens. */
async function startServe(workspace) {
  const bin = join(repo, 'bin', 'baton');
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BATON_')));
  execFileSync(process.execPath, [bin, 'init'], { cwd: workspace, env, stdio: 'ignore' });
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--json'], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`baton serve did not start within 20 s:\n${err}`)), 20_000);
    child.stdout.on('data', (c) => {
      out += c;
      const m = /"url":\s*"([^"]+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`baton serve exited ${code}:\n${err}`)));
  });
  return { child, url, stderr: () => err };
}

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(signal ? 1 : (code ?? 1));
    });
  });
}

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((s) => !SCENARIOS.includes(s));
  if (unknown.length > 0) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; these run: ${SCENARIOS.join(', ')}`);
  const scenarios = wanted.length > 0 ? wanted : SCENARIOS;
  if (!existsSync(join(repo, 'dist', 'bundle', 'main.js'))) throw new Error('bin/baton is not built: run npm run build first');
  ensureSuite();
  const workspace = mkdtempSync(join(tmpdir(), 'baton-mcp-conformance-'));
  const serve = await startServe(workspace);
  const failed = [];
  try {
    log(`suite ${VERSIONS['@modelcontextprotocol/conformance']} on ${execFileSync(node22, ['--version'], { encoding: 'utf8' }).trim()}, against ${serve.url}/mcp`);
    for (const scenario of scenarios) {
      const code = await run(node22, [suite, 'server', '--url', `${serve.url}/mcp`, '--scenario', scenario]);
      if (code !== 0) failed.push(scenario);
    }
  } finally {
    serve.child.kill('SIGTERM');
    await new Promise((resolve) => (serve.child.exitCode !== null ? resolve() : serve.child.once('exit', resolve)));
    rmSync(workspace, { recursive: true, force: true });
  }
  // Not in the "N passed, N failed" form: the test suite's own count is the run's closing line.
  console.log(
    failed.length === 0
      ? `mcp conformance: all ${scenarios.length} scenarios pass (${scenarios.join(', ')})`
      : `mcp conformance: ${failed.length} of ${scenarios.length} scenarios FAIL`,
  );
  if (failed.length > 0) {
    log(`failed: ${failed.join(', ')}\n--- baton serve stderr ---\n${serve.stderr()}`);
    process.exit(1);
  }
}

main().catch((error) => {
  log(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
