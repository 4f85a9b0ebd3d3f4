import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { BIN } from '../support/cli.js';
import { initWorkspace, removeTempFolders } from '../support/e2e.js';
import { BASE_ENV, TOKENS, WEBHOOK_SECRET } from '../support/http.js';

/**
 * SPEC §17 over real sockets, against `bin/baton serve` as a user runs it: eight 20 MB
 * POSTs at once (half with Content-Length, half chunked) to the routes that used to read a
 * body in full before authenticating are each answered 413, and the serve process's memory
 * (VmRSS and its peak, from /proc/<pid>/status) stays within 50 MB of where it was.
 */

afterAll(removeTempFolders);

const MB = 1024 * 1024;
const BODY = Buffer.alloc(20 * MB, 0x61);
const T0 = Date.parse('2026-05-25T10:00:00.000Z');

function batonBin(): string {
  try {
    return inject('batonBin') || BIN;
  } catch {
    return BIN;
  }
}

function memory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
}

/** Resets the peak (VmHWM) to the current RSS, where the kernel lets us. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

async function startServe(cwd: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [batonBin(), 'serve', '--port', '0', '--json'], {
    cwd,
    env: { ...process.env, ...BASE_ENV, BATON_NOW: new Date(T0).toISOString(), BATON_DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /"url":\s*"([^"]+)"/.exec(out);
      if (m) resolve(m[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  return { child, base };
}

/** One POST over its own connection; resolves with the status as soon as the answer's head arrives. */
/**
 * A POST as a client that meets a reset would send it: the server answers 413 and closes
 * while the body is still being written, and TCP may then deliver the reset before the
 * answer (EPIPE / ECONNRESET with no status seen). Such an attempt is made again after a
 * short pause, up to six times (eight 20 MB uploads at once on a loaded 2-core machine meet
 * several in a row); an answer other than 413, or six resets, fails the test.
 */
async function post(base: string, path: string, opts: { chunked: boolean; headers?: Record<string, string> }): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await postOnce(base, path, opts);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= 6 || (code !== 'EPIPE' && code !== 'ECONNRESET')) throw error;
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
}

function postOnce(base: string, path: string, opts: { chunked: boolean; headers?: Record<string, string> }): Promise<number> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent: false,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(opts.chunked ? {} : { 'Content-Length': String(BODY.length) }), ...opts.headers },
      },
      (res) => {
        answered = true;
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    // The server answers, then stops reading: a write error after the answer is expected.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    if (!opts.chunked) {
      req.end(BODY);
      return;
    }
    let offset = 0;
    const pump = () => {
      while (!answered && offset < BODY.length) {
        const chunk = BODY.subarray(offset, offset + 256 * 1024);
        offset += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('baton serve over real sockets: 20 MB bodies', () => {
  it('eight 20 MB POSTs at once are each 413 before authentication; VmRSS stays within 50 MB', { timeout: 120_000 }, async () => {
    const baton = await initWorkspace(T0);
    const { child, base } = await startServe(baton.cwd);
    const pid = child.pid as number;
    let sampler: NodeJS.Timeout | undefined;
    try {
      // Warm up every path once (JIT, lazily loaded modules), then measure.
      for (const chunked of [false, true]) expect(await post(base, '/slack/interactions', { chunked })).toBe(413);
      expect((await fetch(`${base}/health`)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 500));
      const peakReset = resetPeak(pid);
      const before = memory(pid);

      let sampledPeak = before.rss;
      sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, memory(pid).rss)), 10);
      const routes = [
        '/slack/interactions',
        '/slack/commands',
        '/api/deals/acme/packet',
        `/webhooks/monday/${WEBHOOK_SECRET}`,
        '/webhooks/monday/wrong-secret',
        '/handoffs/acme/messages/1/retry',
        '/mcp',
        '/slack/interactions',
      ];
      const started = Date.now();
      const statuses = await Promise.all(routes.map((path, i) => post(base, path, { chunked: i % 2 === 1 })));
      const elapsed = Date.now() - started;
      await new Promise((r) => setTimeout(r, 700));
      clearInterval(sampler);
      const after = memory(pid);
      const peak = Math.max(sampledPeak, peakReset ? after.hwm : 0);

      expect(statuses).toEqual(routes.map(() => 413));
      const mb = (n: number) => `${(n / MB).toFixed(1)} MB`;
      console.log(
        `limits-socket: 8 x 20 MB POSTs (4 Content-Length, 4 chunked) in ${elapsed} ms; VmRSS before ${mb(before.rss)}, after ${mb(after.rss)}, peak ${mb(peak)} (${peakReset ? 'VmHWM reset by clear_refs, and sampled' : 'sampled every 10 ms'})`,
      );
      expect(after.rss - before.rss).toBeLessThan(50 * MB);
      expect(peak - before.rss).toBeLessThan(50 * MB);

      // Still serving, and a normal call still works.
      expect((await fetch(`${base}/health`)).status).toBe(200);
      const res = await fetch(`${base}/api/deals/acme`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKENS.cro}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ company: 'Acme' }),
      });
      expect(res.status).toBe(200);
      // A foreign Host over a real socket (what DNS rebinding sends) is 421.
      const misdirected = await new Promise<number>((resolve, reject) => {
        const url = new URL(base);
        http
          .get({ host: url.hostname, port: url.port, path: '/', headers: { Host: `evil.example:${url.port}` }, agent: false }, (r) => (r.resume(), resolve(r.statusCode ?? 0)))
          .on('error', reject);
      });
      expect(misdirected).toBe(421);
    } finally {
      // A failed expectation must not leave the sampler reading a process that is gone.
      clearInterval(sampler);
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
