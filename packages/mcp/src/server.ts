/**
 * The MCP server, one instance per connection (stdio) or per request (HTTP), built by a factory
 * the MCP SDK's serving entries call for either protocol revision (2025-11-25's `initialize`,
 * 2026-07-28's `server/discover`): `tools/list` answers the chosen tools as generated from the
 * operation model, with the shared instructions and a cache hint; `tools/call` calls the
 * operation through the SDK client of the caller's key (call.ts). An unknown tool is a protocol
 * error (-32602), not a tool result.
 */
// The low-level Server, on purpose (its typing calls it deprecated for the high-level McpServer):
// it takes the generated JSON Schemas as they are and leaves validating the arguments to the
// SDK, whose refusal names every bad field; McpServer would validate them first, in its words.
import { ProtocolError, ProtocolErrorCode, Server } from '@modelcontextprotocol/server';
import { callTool, type CallSettings, type KeyedClient } from './call.js';
import { instructions, type ToolDefinition } from './generated/tools.js';
import { VERSION } from './version.js';

export interface ServerOptions extends CallSettings {
  /** The tools to offer (tools.ts chooses them). */
  readonly tools: readonly ToolDefinition[];
}

/**
 * How long a client may keep `tools/list` (2026-07-28's cache hint): the list is fixed for the
 * life of the process, and the same for every caller.
 */
const LIST_TTL_MS = 60 * 60 * 1000;

/** A server whose calls go through `keyed` (the process's client, or the one of the request's key). */
// eslint-disable-next-line @typescript-eslint/no-deprecated -- the low-level Server, on purpose: see the import
export function createServer(options: ServerOptions, keyed: KeyedClient): Server {
  const { tools } = options;
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- see the import
  const server = new Server(
    { name: 'userplane', version: VERSION },
    {
      capabilities: { tools: {} },
      instructions,
      cacheHints: {
        'tools/list': { ttlMs: LIST_TTL_MS, cacheScope: 'public' },
        'server/discover': { ttlMs: LIST_TTL_MS, cacheScope: 'public' },
      },
    },
  );
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  const listed = tools.map(({ name, title, description, inputSchema, outputSchema, annotations }) => ({
    name,
    ...(title === undefined ? {} : { title }),
    description,
    inputSchema,
    ...(outputSchema === undefined ? {} : { outputSchema }),
    annotations,
  }));
  server.setRequestHandler('tools/list', () => ({ tools: listed }));
  server.setRequestHandler('tools/call', async (request, ctx) => {
    const tool = byName.get(request.params.name);
    if (tool === undefined) {
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    }
    return callTool(tool, request.params.arguments ?? {}, keyed, ctx, options);
  });
  return server;
}
