/**
 * The official MCP clients of both protocol revisions, as the MCP server's tests drive the built
 * bin: `@modelcontextprotocol/sdk` 1.32 (2025-11-25, `initialize`; the hosts of today) and
 * `@modelcontextprotocol/client` 2.4 pinned to 2026-07-28 (`server/discover`, stateless), over
 * stdio (the bin spawned) or Streamable HTTP. Both are used through the few methods tests need.
 */
import { Client as Client2026, StreamableHTTPClientTransport as Http2026 } from '@modelcontextprotocol/client';
import { StdioClientTransport as Stdio2026 } from '@modelcontextprotocol/client/stdio';
import { Client as Client2025 } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as Stdio2025 } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport as Http2025 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export const REVISIONS = ['2025-11-25', '2026-07-28'] as const;
export type Revision = (typeof REVISIONS)[number];

/** A tool call's result, as both clients give it. */
export interface ToolResult {
  readonly isError?: boolean | undefined;
  readonly content: readonly { readonly type: string; readonly text?: string }[];
  readonly structuredContent?: Record<string, unknown> | undefined;
}

export interface ListedTool {
  readonly name: string;
  readonly description?: string | undefined;
  readonly inputSchema: Record<string, unknown>;
  readonly annotations?: unknown;
}

/** What a test does with a connected client, whichever revision it speaks. */
export interface McpClient {
  readonly revision: Revision;
  listTools(): Promise<{ tools: readonly ListedTool[] }>;
  callTool(
    params: { name: string; arguments: Record<string, unknown> },
    options?: {
      signal?: AbortSignal;
      onprogress?: (progress: { progress: number; message?: string | undefined }) => void;
    },
  ): Promise<ToolResult>;
  close(): Promise<void>;
  /** What the bin wrote on stderr (stdio only). */
  stderr(): string;
}

const info = { name: 'userplane-tests', version: '0' };
/** The clients' own request timeout: well past the server's deadline, so that it is the server's. */
const timeout = 120_000;

function wrap(revision: Revision, client: Client2025 | Client2026, stderr: () => string): McpClient {
  return {
    revision,
    listTools: () => client.listTools(),
    // 1.32's callTool takes (params, resultSchema, options); 2.4's (params, options).
    callTool: (params, options) =>
      (client instanceof Client2025
        ? client.callTool(params, undefined, { timeout, ...options })
        : client.callTool(params, { timeout, ...options })) as Promise<ToolResult>,
    close: () => client.close(),
    stderr,
  };
}

/** The bin spawned with `args` and `env`, and a client of `revision` connected to it over stdio. */
export async function overStdio(revision: Revision, args: string[], env: Record<string, string>): Promise<McpClient> {
  let stderr = '';
  const listen = (stream: { on(event: 'data', listener: (chunk: Buffer) => void): unknown } | null): void => {
    stream?.on('data', (chunk) => (stderr += chunk.toString()));
  };
  const command = { command: process.execPath, args, env, stderr: 'pipe' as const };
  if (revision === '2025-11-25') {
    const transport = new Stdio2025(command);
    listen(transport.stderr);
    const client = new Client2025(info);
    await client.connect(transport);
    return wrap(revision, client, () => stderr);
  }
  const transport = new Stdio2026(command);
  listen(transport.stderr);
  const client = new Client2026(info, { versionNegotiation: { mode: { pin: revision } } });
  await client.connect(transport);
  return wrap(revision, client, () => stderr);
}

/** A client of `revision` connected to the server at `url` over Streamable HTTP, sending `headers`. */
export async function overHttp(revision: Revision, url: URL, headers: Record<string, string> = {}): Promise<McpClient> {
  if (revision === '2025-11-25') {
    const client = new Client2025(info);
    await client.connect(new Http2025(url, { requestInit: { headers } }));
    return wrap(revision, client, () => '');
  }
  const client = new Client2026(info, { versionNegotiation: { mode: { pin: revision } } });
  await client.connect(new Http2026(url, { requestInit: { headers } }));
  return wrap(revision, client, () => '');
}
