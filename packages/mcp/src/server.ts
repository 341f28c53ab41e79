/**
 * The MCP server: `tools/list` answers the chosen tools as generated from the operation model;
 * `tools/call` calls the operation through the one SDK client of the process — its pacing,
 * retries, validation before sending, response cap, typed errors and key redaction. An unknown
 * tool is a protocol error, not a tool result.
 */
// The low-level Server, on purpose (its 1.32 typing calls it deprecated for the high-level McpServer):
// it takes the generated JSON Schemas as they are, and lets an unknown tool be a protocol error,
// where McpServer answers it with an isError result.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import type { Userplane } from 'userplane';
import type { ToolDefinition } from './generated/tools.js';
import { failure, success } from './results.js';
import { VERSION } from './version.js';

export interface ServerOptions {
  /** The one client every call goes through. */
  readonly client: Userplane;
  /** The tools to offer (packages/mcp/src/tools.ts chooses them). */
  readonly tools: readonly ToolDefinition[];
  /** The key's redactor (`keyRedactor` from userplane). */
  readonly redact: (text: string) => string;
}

type Method = (params: unknown) => Promise<unknown>;

/** `client.links.create`, walked by the operationId (a paged list's call resolves to its first page). */
function methodOf(client: Userplane, operationId: string): Method {
  let node: unknown = client;
  for (const segment of operationId.split('.')) {
    node = typeof node === 'object' && node !== null ? Reflect.get(node, segment) : undefined;
  }
  if (typeof node !== 'function') throw new McpError(ErrorCode.InternalError, `no method for ${operationId}`);
  return (params) => Promise.resolve(Reflect.apply(node, undefined, [params]) as unknown);
}

// eslint-disable-next-line @typescript-eslint/no-deprecated -- see the import
export function createServer({ client, tools, redact }: ServerOptions): Server {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- see the import
  const server = new Server({ name: 'userplane', version: VERSION }, { capabilities: { tools: {} } });
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: tools.map(({ name, title, description, inputSchema, outputSchema, annotations }) => ({
      name,
      ...(title === undefined ? {} : { title }),
      description,
      inputSchema,
      ...(outputSchema === undefined ? {} : { outputSchema }),
      annotations,
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    const tool = byName.get(request.params.name);
    if (tool === undefined) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    try {
      return success(tool, await methodOf(client, tool.operationId)(request.params.arguments ?? {}), redact);
    } catch (error) {
      if (error instanceof McpError) throw error;
      return failure(tool, error, redact);
    }
  });
  return server;
}
