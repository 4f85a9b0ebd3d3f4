import type { Context, MiddlewareHandler } from 'hono';
import { BatonError } from '../domain/problem.js';

/**
 * SPEC §17, DNS rebinding: a page on `evil.example` whose name is re-pointed at 127.0.0.1
 * reaches `baton serve` from the browser of someone on this machine, and the dashboard
 * trusts a loopback socket. The browser still sends `Host: evil.example`, so every request
 * whose Host is not a name `serve` serves is answered 421 before anything else runs:
 *
 * - `localhost`, `127.0.0.1`, `[::1]`, with the port the request came in on;
 * - the `--host` address serve listens on (not a wildcard such as 0.0.0.0), same port;
 * - the address the connection was made to, when it is written as an IP address (behind
 *   `--host 0.0.0.0`, `http://192.168.1.20:8080` works; an IP address cannot be rebound);
 * - the host of `BATON_PUBLIC_URL`, with its port (a proxy in front of serve).
 *
 * Without a socket (`app.request()` in tests) the port is not checked.
 */

export interface HostOptions {
  /** The address `serve` listens on (`--host`). */
  listenHost?: string;
  /** BATON_PUBLIC_URL: the address people use when serve is behind a proxy. */
  publicUrl?: string;
}

const LOCAL_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARDS = new Set(['0.0.0.0', '[::]', '[::0]', '']);
const HOST_CHARS = /^[A-Za-z0-9.\-_[\]:]+$/;

interface ParsedHost {
  hostname: string;
  /** Undefined when the header names no port (or port 80, which `http:` leaves out). */
  port: number | undefined;
}

/** `Host` as URL parsing normalises it (case, brackets, default port); undefined when malformed. */
export function parseHost(value: string | undefined): ParsedHost | undefined {
  if (!value || value.length > 300 || !HOST_CHARS.test(value)) return undefined;
  try {
    const url = new URL(`http://${value}`);
    if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return undefined;
    return { hostname: url.hostname, port: url.port ? Number(url.port) : undefined };
  } catch {
    return undefined;
  }
}

/** The bracketed, lowercase form a Host header carries: `::1` → `[::1]`. */
function asHostname(address: string): string {
  const bare = address.replace(/^\[|\]$/g, '');
  const unmapped = bare.toLowerCase().startsWith('::ffff:') && bare.includes('.') ? bare.slice(7) : bare;
  const parsed = parseHost(unmapped.includes(':') ? `[${unmapped}]` : unmapped);
  return parsed?.hostname ?? unmapped.toLowerCase();
}

const IP_LITERAL = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/;

interface Socketish {
  localPort?: number;
  localAddress?: string;
}

function socketOf(c: Context): Socketish | undefined {
  const env = c.env as { incoming?: { socket?: Socketish } } | undefined;
  return env?.incoming?.socket;
}

/** Whether `host` (no port means 80) names `port`. */
const onPort = (host: ParsedHost, port: number) => (host.port ?? 80) === port;

/** The public URL's host and the port it implies (443 for https without a port). */
function publicHost(url: string | undefined): ParsedHost | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return { hostname: u.hostname, port: u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80 };
  } catch {
    return undefined;
  }
}

export function isServedHost(header: string | undefined, opts: HostOptions, socket?: Socketish): boolean {
  const host = parseHost(header);
  if (!host) return false;
  const pub = publicHost(opts.publicUrl);
  if (pub && host.hostname === pub.hostname && (host.port === undefined || host.port === pub.port)) return true;
  const port = socket?.localPort;
  const portOk = port === undefined || onPort(host, port);
  if (!portOk) return false;
  if (LOCAL_NAMES.includes(host.hostname)) return true;
  const listen = opts.listenHost ? asHostname(opts.listenHost) : undefined;
  if (listen && !WILDCARDS.has(listen) && host.hostname === listen) return true;
  const local = socket?.localAddress ? asHostname(socket.localAddress) : undefined;
  return local !== undefined && IP_LITERAL.test(host.hostname) && host.hostname === local;
}

/** The host the request names: the Host header on a socket, the URL's host in `app.request()`. */
function hostOf(c: Context, socket: Socketish | undefined): string | undefined {
  if (socket) return c.req.header('host');
  return c.req.header('host') ?? new URL(c.req.url).host;
}

export function hostCheck(opts: HostOptions): MiddlewareHandler {
  return async (c, next) => {
    const socket = socketOf(c);
    const header = hostOf(c, socket);
    if (!isServedHost(header, opts, socket)) {
      const shown = header === undefined ? 'no Host header' : `Host "${header.length > 100 ? `${header.slice(0, 99)}…` : header}"`;
      const at = socket?.localPort ? `http://localhost:${socket.localPort}/` : 'http://localhost:<port>/';
      throw new BatonError('misdirected', [
        {
          code: 'misdirected',
          field: 'Host',
          message: `${shown} is not an address this Baton server answers to`,
          fix: `open Baton at ${at} (or the --host address of baton serve); behind a proxy or a DNS name, set BATON_PUBLIC_URL on the server to the address people use`,
        },
      ]);
    }
    await next();
  };
}
