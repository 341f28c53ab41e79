/**
 * Which tools a server offers: every tool of the spec (generated/tools.ts), or the ones
 * `--toolsets` and `--tools` name — their union — and then, with `--read-only`, only those that
 * read (GET): read-only wins over every other flag. An unknown name is refused, naming the
 * known; `--help` names only the toolsets and tools this version has.
 */
import { tools as every, type ToolDefinition } from './generated/tools.js';

export interface Selection {
  readonly toolsets: readonly string[];
  readonly tools: readonly string[];
  readonly readOnly: boolean;
}

/** The toolsets of `all`, in order, each with its tools' names. */
export function toolsets(all: readonly ToolDefinition[] = every): Map<string, string[]> {
  const sets = new Map<string, string[]>();
  for (const tool of all) sets.set(tool.toolset, [...(sets.get(tool.toolset) ?? []), tool.name]);
  return sets;
}

/** The tools `selection` chooses, and what the operator should read about the choice (for stderr). */
export function selectTools(
  selection: Selection,
  all: readonly ToolDefinition[] = every,
): { tools: ToolDefinition[]; notes: string[] } {
  const known = [...toolsets(all).keys()];
  const unknownSets = selection.toolsets.filter((name) => !known.includes(name));
  if (unknownSets.length > 0) {
    throw new Error(`--toolsets: unknown toolset ${unknownSets.join(', ')}; the toolsets: ${known.join(', ')}`);
  }
  const named = (tool: ToolDefinition, name: string): boolean => tool.name === name || tool.operationId === name;
  const unknownTools = selection.tools.filter((name) => !all.some((tool) => named(tool, name)));
  if (unknownTools.length > 0) {
    throw new Error(
      `--tools: unknown tool ${unknownTools.join(', ')}; the tools: ${all.map((tool) => tool.name).join(', ')}`,
    );
  }
  const chosen =
    selection.toolsets.length === 0 && selection.tools.length === 0
      ? [...all]
      : all.filter(
          (tool) => selection.toolsets.includes(tool.toolset) || selection.tools.some((name) => named(tool, name)),
        );
  if (!selection.readOnly) return { tools: chosen, notes: [] };
  const reading = chosen.filter((tool) => tool.method === 'get');
  const notes =
    reading.length === 0
      ? [`read-only: none of the ${chosen.length} tools chosen reads (GET) in this version of the API; serving none`]
      : [`read-only: serving the ${reading.length} of ${chosen.length} tools that only read (GET)`];
  return { tools: reading, notes };
}

/** `--help`: the flags, the environment, and the toolsets and tools this version has. */
export function usage(version: string, sets: ReadonlyMap<string, readonly string[]>): string {
  const names = [...sets].map(([set, tools]) => `  ${set.padEnd(20)} ${tools.join(', ')}`).join('\n');
  return `userplane-mcp ${version} — the Userplane API as MCP tools, one per operation

Usage: userplane-mcp [options]

Environment:
  USERPLANE_API_KEY      your API key (uspl_…); required over stdio. Over --http without it, each
                         request brings its own (Authorization: Bearer uspl_…)
  USERPLANE_BASE_URL     the API's base URL (default: the spec's server)
  USERPLANE_REDIS_URL    share each key's rate-limit budget with other processes and replicas

Options:
  --toolsets a,b         offer the tools of these toolsets; with --tools, both
  --tools a,b            offer these tools (tool names or operationIds)
  --read-only            offer only the tools that read (GET); wins over every other option
  --deadline s           seconds a call may take, its waits included (default 50: under
                         clients' 60 s timeout); a longer wait answers at once with retryAfter
  --max-retries n        retries after a call's first attempt (default 3)
  --http                 serve Streamable HTTP at /mcp instead of stdio
  --port n               the HTTP port (default 3000; 0 picks a free one)
  --host address         the HTTP address (default 127.0.0.1)
  --allow-remote-host    allow --host to be an address other machines can reach
  --allowed-hosts a,b    Host names requests may use besides --host (a load balancer's)
  --help, --version

Toolsets and their tools:
${names}
`;
}
