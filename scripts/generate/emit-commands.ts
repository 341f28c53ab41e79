/**
 * Emits packages/cli/src/generated/commands.ts: one `userplane` command per operation, from the
 * operation model — nothing names an operation, so a pulled spec's new operations become commands:
 *
 *   words        the operationId's segments in kebab-case (`links.getById` → `links get-by-id`;
 *                `me` → `me`)
 *   flags        every path, query and body parameter, in kebab-case of its name (`workspaceId`
 *                → `--workspace-id`, `per_page` → `--per-page`), with its type, enum values,
 *                default, limits, whether it is required and its one-line description; a name
 *                that would collide with a global flag or another parameter takes its location
 *                as a prefix (`--query-format`)
 *   help         the summary, the description, the operation's own error codes (the shared ones
 *                are said once, `sharedErrors`)
 */
import type { SharedError } from './descriptions.js';
import type { OperationModel } from './model.js';
import { SpecError } from './model-checks.js';
import { isRecord } from '../spec.js';

type Json = Record<string, unknown>;

/** The CLI's own flags, after a command: a parameter never takes one of these names. */
export const GLOBAL_FLAGS = ['format', 'query', 'all', 'max-items', 'dry-run', 'base-url', 'data', 'help'] as const;
/** The CLI's own first words: no operation may start with one. */
const BUILTINS = ['completion', 'help', 'rate-limit'];

/** `getById` → `get-by-id`, `per_page` → `per-page`, `linkURL` → `link-url`. */
export function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/[_\s]+/g, '-')
    .toLowerCase();
}

export type FlagType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';

export interface FlagModel {
  /** The parameter's name in the SDK's params (`workspaceId`). */
  name: string;
  /** Without the dashes (`workspace-id`). */
  flag: string;
  in: 'path' | 'query' | 'body';
  type: FlagType;
  /** An array's item type. */
  items?: FlagType;
  /** `null` is a value it takes (`--link-title null`). */
  nullable?: true;
  enum?: string[];
  default?: unknown;
  limits?: string;
  required: boolean;
  description: string;
}

export interface CommandModel {
  operationId: string;
  words: string[];
  method: string;
  path: string;
  summary: string | undefined;
  description: string | undefined;
  /** The operation's own declared codes (without the shared ones), by status. */
  errors: Record<string, string[]>;
  /** For a paged list: the key of its items. */
  pageItems: string | undefined;
  flags: FlagModel[];
}

function typeOf(schema: Json): { type: FlagType; nullable: boolean; enum?: string[] } {
  const branches = Array.isArray(schema['anyOf'])
    ? schema['anyOf'].filter(isRecord)
    : Array.isArray(schema['oneOf'])
      ? schema['oneOf'].filter(isRecord)
      : [schema];
  const nullable =
    branches.some((b) => b['type'] === 'null') || (Array.isArray(schema['type']) && schema['type'].includes('null'));
  const main = branches.find((b) => b['type'] !== 'null') ?? {};
  const types: unknown[] = Array.isArray(main['type']) ? main['type'] : [main['type']];
  const declared = types.find((t) => t !== 'null');
  const listed: unknown[] = Array.isArray(main['enum']) ? main['enum'] : [];
  const values = listed.length === 0 ? undefined : listed.filter((v): v is string => typeof v === 'string');
  const type: FlagType =
    declared === 'integer' ||
    declared === 'number' ||
    declared === 'boolean' ||
    declared === 'array' ||
    declared === 'object'
      ? declared
      : 'string';
  return { type, nullable, ...(values === undefined || values.length === 0 ? {} : { enum: values }) };
}

function limitsOf(schema: Json): string | undefined {
  const parts: string[] = [];
  const say = (key: string, label: string): void => {
    if (typeof schema[key] === 'number') parts.push(`${label} ${String(schema[key])}`);
  };
  say('minimum', 'min');
  say('maximum', 'max');
  say('minLength', 'min length');
  say('maxLength', 'max length');
  say('minItems', 'min items');
  say('maxItems', 'max items');
  return parts.length === 0 ? undefined : parts.join(', ');
}

function flagsOf(model: OperationModel): FlagModel[] {
  const body = model.body?.schema;
  const properties = isRecord(body?.['properties']) ? body['properties'] : {};
  const required = new Set(Array.isArray(body?.['required']) ? body['required'] : []);
  const fields = [
    ...model.parameters.map((p) => ({
      name: p.name,
      in: p.in,
      schema: p.schema,
      required: p.required && !p.hasDefault,
      description: p.description,
    })),
    ...Object.entries(properties).map(([name, schema]) => ({
      name,
      in: 'body' as const,
      schema: isRecord(schema) ? schema : {},
      required: required.has(name) && !(model.body?.defaults ?? []).includes(name),
      description: model.body?.descriptions[name] ?? '',
    })),
  ];
  const taken = new Set<string>(GLOBAL_FLAGS);
  const plain = fields.map((field) => kebab(field.name));
  return fields.map((field, index) => {
    const name = plain[index] ?? field.name;
    const clash = taken.has(name) || plain.indexOf(name) !== index || plain.lastIndexOf(name) !== index;
    const flag = clash ? `${field.in}-${name}` : name;
    if (taken.has(flag))
      throw new SpecError(`${model.operationId}: two parameters would both be the CLI flag --${flag}`);
    taken.add(flag);
    const { type, nullable, enum: values } = typeOf(field.schema);
    const items = type === 'array' && isRecord(field.schema['items']) ? typeOf(field.schema['items']) : undefined;
    const limits = limitsOf(field.schema);
    return {
      name: field.name,
      flag,
      in: field.in,
      type,
      ...(items === undefined ? {} : { items: items.type }),
      ...(nullable ? { nullable: true as const } : {}),
      ...(values === undefined ? (items?.enum === undefined ? {} : { enum: items.enum }) : { enum: values }),
      ...('default' in field.schema ? { default: field.schema['default'] } : {}),
      ...(limits === undefined ? {} : { limits }),
      required: field.required,
      description: field.description,
    };
  });
}

/** The command of each operation; refuses, naming the operation, one the CLI cannot take. */
export function commandModels(models: OperationModel[], codes: readonly SharedError[] = []): CommandModel[] {
  const shared = new Set(codes.map((code) => code.code));
  return models.map((model) => {
    const words = model.operationId.split('.').map(kebab);
    if (BUILTINS.includes(words[0] ?? '')) {
      throw new SpecError(
        `${model.operationId}: "${words[0] ?? ''}" is a command of the CLI itself (userplane ${words[0] ?? ''})`,
      );
    }
    const errors = Object.fromEntries(
      Object.entries(model.errors)
        .map(([status, list]) => [status, list.filter((code) => !shared.has(code))] as const)
        .filter(([, list]) => list.length > 0),
    );
    return {
      operationId: model.operationId,
      words,
      method: model.method.toUpperCase(),
      path: model.path,
      summary: model.summary,
      description: model.description,
      errors,
      pageItems: model.pageItems,
      flags: flagsOf(model),
    };
  });
}

/** The content of packages/cli/src/generated/commands.ts (after the header). */
export function renderCommands(models: OperationModel[], codes: readonly SharedError[]): string {
  return [
    "import type { CommandDefinition, SharedCode } from '../command.js';",
    '',
    '/** The codes any operation may answer, said once in the help. */',
    `export const sharedCodes: readonly SharedCode[] = ${JSON.stringify(codes)};`,
    '',
    '/** Every operation of the spec as a command, in operationId order. */',
    'export const commands: readonly CommandDefinition[] = [',
    ...commandModels(models, codes).map((command) => `  ${JSON.stringify(command)},`),
    '];',
    '',
  ].join('\n');
}
