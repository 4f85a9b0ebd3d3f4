import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { PassThrough } from 'node:stream';
import { inject } from 'vitest';
import { BIN } from './cli.js';

/**
 * `baton mcp` as an agent host starts it: the BUILT CLI (`node bin/baton mcp`, the copy the
 * vitest globalSetup froze) in a workspace folder, spoken to through the SDK's Client over
 * stdio. Its environment is the SDK's safe default plus what the test names, so the
 * runner's own BATON_* settings never leak in.
 */

export function batonBin(): string {
  try {
    return inject('batonBin') || BIN;
  } catch {
    return BIN;
  }
}

export interface McpOptions {
  cwd: string;
  /** BATON_ROLE; left unset when undefined. */
  role?: string;
  /** BATON_NOW (ISO 8601). */
  now: string;
}

export interface ToolReply {
  isError: boolean;
  texts: string[];
  structured: Record<string, unknown> | undefined;
  /** The first text block parsed as JSON (the document `baton ... --json` prints). */
  json: unknown;
}

export interface Problem {
  field: string;
  message: string;
  fix: string;
}

export class BatonMcp {
  private constructor(
    readonly client: Client,
    readonly transport: StdioClientTransport,
    private readonly stderrChunks: string[],
    readonly protocolErrors: Error[],
  ) {}

  static async start(opts: McpOptions): Promise<BatonMcp> {
    const env: Record<string, string> = { ...getDefaultEnvironment(), BATON_NOW: opts.now };
    if (opts.role !== undefined) env.BATON_ROLE = opts.role;
    const transport = new StdioClientTransport({ command: process.execPath, args: [batonBin(), 'mcp'], cwd: opts.cwd, env, stderr: 'pipe' });
    const stderr: string[] = [];
    (transport.stderr as PassThrough | null)?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
    const client = new Client({ name: 'baton-mcp-test', version: '0.0.0' });
    const errors: Error[] = [];
    client.onerror = (error) => errors.push(error);
    await client.connect(transport);
    return new BatonMcp(client, transport, stderr, errors);
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

/** The `problems` of a refused call, from its structured content. */
export function problemsOf(reply: ToolReply): Problem[] {
  return ((reply.structured?.problems as Problem[] | undefined) ?? []).slice();
}
