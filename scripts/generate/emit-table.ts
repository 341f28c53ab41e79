/**
 * Emits, from the operation model:
 *   - operations.ts: `operations`, what the generic client needs at run time to split, validate,
 *     send and read a call (validators referenced by the names scripts/generate/emit-validators.ts gave them);
 *   - operation-types.ts: `OperationTypes`, type-level facts the public types are computed from;
 *   - resources.ts: `Resources`, the `userplane.<namespace>.<method>` tree, each method with the
 *     spec's summary, description, deprecation and declared errors as JSDoc (editor hovers, TypeDoc);
 *   - error-codes.ts and the response validators' index (loaded on demand).
 * The three are separate files so that no import goes in a circle: the table imports the
 * validators only, the method tree the public types, and the public types the facts.
 */
import { validatorNames } from './emit-validators.js';
import type { OperationModel } from './model.js';

const json = (value: unknown): string => JSON.stringify(value);
const union = (values: readonly (string | number)[]): string =>
  values.length === 0 ? 'never' : values.map((v) => json(v)).join(' | ');

function operationTypes(model: OperationModel): string[] {
  const paramDefaults = model.parameters.filter((p) => p.hasDefault).map((p) => p.name);
  return [
    `  ${json(model.operationId)}: {`,
    `    path: ${json(model.path)};`,
    `    method: ${json(model.method)};`,
    `    paramDefaults: ${union(paramDefaults)};`,
    `    bodyDefaults: ${union(model.body?.defaults ?? [])};`,
    `    successes: { ${model.successes.map((s) => `${s.status}: ${s.mediaType === undefined ? 'never' : json(s.mediaType)};`).join(' ')} };`,
    `    pageItems: ${model.pageItems === undefined ? 'never' : json(model.pageItems)};`,
    '    errors: {',
    ...Object.entries(model.errors).map(([status, codes]) => `      ${status}: ${union(codes)};`),
    '    };',
    '  };',
  ];
}

/**
 * One row of the run-time table. Only what differs from the defaults is written (no query, no
 * required body, no paging, every 2xx with a JSON body), so that each operation costs its users
 * as few bytes as it can: the path template names the path parameters itself.
 */
function operationRow(model: OperationModel): string[] {
  const names = validatorNames(model);
  const validators = (['path', 'query', 'body'] as const).flatMap((part) => {
    const name = names[part];
    return name === undefined ? [] : [`${part}: validators.${name}`];
  });
  const query = model.parameters.filter((p) => p.in === 'query').map((p) => [p.name, p.wire]);
  const empty = model.successes.filter((s) => s.mediaType === undefined).map((s) => s.status);
  const optional = [
    query.length > 0 ? `query: ${json(Object.fromEntries(query))}` : undefined,
    model.body?.required === true ? 'bodyRequired: true' : undefined,
    // 2xx statuses answered without a body; `true`: the operation declares no body at all.
    empty.length === model.successes.length ? 'empty: true' : empty.length > 0 ? `empty: ${json(empty)}` : undefined,
    model.pageItems === undefined ? undefined : `pageItems: ${json(model.pageItems)}`,
  ].filter((line) => line !== undefined);
  return [
    `  ${json(model.operationId)}: {`,
    `    method: ${json(model.method)},`,
    `    path: ${json(model.path)},`,
    ...optional.map((line) => `    ${line},`),
    `    validators: { ${validators.join(', ')} },`,
    '  },',
  ];
}

/** A JSDoc block at `indent`, its text unable to close the comment early. */
export function jsdoc(lines: string[], indent: string): string[] {
  const body = lines.flatMap((line) => line.replaceAll('*/', '*\\/').split('\n'));
  return [`${indent}/**`, ...body.map((line) => `${indent} *${line === '' ? '' : ` ${line}`}`), `${indent} */`];
}

function methodDoc(model: OperationModel): string[] {
  const lines: string[] = [];
  if (model.summary !== undefined) lines.push(model.summary, '');
  if (model.description !== undefined && model.description !== model.summary) lines.push(model.description, '');
  lines.push(`\`${model.method.toUpperCase()} ${model.path}\` — operationId \`${model.operationId}\`.`);
  if (model.pageItems !== undefined) {
    lines.push(
      '',
      `A paged list: \`for await\` over the call yields every item of \`data.${model.pageItems}\`, page by page.`,
    );
  }
  const errors = Object.entries(model.errors).filter(([, codes]) => codes.length > 0);
  if (errors.length > 0) {
    lines.push('', 'Errors the spec declares (narrow with `isUserplaneError(err, operationId)`):');
    for (const [status, codes] of errors) lines.push(`- ${status}: ${codes.map((c) => `\`${c}\``).join(', ')}`);
  }
  if (model.deprecated) lines.push('', '@deprecated The API marks this operation deprecated.');
  return lines;
}

export interface Tree {
  namespaces: Map<string, Tree>;
  methods: Map<string, OperationModel>;
}

export function tree(models: OperationModel[]): Tree {
  const root: Tree = { namespaces: new Map(), methods: new Map() };
  for (const model of models) {
    const segments = model.operationId.split('.');
    const name = segments.pop() ?? model.operationId;
    let node = root;
    for (const segment of segments) {
      const child = node.namespaces.get(segment) ?? { namespaces: new Map(), methods: new Map() };
      node.namespaces.set(segment, child);
      node = child;
    }
    node.methods.set(name, model);
  }
  return root;
}

/** How a leaf of the tree is written: its JSDoc and its member line. */
export type Leaf = (model: OperationModel, key: string, indent: string) => string[];

const methodLeaf: Leaf = (model, key, indent) => [
  ...jsdoc(methodDoc(model), indent),
  `${indent}readonly ${key}: Each[${json(model.operationId)}];`,
];

export function renderTree(node: Tree, indent: string, path: string[], leaf: Leaf = methodLeaf): string[] {
  const lines: string[] = [];
  const keys = [...new Set([...node.namespaces.keys(), ...node.methods.keys()])].sort();
  for (const key of keys) {
    const method = node.methods.get(key);
    const namespace = node.namespaces.get(key);
    if (method !== undefined) {
      lines.push(...leaf(method, key, indent));
    } else if (namespace !== undefined) {
      const name = [...path, key].join('.');
      lines.push(
        ...jsdoc([`The \`${name}.*\` operations.`], indent),
        `${indent}readonly ${key}: {`,
        ...renderTree(namespace, `${indent}  `, [...path, key], leaf),
        `${indent}};`,
      );
    }
  }
  return lines;
}

/** The content of src/generated/operations.ts (after the header). */
export function renderOperationTable(models: OperationModel[], server: string): string {
  return [
    "import * as validators from './validators.js';",
    '',
    '/** The server the spec declares first: the default `baseUrl`. */',
    `export const specServerUrl = ${json(server)};`,
    '',
    '/**',
    ' * Every operation in the spec, keyed by operationId: what the generic client in src/ needs to',
    ' * split, validate, send and read a call (the declared error codes are in error-codes.ts).',
    ' */',
    'export const operations = {',
    ...models.flatMap(operationRow),
    '} as const;',
    '',
  ].join('\n');
}

/** src/generated/operation-types.ts: type-level facts the public types (src/operations/types.ts) are computed from. */
export function renderOperationTypes(models: OperationModel[]): string {
  return [
    '/** Type-level facts about every operation, for the public types (no run-time values). */',
    'export interface OperationTypes {',
    ...models.flatMap(operationTypes),
    '}',
    '',
  ].join('\n');
}

/** src/generated/resources.ts: the method tree, each method documented from the spec. */
export function renderResources(models: OperationModel[]): string {
  return [
    "import type { OperationTypes } from './operation-types.js';",
    '',
    '/**',
    ' * The operations as a tree, grouped by the namespaces of their operationIds: `links.create` is',
    ' * `tree.links.create`, of type `Each["links.create"]` (the client\'s methods: src/operations/types.ts).',
    ' */',
    'export interface OperationTree<Each extends { readonly [Id in keyof OperationTypes]: unknown }> {',
    ...renderTree(tree(models), '  ', []),
    '}',
    '',
  ].join('\n');
}

/**
 * src/generated/error-codes.ts: the codes each operation declares per error status. Only an
 * error response needs them (to tell a declared error from any other), so they load with the
 * error path (src/errors/describe.ts), not with the SDK.
 */
export function renderErrorCodes(models: OperationModel[]): string {
  return [
    '/** The `defined: true` codes the spec declares, by operationId and error status. */',
    'export const errorCodes: Readonly<Record<string, Readonly<Partial<Record<number, readonly string[]>>>>> = {',
    ...models.map((model) => `  ${json(model.operationId)}: ${json(model.errors)},`),
    '};',
    '',
  ].join('\n');
}

/** The map from operationId and status to response validator, appended to response-validators.ts. */
export function renderResponseValidators(models: OperationModel[]): string {
  const lines = [
    '/** Response validators by operationId and status: loaded on first use, by `validateResponses`. */',
    'export const responseValidators = {',
  ];
  for (const model of models) {
    const entries = Object.entries(validatorNames(model).responses);
    if (entries.length > 0) {
      lines.push(
        `  ${json(model.operationId)}: { ${entries.map(([status, name]) => `${status}: ${name}`).join(', ')} },`,
      );
    }
  }
  lines.push('} as const;', '');
  return lines.join('\n');
}
