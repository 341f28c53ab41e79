/**
 * Builds the operation table (src/generated/operations.ts) from the effective spec: for each
 * operation its method, path, parameter names, validators and declared error codes. The
 * handwritten layer in src/ is generic over this table, so a new operation in the spec needs
 * no handwritten code.
 *
 * Anything the handwritten layer cannot serve (header or cookie parameters, a non-JSON body,
 * a body field that shadows a path parameter) fails generation with a message saying so,
 * rather than producing an SDK that silently drops input.
 */

import { isRecord } from './spec.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** Names that would break the client if an operation claimed them as a namespace or method. */
const RESERVED_SEGMENTS = new Set(['raw', 'then', 'constructor', 'prototype', '__proto__', 'toString', 'toJSON']);

export interface OperationEntry {
  operationId: string;
  /** Lower-case, as openapi-fetch's `request(method, …)` takes it. */
  method: (typeof METHODS)[number];
  path: string;
  pathParams: string[];
  queryParams: string[];
  hasBody: boolean;
  bodyRequired: boolean;
  /** Body fields with a spec `default`: optional in the SDK's params, filled in before sending. */
  bodyDefaults: string[];
  successStatus: number;
  /** Whether the success response declares a JSON body (and so has a response validator). */
  hasResponseBody: boolean;
  /** Declared `defined: true` codes per error status. */
  errors: Record<string, string[]>;
}

type Json = Record<string, unknown>;

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

class SpecError extends Error {
  override name = 'SpecError';
}

/** Resolves a local `$ref` (`#/components/...`); other values pass through. */
function deref(spec: Json, value: unknown, seen = new Set<string>()): unknown {
  if (!isRecord(value) || typeof value['$ref'] !== 'string') return value;
  const ref = value['$ref'];
  if (!ref.startsWith('#/')) throw new SpecError(`only local $refs are supported, found ${ref}`);
  if (seen.has(ref)) throw new SpecError(`circular $ref ${ref}`);
  seen.add(ref);
  let node: unknown = spec;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    node = isRecord(node) ? node[key] : undefined;
  }
  if (node === undefined) throw new SpecError(`unresolvable $ref ${ref}`);
  return deref(spec, node, seen);
}

/** `defined: true` error codes declared by one error response schema (oneOf/anyOf of variants). */
function declaredCodes(spec: Json, response: unknown): string[] {
  const resolved = deref(spec, response);
  if (!isRecord(resolved) || !isRecord(resolved['content'])) return [];
  const media = resolved['content']['application/json'];
  if (!isRecord(media)) return [];
  const schema = deref(spec, media['schema']);
  if (!isRecord(schema)) return [];
  const variants = [...asArray(schema['oneOf']), ...asArray(schema['anyOf'])];
  const codes: string[] = [];
  for (const variant of variants.length > 0 ? variants : [schema]) {
    const v = deref(spec, variant);
    if (!isRecord(v) || !isRecord(v['properties'])) continue;
    const { defined, code } = v['properties'];
    if (isRecord(defined) && defined['const'] === true && isRecord(code) && typeof code['const'] === 'string') {
      codes.push(code['const']);
    }
  }
  return codes;
}

function checkOperationId(operationId: string): void {
  for (const segment of operationId.split('.')) {
    if (!/^[A-Za-z_$][\w$]*$/.test(segment)) {
      throw new SpecError(`operationId "${operationId}": segment "${segment}" is not a JavaScript identifier`);
    }
    if (RESERVED_SEGMENTS.has(segment)) {
      throw new SpecError(`operationId "${operationId}": segment "${segment}" is reserved by the client`);
    }
  }
}

export function buildOperationTable(spec: Json): OperationEntry[] {
  if (!isRecord(spec['paths'])) throw new SpecError('the spec has no paths');
  const entries: OperationEntry[] = [];

  for (const [path, rawItem] of Object.entries(spec['paths'])) {
    const item = deref(spec, rawItem);
    if (!isRecord(item)) continue;
    const shared = asArray(item['parameters']);

    for (const method of METHODS) {
      const op = item[method];
      if (!isRecord(op)) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const operationId = op['operationId'];
      if (typeof operationId !== 'string') throw new SpecError(`${where} has no operationId`);
      checkOperationId(operationId);

      // Operation-level parameters override path-level ones with the same name and location.
      const byKey = new Map<string, Json>();
      for (const raw of [...shared, ...asArray(op['parameters'])]) {
        const p = deref(spec, raw);
        if (!isRecord(p) || typeof p['name'] !== 'string' || typeof p['in'] !== 'string') continue;
        byKey.set(`${p['in']}:${p['name']}`, p);
      }
      const pathParams: string[] = [];
      const queryParams: string[] = [];
      for (const p of byKey.values()) {
        const name = String(p['name']);
        if (p['in'] === 'path') pathParams.push(name);
        else if (p['in'] === 'query') queryParams.push(name);
        else throw new SpecError(`${operationId}: ${String(p['in'])} parameter "${name}" is not supported by the SDK`);
      }

      let hasBody = false;
      let bodyRequired = false;
      const bodyDefaults: string[] = [];
      const requestBody = deref(spec, op['requestBody']);
      if (isRecord(requestBody)) {
        const content = isRecord(requestBody['content']) ? requestBody['content'] : {};
        const media = content['application/json'];
        if (!isRecord(media)) {
          throw new SpecError(`${operationId}: only application/json request bodies are supported`);
        }
        const schema = deref(spec, media['schema']);
        if (!isRecord(schema) || schema['type'] !== 'object') {
          // Params are one flat object (path + query + body fields): a non-object body cannot join it.
          throw new SpecError(`${operationId}: the request body must be a JSON object schema`);
        }
        hasBody = true;
        bodyRequired = requestBody['required'] === true;
        const properties = isRecord(schema['properties']) ? schema['properties'] : {};
        for (const [name, raw] of Object.entries(properties)) {
          if (pathParams.includes(name) || queryParams.includes(name)) {
            throw new SpecError(`${operationId}: body field "${name}" has the same name as a parameter`);
          }
          const property = deref(spec, raw);
          if (isRecord(property) && 'default' in property) bodyDefaults.push(name);
        }
      }

      const responses = isRecord(op['responses']) ? op['responses'] : {};
      const statuses = Object.keys(responses);
      const success = statuses.filter((s) => /^2\d\d$/.test(s)).sort();
      const successStatus = success[0];
      if (successStatus === undefined) throw new SpecError(`${operationId}: no 2xx response is declared`);
      const successResponse = deref(spec, responses[successStatus]);
      const hasResponseBody =
        isRecord(successResponse) &&
        isRecord(successResponse['content']) &&
        isRecord(successResponse['content']['application/json']);
      const errors: Record<string, string[]> = {};
      for (const status of statuses.filter((s) => /^[45]\d\d$/.test(s)).sort()) {
        errors[status] = declaredCodes(spec, responses[status]);
      }

      entries.push({
        operationId,
        method,
        path,
        pathParams,
        queryParams,
        hasBody,
        bodyRequired,
        bodyDefaults,
        successStatus: Number(successStatus),
        hasResponseBody,
        errors,
      });
    }
  }

  const seen = new Set<string>();
  for (const { operationId } of entries) {
    if (seen.has(operationId)) throw new SpecError(`operationId "${operationId}" is used twice`);
    seen.add(operationId);
  }
  return entries.sort((a, b) => (a.operationId < b.operationId ? -1 : a.operationId > b.operationId ? 1 : 0));
}

/** hey-api's export name stem for an operation: `links.create` → `LinksCreate`. Checked after generation. */
export function validatorStem(operationId: string): string {
  return operationId
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

export function validatorNames(entry: OperationEntry): {
  path?: string;
  query?: string;
  body?: string;
  response?: string;
} {
  const stem = `v${validatorStem(entry.operationId)}`;
  return {
    ...(entry.pathParams.length > 0 ? { path: `${stem}Path` } : {}),
    ...(entry.queryParams.length > 0 ? { query: `${stem}Query` } : {}),
    ...(entry.hasBody ? { body: `${stem}Body` } : {}),
    ...(entry.hasResponseBody ? { response: `${stem}Response` } : {}),
  };
}

/** The first `servers` URL: the SDK's default base URL. */
export function serverUrl(spec: Json): string {
  const first = asArray(spec['servers'])[0];
  if (!isRecord(first) || typeof first['url'] !== 'string') throw new SpecError('the spec declares no server URL');
  return first['url'];
}

/** `name`, once checked to be among what hey-api exported. */
function checked(entry: OperationEntry, exported: Set<string>, name: string): string {
  if (!exported.has(name)) {
    throw new SpecError(
      `${entry.operationId}: expected @hey-api/openapi-ts to export "${name}"; ` +
        'its naming changed — update validatorStem() in scripts/operation-table.ts',
    );
  }
  return name;
}

/**
 * Renders the operation table as TypeScript: `OperationTypes` (type-level facts for the public
 * types: success status, defaulted body fields, declared error codes per status) and
 * `operations` (what the generic client needs at run time). `exported` are the validator names
 * hey-api actually emitted.
 */
export function renderOperationTable(entries: OperationEntry[], exported: Set<string>, server: string): string {
  const lines: string[] = [
    "import * as validators from './validators.js';",
    '',
    '/** The server the spec declares first: the default `baseUrl`. */',
    `export const specServerUrl = ${JSON.stringify(server)};`,
    '',
    '/** Type-level facts about every operation, for the public types (no run-time values). */',
    'export interface OperationTypes {',
  ];
  const union = (values: string[]): string =>
    values.length === 0 ? 'never' : values.map((v) => JSON.stringify(v)).join(' | ');
  for (const entry of entries) {
    lines.push(
      `  ${JSON.stringify(entry.operationId)}: {`,
      `    successStatus: ${entry.successStatus};`,
      `    bodyDefaults: ${union(entry.bodyDefaults)};`,
      '    errors: {',
      ...Object.entries(entry.errors).map(([status, codes]) => `      ${status}: ${union(codes)};`),
      '    };',
      '  };',
    );
  }
  lines.push(
    '}',
    '',
    '/**',
    ' * Every operation in the spec, keyed by operationId: what the generic client in src/ needs to',
    ' * build, validate and send a call, and the error codes each status may carry.',
    ' */',
    'export const operations = {',
  );
  for (const entry of entries) {
    const names = validatorNames(entry);
    const ref = (name: string | undefined): string =>
      name === undefined ? 'undefined' : `validators.${checked(entry, exported, name)}`;
    lines.push(
      `  ${JSON.stringify(entry.operationId)}: {`,
      `    method: ${JSON.stringify(entry.method)},`,
      `    path: ${JSON.stringify(entry.path)},`,
      `    pathParams: ${JSON.stringify(entry.pathParams)},`,
      `    queryParams: ${JSON.stringify(entry.queryParams)},`,
      `    bodyRequired: ${String(entry.bodyRequired)},`,
      `    successStatus: ${entry.successStatus},`,
      `    responseBody: ${String(entry.hasResponseBody)},`,
      `    validators: { path: ${ref(names.path)}, query: ${ref(names.query)}, body: ${ref(names.body)} },`,
      '    errors: {',
      ...Object.entries(entry.errors).map(([status, codes]) => `      ${status}: ${JSON.stringify(codes)},`),
      '    },',
      '  },',
    );
  }
  lines.push('} as const;', '');
  return lines.join('\n');
}

/** The map from operationId to response validator, appended to response-validators.ts. */
export function renderResponseValidators(entries: OperationEntry[], exported: Set<string>): string {
  const lines = [
    '/** Response validators by operationId: loaded on first use, by `validateResponses`. */',
    'export const responseValidators = {',
  ];
  for (const entry of entries) {
    const name = validatorNames(entry).response;
    if (name !== undefined) lines.push(`  ${JSON.stringify(entry.operationId)}: ${checked(entry, exported, name)},`);
  }
  lines.push('} as const;', '');
  return lines.join('\n');
}
