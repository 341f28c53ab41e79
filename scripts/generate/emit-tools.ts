/**
 * Emits packages/mcp/src/generated/tools.ts: one MCP tool per operation, from the operation
 * model — nothing names an operation, so a pulled spec's new operations become tools:
 *
 *   name          the operationId with `.` as `_` (`links_create`), always `^[a-zA-Z0-9_-]{1,64}$`
 *   title         the spec's summary
 *   description   short, to keep the whole list small: the summary, what the call does (the
 *                 spec's description, its first sentence), the error codes it declares
 *   inputSchema   the call's params as the SDK takes them — path, query and body fields in one
 *                 flat object — self-contained (no `$ref`), defaults, enums and limits kept
 *   outputSchema  the success body, open to fields a newer server adds (upstream's schemas are
 *                 closed: a closed one would fail every call the day the API adds a field)
 *   annotations   from the method: readOnly for GET, destructive for DELETE, idempotent for GET,
 *                 PUT and DELETE; every tool reaches the Userplane API (openWorld)
 */
import type { OperationModel } from './model.js';
import { SpecError } from './model-checks.js';
import { inputSchema } from './operation-schemas.js';
import { isRecord } from '../spec.js';

type Json = Record<string, unknown>;

/** The JSON Schema keywords a tool keeps: what validates (and tells a model) a value; no docs' extras. */
const KEPT = new Set([
  'type',
  'properties',
  'required',
  'items',
  'enum',
  'const',
  'default',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'additionalProperties',
  'propertyNames',
  'anyOf',
  'oneOf',
  'allOf',
  'not',
  'description',
]);

/** `schema` with only the kept keywords, at every depth; `open` drops `additionalProperties: false`. */
function compact(schema: unknown, open: boolean, inProperties = false): unknown {
  if (Array.isArray(schema)) return schema.map((item) => compact(item, open));
  if (!isRecord(schema)) return schema;
  const kept: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    // Inside `properties` every key is a field name, not a keyword.
    if (inProperties) kept[key] = compact(value, open);
    else if (!KEPT.has(key) || (open && key === 'additionalProperties' && value === false)) continue;
    else if (key === 'description') {
      if (typeof value === 'string') kept[key] = firstSentence(value);
    } else kept[key] = compact(value, open, key === 'properties');
  }
  return kept;
}

/** The first sentence of a text, at most 160 characters. */
function firstSentence(text: string): string {
  const sentence = /^[\s\S]*?[.!?](?=\s|$)/.exec(text.trim())?.[0] ?? text.trim();
  return sentence.length > 160 ? `${sentence.slice(0, 159)}…` : sentence;
}

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** The tool's name for an operation: its operationId, `.` (and anything else a client refuses) as `_`. */
export function toolName(operationId: string): string {
  return operationId.replace(/[^a-zA-Z0-9_-]/g, '_');
}

export interface ToolModel {
  name: string;
  operationId: string;
  method: string;
  /** The operationId's namespace (`links`), or the operationId itself when it has none: a toolset. */
  toolset: string;
  title: string | undefined;
  description: string;
  inputSchema: Json;
  outputSchema: Json | undefined;
  annotations: { readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: boolean };
}

function describe(model: OperationModel): string {
  const parts: string[] = [];
  if (model.summary !== undefined) parts.push(firstSentence(model.summary).replace(/[.!?]?$/, '.'));
  const does = model.description === undefined ? undefined : firstSentence(model.description).replace(/[.!?]?$/, '.');
  if (does !== undefined && does !== parts[0]) parts.push(does);
  if (model.pageItems !== undefined) parts.push(`One page of data.${model.pageItems} (page, per_page).`);
  const codes = [...new Set(Object.values(model.errors).flat())];
  if (codes.length > 0) parts.push(`Errors: ${codes.join(', ')}.`);
  return parts.join(' ');
}

/** The tool of each operation; refuses, naming the operations, a name no client would take. */
export function toolModels(models: OperationModel[]): ToolModel[] {
  const byName = new Map<string, string>();
  return models.map((model) => {
    const name = toolName(model.operationId);
    if (!NAME.test(name)) {
      throw new SpecError(
        `${model.operationId}: its tool name "${name}" is longer than the 64 characters MCP clients take`,
      );
    }
    const other = byName.get(name);
    if (other !== undefined)
      throw new SpecError(`${other} and ${model.operationId} would both be the MCP tool "${name}"`);
    byName.set(name, model.operationId);
    const success = model.successes.every((s) => isRecord(s.schema) && s.schema['type'] === 'object')
      ? model.successes[0]?.schema
      : undefined;
    const get = model.method === 'get';
    return {
      name,
      operationId: model.operationId,
      method: model.method,
      toolset: model.operationId.split('.')[0] ?? model.operationId,
      title: model.summary,
      description: describe(model),
      inputSchema: compact(inputSchema(model), false) as Json,
      outputSchema: success === undefined ? undefined : (compact(success, true) as Json),
      annotations: {
        readOnlyHint: get,
        destructiveHint: model.method === 'delete',
        idempotentHint: get || model.method === 'put' || model.method === 'delete',
        openWorldHint: true,
      },
    };
  });
}

/** The content of packages/mcp/src/generated/tools.ts (after the header). */
export function renderTools(models: OperationModel[]): string {
  const tools = toolModels(models);
  return [
    '/** One MCP tool of the Userplane API: what `tools/list` says of it, and the operation it calls. */',
    'export interface ToolDefinition {',
    '  readonly name: string;',
    '  readonly operationId: string;',
    '  readonly method: string;',
    "  /** The operationId's namespace (`links`), or the operationId itself: what `--toolsets` names. */",
    '  readonly toolset: string;',
    '  readonly title?: string;',
    '  readonly description: string;',
    '  readonly inputSchema: { readonly type: "object"; readonly [keyword: string]: unknown };',
    '  readonly outputSchema?: { readonly type: "object"; readonly [keyword: string]: unknown };',
    '  readonly annotations: {',
    '    readonly readOnlyHint: boolean;',
    '    readonly destructiveHint: boolean;',
    '    readonly idempotentHint: boolean;',
    '    readonly openWorldHint: boolean;',
    '  };',
    '}',
    '',
    '/** Every operation of the spec as a tool, in operationId order. */',
    'export const tools: readonly ToolDefinition[] = [',
    ...tools.map((tool) => `  ${JSON.stringify(tool)},`),
    '];',
    '',
  ].join('\n');
}
