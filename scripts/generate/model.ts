/**
 * The operation model: ONE walk of the effective spec builds, for each operation, everything
 * the emitters need — method, path, parameters by location with their schemas and defaults,
 * the body, the success responses, the declared errors, pagination and docs. Every emitter
 * (validators, operation table, public types) reads this model; none reads the spec again
 * or guesses another generator's names.
 *
 * Whatever the handwritten layer cannot serve is refused here with a message naming the
 * operation, rather than generated half-working (scripts/generate/model-checks.ts).
 */
import { HTTP_METHODS, type HttpMethod, type QueryWire } from '../../src/request/operation.js';
import { isRecord } from '../spec.js';
import { fieldDescriber, type Describe } from './descriptions.js';
import { checkOperationIds, declaredCodes, SpecError, successMedia, type Json } from './model-checks.js';

export { SpecError } from './model-checks.js';
export type { QueryWire } from '../../src/request/operation.js';

/** The methods the SDK sends (src/request/operation.ts): in the order OpenAPI lists them, lower-case. */
export const METHODS = HTTP_METHODS;
export type Method = HttpMethod;

/**
 * THE one place that decides how an array query parameter without an explicit `style` is sent.
 * OpenAPI's default (form, explode: `key=a&key=b`) reaches the live server as a string when the
 * array has one element, which it refuses with 400; bracket notation is what it parses.
 */
export const ARRAY_QUERY_WIRE: QueryWire = 'brackets';

export interface ParameterModel {
  name: string;
  in: 'path' | 'query';
  /** As declared; a parameter with a `default` is still optional for the caller. */
  required: boolean;
  schema: Json;
  /** The schema has a `default`: optional in the SDK's params, filled in before sending. */
  hasDefault: boolean;
  /** Query parameters only. */
  wire: QueryWire | undefined;
  /** One line: the spec's, else the overlay's for the name, else made from the name (descriptions.ts). */
  description: string;
}

export interface BodyModel {
  required: boolean;
  schema: Json;
  /** Fields with a `default`: optional in params, filled in by the validator. */
  defaults: string[];
  fields: string[];
  /** Each top-level field's one-line description, as a parameter's. */
  descriptions: Record<string, string>;
}

export interface SuccessModel {
  status: number;
  /** The JSON media type key (`application/json`, `…+json`), or undefined for no content. */
  mediaType: string | undefined;
  schema: Json | undefined;
}

export interface OperationModel {
  operationId: string;
  method: Method;
  path: string;
  /** The identifier every generated name for this operation starts with, e.g. `LinksCreate`. */
  name: string;
  parameters: ParameterModel[];
  body: BodyModel | undefined;
  successes: SuccessModel[];
  /** Declared `defined: true` codes per error status. */
  errors: Record<string, string[]>;
  /** For paged lists: the key of the one array beside `data.pagination`. */
  pageItems: string | undefined;
  summary: string | undefined;
  description: string | undefined;
  deprecated: boolean;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Resolves local `$ref`s (`#/components/...`), deeply; the spec's schemas carry no cycles. */
export function deref(spec: Json, value: unknown, seen: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.map((item) => deref(spec, item, seen));
  if (!isRecord(value)) return value;
  const ref = value['$ref'];
  if (typeof ref === 'string') {
    if (!ref.startsWith('#/')) throw new SpecError(`only local $refs are supported, found ${ref}`);
    if (seen.includes(ref)) throw new SpecError(`circular $ref ${ref}: the SDK cannot type it`);
    let node: unknown = spec;
    for (const raw of ref.slice(2).split('/')) {
      const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
      node = isRecord(node) ? node[key] : undefined;
    }
    if (node === undefined) throw new SpecError(`unresolvable $ref ${ref}`);
    return deref(spec, node, [...seen, ref]);
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, deref(spec, item, seen)]));
}

/** `links.create` → `LinksCreate`: the stem of every generated name for the operation. */
function identifier(operationId: string): string {
  return operationId
    .split('.')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function queryWire(where: string, parameter: Json, schema: Json): QueryWire {
  const style = parameter['style'];
  const explode = parameter['explode'];
  if (schema['type'] === 'object')
    throw new SpecError(`${where}: object query parameters are not supported by the SDK`);
  if (schema['type'] !== 'array') return 'form';
  const items = isRecord(schema['items']) ? schema['items'] : {};
  if (items['type'] === 'object' || items['type'] === 'array') {
    throw new SpecError(`${where}: query arrays of ${items['type']}s are not supported by the SDK`);
  }
  if (style === undefined && explode === undefined) return ARRAY_QUERY_WIRE;
  if (style === undefined || style === 'form') return explode === false ? 'comma' : 'form';
  if (style === 'spaceDelimited') return 'space';
  if (style === 'pipeDelimited') return 'pipe';
  throw new SpecError(`${where}: query style ${JSON.stringify(style)} is not supported by the SDK`);
}

function parametersOf(
  spec: Json,
  operationId: string,
  shared: unknown[],
  own: unknown[],
  describe: Describe,
): ParameterModel[] {
  // Operation-level parameters override path-level ones with the same name and location.
  const byKey = new Map<string, Json>();
  for (const raw of [...shared, ...own]) {
    const p = deref(spec, raw);
    if (!isRecord(p) || typeof p['name'] !== 'string' || typeof p['in'] !== 'string') continue;
    byKey.set(`${p['in']}:${p['name']}`, p);
  }
  const parameters: ParameterModel[] = [];
  for (const p of byKey.values()) {
    const name = String(p['name']);
    const where = `${operationId}: ${String(p['in'])} parameter "${name}"`;
    if (p['in'] !== 'path' && p['in'] !== 'query') throw new SpecError(`${where} is not supported by the SDK`);
    if (parameters.some((other) => other.name === name)) {
      throw new SpecError(`${operationId}: "${name}" is both a path and a query parameter; params are one flat object`);
    }
    const schema = isRecord(p['schema']) ? p['schema'] : {};
    parameters.push({
      name,
      in: p['in'],
      required: p['required'] === true,
      schema,
      hasDefault: 'default' in schema,
      wire: p['in'] === 'query' ? queryWire(where, p, schema) : undefined,
      description: describe(name, p['description'] ?? schema['description']),
    });
  }
  return parameters;
}

function bodyOf(
  spec: Json,
  operationId: string,
  op: Json,
  parameters: ParameterModel[],
  describe: Describe,
): BodyModel | undefined {
  const requestBody = deref(spec, op['requestBody']);
  if (!isRecord(requestBody)) return undefined;
  const content = isRecord(requestBody['content']) ? requestBody['content'] : {};
  const media = content['application/json'];
  if (!isRecord(media)) throw new SpecError(`${operationId}: only application/json request bodies are supported`);
  const schema = media['schema'];
  if (!isRecord(schema) || schema['type'] !== 'object') {
    // Params are one flat object (path + query + body fields): a non-object body cannot join it.
    throw new SpecError(`${operationId}: the request body must be a JSON object schema`);
  }
  const properties = isRecord(schema['properties']) ? schema['properties'] : {};
  for (const name of Object.keys(properties)) {
    if (parameters.some((p) => p.name === name)) {
      throw new SpecError(`${operationId}: body field "${name}" has the same name as a parameter`);
    }
  }
  return {
    required: requestBody['required'] === true,
    schema,
    defaults: Object.entries(properties)
      .filter(([, property]) => isRecord(property) && 'default' in property)
      .map(([name]) => name),
    fields: Object.keys(properties),
    descriptions: Object.fromEntries(
      Object.entries(properties).map(([name, property]) => [
        name,
        describe(name, isRecord(property) ? property['description'] : undefined),
      ]),
    ),
  };
}

/**
 * A paged list, as upstream shapes them: a `page` query parameter, and a 200 body whose `data`
 * holds `pagination.hasMore` and exactly one array beside it (the items).
 */
function pageItemsOf(parameters: ParameterModel[], successes: SuccessModel[]): string | undefined {
  if (!parameters.some((p) => p.in === 'query' && p.name === 'page')) return undefined;
  const body = successes.find((s) => s.status === 200)?.schema;
  const data = isRecord(body) && isRecord(body['properties']) ? body['properties']['data'] : undefined;
  const fields = isRecord(data) && isRecord(data['properties']) ? data['properties'] : {};
  const pagination = fields['pagination'];
  const hasMore =
    isRecord(pagination) && isRecord(pagination['properties']) ? pagination['properties']['hasMore'] : undefined;
  if (!isRecord(hasMore)) return undefined;
  const arrays = Object.entries(fields).filter(([, schema]) => isRecord(schema) && schema['type'] === 'array');
  return arrays.length === 1 ? arrays[0]?.[0] : undefined;
}

function operationOf(
  spec: Json,
  path: string,
  method: Method,
  op: Json,
  shared: unknown[],
  describe: Describe,
): OperationModel {
  const operationId = op['operationId'];
  if (typeof operationId !== 'string') throw new SpecError(`${method.toUpperCase()} ${path} has no operationId`);
  const parameters = parametersOf(spec, operationId, shared, asArray(op['parameters']), describe);
  const responses = isRecord(op['responses']) ? op['responses'] : {};
  const statuses = Object.keys(responses).sort();
  const successes = statuses
    .filter((status) => /^2\d\d$/.test(status))
    .map((status): SuccessModel => {
      const response = deref(spec, responses[status]);
      const media = successMedia(operationId, status, isRecord(response) ? response['content'] : undefined);
      return { status: Number(status), mediaType: media?.type, schema: media?.schema };
    });
  if (successes.length === 0) throw new SpecError(`${operationId}: no 2xx response is declared`);
  const errors: Record<string, string[]> = {};
  for (const status of statuses.filter((s) => /^[45]\d\d$/.test(s))) {
    errors[status] = declaredCodes(operationId, status, deref(spec, responses[status]));
  }
  return {
    operationId,
    method,
    path,
    name: identifier(operationId),
    parameters,
    body: bodyOf(spec, operationId, op, parameters, describe),
    successes,
    errors,
    pageItems: pageItemsOf(parameters, successes),
    summary: text(op['summary']),
    description: text(op['description']),
    deprecated: op['deprecated'] === true,
  };
}

/** The model of every operation, sorted by operationId. */
export function buildModel(spec: Json): OperationModel[] {
  if (!isRecord(spec['paths'])) throw new SpecError('the spec has no paths');
  const resolved = deref(spec, spec['paths']);
  const models: OperationModel[] = [];
  const describe = fieldDescriber(spec);
  for (const [path, item] of Object.entries(isRecord(resolved) ? resolved : {})) {
    if (!isRecord(item)) continue;
    // OpenAPI allows `trace` too; openapi-fetch and the runtime's fetch do not send it.
    if (isRecord(item['trace'])) throw new SpecError(`TRACE ${path}: the SDK cannot send a TRACE request`);
    for (const method of METHODS) {
      const op = item[method];
      if (isRecord(op)) models.push(operationOf(spec, path, method, op, asArray(item['parameters']), describe));
    }
  }
  checkOperationIds(models);
  return models.sort((a, b) => (a.operationId < b.operationId ? -1 : a.operationId > b.operationId ? 1 : 0));
}

/** The first `servers` URL: the SDK's default base URL. */
export function serverUrl(spec: Json): string {
  const first = asArray(spec['servers'])[0];
  if (!isRecord(first) || typeof first['url'] !== 'string') throw new SpecError('the spec declares no server URL');
  return first['url'];
}
