import { type ChildProcess, spawn } from 'node:child_process';
import type { PassThrough } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { batonBin } from './cli.js';

/**
 * Baton's MCP door as an agent host reaches it, through the SDK's Client: over stdio, the
 * BUILT CLI (`node bin/baton mcp`, the copy the vitest globalSetup froze) in a workspace
 * folder; over Streamable HTTP, `/mcp` of a `baton serve` of that CLI. The environment is
 * the SDK's safe default plus what the test names, so the runner's BATON_* never leak in.
 */

export { batonBin };

export interface McpOptions {
  cwd: string;
  /** BATON_ROLE; left unset when undefined. */
  role?: string;
  /** BATON_NOW (ISO 8601). */
  now: string;
  /** More environment (e.g. SLACK_BOT_TOKEN and BATON_SLACK_API_URL for a fake Slack). */
  env?: Record<string, string>;
}

export interface ToolReply {
  isError: boolean;
  texts: string[];
  structured: Record<string, unknown> | undefined;
  /** The first text block parsed as JSON (the document `baton ... --json` prints). */
  json: unknown;
}

export interface Problem {
  code?: string;
  field: string;
  message: string;
  fix: string;
}

export class BatonMcp {
  private constructor(
    readonly client: Client,
    readonly transport: Transport,
    private readonly stderrChunks: string[],
    readonly protocolErrors: Error[],
  ) {}

  private static async connect(transport: Transport, stderr: string[]): Promise<BatonMcp> {
    const client = new Client({ name: 'baton-mcp-test', version: '0.0.0' });
    const errors: Error[] = [];
    client.onerror = (error) => errors.push(error);
    await client.connect(transport);
    return new BatonMcp(client, transport, stderr, errors);
  }

  /** `baton mcp` on stdio, as BATON_ROLE. */
  static async start(opts: McpOptions): Promise<BatonMcp> {
    const env: Record<string, string> = { ...getDefaultEnvironment(), ...opts.env, BATON_NOW: opts.now };
    if (opts.role !== undefined) env.BATON_ROLE = opts.role;
    const transport = new StdioClientTransport({ command: process.execPath, args: [batonBin(), 'mcp'], cwd: opts.cwd, env, stderr: 'pipe' });
    const stderr: string[] = [];
    (transport.stderr as PassThrough | null)?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
    return BatonMcp.connect(transport, stderr);
  }

  /** `/mcp` of a running serve, with a bearer token or none. */
  static async http(url: string, token?: string): Promise<BatonMcp> {
    const transport = new StreamableHTTPClientTransport(new URL(url), token !== undefined ? { requestInit: { headers: { Authorization: `Bearer ${token}` } } } : {});
    return BatonMcp.connect(transport as Transport, []);
  }

  get stderr(): string {
    return this.stderrChunks.join('');
  }

  async call(name: string, args: Record<string, unknown> = {}): Promise<ToolReply> {
    const result = await this.client.callTool({ name, arguments: args });
    const texts = (result.content as { type: string; text?: string }[]).filter((c) => c.type === 'text').map((c) => c.text ?? '');
    let json: unknown;
    try {
      json = JSON.parse(texts[0] ?? '');
    } catch {
      json = undefined;
    }
    return { isError: result.isError === true, texts, structured: result.structuredContent as Record<string, unknown> | undefined, json };
  }

  /** A call that must succeed; the message shows the tool error otherwise. */
  async ok(name: string, args: Record<string, unknown> = {}): Promise<ToolReply> {
    const reply = await this.call(name, args);
    if (reply.isError) throw new Error(`${name} ${JSON.stringify(args)} failed:\n${reply.texts.join('\n')}\n--- server stderr ---\n${this.stderr}`);
    return reply;
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

/** A refusal's `{error, problems}`: the second text block of the tool error. */
export function refusalOf(reply: ToolReply): { error?: string; problems: Problem[] } {
  try {
    const parsed = JSON.parse(reply.texts[1] ?? '') as { error?: string; problems?: Problem[] };
    return { ...(parsed.error !== undefined ? { error: parsed.error } : {}), problems: parsed.problems ?? [] };
  } catch {
    return { problems: [] };
  }
}

/** The `problems` of a refused call. */
export function problemsOf(reply: ToolReply): Problem[] {
  return refusalOf(reply).problems;
}

/** The tokens a test's serve accepts, one per role. */
export const TOKENS = {
  cro: 'mcp-tok-cro-0123456789',
  'customer.success': 'mcp-tok-cs-0123456789',
  'chief.staff': 'mcp-tok-cos-0123456789',
  ceo: 'mcp-tok-ceo-0123456789',
  'sop.manager': 'mcp-tok-sop-0123456789',
} as const;

export const TOKEN_ENV: Record<string, string> = {
  BATON_TOKEN_CRO: TOKENS.cro,
  BATON_TOKEN_CUSTOMER_SUCCESS: TOKENS['customer.success'],
  BATON_TOKEN_CHIEF_STAFF: TOKENS['chief.staff'],
  BATON_TOKEN_CEO: TOKENS.ceo,
  BATON_TOKEN_SOP_MANAGER: TOKENS['sop.manager'],
};

export interface Serve {
  child: ChildProcess;
  /** `http://127.0.0.1:<port>` */
  base: string;
  stderr: () => string;
  stop(): Promise<void>;
}

/** `baton serve --port 0` of the built CLI in `cwd`, with the role tokens; resolves with its URL. */
export async function startServe(cwd: string, env: Record<string, string> = {}): Promise<Serve> {
  const child = spawn(process.execPath, [batonBin(), 'serve', '--port', '0', '--json'], {
    cwd,
    env: { ...getDefaultEnvironment(), ...TOKEN_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /"url":\s*"([^"]+)"/.exec(out);
      if (m) resolve(m[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  return {
    child,
    base,
    stderr: () => err,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Every tool `baton mcp` offers, sorted: the list tests compare `tools/list` with. */
export const TOOL_NAMES = [
  'ack',
  'agent_activate',
  'agent_heartbeat',
  'audit',
  'clock_hold',
  'clock_resume',
  'deal_add',
  'deal_commit',
  'deal_note',
  'deal_stage',
  'deal_update',
  'delivery_done',
  'delivery_start',
  'inbox',
  'messages',
  'messages_retry',
  'packet_draft',
  'packet_file',
  'report',
  'sow_sent',
  'sow_signed',
  'status',
  'summary',
  'timeline',
];
