/**
 * A TypeScript consumer of the SDK written from the operation model: every operation called
 * with every parameter and body field at its whole type (every enum member, null where allowed),
 * its result held at the type of its success bodies (so every field is read at its type), every
 * declared error code narrowed to its status. It compiles exactly when the SDK's types serve the
 * spec the model was built from.
 *
 *   - The type tests (tests/sdk/type-contract.test.ts) add `negative` checks — a missing required
 *     field, an unknown field, a wrong enum member or type, an undeclared code: each must be a
 *     compile error (`@ts-expect-error`) — and compile it against the SDK built from the same spec.
 *   - The release bump's second opinion (scripts/upstream/bump-check.ts) writes it from the *old* spec and
 *     compiles it against the *new* build: a change the classifier called minor that breaks this
 *     consumer is a major one, and the compiler names the line.
 */
import { join } from 'node:path';
import type { OperationModel } from '../generate/model.js';
import { isRecord, root } from '../spec.js';

type Schema = Record<string, unknown>;

const json = (value: unknown): string => JSON.stringify(value);

function types(schema: Schema): string[] {
  const type = schema['type'];
  return Array.isArray(type) ? type.map(String) : typeof type === 'string' ? [type] : [];
}

/** A value valid under `schema`, as a TypeScript literal (deterministic: examples, defaults, minimal values). */
export function literal(schema: Schema): string {
  for (const key of ['const', 'default', 'example'] as const) if (key in schema) return json(schema[key]);
  if (Array.isArray(schema['examples']) && schema['examples'].length > 0) return json(schema['examples'][0]);
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return json(schema['enum'][0]);
  const variants = [schema['oneOf'], schema['anyOf']].find(Array.isArray);
  if (variants !== undefined) return literal(isRecord(variants[0]) ? variants[0] : {});
  const [type] = types(schema).filter((t) => t !== 'null');
  switch (type) {
    case 'string': {
      if (schema['format'] === 'date-time') return json('2024-01-01T00:00:00.000Z');
      const length = typeof schema['minLength'] === 'number' ? Math.max(1, schema['minLength']) : 1;
      return json('x'.repeat(length));
    }
    case 'integer':
    case 'number':
      return String(typeof schema['minimum'] === 'number' ? schema['minimum'] : 1);
    case 'boolean':
      return 'true';
    case 'array':
      return `[${literal(isRecord(schema['items']) ? schema['items'] : {})}]`;
    case 'object':
      return objectLiteral(schema);
    case undefined:
      return types(schema).includes('null') ? 'null' : '"x"';
    default:
      return '"x"';
  }
}

function objectLiteral(schema: Schema): string {
  const properties = isRecord(schema['properties']) ? schema['properties'] : {};
  const entries = Object.entries(properties).map(
    ([name, property]) => `${json(name)}: ${literal(isRecord(property) ? property : {})}`,
  );
  if (entries.length === 0 && isRecord(schema['additionalProperties'])) {
    entries.push(`"key": ${literal(schema['additionalProperties'])}`);
  }
  return `{ ${entries.join(', ')} }`;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * The TypeScript type of a schema, as openapi-typescript writes it (the subset the spec uses):
 * what a consumer of this spec holds. Old types passed to the new SDK, and new results assigned
 * to old types, are exactly the compatibility a consumer needs.
 */
export function typeText(schema: Schema, depth = 0): string {
  if (depth > 12) return 'unknown';
  if ('const' in schema) return json(schema['const']);
  if (Array.isArray(schema['enum'])) return schema['enum'].map((v) => json(v)).join(' | ') || 'never';
  const variants = [schema['oneOf'], schema['anyOf']].find(Array.isArray);
  if (variants !== undefined) {
    return variants.map((v) => `(${typeText(isRecord(v) ? v : {}, depth + 1)})`).join(' | ') || 'never';
  }
  const declared = types(schema);
  if (declared.length === 0) return 'unknown';
  return declared
    .map((type) => {
      switch (type) {
        case 'string':
          return 'string';
        case 'integer':
        case 'number':
          return 'number';
        case 'boolean':
          return 'boolean';
        case 'null':
          return 'null';
        case 'array':
          return `(${typeText(isRecord(schema['items']) ? schema['items'] : {}, depth + 1)})[]`;
        case 'object':
          return objectType(schema, depth);
        default:
          return 'unknown';
      }
    })
    .join(' | ');
}

function objectType(schema: Schema, depth: number): string {
  const properties = isRecord(schema['properties']) ? schema['properties'] : {};
  const required = Array.isArray(schema['required']) ? schema['required'].map(String) : [];
  const members = Object.entries(properties).map(([name, property]) => {
    const key = IDENTIFIER.test(name) ? name : json(name);
    return `${key}${required.includes(name) ? '' : '?'}: ${typeText(isRecord(property) ? property : {}, depth + 1)};`;
  });
  const additional = schema['additionalProperties'];
  if (isRecord(additional)) members.push(`[key: string]: ${typeText(additional, depth + 1)};`);
  else if (additional !== false && members.length === 0) members.push('[key: string]: unknown;');
  return `{ ${members.join(' ')} }`;
}

/** Every field of an operation's params: parameters, then body fields. */
function fields(model: OperationModel): { name: string; schema: Schema; required: boolean }[] {
  const body = model.body;
  const properties = isRecord(body?.schema['properties']) ? body.schema['properties'] : {};
  const required = Array.isArray(body?.schema['required']) ? body.schema['required'].map(String) : [];
  return [
    ...model.parameters.map((p) => ({ name: p.name, schema: p.schema, required: p.required && !p.hasDefault })),
    ...Object.entries(properties).map(([name, schema]) => {
      const own = isRecord(schema) ? schema : {};
      return { name, schema: own, required: body?.required === true && required.includes(name) && !('default' in own) };
    }),
  ];
}

export interface ProbeOptions {
  /** What the probe imports the SDK as. @default 'userplane' */
  from?: string;
  /** Add the `@ts-expect-error` checks (for the SDK built from the same spec only). */
  negative?: boolean;
}

function probeOf(model: OperationModel, negative: boolean): string[] {
  const id = json(model.operationId);
  const call = `userplane.${model.operationId}`;
  const all = fields(model);
  const params = `{ ${all.map((f) => `${json(f.name)}: ${literal(f.schema)}`).join(', ')} }`;
  const lines = [
    `  {`,
    `    // ${model.operationId}: ${model.method.toUpperCase()} ${model.path}`,
    `    const params = ${params} satisfies OperationParams<${id}>;`,
  ];
  lines.push(`    const result = await ${call}(params);`);
  // The whole result at its type under this spec: a field removed, retyped or made optional
  // since does not compile. A 2xx without content adds `undefined`.
  const bodies = model.successes.map((s) => (s.schema === undefined ? 'undefined' : typeText(s.schema)));
  lines.push(`    const body: ${[...new Set(bodies)].join(' | ')} = result;`, '    void body;');
  // Every field at its whole type under this spec (every enum member, null where allowed).
  for (const field of all) {
    lines.push(`    void ${call}({ ...params, ${json(field.name)}: value<${typeText(field.schema)}>() });`);
  }
  for (const [status, codes] of Object.entries(model.errors)) {
    for (const code of codes) {
      lines.push(
        `    if (isUserplaneError(err, ${id}, ${json(code)})) { const status: ${status} = err.status; void status; }`,
      );
    }
  }
  if (negative) {
    const without = (name: string): string =>
      `{ ${all
        .filter((f) => f.name !== name)
        .map((f) => `${json(f.name)}: ${literal(f.schema)}`)
        .join(', ')} }`;
    for (const field of all.filter((f) => f.required)) {
      lines.push(`    // @ts-expect-error ${field.name} is required`, `    void ${call}(${without(field.name)});`);
    }
    if (all.length > 0) {
      lines.push(
        '    // @ts-expect-error not a field of the operation',
        `    void ${call}({ ...params, sdkNotAField: 1 });`,
      );
    }
    for (const field of all) {
      if (Array.isArray(field.schema['enum'])) {
        lines.push(
          `    // @ts-expect-error ${field.name} is an enum`,
          `    void ${call}({ ...params, ${json(field.name)}: "sdk-not-a-member" });`,
        );
      } else if (types(field.schema).length === 1 && types(field.schema)[0] === 'string') {
        lines.push(
          `    // @ts-expect-error ${field.name} is a string`,
          `    void ${call}({ ...params, ${json(field.name)}: 42 });`,
        );
      }
    }
    lines.push(
      `    // @ts-expect-error not a code ${model.operationId} declares`,
      `    void isUserplaneError(err, ${id}, "SDK_NOT_DECLARED");`,
    );
  }
  lines.push('  }');
  return lines;
}

/** The probe's source: one block per operation, inside one async function. */
export function typeProbe(models: OperationModel[], options: ProbeOptions = {}): string {
  const from = options.from ?? 'userplane';
  return [
    '// Written by scripts/upstream/type-probe.ts from the operation model. Compiles when the SDK serves the spec.',
    `import { isUserplaneError, type OperationParams, type Userplane } from ${json(from)};`,
    '',
    'declare const userplane: Userplane;',
    'declare const err: unknown;',
    '/** A value of type T, for the type checker only (the probe is compiled, never run). */',
    'const value = <T>(): T => undefined as T;',
    '',
    'export async function probe(): Promise<void> {',
    ...models.flatMap((model) => probeOf(model, options.negative === true)),
    '}',
    '',
  ].join('\n');
}

/**
 * The tsconfig the probe is compiled with, strict as the strictest consumer: `sdk` is the SDK's
 * entry (`src/index.ts` of this project or of a copy with other generated code), imported as
 * `userplane`; `files` the probes (a probe may import an SDK by a relative path instead).
 */
export function probeTsconfig(sdk: string, files: string | string[]): string {
  return JSON.stringify({
    compilerOptions: {
      target: 'es2022',
      lib: ['es2022', 'dom', 'dom.iterable'],
      module: 'esnext',
      moduleResolution: 'bundler',
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      skipLibCheck: true,
      // The SDK reads `process` where a runtime has it.
      types: ['node'],
      typeRoots: [join(root, 'node_modules/@types')],
      paths: { userplane: [sdk] },
    },
    files: typeof files === 'string' ? [files] : files,
  });
}
