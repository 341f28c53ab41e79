/**
 * What is read from the spec beside the operation model, by the live server's twin
 * (scripts/servers/twin.ts), the fake of userplane/testing and the MCP tools: each operation's
 * compact input as one JSON schema, its declared errors with the messages the spec gives them,
 * and the page of a paged list. Upstream's conventions only — nothing names an operation.
 */
import { deref, type OperationModel } from './model.js';
import { sample } from './sample.js';
import { isRecord } from '../spec.js';

type Json = Record<string, unknown>;

/** oRPC's compact input: path and query parameters and the body's fields, in one object. */
export function inputSchema(model: OperationModel): Json {
  const properties: Json = {};
  const required: string[] = [];
  for (const parameter of model.parameters) {
    properties[parameter.name] = parameter.schema;
    // A parameter with a default is filled in by the schema, whatever `required` says.
    if (parameter.required && !parameter.hasDefault) required.push(parameter.name);
  }
  const body = model.body?.schema;
  const fields = isRecord(body?.['properties']) ? body['properties'] : {};
  Object.assign(properties, fields);
  if (Array.isArray(body?.['required'])) required.push(...body['required'].filter((f) => typeof f === 'string'));
  return {
    type: 'object',
    properties,
    required,
    ...(body?.['additionalProperties'] === false ? { additionalProperties: false } : {}),
  };
}

export interface DeclaredError {
  status: number;
  /** The spec's default message for the code, as the live server sends it. */
  message: string;
}

function branches(schema: unknown): Json[] {
  if (!isRecord(schema)) return [];
  for (const key of ['oneOf', 'anyOf']) {
    const list = schema[key];
    if (Array.isArray(list)) return list.flatMap(branches);
  }
  return [schema];
}

function constOf(schema: unknown): unknown {
  return isRecord(schema) ? schema['const'] : undefined;
}

/** Each declared (`defined: true`) code of the operation, with its status and message. */
export function declaredErrors(spec: Json, model: OperationModel): Map<string, DeclaredError> {
  const paths = isRecord(spec['paths']) ? spec['paths'] : {};
  const item = paths[model.path];
  const operation = isRecord(item) ? item[model.method] : undefined;
  const responses = isRecord(operation) ? deref(spec, operation['responses']) : {};
  const declared = new Map<string, DeclaredError>();
  for (const [status, codes] of Object.entries(model.errors)) {
    const response = isRecord(responses) ? responses[status] : undefined;
    const content = isRecord(response) && isRecord(response['content']) ? response['content'] : {};
    const media = content['application/json'];
    for (const branch of branches(isRecord(media) ? media['schema'] : undefined)) {
      const properties = isRecord(branch['properties']) ? branch['properties'] : {};
      const code = constOf(properties['code']);
      if (constOf(properties['defined']) !== true || typeof code !== 'string' || !codes.includes(code)) continue;
      const message = sample(properties['message'], code);
      declared.set(code, { status: Number(status), message: typeof message === 'string' ? message : code });
    }
  }
  return declared;
}

function number(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
}

/**
 * One page of `items` in upstream's envelope (`data.<items>` beside `data.pagination`), for the
 * page and page size the input asks (upstream's `page` and `per_page`, with their defaults).
 */
export function pageOf(model: OperationModel, schema: Json, items: unknown[], input: Json): unknown {
  const body = sample(schema);
  const data = isRecord(body) ? body['data'] : undefined;
  if (!isRecord(body) || !isRecord(data) || model.pageItems === undefined) {
    throw new Error(`${model.operationId} is not a paged list: answer it with a body`);
  }
  const page = number(input['page'], 1);
  const size = number(input['per_page'], items.length || 1);
  const slice = items.slice((page - 1) * size, page * size);
  const totalPages = Math.max(1, Math.ceil(items.length / size));
  const pagination = isRecord(data['pagination']) ? data['pagination'] : {};
  const known: Json = { page, perPage: size, total: items.length, totalPages };
  // Only the fields the spec's envelope has (its schema may be closed); `hasMore` always.
  const fields = Object.fromEntries(Object.entries(known).filter(([key]) => key in pagination));
  fields['hasMore'] = page * size < items.length;
  return { ...body, data: { ...data, [model.pageItems]: slice, pagination: { ...pagination, ...fields } } };
}
