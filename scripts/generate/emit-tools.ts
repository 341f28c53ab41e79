/**
 * Emits packages/mcp/src/generated/tools.ts: one MCP tool per operation, from the operation
 * model — nothing names an operation, so a pulled spec's new operations become tools:
 *
 *   name          the operationId with `.` as `_` (`links_create`), always `^[a-zA-Z0-9_-]{1,64}$`
 *   title         the spec's summary
 *   description   short, to keep the whole list small: what the call does (the spec's
 *                 description's first sentence, else its summary), how to page a list, and the
 *                 operation's own error codes — not those every operation shares, which the
 *                 server's instructions (`instructions`, also generated here) say once
 *   inputSchema   the call's params as the SDK takes them — path, query and body fields in one
 *                 flat object — self-contained (no `$ref`), each with its one-line description
 *                 (descriptions.ts), defaults, enums and limits kept; a field with a default is
 *                 not required
 *   outputSchema  the success body, open to fields a newer server adds (upstream's schemas are
 *                 closed: a closed one would fail every call the day the API adds a field)
 *   annotations   from the method: readOnly for GET, destructive for DELETE, idempotent for GET,
 *                 PUT and DELETE; every tool reaches the Userplane API (openWorld)
 */
import { oneLine, type SharedError } from './descriptions.js';
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
      if (typeof value === 'string') kept[key] = oneLine(value);
    } else kept[key] = compact(value, open, key === 'properties');
  }
  return kept;
}

/** The tool's input: the SDK's flat params, each field described, those with a default optional. */
function toolInput(model: OperationModel): Json {
  const input = inputSchema(model);
  const descriptions: Record<string, string> = {
    ...Object.fromEntries(model.parameters.map((p) => [p.name, p.description])),
    ...model.body?.descriptions,
  };
  const properties = isRecord(input['properties']) ? input['properties'] : {};
  const described = Object.fromEntries(
    Object.entries(properties).map(([name, schema]) => [
      name,
      // The description first: what a model reads before the constraints.
      { description: descriptions[name], ...(isRecord(schema) ? schema : {}) },
    ]),
  );
  const required = Array.isArray(input['required']) ? input['required'] : [];
  const defaulted = new Set(model.body?.defaults ?? []);
  return {
    ...input,
    properties: described,
    required: required.filter((name) => typeof name === 'string' && !defaulted.has(name)),
  };
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

function describe(model: OperationModel, shared: ReadonlySet<string>): string {
  // What the call does: the spec's description, else its summary (which is the tool's title too).
  const does = model.description ?? model.summary;
  const parts = does === undefined ? [] : [oneLine(does).replace(/[.!?]?$/, '.')];
  if (model.pageItems !== undefined) parts.push(`One page of data.${model.pageItems}; the next: page + 1.`);
  const own = [...new Set(Object.values(model.errors).flat())].filter((code) => !shared.has(code));
  if (own.length > 0) parts.push(`Errors: ${own.join(', ')}.`);
  return parts.join(' ');
}

/**
 * What every tool shares, said once: the server's instructions (sent at initialize and in
 * server/discover). `codes`: the shared errors (descriptions.ts).
 */
export function instructions(codes: readonly SharedError[]): string {
  return [
    'Tools of the Userplane Public API (workspaces, recording links, recordings, projects): each is one',
    "API operation; its arguments are the operation's params. Every tool acts as the user the API key",
    "belongs to. Calls are paced to the API's rate limit and retried when the API was busy, and",
    "a call never waits past the server's deadline: a result with isError true says what failed, its",
    'code and, when worth trying again, retryAfter in ms. Besides the codes a tool lists, any tool may answer:',
    ...codes.map((code) => `${code.code} (${code.status}): ${code.meaning}.`),
  ].join(' ');
}

/** The tool of each operation; refuses, naming the operations, a name no client would take. */
export function toolModels(models: OperationModel[], codes: readonly SharedError[] = []): ToolModel[] {
  const shared = new Set(codes.map((code) => code.code));
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
      description: describe(model, shared),
      inputSchema: compact(toolInput(model), false) as Json,
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
export function renderTools(models: OperationModel[], codes: readonly SharedError[]): string {
  const tools = toolModels(models, codes);
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
    "/** What every tool shares, said once: the server's instructions. */",
    `export const instructions = ${JSON.stringify(instructions(codes))};`,
    '',
    '/** Every operation of the spec as a tool, in operationId order. */',
    'export const tools: readonly ToolDefinition[] = [',
    ...tools.map((tool) => `  ${JSON.stringify(tool)},`),
    '];',
    '',
  ].join('\n');
}
