/**
 * Emits src/generated/fakes.ts, what `userplane/testing` (src/testing/) needs beside the
 * operation table: per operation, the status and a body valid under the spec's first 2xx
 * response (scripts/generate/sample.ts: examples, defaults, then the plainest valid value), each declared
 * code's status and the message the spec gives it, how each query parameter is read from the
 * URL; and the `FakeResources` tree, the same shape as the client's.
 */
import { jsdoc, renderTree, tree, type Leaf } from './emit-table.js';
import type { OperationModel } from './model.js';
import { SpecError } from './model-checks.js';
import { sample } from './sample.js';
import { isRecord } from '../spec.js';
import { declaredErrors } from './operation-schemas.js';

/** Members of the fake itself: a top-level namespace with one of these names would hide it. */
export const FAKE_MEMBERS: readonly string[] = ['fetch', 'calls', 'client', 'reset'];

const json = (value: unknown): string => JSON.stringify(value);
const SCALARS = ['string', 'number', 'integer', 'boolean'];

function typeOf(schema: unknown): string | undefined {
  if (!isRecord(schema)) return undefined;
  const type = schema['type'];
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((t): t is string => typeof t === 'string' && t !== 'null');
  for (const key of ['oneOf', 'anyOf', 'allOf']) {
    const branches = schema[key];
    if (Array.isArray(branches)) for (const branch of branches) if (typeOf(branch) !== undefined) return typeOf(branch);
  }
  if (Array.isArray(schema['enum'])) return typeof schema['enum'][0];
  return undefined;
}

/** How the fake reads a query parameter from text: a scalar type, or `[type]` for an array. */
function queryKind(schema: unknown): unknown {
  const type = typeOf(schema);
  if (type === 'array') {
    const item = typeOf(isRecord(schema) ? schema['items'] : undefined);
    return [item !== undefined && SCALARS.includes(item) ? item : 'string'];
  }
  return type !== undefined && SCALARS.includes(type) ? type : 'string';
}

function row(spec: Record<string, unknown>, model: OperationModel): string[] {
  const success = model.successes[0];
  const errors = Object.fromEntries(
    [...declaredErrors(spec, model)].map(([code, { status, message }]) => [code, [status, message]]),
  );
  const query = model.parameters.filter((p) => p.in === 'query').map((p) => [p.name, queryKind(p.schema)]);
  const properties = isRecord(model.body?.schema['properties']) ? model.body.schema['properties'] : {};
  const fields = Object.entries(properties)
    .map(([name, schema]) => [name, typeOf(schema)])
    .filter(([, type]) => type === 'number' || type === 'integer' || type === 'boolean');
  return [
    `  ${json(model.operationId)}: {`,
    `    status: ${success?.status ?? 200},`,
    ...(success?.schema === undefined ? [] : [`    body: ${json(sample(success.schema))},`]),
    `    errors: ${json(errors)},`,
    ...(query.length > 0 ? [`    query: ${json(Object.fromEntries(query))},`] : []),
    ...(fields.length > 0 ? [`    fields: ${json(Object.fromEntries(fields))},`] : []),
    '  },',
  ];
}

const fakeLeaf: Leaf = (model, key, indent) => [
  ...jsdoc(
    [`\`${model.method.toUpperCase()} ${model.path}\`: answers, faults and calls of \`${model.operationId}\`.`],
    indent,
  ),
  `${indent}readonly ${key}: Each[${json(model.operationId)}];`,
];

/** The content of src/generated/fakes.ts (after the header). */
export function renderFakes(spec: Record<string, unknown>, models: OperationModel[]): string {
  for (const model of models) {
    const top = model.operationId.split('.')[0] ?? '';
    if (FAKE_MEMBERS.includes(top)) {
      throw new SpecError(
        `operationId "${model.operationId}": "${top}" would shadow a member of the fake (userplane/testing)`,
      );
    }
  }
  return [
    "import type { OperationTypes } from './operation-types.js';",
    '',
    '/**',
    ' * What the fake answers by default, and the codes it may fail with, by operationId (read as',
    ' * `FakeRow`s by src/testing/: generated code imports nothing handwritten).',
    ' */',
    'export const fakes = {',
    ...models.flatMap((model) => row(spec, model)),
    '} as const;',
    '',
    '/**',
    ' * The operations of the fake, in the same tree as the client: `api.links.create`, of type',
    ' * `Each["links.create"]` (src/testing/types.ts).',
    ' */',
    'export interface FakeTree<Each extends { readonly [Id in keyof OperationTypes]: unknown }> {',
    ...renderTree(tree(models), '  ', [], fakeLeaf),
    '}',
    '',
  ].join('\n');
}
