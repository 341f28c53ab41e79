/**
 * Finding a place of some shape in a loaded spec, to edit a copy of it — "a request field with
 * a maxLength", "an enum in a body" — never a named operation or field. Each finder takes the
 * first match (by operationId, then by the schema's own order) and fails naming the shape it
 * could not find. Used by the tests that change a spec (bump rules, generation refusals).
 */
import { isRecord } from '../../scripts/spec.js';

export type Json = Record<string, unknown>;

export interface SpecOperation {
  path: string;
  method: string;
  operation: Json;
  operationId: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];

/** Every operation of the spec, sorted by operationId. */
export function specOperations(spec: Json): SpecOperation[] {
  const found: SpecOperation[] = [];
  const paths = isRecord(spec['paths']) ? spec['paths'] : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isRecord(item)) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (isRecord(operation)) found.push({ path, method, operation, operationId: String(operation['operationId']) });
    }
  }
  return found.sort((a, b) => (a.operationId < b.operationId ? -1 : a.operationId > b.operationId ? 1 : 0));
}

export function findSpecOperation(spec: Json, shape: string, test: (o: SpecOperation) => boolean): SpecOperation {
  const found = specOperations(spec).find(test);
  if (found === undefined) throw new Error(`the spec has no operation that is ${shape}: this test needs one`);
  return found;
}

/** A property in a schema: its parent object schema, its name and its own schema. */
export interface SchemaPlace {
  operation: SpecOperation;
  parent: Json;
  name: string;
  schema: Json;
  /** e.g. `body.linkMeta`, `200.data.link.linkId` */
  where: string;
}

function* places(operation: SpecOperation, schema: unknown, where: string): Generator<SchemaPlace> {
  if (!isRecord(schema)) return;
  const properties = isRecord(schema['properties']) ? schema['properties'] : {};
  for (const [name, property] of Object.entries(properties)) {
    if (!isRecord(property)) continue;
    yield { operation, parent: schema, name, schema: property, where: `${where}.${name}` };
    yield* places(operation, property, `${where}.${name}`);
  }
  if (isRecord(schema['items'])) yield* places(operation, schema['items'], `${where}[]`);
}

export function requestBodySchema(operation: Json): Json | undefined {
  const body = operation['requestBody'];
  const content = isRecord(body) && isRecord(body['content']) ? body['content'] : {};
  const media = content['application/json'];
  return isRecord(media) && isRecord(media['schema']) ? media['schema'] : undefined;
}

export function responseSchema(operation: Json, status: string): Json | undefined {
  const responses = isRecord(operation['responses']) ? operation['responses'] : {};
  const response = responses[status];
  const content = isRecord(response) && isRecord(response['content']) ? response['content'] : {};
  const media = Object.values(content).find(isRecord);
  return media !== undefined && isRecord(media['schema']) ? media['schema'] : undefined;
}

/** The first request-body property (at any depth) for which `test` holds. */
export function requestPlace(spec: Json, shape: string, test: (place: SchemaPlace) => boolean): SchemaPlace {
  for (const operation of specOperations(spec)) {
    for (const place of places(operation, requestBodySchema(operation.operation), 'body')) {
      if (test(place)) return place;
    }
  }
  throw new Error(`the spec has no request field that is ${shape}: this test needs one`);
}

/** The first property of a 2xx body (at any depth) for which `test` holds. */
export function responsePlace(spec: Json, shape: string, test: (place: SchemaPlace) => boolean): SchemaPlace {
  for (const operation of specOperations(spec)) {
    const responses = isRecord(operation.operation['responses']) ? operation.operation['responses'] : {};
    for (const status of Object.keys(responses).filter((s) => /^2/.test(s))) {
      for (const place of places(operation, responseSchema(operation.operation, status), status)) {
        if (test(place)) return place;
      }
    }
  }
  throw new Error(`the spec has no response field that is ${shape}: this test needs one`);
}

/** A path and an operationId the spec does not have yet, for fixtures that add an operation. */
export function unusedOperation(spec: Json, stem = 'sdkFixture'): { path: string; operationId: string } {
  const paths = isRecord(spec['paths']) ? spec['paths'] : {};
  const ids = new Set(specOperations(spec).map((o) => o.operationId));
  for (let n = 1; ; n++) {
    const path = `/public/${stem}-${n}`;
    const operationId = `${stem}${n}.probe`;
    if (!(path in paths) && ![...ids].some((id) => id.split('.')[0] === `${stem}${n}`)) return { path, operationId };
  }
}

/** Error-response variants (`oneOf`) of an operation at a status. */
export function errorVariants(operation: Json, status: string): unknown[] | undefined {
  const schema = responseSchema(operation, status);
  const variants = schema?.['oneOf'] ?? schema?.['anyOf'];
  return Array.isArray(variants) ? variants : undefined;
}

/** The `code` const of an error variant, if it is a declared one. */
export function variantCode(variant: unknown): string | undefined {
  const properties = isRecord(variant) && isRecord(variant['properties']) ? variant['properties'] : {};
  const code = properties['code'];
  return isRecord(code) && typeof code['const'] === 'string' ? code['const'] : undefined;
}

/** A copy of the spec in which `operationId` also takes a required string query parameter `name`. */
export function addRequiredQuery(spec: Json, operationId: string, name: string): Json {
  const copy = structuredClone(spec);
  const { operation } = findSpecOperation(copy, operationId, (o) => o.operationId === operationId);
  const parameters: unknown[] = Array.isArray(operation['parameters']) ? operation['parameters'] : [];
  operation['parameters'] = [...parameters, { name, in: 'query', required: true, schema: { type: 'string' } }];
  return copy;
}
