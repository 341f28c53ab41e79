/**
 * Which tools a server offers: every tool of the spec (generated/tools.ts), or the ones
 * `--toolsets` and `--tools` name — their union — and then, with `--read-only`, only those that
 * read (GET): read-only wins over every other flag. An unknown name is refused, naming the known.
 */
import { tools as every, type ToolDefinition } from './generated/tools.js';

export interface Selection {
  readonly toolsets: readonly string[];
  readonly tools: readonly string[];
  readonly readOnly: boolean;
}

/** The tools `selection` chooses, and what the operator should read about the choice (for stderr). */
export function selectTools(
  selection: Selection,
  all: readonly ToolDefinition[] = every,
): { tools: ToolDefinition[]; notes: string[] } {
  const toolsets = [...new Set(all.map((tool) => tool.toolset))];
  const unknownSets = selection.toolsets.filter((name) => !toolsets.includes(name));
  if (unknownSets.length > 0) {
    throw new Error(`unknown toolset ${unknownSets.join(', ')}; the toolsets: ${toolsets.join(', ')}`);
  }
  const named = (tool: ToolDefinition, name: string): boolean => tool.name === name || tool.operationId === name;
  const unknownTools = selection.tools.filter((name) => !all.some((tool) => named(tool, name)));
  if (unknownTools.length > 0) {
    throw new Error(`unknown tool ${unknownTools.join(', ')}; the tools: ${all.map((tool) => tool.name).join(', ')}`);
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
